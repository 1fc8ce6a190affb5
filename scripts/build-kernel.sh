#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test kernel: Debian's linux-source-6.1 with
# qemu/kernel-patches/*.patch, tinyconfig plus qemu/kernel.config. Cached
# under $COATM_CACHE/kernel-<hash of inputs>; prints the tree's path on
# stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$(kernel_dir)
if [ -f "$dir/.coatm-done" ]; then
	echo "$dir"
	exit 0
fi

echo "build-kernel: building in $dir" >&2
rm -rf "$dir"
mkdir -p "$dir"
tar -C "$dir" -xf /usr/src/linux-source-6.1.tar.xz --strip-components=1
cd "$dir"
# Fixes to Debian's source that the tests need, each explained in its
# header.
for p in "$COATM_ROOT"/qemu/kernel-patches/*.patch; do
	patch -s -p1 --forward < "$p"
done
frag=$COATM_ROOT/qemu/kernel.config
make -s ARCH=x86_64 tinyconfig >/dev/null
scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
make -s ARCH=x86_64 olddefconfig >/dev/null

# Every option the fragment asks for must have survived.
bad=0
while IFS= read -r line; do
	case "$line" in ''|\#*) continue ;; esac
	if ! grep -qx -- "$line" .config; then
		echo "build-kernel: option lost after olddefconfig: $line" >&2
		bad=1
	fi
done < "$frag"
[ $bad -eq 0 ] || exit 1

make -s ARCH=x86_64 -j"$(nproc)" bzImage modules >build.log 2>&1 ||
	{ tail -n 40 build.log >&2; exit 1; }
touch .coatm-done
echo "$dir"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh [test|bench]: build the test kernel (default):
# Debian's linux-source-6.1 (COATM_KERNEL=6.12: linux-source-6.12; see
# kernel_line in lib.sh) with qemu/kernel-patches/*.patch, tinyconfig
# plus qemu/kernel.config. Cached under $COATM_CACHE/kernel-<hash of
# inputs>; prints the tree's path on stdout.
#
# bench: the bench kernel of scripts/bench.sh, cached under
# $COATM_CACHE/kernel-bench-<hash>: the same without kernel.config's debug
# set, plus qemu/bench-kernel.config and qemu/bench-kernel-patches/*.patch
# (see kernel_fragment in lib.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant=$(kernel_variant "${1:-}")
dir=$(kernel_dir "$variant")
if [ -f "$dir/.coatm-done" ]; then
	echo "$dir"
	exit 0
fi

echo "build-kernel: building in $dir" >&2
rm -rf "$dir"
mkdir -p "$dir"
tar -C "$dir" -xf "$(kernel_tarball)" --strip-components=1
cd "$dir"
# Fixes to Debian's source that the tests need, each explained in its
# header.
for p in $(kernel_patches "$variant"); do
	patch -s -p1 --forward < "$p"
done
frag=$dir/coatm.config
kernel_fragment "$variant" > "$frag"
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
# ... and, for the bench, none of the debug options it dropped came back.
if [ "$variant" = bench ]; then
	for o in KASAN PROVE_LOCKING LOCKDEP DEBUG_ATOMIC_SLEEP DMA_API_DEBUG \
		 DEBUG_KMEMLEAK FAULT_INJECTION KCOV DYNAMIC_DEBUG \
		 UBSAN KFENCE DEBUG_OBJECTS DEBUG_LIST SLUB_DEBUG_ON; do
		if grep -qx "CONFIG_$o=y" .config; then
			echo "build-kernel: bench kernel has CONFIG_$o" >&2
			bad=1
		fi
	done
fi
[ $bad -eq 0 ] || exit 1

make -s ARCH=x86_64 -j"$(nproc)" bzImage modules >build.log 2>&1 ||
	{ tail -n 40 build.log >&2; exit 1; }
touch .coatm-done
echo "$dir"

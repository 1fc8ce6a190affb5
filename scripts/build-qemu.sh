#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build qemu-system-x86_64 from Debian's QEMU 7.2 source with the coatm
# device (qemu/) built in as hw/net/coatm/. The configured tree is cached
# under $COATM_CACHE/qemu-<hash of QEMU version and this script>; later
# runs only copy changed device files in and let ninja rebuild what they
# touch. Each build's binary is kept under bin-<hash of the device files>
# in it, so work trees with different device models never run each
# other's, and a model already built needs no ninja run at all. Prints
# the binary's absolute path on stdout, all else on stderr.
#
# Needs the whole machine for a cold build: run it under
#   flock /var/cache/coatm/.build.lock bash scripts/build-qemu.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(qemu_src)
dir=$(qemu_dir)
tree=$dir/src
dest=$tree/hw/net/coatm

# copy_if_changed SRC DST: copy only when the contents differ, so the
# target keeps its mtime and ninja stays incremental.
copy_if_changed() {
	if ! cmp -s "$1" "$2"; then
		echo "build-qemu: updating ${2#"$tree"/}" >&2
		cp "$1" "$2"
	fi
}

sync_device() {
	local f
	for f in "$COATM_ROOT"/qemu/*.c "$COATM_ROOT"/qemu/*.h \
		"$COATM_ROOT"/qemu/meson.build; do
		copy_if_changed "$f" "$dest/$(basename "$f")"
	done
	copy_if_changed "$COATM_ROOT/include/hw/coatm_regs.h" \
		"$dest/coatm_regs.h"
}

if [ ! -f "$dir/.coatm-configured" ]; then
	echo "build-qemu: configuring $(basename "$src") in $dir" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$src" "$tree"

	# Hook hw/net/coatm/ into the build and Kconfig.
	mkdir -p "$dest"
	echo "subdir('coatm')" >> "$tree/hw/net/meson.build"
	cat >> "$tree/hw/net/Kconfig" <<-'EOF'

	config COATM
	    bool
	    default y if PCI_DEVICES
	    depends on PCI && MSI_NONBROKEN
	EOF
	# meson checks that the listed sources exist.
	sync_device

	mkdir -p "$tree/build"
	(cd "$tree/build" && ../configure \
		--target-list=x86_64-softmmu \
		--without-default-features \
		--enable-tcg \
		--enable-fdt=system \
		--disable-docs \
		--disable-werror \
		--disable-install-blobs) >"$dir/configure.log" 2>&1 ||
		{ tail -n 40 "$dir/configure.log" >&2; exit 1; }
	touch "$dir/.coatm-configured"
fi

# The device model's identity: its sources and the register map.
model=$(cat "$COATM_ROOT"/qemu/*.c "$COATM_ROOT"/qemu/*.h \
	"$COATM_ROOT"/qemu/meson.build "$COATM_ROOT/include/hw/coatm_regs.h" |
	sha256sum | cut -c1-16)
bin=$dir/bin-$model/qemu-system-x86_64
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

sync_device

echo "build-qemu: ninja (log: $dir/build.log)" >&2
ninja -C "$tree/build" -j"$(nproc)" qemu-system-x86_64 >"$dir/build.log" 2>&1 ||
	{ tail -n 40 "$dir/build.log" >&2; exit 1; }

mkdir -p "$dir/bin-$model"
cp "$tree/build/qemu-system-x86_64" "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "$bin"

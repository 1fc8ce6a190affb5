#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's own kernel for the stock-kernel stage of the line
# COATM_STOCK (6.1, the default, or 6.12; lib.sh): the image package that
# scripts/deps.sh fetched (linux-image-<abi>-amd64 matching the headers)
# is extracted with dpkg-deb -x, never installed, and its module tree
# indexed with depmod. For 6.12 the headers packages are unpacked there
# too, and the one absolute path in them (the arch headers' Makefile
# including the common ones) pointed at the copy. Cached under
# $COATM_CACHE/stock-<hash of the package version and this script>; prints
# that directory on stdout (vmlinuz in root/boot/, modules in root/lib/,
# 6.12's headers in root/usr/src/).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$(stock_dir)
if [ -f "$dir/.coatm-done" ]; then
	echo "$dir"
	exit 0
fi

kver=$(stock_kver)
deb=$(stock_deb)
[ -f "$deb" ] || { echo "build-stock: $deb missing: run scripts/deps.sh" >&2; exit 1; }
echo "build-stock: unpacking $(basename "$deb") in $dir" >&2
rm -rf "$dir"
mkdir -p "$dir"
dpkg-deb -x "$deb" "$dir/root"
depmod -b "$dir/root" "$kver"
if [ "$(stock_line)" != 6.1 ]; then
	for p in $(stock_hdr_debs); do
		f=$(stock_hdr_deb "$p")
		[ -f "$f" ] || { echo "build-stock: $f missing: run scripts/deps.sh" >&2; exit 1; }
		dpkg-deb -x "$f" "$dir/root"
	done
	sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" \
		"$dir/root/usr/src/linux-headers-$kver/Makefile"
	[ -f "$(stock_hdr)/Module.symvers" ] && [ -x "$(stock_hdr)/scripts/mod/modpost" ]
fi
[ -f "$dir/root/boot/vmlinuz-$kver" ] && [ -s "$dir/root/lib/modules/$kver/modules.dep" ]
touch "$dir/.coatm-done"
echo "$dir"

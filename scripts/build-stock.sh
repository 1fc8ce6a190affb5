#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's own kernel for the stock-kernel stage: the image package
# that scripts/deps.sh fetched (linux-image-<abi>-amd64 matching the
# installed linux-headers-<abi>-amd64) is extracted with dpkg-deb -x, never
# installed, and its module tree indexed with depmod. Cached under
# $COATM_CACHE/stock-<hash of the package version and this script>; prints
# that directory on stdout (vmlinuz in root/boot/, modules in root/lib/).
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
[ -f "$dir/root/boot/vmlinuz-$kver" ] && [ -s "$dir/root/lib/modules/$kver/modules.dep" ]
touch "$dir/.coatm-done"
echo "$dir"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything coatm needs to build and test, with apt-get only.
# Idempotent: a second run installs nothing and fetches nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS=(
	# test kernel
	linux-source-6.1 build-essential bc bison flex libelf-dev libssl-dev
	cpio dwarves kmod xz-utils python3 rsync
	# building against the distribution kernel (stock-kernel check)
	linux-headers-amd64 dkms
	# QEMU 7.2 build
	dpkg-dev meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev
	libfdt-dev libcap-ng-dev libattr1-dev zlib1g-dev python3-venv
	# guest userland; gcc-multilib for the 32-bit tools (compat ioctls)
	busybox-static atm-tools br2684ctl libatm1 libfl2 gcc-multilib
	# make bench: iperf3 in the guest
	iperf3
	# firmware for our QEMU build: SeaBIOS and the -kernel option ROMs
	seabios qemu-system-data
	# style checks
	sparse
	# make coverage
	lcov
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

need_update=
if [ ${#missing[@]} -gt 0 ]; then
	need_update=1
fi

# QEMU's source comes from deb-src: enable it if the system lacks it.
src_dir=${COATM_SRC:-/var/cache/coatm/src}
if ! ls "$src_dir"/qemu-7.2*/meson.build >/dev/null 2>&1; then
	if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
	   ! grep -qs '^deb-src' /etc/apt/sources.list; then
		f=/etc/apt/sources.list.d/debian.sources
		if [ -f "$f" ]; then
			sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
		else
			sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >> /etc/apt/sources.list
		fi
	fi
	need_update=1
fi

export DEBIAN_FRONTEND=noninteractive
if [ -n "$need_update" ]; then
	apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! ls "$src_dir"/qemu-7.2*/meson.build >/dev/null 2>&1; then
	echo "deps: fetching QEMU source"
	mkdir -p "$src_dir"
	(cd "$src_dir" && apt-get source -qq qemu >/dev/null)
fi
ls -d "$src_dir"/qemu-7.2*/ >/dev/null

# The stock-kernel stage: the headers of the ABI that linux-headers-amd64
# names, and that ABI's image package, fetched (never installed) into
# $COATM_CACHE/debs for scripts/build-stock.sh to unpack. If the archive no
# longer has that version, move the headers to what it has and retry once.
fetch_image() {
	local kver pkgver deb tmp
	kver=$(stock_kver) pkgver=$(stock_pkgver) deb=$(stock_deb)
	[ -n "$kver" ] && [ -n "$pkgver" ] || return 1
	[ -f "$deb" ] && return 0
	echo "deps: fetching linux-image-$kver $pkgver"
	mkdir -p "$COATM_CACHE/debs"
	tmp=$(mktemp -d "$COATM_CACHE/debs/.fetch.XXXXXX")
	if (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root \
		"linux-image-$kver=$pkgver" >/dev/null); then
		mv "$tmp"/linux-image-*.deb "$deb"
		rmdir "$tmp"
		return 0
	fi
	rm -rf "$tmp"
	return 1
}
if ! fetch_image; then
	echo "deps: linux-image-$(stock_kver) $(stock_pkgver) not in the archive; updating headers"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends linux-headers-amd64 >/dev/null
	fetch_image
fi
kver=$(stock_kver)
if ! dpkg-query -W -f='${Status}\n' "linux-headers-$kver" 2>/dev/null |
	grep -q '^install ok installed$'; then
	apt-get install -y -qq --no-install-recommends "linux-headers-$kver" >/dev/null
fi

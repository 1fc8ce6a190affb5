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

# COATM_KERNEL=6.12: the test kernel from linux-source-6.12 (lib.sh)
if [ "$(kernel_line)" != 6.1 ]; then
	PKGS+=("linux-source-$(kernel_line)")
fi

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

# The stock-kernel stages: for each Debian kernel line (lib.sh,
# stock_line), the image package of its newest ABI, fetched (never
# installed) into $COATM_CACHE/debs for scripts/build-stock.sh to unpack;
# for 6.12 its headers packages too (installing them would install the
# image). 6.1's headers, those linux-headers-amd64 names, are installed:
# if the archive no longer has that image version, the headers move to
# what it has. A download that fails is retried once after apt-get update.
fetch_deb() {	# fetch_deb PACKAGE VERSION DEST
	local tmp
	[ -f "$3" ] && return 0
	echo "deps: fetching $1 $2"
	mkdir -p "$COATM_CACHE/debs"
	tmp=$(mktemp -d "$COATM_CACHE/debs/.fetch.XXXXXX")
	if (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root \
		"$1=$2" >/dev/null); then
		mv "$tmp"/*.deb "$3"
		rmdir "$tmp"
		return 0
	fi
	rm -rf "$tmp"
	return 1
}
fetch_stock() {	# the current line's packages
	local kver pkgver p
	kver=$(stock_kver) pkgver=$(stock_pkgver)
	[ -n "$kver" ] && [ -n "$pkgver" ] || return 1
	fetch_deb "linux-image-$kver" "$pkgver" "$(stock_deb)" || return 1
	[ "$(stock_line)" = 6.1 ] && return 0
	for p in $(stock_hdr_debs); do
		fetch_deb "$p" "$pkgver" "$(stock_hdr_deb "$p")" || return 1
	done
}
export COATM_STOCK
for COATM_STOCK in 6.1 6.12; do
	fetch_stock && continue
	echo "deps: Debian's $COATM_STOCK kernel ($(stock_kver) $(stock_pkgver)) not in the archive; updating"
	apt-get update -qq
	if [ "$COATM_STOCK" = 6.1 ]; then
		apt-get install -y -qq --no-install-recommends linux-headers-amd64 >/dev/null
	fi
	fetch_stock
done
COATM_STOCK=6.1
kver=$(stock_kver)
if ! dpkg-query -W -f='${Status}\n' "linux-headers-$kver" 2>/dev/null |
	grep -q '^install ok installed$'; then
	apt-get install -y -qq --no-install-recommends "linux-headers-$kver" >/dev/null
fi

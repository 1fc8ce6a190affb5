#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything coatm needs to build and test, with apt-get only.
# Idempotent: a second run installs nothing and fetches nothing.
set -euo pipefail

PKGS=(
	# test kernel
	linux-source-6.1 build-essential bc bison flex libelf-dev libssl-dev
	cpio dwarves kmod xz-utils python3 rsync
	# building against the distribution kernel (stock-kernel check)
	linux-headers-amd64
	# QEMU 7.2 build
	dpkg-dev meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev
	libfdt-dev libcap-ng-dev libattr1-dev zlib1g-dev python3-venv
	# guest userland
	busybox-static atm-tools br2684ctl libatm1 libfl2
	# firmware for our QEMU build: SeaBIOS and the -kernel option ROMs
	seabios qemu-system-data
	# style checks
	sparse
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

# SPDX-License-Identifier: GPL-2.0
# Shared helpers for coatm's scripts: cache locations and input hashing.

COATM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COATM_CACHE=${COATM_CACHE:-/var/cache/coatm}
COATM_SRC=${COATM_SRC:-$COATM_CACHE/src}
export COATM_CACHE COATM_SRC
# Our builds of the modules are warning-free (Kbuild adds -Werror); a
# user's `make` or DKMS build without it is not failed by a new compiler.
COATM_WERROR=y
export COATM_WERROR

# inputs_hash FILE... : short hash of the named files' contents plus any
# extra words given in $HASH_EXTRA.
inputs_hash() {
	{ echo "${HASH_EXTRA:-}"; cat "$@"; } | sha256sum | cut -c1-16
}

# The kernel line the test (and bench) kernel is built from: COATM_KERNEL
# 6.1 (the default) or 6.12, Debian's linux-source-<line>.
kernel_line() {
	case "${COATM_KERNEL:-6.1}" in
	6.1|6.12) echo "${COATM_KERNEL:-6.1}" ;;
	*) echo "unknown kernel line: $COATM_KERNEL (6.1 or 6.12)" >&2; return 1 ;;
	esac
}

kernel_version() {
	dpkg-query -W -f='${Version}' "linux-source-$(kernel_line)"
}

kernel_tarball() {
	echo "/usr/src/linux-source-$(kernel_line).tar.xz"
}

# A kernel variant: "test" (the default; qemu/kernel.config with its debug
# set, qemu/kernel-patches/) or "bench" (the same without the debug set,
# plus qemu/bench-kernel.config and qemu/bench-kernel-patches/).
kernel_variant() {
	case "${1:-test}" in
	test|bench) echo "${1:-test}" ;;
	*) echo "unknown kernel variant: $1" >&2; return 1 ;;
	esac
}

# kernel_patches [VARIANT]: the patches of a variant, in order
kernel_patches() {
	ls "$COATM_ROOT"/qemu/kernel-patches/*.patch
	if [ "$(kernel_variant "${1:-}")" = bench ]; then
		ls "$COATM_ROOT"/qemu/bench-kernel-patches/*.patch
	fi
}

# kernel_fragment [VARIANT]: the config fragment of a variant, on stdout.
# The bench drops everything from the "# debug set" line of kernel.config
# on and appends bench-kernel.config.
# A line other than 6.1 adds its own fragment, qemu/kernel-<line>.config.
kernel_fragment() {
	if [ "$(kernel_variant "${1:-}")" = bench ]; then
		sed '/^# debug set/,$d' "$COATM_ROOT/qemu/kernel.config"
		cat "$COATM_ROOT/qemu/bench-kernel.config"
	else
		cat "$COATM_ROOT/qemu/kernel.config"
	fi
	if [ -n "$(kernel_line_config)" ]; then
		cat "$(kernel_line_config)"
	fi
}

# kernel_line_config: the line's own fragment, if it has one
kernel_line_config() {
	local f
	f=$COATM_ROOT/qemu/kernel-$(kernel_line).config
	[ "$(kernel_line)" = 6.1 ] || echo "$f"
}

# kernel_dir [VARIANT]: where a variant is built and cached
kernel_dir() {
	local v variant
	variant=$(kernel_variant "${1:-}")
	v=$(kernel_version)
	if [ "$variant" = bench ]; then
		# shellcheck disable=SC2046	# patch names have no spaces
		# The fragment it is built from, not kernel.config: a change to
		# the debug set only rebuilds the test kernel.
		echo "$COATM_CACHE/kernel-bench-$(HASH_EXTRA="$v $(kernel_fragment bench |
			sha256sum)" inputs_hash "$COATM_ROOT/scripts/build-kernel.sh" \
			$(kernel_patches bench))"
		return
	fi
	# shellcheck disable=SC2046	# no spaces in our paths
	echo "$COATM_CACHE/kernel-$(HASH_EXTRA=$v inputs_hash \
		"$COATM_ROOT/qemu/kernel.config" "$COATM_ROOT/scripts/build-kernel.sh" \
		"$COATM_ROOT"/qemu/kernel-patches/*.patch $(kernel_line_config))"
}

qemu_src() {
	ls -d "$COATM_SRC"/qemu-7.2*/ | head -n1 | sed 's:/$::'
}

qemu_dir() {
	local v
	v=$(basename "$(qemu_src)")
	echo "$COATM_CACHE/qemu-$(HASH_EXTRA=$v inputs_hash \
		"$COATM_ROOT/scripts/build-qemu.sh")"
}

# The device model's identity, as scripts/build-qemu.sh names its binaries:
# its sources and the register map.
qemu_model() {
	cat "$COATM_ROOT"/qemu/*.c "$COATM_ROOT"/qemu/*.h \
		"$COATM_ROOT"/qemu/meson.build "$COATM_ROOT/include/hw/coatm_regs.h" |
		sha256sum | cut -c1-16
}

# built_once MARK RESULT SCRIPT [ARG...]: RESULT at once if MARK exists (a
# cached build never waits behind someone else's cold one); else SCRIPT's
# output, the script run under the machine's build lock (a cold build
# takes both cores: one at a time).
built_once() {
	local mark=$1 result=$2 script=$3

	shift 3
	if [ -e "$mark" ]; then
		echo "$result"
		return 0
	fi
	flock "$COATM_CACHE/.build.lock" bash "$COATM_ROOT/scripts/$script" "$@"
}

# kernel_tree [VARIANT], qemu_binary, stock_tree: the test (or bench)
# kernel's tree, QEMU's binary, the stock kernel's tree, each built once
# (scripts/build-*.sh) and then taken from the cache.
kernel_tree() {
	local d
	d=$(kernel_dir "${1:-}")
	built_once "$d/.coatm-done" "$d" build-kernel.sh "${1:-test}"
}

qemu_binary() {
	local b
	b=$(qemu_dir)/bin-$(qemu_model)/qemu-system-x86_64
	built_once "$b" "$b" build-qemu.sh
}

stock_tree() {
	local d
	d=$(stock_dir)
	built_once "$d/.coatm-done" "$d" build-stock.sh
}

# The Debian distribution kernels of the stock-kernel stage
# (scripts/stock.sh), one line at a time: COATM_STOCK=6.1 (the default:
# bookworm's own kernel) or 6.12 (trixie's, as bookworm publishes it).
# For each: the newest ABI apt offers (what the line's headers
# metapackage depends on, e.g. 6.1.0-57-amd64 or 6.12.117+deb12-amd64),
# the version of its headers package (6.1.192-2), the image package
# fetched to match (never installed), its extracted tree and the headers
# to build against. 6.1's headers are installed (scripts/deps.sh); 6.12's
# would pull in its image, so they are unpacked beside it instead.
stock_line() {
	case "${COATM_STOCK:-6.1}" in
	6.1|6.12) echo "${COATM_STOCK:-6.1}" ;;
	*) echo "unknown stock kernel line: $COATM_STOCK (6.1 or 6.12)" >&2; return 1 ;;
	esac
}

stock_meta() {
	if [ "$(stock_line)" = 6.1 ]; then
		echo linux-headers-amd64
	else
		echo "linux-headers-$(stock_line)-amd64"
	fi
}

# apt_field PACKAGE FIELD: FIELD of PACKAGE's candidate version
apt_field() {
	apt-cache show --no-all-versions "$1" 2>/dev/null |
		sed -n "s/^$2: //p" | head -n1
}

stock_kver() {
	local deps
	if [ "$(stock_line)" = 6.1 ]; then
		deps=$(dpkg-query -W -f='${Depends}' linux-headers-amd64)
	else
		deps=$(apt_field "$(stock_meta)" Depends)
	fi
	echo "$deps" | grep -oE 'linux-headers-[0-9][^ ,]*-amd64' | head -n1 |
		sed 's/^linux-headers-//'
}

stock_pkgver() {
	if [ "$(stock_line)" = 6.1 ]; then
		dpkg-query -W -f='${Version}' "linux-headers-$(stock_kver)"
	else
		apt_field "linux-headers-$(stock_kver)" Version
	fi
}

# stock_hdr_debs: the packages the headers are unpacked from (6.12)
stock_hdr_debs() {
	local kver
	kver=$(stock_kver)
	echo "linux-headers-$kver"
	apt_field "linux-headers-$kver" Depends |
		grep -oE 'linux-(headers-[^ ,]*-common|kbuild-[^ ,]*)' | sort -u
}

# stock_hdr: the kernel tree our modules are built against (KDIR)
stock_hdr() {
	if [ "$(stock_line)" = 6.1 ]; then
		echo "/usr/src/linux-headers-$(stock_kver)"
	else
		echo "$(stock_dir)/root/usr/src/linux-headers-$(stock_kver)"
	fi
}

stock_deb() {
	echo "$COATM_CACHE/debs/linux-image-$(stock_kver)_$(stock_pkgver)_amd64.deb"
}

# stock_hdr_deb PACKAGE: where deps.sh put one of stock_hdr_debs
stock_hdr_deb() {
	echo "$COATM_CACHE/debs/${1}_$(stock_pkgver).deb"
}

stock_dir() {
	echo "$COATM_CACHE/stock-$(HASH_EXTRA="$(stock_kver) $(stock_pkgver)" \
		inputs_hash "$COATM_ROOT/scripts/build-stock.sh")"
}

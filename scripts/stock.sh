#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stock.sh OUTDIR [FILE]: our modules on Debian's own kernel, as a user of
# that kernel gets them. On the host: build them against Debian's
# linux-headers-<abi>-amd64 (`make KDIR=/usr/src/linux-headers-<abi>`, in a
# copy of the tree under OUTDIR/src), check their vermagic against the
# image's atm.ko, `make install INSTALL_MOD_PATH=...` and check what it
# left, and the same for dkms add/build/install/remove. Then boot Debian's
# vmlinuz (scripts/build-stock.sh) in our QEMU with two coatm NICs; its
# initramfs holds Debian's atm.ko and br2684.ko and ours installed with
# `make install`, and qemu/guest/stock/init runs qemu/guest/stock/*.sh.
# Prints TAP lines, writes "passed failed" to OUTDIR/counts, exits non-zero
# if anything failed. With FILE, runs FILE in that guest instead and exits
# with its status, like scripts/guest-run.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: stock.sh OUTDIR [FILE]}
file=${2:-}
if [ -n "$file" ]; then
	[ -f "$file" ] || { echo "stock: no such file: $file" >&2; exit 2; }
	file=$(realpath "$file")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/counts"
cd "$COATM_ROOT"

# With FILE, stdout is the script's alone: the host checks go to stderr.
exec 5>&1
[ -z "$file" ] || exec 1>&2

bash scripts/deps.sh >&2
line=$(stock_line)
kver=$(stock_kver)
img=$(stock_tree)
hdr=$(stock_hdr)
qemu=$(qemu_binary)
debmods=$img/root/lib/modules/$kver

passed=0
failed=0
result() {	# result STATUS NAME
	if [ "$1" = 0 ]; then
		echo "ok - stock $line: $2"
		passed=$((passed + 1))
	else
		echo "not ok - stock $line: $2"
		failed=$((failed + 1))
	fi
}
finish() {
	echo "$passed $failed" > "$out/counts"
	exit "$1"
}

# The build, in a copy of the sources: the tree's own objects are for the
# test kernel.
src=$out/src
mkdir -p "$src"
rsync -a --delete --filter=':- .gitignore' \
	Makefile Kbuild dkms.conf drivers include kunit "$src/"
rc=0
make -C "$src" KDIR="$hdr" modules >"$out/modules.log" 2>&1 || rc=$?
[ $rc = 0 ] || cat "$out/modules.log"
result $rc "modules build against Debian's linux-headers-$kver (-Werror)"
[ $rc = 0 ] || finish 1

# 6.12's modules are xz-compressed (CONFIG_MODULE_COMPRESS_XZ): foo.ko.xz
ko() { ls "$1".ko "$1".ko.xz 2>/dev/null | head -n1; }
want=$(modinfo -F vermagic "$(ko "$debmods/kernel/net/atm/atm")")
rc=0
for m in condis coatm; do
	got=$(modinfo -F vermagic "$src/$m.ko")
	[ "$got" = "$want" ] || { echo "# $m.ko vermagic '$got', kernel '$want'"; rc=1; }
done
result $rc "vermagic is Debian's: $want"

# make install into an empty INSTALL_MOD_PATH: both modules under extra/,
# depmod run, the dependency recorded.
inst=$out/install
rm -rf "$inst"
rc=0
make -C "$src" KDIR="$hdr" INSTALL_MOD_PATH="$inst" install >"$out/install.log" 2>&1 || rc=$?
d=$inst/lib/modules/$kver
if [ $rc = 0 ]; then
	for m in condis coatm; do
		[ "$(modinfo -F vermagic "$(ko "$d/extra/$m")" 2>/dev/null)" = "$want" ] || rc=1
	done
	grep -qxE 'extra/coatm\.ko(\.xz)?: extra/condis\.ko(\.xz)?' "$d/modules.dep" || rc=1
fi
[ $rc = 0 ] || { cat "$out/install.log"; find "$inst" -type f; }
result $rc "make install INSTALL_MOD_PATH=...: extra/{condis,coatm}.ko and depmod"

# dkms.conf: dkms add/build/install/remove for Debian's kernel, in trees
# under OUTDIR (--sourcetree, --dkmstree, --installtree; a throwaway
# signing key, as dkms signs what it builds), touching nothing of the host's.
dk=$out/dkms
rm -rf "$dk"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
mkdir -p "$dk/src/coatm-$ver" "$dk/tree" "$dk/install/$kver"
rsync -a --filter=':- .gitignore' Makefile Kbuild dkms.conf drivers include kunit \
	"$dk/src/coatm-$ver/"
dkms_() {
	mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub \
		dkms "$@" --sourcetree "$dk/src" --dkmstree "$dk/tree" \
		--installtree "$dk/install"
}
rc=0
{
	dkms_ add "coatm/$ver" &&
	dkms_ build "coatm/$ver" -k "$kver" --kernelsourcedir "$hdr" &&
	dkms_ install --no-depmod "coatm/$ver" -k "$kver" --kernelsourcedir "$hdr" &&
	dkms_ status
} >"$out/dkms.log" 2>&1 || rc=$?
for m in condis coatm; do
	[ "$(modinfo -F vermagic "$(ko "$dk/install/$kver/updates/dkms/$m")" 2>/dev/null)" = "$want" ] ||
		rc=1
done
grep -q "coatm/$ver, $kver, .*: installed" "$out/dkms.log" || rc=1
dkms_ remove --no-depmod "coatm/$ver" --all >>"$out/dkms.log" 2>&1 || rc=1
[ -z "$(find "$dk/install" -name '*.ko*')" ] || rc=1
[ $rc = 0 ] || cat "$out/dkms.log"
result $rc "dkms add, build, install -k $kver into updates/dkms, remove"

# The initramfs: the usual one (busybox, atm-tools, our tools and the debug
# kernel's scenarios) plus an overlay with Debian's modules, ours as
# `make install` puts them, kmod (as /sbin/*: busybox sh prefers its own
# applets, so the guest names it by path), the stock init and scenarios.
empty=$(mktemp -d)
ov=$(mktemp -d)
chmod 755 "$ov"
trap 'rm -rf "$empty" "$ov"' EXIT
bash scripts/mkinitramfs.sh "$out/base.cpio" "$empty" "$src"
mkdir -p "$ov/lib/modules/$kver" "$ov/sbin" "$ov/tests/stock"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "$debmods/$f" "$ov/lib/modules/$kver/"
done
for m in $(modprobe -d "$img/root" -S "$kver" --show-depends br2684 |
	   awk '$1 == "insmod" { print $2 }'); do
	rel=${m#"$debmods"/}
	mkdir -p "$ov/lib/modules/$kver/$(dirname "$rel")"
	cp "$m" "$ov/lib/modules/$kver/$rel"
done
make -s -C "$src" KDIR="$hdr" INSTALL_MOD_PATH="$ov" install >"$out/install-guest.log" 2>&1 ||
	{ cat "$out/install-guest.log"; exit 1; }
copy_with_libs() {
	local f=$1 to=$2 lib
	mkdir -p "$ov$(dirname "$to")"
	cp -L "$f" "$ov$to"
	for lib in $(ldd "$f" | grep -oE '/[^ ]+\.so[^ ]*'); do
		mkdir -p "$ov$(dirname "$lib")"
		cp -L "$lib" "$ov$lib"
	done
}
copy_with_libs /usr/bin/kmod /sbin/kmod
for a in modprobe insmod rmmod lsmod modinfo depmod; do
	ln -s kmod "$ov/sbin/$a"
done
cp qemu/guest/stock/init "$ov/init"
cp qemu/guest/stock/[0-9]*.sh "$ov/tests/stock/"
if [ -n "$file" ]; then
	cp "$file" "$ov/tests/user.sh"
fi
chmod +x "$ov/init" "$ov"/tests/stock/*.sh
(cd "$ov" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$out/overlay.cpio"
cat "$out/base.cpio" "$out/overlay.cpio" > "$out/initramfs.cpio"

# The guest.
args=(--qemu "$qemu" --kernel "$img/root/boot/vmlinuz-$kver"
      --initrd "$out/initramfs.cpio" --out "$out/guest"
      --timeout "${COATM_GUEST_TIMEOUT:-1200}")
if [ -n "$file" ]; then
	exec python3 scripts/runner.py --raw "${args[@]}" --append "coatm.run=/tests/user.sh" >&5
fi
python3 scripts/runner.py "${args[@]}" | sed "s/^guest: /stock $line guest: /" || true
read -r gp gf < "$out/guest/counts" || { gp=0; gf=1; }
passed=$((passed + gp))
failed=$((failed + gf))
finish $((failed > 0))

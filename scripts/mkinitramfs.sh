#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh OUT KDIR MODDIR: build the guest's initramfs (newc cpio)
# from busybox, the atm-tools, our modules and the guest scripts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1 kdir=$2 moddir=$3
root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,dev,proc,sys,tmp,run,etc,root,var/run}
mkdir -p "$root"/lib/modules/coatm "$root"/lib/modules/kernel "$root"/tests
cp /bin/busybox "$root/bin/busybox"
for a in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done

# Real atm-tools binaries and every library they load.
bins=$(dpkg -L atm-tools br2684ctl | grep -E '/s?bin/[^/]+$')
copy_with_libs() {
	local f=$1 lib
	mkdir -p "$root$(dirname "$f")"
	cp -L "$f" "$root$f"
	for lib in $(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
for b in $bins; do
	[ -f "$b" ] && copy_with_libs "$b"
done

# Our modules, then the test kernel's own (atmtcp for the baseline).
cp "$moddir"/*.ko "$root/lib/modules/coatm/"
find "$kdir" -name '*.ko' -not -path '*/.tmp*' -exec cp {} "$root/lib/modules/kernel/" \;

make -s -C "$COATM_ROOT/tools" >&2
cp "$COATM_ROOT/tools/atmtest/atmtest" "$root/bin/atmtest"
cp "$COATM_ROOT/tools/condisctl/condisctl" "$root/bin/condisctl"
cp "$COATM_ROOT/tools/fuzz/atmfuzz" "$root/bin/atmfuzz"
cp "$COATM_ROOT/tools/soak/atmsoak" "$root/bin/atmsoak"
cp "$COATM_ROOT/tools/atmtest/atmtest32" "$root/bin/atmtest32"
cp "$COATM_ROOT/tools/condisctl/condisctl32" "$root/bin/condisctl32"
cp "$COATM_ROOT"/qemu/guest/init "$root/init"
cp "$COATM_ROOT"/qemu/guest/lib.sh "$root/tests/lib.sh"
cp "$COATM_ROOT"/qemu/guest/hostctl "$root/bin/hostctl"
cp "$COATM_ROOT"/qemu/guest/scenarios/*.sh "$root/tests/"
mkdir -p "$root/tests/pair" "$root/tests/demo" "$root/tests/soak"
cp "$COATM_ROOT"/qemu/guest/soak/soak.sh "$root/tests/soak/"
cp "$COATM_ROOT"/qemu/guest/demo/demo.sh "$root/tests/demo/"
cp "$COATM_ROOT"/qemu/guest/pair/*.sh "$root/tests/pair/"
chmod +x "$root/init" "$root/bin/hostctl" "$root"/tests/*.sh "$root"/tests/pair/*.sh "$root"/tests/demo/*.sh
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$root/etc/passwd"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$out"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: install what is needed, build everything, run every test
# (style check, host device-model tests, the guest with KUnit and the
# scenarios, then two linked guests with the pair scenarios), print
# "N passed, N failed" last, exit non-zero on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$COATM_ROOT"

t0=$(date +%s)
out=$COATM_ROOT/out/test
rm -rf "$out"
mkdir -p "$out" "$COATM_CACHE"

bash scripts/deps.sh
kdir=$(kernel_tree)
qemu=$(qemu_binary)
t1=$(date +%s)
echo "test: kernel and QEMU ready in $((t1 - t0)) s" >&2

passed=0
failed=0
count() {	# count FILE: add the TAP results in FILE
	local p f
	p=$(grep -cE '^ok ' "$1" || true)
	f=$(grep -cE '^not ok ' "$1" || true)
	passed=$((passed + p))
	failed=$((failed + f))
}
result() {	# result STATUS NAME
	if [ "$1" = 0 ]; then
		echo "ok - $2"
		passed=$((passed + 1))
	else
		echo "not ok - $2"
		failed=$((failed + 1))
	fi
}

# Our modules against the test kernel, warning-free (-Werror).
rc=0
rm -f ./*.ko	# a failed build must not leave stale modules to test
make -s KDIR="$kdir" modules >"$out/modules.log" 2>&1 || rc=$?
[ $rc = 0 ] || cat "$out/modules.log"
# ... and it was -Werror (COATM_WERROR, from lib.sh): the flag is ours.
grep -q -- '-Werror' drivers/coatm/.coatm_main.o.cmd 2>/dev/null ||
	{ echo "test: coatm_main.o was built without -Werror" >&2; rc=1; }
result $rc "modules build against the test kernel with -Werror"

# make install into a scratch INSTALL_MOD_PATH (the test kernel's tree).
rc=0
inst=$out/install
rel=$(awk '/UTS_RELEASE/ { gsub(/"/, "", $3); print $3 }' "$kdir/include/generated/utsrelease.h")
make -s KDIR="$kdir" INSTALL_MOD_PATH="$inst" install >"$out/install.log" 2>&1 || rc=$?
for m in condis coatm; do
	[ "$(modinfo -F vermagic "$inst/lib/modules/$rel/extra/$m.ko" 2>/dev/null)" = \
	  "$(modinfo -F vermagic $m.ko)" ] || rc=1
done
grep -qx 'extra/coatm.ko: extra/condis.ko' "$inst/lib/modules/$rel/modules.dep" || rc=1
[ $rc = 0 ] || { cat "$out/install.log"; find "$inst" -type f; }
result $rc "make install INSTALL_MOD_PATH=... installs into extra/ and runs depmod"

rc=0
KDIR=$kdir bash scripts/check.sh >"$out/check.log" 2>&1 || rc=$?
[ $rc = 0 ] || cat "$out/check.log"
result $rc "make check (sparse C=2, checkpatch --strict) is clean"

# Host unit tests: the device model and the user-space tools.
for t in qemu/tests tools; do
	rc=0
	log=$out/host-${t%%/*}.log
	make -s -C "$t" check >"$log" 2>&1 || rc=$?
	sed "s|^|$t: |" "$log" | grep -E "^$t: (not )?ok" || true
	count "$log"
	if [ $rc != 0 ] && ! grep -q '^not ok' "$log"; then
		cat "$log"
		result $rc "$t host tests build and run"
	fi
done

# The guest: KUnit suites and scenarios on two coatm NICs.
if [ -f condis.ko ] && [ -f coatm.ko ]; then
	bash scripts/mkinitramfs.sh "$out/initramfs.cpio" "$kdir" "$COATM_ROOT"
	rc=0
	python3 scripts/runner.py --qemu "$qemu" \
		--kernel "$kdir/arch/x86/boot/bzImage" \
		--initrd "$out/initramfs.cpio" --out "$out/guest" \
		--timeout "${COATM_GUEST_TIMEOUT:-2700}" | tee "$out/guest.log" || rc=$?
	read -r gp gf < "$out/guest/counts" || { gp=0; gf=1; }
	passed=$((passed + gp))
	failed=$((failed + gf))

	# Two guests, one NIC each, linked by a stream netdev: the scenarios
	# of qemu/guest/pair/ run in both (the clients that need two hosts).
	rc=0
	python3 scripts/runner.py --pair --qemu "$qemu" \
		--kernel "$kdir/arch/x86/boot/bzImage" \
		--initrd "$out/initramfs.cpio" --out "$out/pair" \
		--timeout "${COATM_GUEST_TIMEOUT:-1500}" | tee "$out/pair.log" || rc=$?
	read -r gp gf < "$out/pair/counts" || { gp=0; gf=1; }
	passed=$((passed + gp))
	failed=$((failed + gf))

	# make bench, one tiny run of each measurement against this kernel:
	# each gives its figures (the anchors it lacks say why not).
	rc=0
	bash scripts/bench.sh --smoke "$out/bench-smoke" >"$out/bench-smoke.log" 2>&1 || rc=$?
	[ $rc = 0 ] || tail -n 40 "$out/bench-smoke.log"
	result $rc "make bench smoke: every measurement gives its figures"
fi

# Our modules on Debian's own kernels, 6.1 and 6.12: built against each
# one's linux-headers, installed, booted with its atm.ko and br2684.ko
# (scripts/stock.sh).
for line in 6.1 6.12; do
	t2=$(date +%s)
	rc=0
	COATM_STOCK=$line bash scripts/stock.sh "$out/stock-$line" |
		tee "$out/stock-$line.log" || rc=$?
	if read -r sp sf < "$out/stock-$line/counts"; then
		passed=$((passed + sp))
		failed=$((failed + sf))
	else
		result 1 "stock-kernel stage $line ran (exit $rc; see $out/stock-$line.log)"
	fi
	echo "test: stock-kernel stage $line $(($(date +%s) - t2)) s" >&2
done

echo "test: total $(($(date +%s) - t0)) s; logs in $out" >&2
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fault injection: the kernel's failslab and fail_page_alloc, filtered to
# the tasks that ask for it (/proc/PID/make-it-fail), fail their
# allocations at random, and the driver's own fault point its probe:
#  - the fuzzer's workers (atmfuzz -F): VC open/close, sends and
#    receives, OID requests, resets, device ioctls; every call succeeds
#    or fails with a clean error (its contract, or ENOMEM/ENOBUFS);
#  - probe: the driver's own fault point (coatm_fail_probe) fails each
#    of its steps in turn; each failure is clean and leaves no port.
# Afterwards no VC is left, kmemleak has nothing, and both ports carry a
# PDU each way. User pages (highmem allocations) are not failed: the
# point is the kernel's paths, not killing the test's processes.
. /tests/lib.sh

FI=/sys/kernel/debug
SEED=${FAULT_SEED:-67}
OPS=${FAULT_OPS:-8000}
TIMES=100000

if [ ! -d $FI/failslab ] || [ ! -d $FI/fail_page_alloc ]; then
	notok "failslab and fail_page_alloc in debugfs (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC)"
	finish
fi

# faults PERCENT: fail that share of the marked tasks' allocations
faults() {
	for f in failslab fail_page_alloc; do
		echo Y > $FI/$f/task-filter
		echo 0 > $FI/$f/verbose
		echo 0 > $FI/$f/space
		echo 1 > $FI/$f/interval
		echo N > $FI/$f/ignore-gfp-wait
		echo "$1" > $FI/$f/probability
		echo $TIMES > $FI/$f/times
	done
	echo Y > $FI/fail_page_alloc/ignore-gfp-highmem
}
# injected: faults injected since faults() (times counts down)
injected() {
	echo $((2 * TIMES - $(cat $FI/failslab/times) - $(cat $FI/fail_page_alloc/times)))
}
I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

# --- the fuzzer, its allocations failing ----------------------------------
faults 10
rc=0
atmfuzz -F -s "$SEED" -w 4 -n "$OPS" -t 40 > /tmp/faults.out 2>&1 || rc=$?
n=$(injected)
faults 0
grep -E '^(VIOLATION|atmfuzz: )' /tmp/faults.out | sed 's/^/# /'
echo "# $n allocations failed under atmfuzz -F -s $SEED"
check "atmfuzz -F -s $SEED -n $OPS: every call succeeded or failed cleanly" \
	[ "$rc" = 0 ]
check "allocations did fail ($n)" [ "$n" -gt 0 ]

no_vc() { ! grep -q '^vc ' "/proc/net/atm/coatm:$1"; }
check "no VC left on port 0" wait_for 30 no_vc "$I0"
check "no VC left on port 1" wait_for 30 no_vc "$I1"

# --- probe: every step failing in turn ---------------------------------------
# failslab would fail ACPICA's _PRT evaluation in pci_enable_device() too,
# which then reads freed memory (a kernel bug, not ours: see
# Documentation/testing.rst); the driver's own fault point
# (coatm_fail_probe) fails its probe steps one at a time instead: "space"
# skips that many steps, "times" 1 fails the next one.
DRV=/sys/bus/pci/drivers/coatm
CF=$FI/coatm_fail_probe
ports_up() {
	[ "$(grep -c ' coatm ' /proc/net/atm/devices)" = 2 ] &&
		carrier_is atm0 1 && carrier_is atm1 1
}
one_port() {
	! [ -e "$DRV/$1" ] && [ "$(grep -c ' coatm ' /proc/net/atm/devices)" = 1 ]
}
if [ -d $CF ]; then
	echo 0 > $CF/verbose
	echo N > $CF/task-filter
	echo 1 > $CF/interval
	echo 100 > $CF/probability
	d=$(cd $DRV && ls -d 0000:* | head -n1)
	step=1 failed=0
	while [ $step -le 20 ]; do
		echo $step > $CF/space
		echo 1 > $CF/times
		echo "$d" > $DRV/unbind
		if echo "$d" > $DRV/bind 2> /tmp/bind.err; then
			break
		fi
		failed=$((failed + 1))
		check "probe step $step failed: the fault fired" \
			[ "$(cat $CF/times)" = 0 ]
		check "probe step $step failed cleanly: no port left" one_port "$d"
		echo 0 > $CF/times
		echo "$d" > $DRV/bind
		check "probe step $step: bound again, both ports up" wait_for 20 ports_up
		step=$((step + 1))
	done
	echo 0 > $CF/times
	echo "# probe: $failed steps failed one by one, then it succeeded"
	check "the probe succeeds once no step is left to fail ($failed failed)" \
		wait_for 20 ports_up
	check "every probe step can fail ($failed of them)" [ "$failed" -ge 8 ]
	echo "$d" > $DRV/unbind
	echo "$d" > $DRV/bind
	check "remove and probe again, both ports up" wait_for 20 ports_up
else
	notok "coatm_fail_probe in debugfs (CONFIG_FAULT_INJECTION_DEBUG_FS)"
fi

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

# --- nothing left behind ------------------------------------------------------
if [ -w $FI/kmemleak ]; then
	echo scan > $FI/kmemleak
	check "kmemleak reports no unreferenced object" \
		not grep -q 'unreferenced object' $FI/kmemleak
fi
check "a PDU crosses from port 0 to port 1" pdu_crosses "$I0" "$I1" 130
check "a PDU crosses from port 1 to port 0" pdu_crosses "$I1" "$I0" 131
finish

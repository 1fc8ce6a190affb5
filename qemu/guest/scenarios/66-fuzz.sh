#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The fuzzer (tools/fuzz/atmfuzz.c, Documentation/testing.rst "The
# fuzzer"): four workers, two of them unprivileged, make random and
# boundary-value ATM socket, device ioctl and OID calls on both ports,
# each errno checked against the contract. Afterwards: no VC is left,
# kmemleak has nothing, and both ports still carry a PDU each way.
# make test runs a bounded slice; scripts/fuzz.sh (make fuzz) a long run:
# FUZZ_SEED, FUZZ_OPS, FUZZ_SECONDS and FUZZ_WORKERS override the slice.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
SEED=${FUZZ_SEED:-66}
OPS=${FUZZ_OPS:-20000}
SECS=${FUZZ_SECONDS:-45}
WORKERS=${FUZZ_WORKERS:-4}

rc=0
t0=$(now_cs)
atmfuzz -s "$SEED" -w "$WORKERS" -n "$OPS" -t "$SECS" > /tmp/fuzz.out 2>&1 || rc=$?
echo "# atmfuzz: $(($(now_cs) - t0))0 ms"
# Findings and the summary go to the log in full.
grep -E '^(VIOLATION|NOTE|atmfuzz: )' /tmp/fuzz.out | sed 's/^/# /'
check "atmfuzz -s $SEED -w $WORKERS -n $OPS -t $SECS: no errno contract violation" \
	[ "$rc" = 0 ]
for i in "$I0" "$I1"; do sed -n "s/^condis: /# itf $i: /p" "/proc/net/atm/coatm:$i"; done
ops=$(sed -n 's/^atmfuzz: \([0-9]*\) operations in.*/\1/p' /tmp/fuzz.out)
check "atmfuzz ran (${ops:-no} operations)" [ "${ops:-0}" -gt 0 ]

# Every worker has exited: every VC is closed and deleted.
no_vc() { ! grep -q '^vc ' "/proc/net/atm/coatm:$1"; }
pvc_empty() { [ "$(wc -l < /proc/net/atm/pvc)" -le 1 ]; }
check "no VC left on port 0 (itf $I0)" wait_for 30 no_vc "$I0"
check "no VC left on port 1 (itf $I1)" wait_for 30 no_vc "$I1"
check "/proc/net/atm/pvc lists no socket" wait_for 30 pvc_empty
pvc_empty || sed 's/^/# /' /proc/net/atm/pvc

# One scan (slow under KASAN and TCG); /init scans again at the end, for
# what is younger than kmemleak's minimum age now.
if [ -w /sys/kernel/debug/kmemleak ]; then
	t0=$(now_cs)
	echo scan > /sys/kernel/debug/kmemleak
	check "kmemleak reports no unreferenced object" \
		not grep -q 'unreferenced object' /sys/kernel/debug/kmemleak
	echo "# kmemleak scan: $(($(now_cs) - t0))0 ms"
fi

# Both ports still carry traffic, each way.
check "a PDU crosses from port 0 to port 1 after fuzzing" pdu_crosses "$I0" "$I1" 120
check "a PDU crosses from port 1 to port 0 after fuzzing" pdu_crosses "$I1" "$I0" 121
finish

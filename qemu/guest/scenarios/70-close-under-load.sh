#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Close while traffic flows: senders that exit with PDUs still in flight,
# readers opened and closed under a running transfer, 40 cycles. The host
# fails the run on any splat, rmem/wmem leakage or DMA-API report.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

bg_start sh -c "exec ttcp_atm -r -a -s -l 2048 $I1.0.800 > /dev/null 2>&1"
wait_for 10 vc_up "$I1" 0.800 rx
i=0
bad=0
while [ $i -lt 40 ]; do
	# A sender that closes right after queueing 200 PDUs...
	ttcp_atm -t -a -s -l 2048 -n 200 "$I0.0.800" > /dev/null 2>&1 &
	tpid=$!
	# ...while a reader on another VC comes and goes.
	aread "$I1.0.$((801 + i % 4))" > /dev/null 2>&1 &
	rpid=$!
	# awrite prints the bytes written; anything else is a failed open/send.
	msg="cycle $i"
	[ "$(awrite "$I0.0.$((801 + i % 4))" "$msg")" = "${#msg}" ] ||
		bad=$((bad + 1))
	kill $rpid 2>/dev/null
	wait $rpid 2>/dev/null
	wait $tpid
	i=$((i + 1))
done
reap_all
check "40 open/close cycles under traffic: every awrite sent its PDU ($bad failed)" \
	[ "$bad" = 0 ]
check "no VC left behind on port 0" \
	sh -c "! grep -q '^vc ' /proc/net/atm/coatm:$I0"
check "no VC left behind on port 1" \
	sh -c "! grep -q '^vc ' /proc/net/atm/coatm:$I1"
check "no send left in flight" \
	sh -c "grep -q 'backlog 0' /proc/net/atm/coatm:$I0"
finish

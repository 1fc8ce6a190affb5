#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A hostile device: the model's hostile-rxc knob makes the next RX
# completions carry an out-of-range buffer id, a length beyond the buffer,
# a VC handle beyond the device's VC count and one that is not open. The
# driver counts each, follows none (KASAN watches), and traffic goes on.
# A PDU whose completions are garbled part-way is lost whole: what is
# left of it is never delivered, or glued to the next PDU.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
errs() {
	sed -n 's/.*bad_buf \([0-9]*\) bad_len \([0-9]*\) bad_vc \([0-9]*\).*/\1 \2 \3/p' \
		"/proc/net/atm/coatm:$I1"
}
caught() { [ "$(errs)" = "$1" ]; }

set -- $(errs)
b0=$1 l0=$2 v0=$3
bg_start sh -c "exec ttcp_atm -r -a -l 100 $I1.0.900 > /tmp/h.out 2>/dev/null"
wait_for 10 vc_up "$I1" 0.900 rx
check "hostile-rxc armed for 4 completions" \
	hostctl qom-set /machine/peripheral/atm1 hostile-rxc 4
check "8 PDUs sent" sh -c "atmtest send $I0.0.900 -s 100 -n 8 | grep -qx 'ok 8'"
want="$((b0 + 1)) $((l0 + 1)) $((v0 + 2))"
check "driver caught 1 bad buffer id, 1 bad length, 2 bad VC handles" \
	wait_for 10 caught "$want"
check "the 4 good PDUs were delivered" wait_for 10 size_at_least /tmp/h.out 400
check "knob is spent" sh -c "hostctl qom-get /machine/peripheral/atm1 hostile-rxc | grep -qx 0"
reap_all

# Four garbled completions in a row, from the first buffer of a 3-buffer
# PDU (5000 bytes in 2-KiB buffers) to the first of the next: both PDUs
# are lost, counted, and what is left of the second (its last two
# buffers) is not delivered as a PDU of its own; the two after arrive
# whole.
set -- $(errs)
want="$(($1 + 1)) $(($2 + 1)) $(($3 + 2))"
seq0=$(dev_counter "$I1" bad_seq)
bg_start sh -c "exec atmtest rate $I1.0.902 -n 2 -t 30000 > /tmp/h3.out 2>&1"
wait_for 10 vc_up "$I1" 0.902 rx
hostctl qom-set /machine/peripheral/atm1 hostile-rxc 4 > /dev/null
check "4 PDUs of 5000 bytes sent" sh -c "atmtest send $I0.0.902 -s 5000 -n 4 | grep -qx 'ok 4'"
check "driver caught the 4 garbled completions" wait_for 10 caught "$want"
check "the next 2 PDUs arrive whole, nothing left of the garbled ones" \
	wait_for 30 has_line /tmp/h3.out '^rate 2 10000 '
sed 's/^/# /' /tmp/h3.out
check "the second PDU's 2 headless buffers were caught out of order (bad_seq)" \
	[ "$(dev_counter "$I1" bad_seq)" = $((seq0 + 2)) ]
reap_all

# Traffic still flows, byte for byte.
head -c 9180 /dev/urandom > /tmp/h.in
bg_start sh -c "exec ttcp_atm -r -a -l 9180 $I1.0.901 > /tmp/h2.out 2>/dev/null"
wait_for 10 vc_up "$I1" 0.901 rx
ttcp_atm -t -a -l 9180 "$I0.0.901" < /tmp/h.in > /dev/null 2>&1
check "a 9180-byte PDU still crosses intact" \
	wait_for 10 sh -c "head -c 9180 /tmp/h2.out | cmp -s - /tmp/h.in"
reap_all
finish

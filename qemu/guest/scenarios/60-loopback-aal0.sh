#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PHY loopback (ATM_SETLOOP through atmloop): a port receives its own
# cells. AAL0: raw cells keep their payload, PTI and CLP end to end.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

check "atmloop -q: PHY loopback supported" sh -c "atmloop -q $I0 | grep -q '^local:  *phy'"
check "atmloop -s -l phy $I0" atmloop -s -l phy "$I0"
check "atmloop reads it back" sh -c "atmloop $I0 | grep -q '^local:  *phy'"

bg_start sh -c "exec atmtest tty aread $I0.0.500 > /tmp/loop.out 2>&1"
bg_start sh -c "exec atmtest tty aread $I1.0.500 > /tmp/loop.far 2>&1"
wait_for 10 vc_up "$I0" 0.500 rx
wait_for 10 vc_up "$I1" 0.500 rx
check "awrite on port 0 in loopback" [ "$(awrite "$I0.0.500" looped)" = 6 ]
check "port 0 received its own PDU" wait_for 10 has_line /tmp/loop.out "^6: "
check "the far port did not" [ "$(file_size /tmp/loop.far)" = 0 ]
reap_all
check "atmloop -s $I0 ends loopback" atmloop -s "$I0"
check "loopback reads back as none" sh -c "atmloop $I0 | grep -q '^local: *$'"

# AAL0 across the link: 8 cells, PTI 0..3, CLP 0/1, distinct payloads.
bg_start sh -c "exec atmtest aal0-recv $I1.0.600 -n 8 > /tmp/aal0.out 2>&1"
wait_for 10 vc_up "$I1" 0.600 rx 0
check "atmtest sent 8 AAL0 cells" sh -c "atmtest aal0-send $I0.0.600 -n 8 | grep -qx 'ok 8'"
check "8 AAL0 cells arrived" wait_for 10 sh -c "[ \$(wc -l < /tmp/aal0.out) -ge 8 ]"
i=0
good=1
while [ $i -lt 8 ]; do
	want="$((i % 4)) $((i % 2)) $(awk -v i=$i 'BEGIN { for (j = 0; j < 48; j++) printf "%02x", (i + j) % 256 }')"
	line=$(sed -n "$((i + 1))p" /tmp/aal0.out)
	[ "$line" = "$want" ] || { good=; echo "# cell $i: got '$line' want '$want'"; }
	i=$((i + 1))
done
check "AAL0 cells arrived in order with their PTI, CLP and payload" [ -n "$good" ]
reap_all
finish

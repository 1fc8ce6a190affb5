#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OAM F5 end-to-end loopback: port 0 sends loopback cells (PTI 5,
# indication 1) on an AAL0 VC; the far end's NIC, the VC's end point,
# answers each, and the answer (same correlation tag, indication 0, good
# CRC-10, written by the NIC) comes back to the sender's socket. Counters
# on both devices account for every cell.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

rx_oam0=$(dev_counter "$I0" rx_oam)
tx_oam0=$(dev_counter "$I0" tx_oam)
rx_oam1=$(dev_counter "$I1" rx_oam)
tx_oam1=$(dev_counter "$I1" tx_oam)

# The far end: the VC open for receiving (AAL5) at port 1.
bg_start sh -c "exec atmtest open $I1.0.900 -d rx -H > /tmp/far900 2>&1"
wait_for 10 has_line /tmp/far900 "^ok"
atmtest oam-ping "$I0.0.900" -n 3 > /tmp/ping900 2>&1
check "3 loopback cells answered" [ "$(grep -c '^reply' /tmp/ping900)" = 3 ]
check "each answer carries its own tag" \
	grep -qx "reply 3 tag 0xc0a70002" /tmp/ping900
check "port 0 sent 3 OAM cells" \
	[ "$(dev_counter "$I0" tx_oam)" = $((tx_oam0 + 3)) ]
check "port 1 received 3 and answered 3" \
	[ "$(dev_counter "$I1" rx_oam)" = $((rx_oam1 + 3)) ] && \
	[ "$(dev_counter "$I1" tx_oam)" = $((tx_oam1 + 3)) ]
check "port 0 received the 3 answers" \
	[ "$(dev_counter "$I0" rx_oam)" = $((rx_oam0 + 3)) ]
reap_all

# No end point at port 1: nobody answers, and the cell is counted there.
inval1=$(dev_counter "$I1" rx_invalid_vc)
check "no answer without a far end" \
	sh -c "atmtest oam-ping $I0.0.901 -n 1 2>&1 | grep -qx timeout"
check "the far NIC counted the cell for no VC" \
	[ "$(dev_counter "$I1" rx_invalid_vc)" = $((inval1 + 1)) ]
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The device's fault knobs toggled at random under traffic. atmsoak sends
# PDUs of mixed sizes from port 0 to port 1 across 16 VCs whose sending
# sockets close and open again every 50 PDUs, while STORM_ROUNDS rounds,
# drawn from STORM_SEED (both printed), each turn one knob on, hold it
# for a random while, and turn it off:
#   port 1, the receiver: rx-corrupt N (the first cell of the next N PDUs
#     damaged: CRC errors), hostile-rxc N (the next N RX completions
#     garbled);
#   port 0, the sender: raise-error BIT (a device error: the driver
#     resets), tx-stall for 0.1-3 s (beyond 2 s the TX watchdog resets),
#     cmd-stall for 0.1-1.5 s (opens and closes wait), cmd-delay-us
#     (every command slow), refuse-open N (the next N opens fail: atmsoak
#     -r opens again).
# A round ends when PDUs arrive again. Afterwards no PDU was damaged,
# duplicated or delivered out of order; every PDU lost is explained by a
# counter; both ports carry a PDU each way; no VC is left; the runner
# fails the run on any splat or kmemleak report.
. /tests/lib.sh

SEED=${STORM_SEED:-68}
ROUNDS=${STORM_ROUNDS:-20}
I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
P0=/machine/peripheral/atm0
P1=/machine/peripheral/atm1
sysctl -qw net.core.rmem_max=8388608
echo "# knob storm: seed $SEED, $ROUNDS rounds"

# rnd N: RV = the next number in 0..N-1 of this run's sequence
R=$SEED
rnd() {
	R=$(((R * 1103515245 + 12345) % 2147483648))
	RV=$((R / 65536 % $1))
}
# hold MIN MAX: sleep a random MIN..MAX ms (how long a knob stays on)
hold() {
	rnd $(($2 - $1 + 1))
	sleep "$(awk -v ms=$(($1 + RV)) 'BEGIN { printf "%.3f", ms / 1000 }')"
}
# counted: every PDU lost port 0 -> port 1 that a counter explains (a
# garbled completion shows as a device error and, for the rest of its
# PDU, as an rx_err or bad_seq: a loss may be counted twice, never not)
counted() {
	echo $(($(aal_stat "$I0" AAL5 tx_err) + $(dev_counter "$I0" tx_copy_errors) + \
		$(aal_stat "$I1" AAL5 rx_drop) + $(aal_stat "$I1" AAL5 rx_err) + \
		$(dev_counter "$I1" rx_nobuf) + $(dev_counter "$I1" bad_buf) + \
		$(dev_counter "$I1" bad_len) + $(dev_counter "$I1" bad_vc) + \
		$(dev_counter "$I1" bad_seq)))
}
field() { echo "$2" | tr ' ' '\n' | grep -A1 -x "$1" | tail -n1; }
rx_pdus() { aal_stat "$I1" AAL5 rx; }
flowing() { [ "$(rx_pdus)" -ge "$1" ]; }
# spent PATH KNOB: the knob counted down to 0 (traffic used it up)
spent() { hostctl qom-get "$1" "$2" | grep -qx 0; }

c0=$(counted)
r0=$(dev_counter "$I0" resets)
atmsoak "$I0" "$I1" -v 16 -k 50 -n 1000000000 -S "$SEED" -r \
	> /tmp/storm.out 2>&1 &
soak=$!
check "atmsoak started and PDUs arrive" wait_for 60 flowing $(($(rx_pdus) + 100))

k=1
while [ $k -le "$ROUNDS" ]; do
	rnd 7
	case $RV in
	0)	rnd 4; what="rx-corrupt $((RV + 1))"
		hostctl qom-set $P1 rx-corrupt $((RV + 1)) > /dev/null
		wait_for 60 spent $P1 rx-corrupt ;;
	1)	rnd 4; what="hostile-rxc $((RV + 1))"
		hostctl qom-set $P1 hostile-rxc $((RV + 1)) > /dev/null
		wait_for 60 spent $P1 hostile-rxc ;;
	2)	rnd 5; what="raise-error $((1 << RV))"
		hostctl qom-set $P0 raise-error $((1 << RV)) > /dev/null ;;
	3)	what="tx-stall"
		hostctl qom-set $P0 tx-stall true > /dev/null
		hold 100 3000
		hostctl qom-set $P0 tx-stall false > /dev/null ;;
	4)	what="cmd-stall"
		hostctl qom-set $P0 cmd-stall true > /dev/null
		hold 100 1500
		hostctl qom-set $P0 cmd-stall false > /dev/null ;;
	5)	rnd 20; what="cmd-delay-us $(((RV + 1) * 1000))"
		hostctl qom-set $P0 cmd-delay-us $(((RV + 1) * 1000)) > /dev/null
		hold 200 2000
		hostctl qom-set $P0 cmd-delay-us 0 > /dev/null ;;
	*)	rnd 3; what="refuse-open $((RV + 1))"
		hostctl qom-set $P0 refuse-open $((RV + 1)) > /dev/null
		wait_for 60 spent $P0 refuse-open ;;
	esac
	n=$(rx_pdus)
	if ! wait_for 60 flowing $((n + 50)); then
		notok "round $k ($what): PDUs arrive again"
		break
	fi
	echo "# round $k: $what"
	k=$((k + 1))
done
check "$ROUNDS rounds, PDUs arriving after each" [ $k -gt "$ROUNDS" ]

kill -USR1 $soak
rc=0
wait $soak || rc=$?
OUT=$(tail -n1 /tmp/storm.out)
echo "# $OUT"
check "atmsoak ran to the end: nothing damaged, duplicated or out of order" \
	[ "$rc" = 0 ] && has_line /tmp/storm.out '^soak sent '
LOST=$(field lost "$OUT")
COUNTED=$(($(counted) - c0))
echo "# $LOST PDUs lost, $COUNTED losses counted; port 0 reset $(($(dev_counter "$I0" resets) - r0)) times"
sed -n 's/^device errors caught: /# port 1 device errors caught: /p' "/proc/net/atm/coatm:$I1"
check "every PDU lost is counted ($LOST lost, $COUNTED counted)" \
	[ -n "$LOST" ] && [ "$LOST" -le "$COUNTED" ]

check "rx-corrupt is spent" spent $P1 rx-corrupt
check "hostile-rxc is spent" spent $P1 hostile-rxc
check "refuse-open is spent" spent $P0 refuse-open
check "port 0 -> 1 still carries a PDU" pdu_crosses "$I0" "$I1" 1900
check "port 1 -> 0 still carries a PDU" pdu_crosses "$I1" "$I0" 1901
check "no VC left open" sh -c "! grep -q '^vc ' /proc/net/atm/coatm:$I0 /proc/net/atm/coatm:$I1"
finish

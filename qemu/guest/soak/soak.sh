#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make soak (scripts/soak.sh), in the test guest: tools/soak/atmsoak
# sends SOAK_PDUS PDUs of mixed sizes from port 0 to port 1 across 64 VCs
# whose sending sockets close and open again every 200 PDUs, in three
# phases:
#   healthy  SOAK_PDUS PDUs, nothing else happening: none may be lost;
#   resets   SOAK_PDUS / 4 with port 0 reset every 2 s: every PDU lost is
#            counted (sender: its socket's tx_err beyond the sends that
#            failed, the driver's tx_copy_errors; receiver: rx_drop,
#            rx_err, rx_nobuf);
#   flaps    SOAK_PDUS / 4 with port 0's link down for 0.5 s every 2 s: a
#            link that is down takes the cells and they vanish, uncounted,
#            as on a real line; nothing damaged or out of order, traffic
#            back after each flap.
# In every phase no PDU is damaged, duplicated or out of order. After all
# three both ports still carry a PDU each way, no ATM socket is left,
# the TX rings are empty, and slab memory (page cache dropped) is back
# within KASAN's quarantine of its start. The runner fails the run on any
# splat or kmemleak report.
. /tests/lib.sh

PDUS=${SOAK_PDUS:-1000000}
SEED=${SOAK_SEED:-1}
I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
sysctl -qw net.core.rmem_max=8388608
echo 1 > /proc/sys/kernel/printk

slab() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
# counted: every PDU loss port 0 -> port 1 a counter explains
counted() {
	echo $(($(aal_stat "$I0" AAL5 tx_err) + $(dev_counter "$I0" tx_copy_errors) + \
		$(aal_stat "$I1" AAL5 rx_drop) + $(aal_stat "$I1" AAL5 rx_err) + \
		$(dev_counter "$I1" rx_nobuf)))
}
field() { echo "$2" | tr ' ' '\n' | grep -A1 -x "$1" | tail -n1; }

# phase NAME N SEED [DISTURB]: one atmsoak run; DISTURB runs every 2 s
# in the background until it ends. Sets OUT (its last line), LOST (PDUs
# lost), COUNTED (losses the counters explain) and SECS.
phase() {
	name=$1 n=$2 seed=$3 disturb=${4:-}
	c0=$(counted)
	t0=$(cut -d' ' -f1 /proc/uptime)
	rm -f /tmp/soak.done
	if [ -n "$disturb" ]; then
		(while [ ! -f /tmp/soak.done ]; do sleep 2; $disturb; done) &
		dpid=$!
	fi
	atmsoak "$I0" "$I1" -n "$n" -S "$seed" > /tmp/soak.$name 2>&1
	rc=$?
	touch /tmp/soak.done
	[ -n "$disturb" ] && wait "$dpid"
	OUT=$(tail -n1 /tmp/soak.$name)
	SECS=$(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.0f", b - a }')
	echo "# $name: $OUT ($SECS s)"
	check "$name: atmsoak ran to the end, nothing damaged or out of order" \
		[ "$rc" = 0 ] && has_line /tmp/soak.$name '^soak sent '
	LOST=$(field lost "$OUT")
	# A send atmsoak saw fail is a gap in its sequence, and in tx_err.
	COUNTED=$(($(counted) - c0))
}

flap() {
	hostctl set_link atm0 off > /dev/null
	sleep 0.5
	hostctl set_link atm0 on > /dev/null
}
reset0() { condisctl "$I0" reset > /dev/null; }

echo 3 > /proc/sys/vm/drop_caches
slab0=$(slab)

phase healthy "$PDUS" "$SEED"
check "healthy: $(field sent "$OUT") PDUs sent, 0 lost (lost $LOST)" [ "$LOST" = 0 ]
check "healthy: no loss counted either ($COUNTED)" [ "$COUNTED" = 0 ]

phase resets $((PDUS / 4)) $((SEED + 1)) reset0
check "resets: every PDU lost is counted ($LOST lost, $COUNTED counted)" \
	[ "$LOST" = "$COUNTED" ]

phase flaps $((PDUS / 4)) $((SEED + 2)) flap
echo "# flaps: $LOST lost, $COUNTED of them counted (a down link takes cells uncounted)"
check "flaps: link back up at the end" wait_for 10 carrier_is atm0 1

check "port 0 -> 1 still carries a PDU" pdu_crosses "$I0" "$I1" 1900
check "port 1 -> 0 still carries a PDU" pdu_crosses "$I1" "$I0" 1901
check "no VC left open" sh -c "! grep -q '^vc ' /proc/net/atm/coatm:$I0 /proc/net/atm/coatm:$I1"

echo 3 > /proc/sys/vm/drop_caches
slab1=$(slab)
# KASAN's quarantine keeps freed objects (up to 1/32 of memory) before
# they return to their slabs: slab memory cannot come back exactly. A
# leak of even one skb per thousand PDUs would pass that bound; kmemleak
# (the runner) finds smaller ones.
quarantine=$(awk '/^MemTotal:/ { print int($2 / 32) }' /proc/meminfo)
echo "# slab: $slab0 kB at the start, $slab1 kB at the end (quarantine up to $quarantine kB)"
check "slab memory back within KASAN's quarantine + 1 MiB of the start ($slab0 -> $slab1 kB)" \
	[ "$slab1" -le $((slab0 + quarantine + 1024)) ]
check "no ATM socket left" sh -c "[ \$(sed 1d /proc/net/atm/vc | wc -l) = 0 ]"
tx_idle() {	# every TX ring of ITF empty: "ring NAME: size S prod P cons C backlog B"
	awk '$1 == "ring" && $2 ~ /^tx/ { if ($6 != $8 || $10 != 0) busy = 1 }
		END { exit busy }' "/proc/net/atm/coatm:$1"
}
check "port 0's TX rings and backlogs empty" tx_idle "$I0"
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PVCs between the two back-to-back ports with the real atm-tools:
# aread receives exactly what awrite sent (AAL5 PDUs of 1, 47, 48, 49 and
# 1000 bytes on several VCIs), ttcp_atm carries 1500, 9180 and 65535-byte
# PDUs byte for byte, and one-direction VCs share a VPI/VCI.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
# The line aread prints for LEN bytes of hex byte HEX.
aread_line() {
	awk -v n="$1" -v h="$2" 'BEGIN { printf "%d: ", n;
		for (i = 0; i < n; i++) printf " %s", h; printf "\n" }'
}

vci=100
for spec in "1 a 61" "47 b 62" "48 c 63" "49 d 64" "1000 e 65"; do
	set -- $spec
	len=$1 ch=$2 hex=$3
	out=/tmp/aread.$vci
	bg_start sh -c "exec atmtest tty aread $I1.0.$vci > $out 2>&1"
	wait_for 10 vc_up "$I1" "0.$vci" rx || notok "aread VC 0.$vci never opened"
	data=$(head -c "$len" /dev/zero | tr '\0' "$ch")
	sent=$(awrite "$I0.0.$vci" "$data")
	check "awrite $I0.0.$vci: $len bytes sent" [ "$sent" = "$len" ]
	check "aread $I1.0.$vci: one PDU of $len bytes" wait_for 10 has_line "$out" "^$len: "
	aread_line "$len" "$hex" > /tmp/expect.$vci
	check "aread $I1.0.$vci: the bytes are the ones sent" \
		cmp -s "$out" /tmp/expect.$vci
	reap_all
	vci=$((vci + 1))
done

# Large PDUs: ttcp_atm without -s copies stdin to the VC and the VC to
# stdout; one read of LEN bytes is one PDU. The sender ends with four
# 4-byte marker PDUs, which the receiver writes out too. The driver copies
# sends of up to tx_copybreak bytes and maps larger ones (counted in
# tx_copied): both carry the bytes sent.
copybreak=$(cat /sys/module/coatm/parameters/tx_copybreak)
check "tx_copybreak is 2048 by default (found $copybreak)" [ "$copybreak" = 2048 ]
copied0=$(dev_counter "$I0" tx_copied)
ncopied=0
vci=200
for len in 1500 9180 65535; do
	head -c "$len" /dev/urandom > /tmp/in.$len
	bg_start sh -c "exec ttcp_atm -r -a -l $len $I1.0.$vci > /tmp/out.$len 2>/dev/null"
	wait_for 10 vc_up "$I1" "0.$vci" rx || notok "ttcp receiver VC never opened"
	ttcp_atm -t -a -l "$len" "$I0.0.$vci" < /tmp/in.$len > /tmp/t.$len 2>&1
	check "ttcp_atm sent one $len-byte PDU" grep -q "ttcp-t: $len bytes" /tmp/t.$len
	check "$len-byte PDU and the end markers arrived" \
		wait_for 10 size_at_least /tmp/out.$len $((len + 16))
	check "$len-byte PDU arrived byte for byte" \
		sh -c "head -c $len /tmp/out.$len | cmp -s - /tmp/in.$len"
	check "nothing more arrived" [ "$(file_size /tmp/out.$len)" = $((len + 16)) ]
	reap_all
	vci=$((vci + 1))
	ncopied=$((ncopied + 4))
	[ "$len" -le "$copybreak" ] && ncopied=$((ncopied + 1))
done
copied=$(($(dev_counter "$I0" tx_copied) - copied0))
check "the sends up to $copybreak bytes were copied, the larger mapped ($copied copied, $ncopied expected)" \
	[ "$copied" = "$ncopied" ]

# One-direction VCs on one VPI/VCI of one port: an RX-only reader and a
# TX-only writer on 1.0.300 at the same time; the writer's PDU reaches
# port 0's reader.
bg_start sh -c "exec atmtest tty aread $I1.0.300 > /tmp/aread.in1 2>&1"
bg_start sh -c "exec atmtest tty aread $I0.0.300 > /tmp/aread.in0 2>&1"
wait_for 10 vc_up "$I1" 0.300 rx
wait_for 10 vc_up "$I0" 0.300 rx
sent=$(awrite "$I1.0.300" hello)
check "TX-only VC opens beside an RX-only VC on the same VPI/VCI" [ "$sent" = 5 ]
check "its PDU crosses the link" wait_for 10 has_line /tmp/aread.in0 "^5: "
check "the RX-only VC on the sending port saw nothing" \
	[ "$(file_size /tmp/aread.in1)" = 0 ]
reap_all
finish

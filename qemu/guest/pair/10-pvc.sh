#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two guests (runner.py --pair), one coatm NIC each, linked by a QEMU
# stream netdev: PVCs from one guest to the other. aread gets exactly
# what awrite sent, both ways; ttcp_atm carries 65535- and 9180-byte PDUs
# byte for byte (the sender hands its SHA-256 over at the barrier); a
# shaped bulk transfer arrives whole and both guests' AAL5 counters agree.
# Both guests run this script; $ROLE says which one this is.
. /tests/lib.sh

I=$(atm_itf "$LOCAL")
ESI=$(cat "$(atm_dir "$LOCAL")/address")
n=$(grep -c ' coatm ' /proc/net/atm/devices)
check "guest $ROLE: one coatm NIC ($LOCAL, itf $I, ESI $ESI)" [ "$n" = 1 ]
check "$LOCAL: carrier 1" carrier_is "$LOCAL" 1
peer_esi=$(barrier hello "$ESI")
check "met guest $PEER at the first barrier; its ESI $peer_esi is another" \
	[ -n "$peer_esi" ] && [ "$peer_esi" != "$ESI" ]

# The line aread prints for LEN bytes of hex byte HEX.
aread_line() {
	awk -v n="$1" -v h="$2" 'BEGIN { printf "%d: ", n;
		for (i = 0; i < n; i++) printf " %s", h; printf "\n" }'
}

# pdu FROM VCI LEN CHAR HEX: guest FROM awrites LEN bytes of CHAR on
# 0.VCI, the other guest's aread gets one PDU of exactly those bytes.
pdu() {
	from=$1 vci=$2 len=$3 ch=$4 hex=$5
	if [ "$ROLE" = "$from" ]; then
		barrier "rx$vci" > /dev/null
		sent=$(awrite "$I.0.$vci" "$(head -c "$len" /dev/zero | tr '\0' "$ch")")
		check "awrite $I.0.$vci: $len bytes to guest $PEER" [ "$sent" = "$len" ]
	else
		out=/tmp/aread.$vci
		bg_start sh -c "exec atmtest tty aread $I.0.$vci > $out 2>&1"
		wait_for 10 vc_up "$I" "0.$vci" rx
		barrier "rx$vci" > /dev/null
		check "aread $I.0.$vci: one PDU of $len bytes from guest $PEER" \
			wait_for 10 has_line "$out" "^$len: "
		aread_line "$len" "$hex" > /tmp/expect.$vci
		check "aread $I.0.$vci: the bytes are the ones sent" \
			cmp -s "$out" /tmp/expect.$vci
		reap_all
	fi
}
pdu a 100 1 a 61
pdu a 101 48 b 62
pdu a 102 1000 c 63
pdu b 103 49 d 64
pdu b 104 1 e 65

# big FROM VCI LEN: ttcp_atm (no -s: stdin to the VC, the VC to stdout)
# carries one PDU of LEN random bytes, then 4 marker PDUs of 4 bytes.
big() {
	from=$1 vci=$2 len=$3
	if [ "$ROLE" = "$from" ]; then
		head -c "$len" /dev/urandom > /tmp/in.$len
		barrier "big$vci" "$(sha /tmp/in.$len)" > /dev/null
		ttcp_atm -t -a -l "$len" "$I.0.$vci" < /tmp/in.$len > /tmp/t.$len 2>&1
		check "ttcp_atm sent one $len-byte PDU to guest $PEER" \
			grep -q "ttcp-t: $len bytes" /tmp/t.$len
	else
		bg_start sh -c "exec ttcp_atm -r -a -l $len $I.0.$vci > /tmp/out.$len 2>/dev/null"
		wait_for 10 vc_up "$I" "0.$vci" rx
		want=$(barrier "big$vci")
		check "$len-byte PDU and the end markers arrived from guest $PEER" \
			wait_for 20 size_at_least /tmp/out.$len $((len + 16))
		head -c "$len" /tmp/out.$len > /tmp/got.$len
		check "$len-byte PDU arrived byte for byte (sha256 ${want%${want#????????}}...)" \
			[ "$(sha /tmp/got.$len)" = "$want" ]
		check "nothing more arrived" [ "$(file_size /tmp/out.$len)" = $((len + 16)) ]
		reap_all
	fi
}
big a 200 65535
big b 201 9180

# Bulk: 1000 PDUs of 1000 bytes, CBR at 10,000 cells/s, from a to b with
# a 4 MB receive buffer: nothing is lost, and the PDUs guest a counted as
# sent are the ones guest b counted as received.
sysctl -qw net.core.rmem_max=4194304
tx=$(aal_stat "$I" AAL5 tx)
rx=$(aal_stat "$I" AAL5 rx)
drop=$(($(aal_stat "$I" AAL5 rx_drop) + $(aal_stat "$I" AAL5 rx_err) + \
	$(dev_counter "$I" rx_nobuf)))
sent_at_least() { [ "$(aal_stat "$I" AAL5 tx)" -ge "$1" ]; }
if [ "$ROLE" = a ]; then
	barrier bulk-rx > /dev/null
	t0=$(now_cs)
	ttcp_atm -t -a -s -l 1000 -n 1000 -P 10000 "$I.0.300" > /tmp/bulk.t 2>&1
	t1=$(now_cs)
	check "bulk: ttcp_atm sent 1,000,000 bytes" grep -q "ttcp-t: 1000000 bytes" /tmp/bulk.t
	wait_for 10 sent_at_least $((tx + 1006)) || true
	sent=$(($(aal_stat "$I" AAL5 tx) - tx))
	check "bulk: guest a counted 1006 PDUs sent ($sent)" [ "$sent" = 1006 ]
	echo "# bulk: 1006 PDUs sent in $(((t1 - t0) * 10)) ms"
	barrier bulk-done "$sent" > /dev/null
else
	bg_start sh -c "exec ttcp_atm -r -a -s -b 4194304 -l 1000 $I.0.300 > /tmp/bulk.r 2>&1"
	wait_for 10 vc_up "$I" 0.300 rx
	barrier bulk-rx > /dev/null
	sent=$(barrier bulk-done)
	check "bulk: ttcp_atm received 1,000,000 bytes" \
		wait_for 60 has_line /tmp/bulk.r "ttcp-r: 1000000 bytes"
	got=$(($(aal_stat "$I" AAL5 rx) - rx))
	lost=$(($(aal_stat "$I" AAL5 rx_drop) + $(aal_stat "$I" AAL5 rx_err) + \
		$(dev_counter "$I" rx_nobuf) - drop))
	check "bulk: guest b received the $sent PDUs guest a sent ($got), lost none ($lost)" \
		[ "$got" = "$sent" ] && [ "$lost" = 0 ]
	reap_all
fi
finish

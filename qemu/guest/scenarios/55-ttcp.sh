#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bulk AAL5 with ttcp_atm -u: at least 10,000 PDUs, byte counts on both
# sides, and the ATM_GETSTAT counters (atmdiag) of both ports account for
# every PDU: sent on port 0 = received + dropped + errored on port 1 +
# the PDUs port 1's device dropped for want of buffers + the end markers
# that came after the receiver closed its VC. A CBR VC shaped below what
# the receiver takes loses no data PDU.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

# run VCI LEN COUNT [QOS]: one ttcp_atm transfer; sets OUT_T and OUT_R
run() {
	vci=$1 len=$2 n=$3 qos=${4:+-P $4}
	OUT_T=/tmp/ttcp-t.$vci OUT_R=/tmp/ttcp-r.$vci
	bg_start sh -c "exec ttcp_atm -r -a -s $RBUF -l $len $I1.0.$vci > $OUT_R 2>&1"
	wait_for 10 vc_up "$I1" "0.$vci" rx || notok "receiver VC never opened"
	ttcp_atm -t -a -s -l "$len" -n "$n" $qos "$I0.0.$vci" > "$OUT_T" 2>&1
	# The receiver stops at the sender's end marker; without it, bounded.
	wait_for 60 has_line "$OUT_R" "ttcp-r:"
	reap_all
}

snap() {
	TX0=$(aal_stat "$I0" AAL5 tx)
	RX1=$(aal_stat "$I1" AAL5 rx)
	DROP1=$(aal_stat "$I1" AAL5 rx_drop)
	ERR1=$(aal_stat "$I1" AAL5 rx_err)
	NOBUF1=$(dev_counter "$I1" rx_nobuf)
	# ttcp_atm -r stops at the first of 5 end markers (one cell each):
	# markers that arrive once its VC is closed in the device are cells
	# for no VC there.
	INVAL1=$(dev_counter "$I1" rx_invalid_vc)
}

# 1. CBR at 30,000 cells/s (about 1,400 PDUs/s of 1000 bytes), below what
# the receiver takes in this guest, with a receive buffer for the jitter.
sysctl -qw net.core.rmem_max=4194304
snap
tx0=$TX0 rx1=$RX1 drop1=$DROP1 err1=$ERR1 nobuf1=$NOBUF1 inval1=$INVAL1
RBUF="-b 4194304"
run 400 1000 10000 30000
RBUF=
snap
check "CBR: sender wrote 10,000,000 bytes" grep -q "ttcp-t: 10000000 bytes" "$OUT_T"
check "CBR: receiver got 10,000,000 bytes" grep -q "ttcp-r: 10000000 bytes" "$OUT_R"
sent=$((TX0 - tx0))
got=$((RX1 - rx1))
lost=$((DROP1 - drop1 + ERR1 - err1 + NOBUF1 - nobuf1 + INVAL1 - inval1))
# 10,000 data PDUs plus 1 start and 5 end markers.
check "CBR: port 0 counted 10006 PDUs sent ($sent)" [ "$sent" = 10006 ]
check "CBR: port 1 received every data PDU ($got of 10006; $lost end markers after close)" \
	[ "$got" -ge 10001 ] && [ $((got + lost)) = 10006 ]

# 2. UBR at line rate, 64-byte PDUs: whatever is lost is counted.
tx0=$TX0 rx1=$RX1 drop1=$DROP1 err1=$ERR1 nobuf1=$NOBUF1 inval1=$INVAL1
run 401 64 20000
snap
sent=$((TX0 - tx0))
got=$((RX1 - rx1))
lost=$((DROP1 - drop1 + ERR1 - err1 + NOBUF1 - nobuf1 + INVAL1 - inval1))
check "UBR: port 0 counted 20006 PDUs sent ($sent)" [ "$sent" = 20006 ]
check "UBR: received $got + lost $lost = sent $sent" [ $((got + lost)) = "$sent" ]
bytes=$(sed -n 's/^ttcp-r: \([0-9]*\) bytes.*/\1/p' "$OUT_R")
echo "# UBR 64 B: $got of $sent PDUs delivered, $lost dropped and counted; ttcp-r ${bytes:-?} bytes"
grep ttcp- "$OUT_T" "$OUT_R" | sed 's/^/# /'
finish

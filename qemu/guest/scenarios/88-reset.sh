#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Adapter reset keeps VCs: a ttcp_atm transfer runs across a reset asked
# for on demand (condisctl reset), one tripped by the TX watchdog (the
# device's tx-stall knob) and one caused by a device error interrupt
# (raise-error), and completes on the same sockets; only the PDUs in
# flight at the reset are lost, every one of them counted, none
# duplicated. A VC the device refuses to re-program after a reset closes
# with ECONNRESET on its socket alone. A device that falls off the bus
# is found by the watchdog: its sockets get EIO, new VCs are refused, and
# a reset after it is back makes it usable again.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
P0=/machine/peripheral/atm0
P1=/machine/peripheral/atm1

# proc_field ITF NAME: a "NAME value" field of the shim's or driver's lines
proc_field() {
	tr ' ' '\n' < "/proc/net/atm/coatm:$1" | grep -A1 -x "$2" | head -n2 | tail -n1
}
resets_are() { [ "$(proc_field "$1" resets)" = "$2" ]; }
rx_more_than() { [ "$(aal_stat "$I1" AAL5 rx)" -gt "$1" ]; }

snap() {
	TX0=$(aal_stat "$I0" AAL5 tx)
	TXE0=$(aal_stat "$I0" AAL5 tx_err)
	# Copied sends (1000 B <= tx_copybreak) count as sent for their
	# socket; those the reset took back are counted here.
	CPE0=$(dev_counter "$I0" tx_copy_errors)
	RX1=$(aal_stat "$I1" AAL5 rx)
	# Lost at port 1: socket drops, damaged PDUs, no device buffer, and
	# end markers (one cell each) that came after the receiver closed.
	LOST1=$(($(aal_stat "$I1" AAL5 rx_drop) + $(aal_stat "$I1" AAL5 rx_err) + \
		$(dev_counter "$I1" rx_nobuf) + $(dev_counter "$I1" rx_invalid_vc)))
}

# across NAME VCI TRIGGER...: 4000 x 1000-byte PDUs, CBR 20,000 cells/s
# (about 2 s), port 0 -> port 1; TRIGGER runs once 300 PDUs arrived.
across() {
	what=$1 vci=$2
	shift 2
	resets0=$(proc_field "$I0" resets)
	snap
	tx0=$TX0 txe0=$TXE0 rx1=$RX1 lost1=$LOST1 cpe0=$CPE0
	bg_start sh -c "exec ttcp_atm -r -a -s -b 4194304 -l 1000 $I1.0.$vci > /tmp/r.$vci 2>&1"
	wait_for 10 vc_up "$I1" "0.$vci" rx || notok "$what: receiver VC never opened"
	bg_start sh -c "exec ttcp_atm -t -a -s -l 1000 -n 4000 -P 20000 $I0.0.$vci > /tmp/t.$vci 2>&1"
	wait_for 30 rx_more_than $((rx1 + 300)) || notok "$what: no traffic before the reset"
	"$@"
	check "$what: reset done" wait_for 30 resets_are "$I0" $((resets0 + 1))
	check "$what: sender finished on the same socket" \
		wait_for 60 has_line /tmp/t.$vci "ttcp-t: 4000000 bytes"
	check "$what: receiver finished on the same socket" \
		wait_for 60 has_line /tmp/r.$vci "ttcp-r:"
	reap_all
	snap
	sent=$((TX0 - tx0))
	failed=$((TXE0 - txe0))
	cperr=$((CPE0 - cpe0))
	got=$((RX1 - rx1))
	lost=$((LOST1 - lost1))
	# 4000 data PDUs + 1 start + 5 end markers were written.
	check "$what: every PDU written is sent or counted lost ($sent + $failed = 4006)" \
		[ $((sent + failed)) = 4006 ]
	check "$what: some PDUs were in flight and lost ($failed + $cperr copied)" \
		[ $((failed + cperr)) -gt 0 ]
	# The receiver is not reset: what it lost (a slow guest) is counted.
	check "$what: everything sent arrived once or was counted lost ($got + $lost + $cperr copied = $sent)" \
		[ $((got + lost + cperr)) = "$sent" ]
}

sysctl -qw net.core.rmem_max=4194304

# 1. On demand.
ondemand() { condisctl "$I0" reset > /tmp/reset.out 2>&1; }
across "on-demand reset" 700 ondemand
check "condisctl reset reported it" grep -qx "$I0: reset done" /tmp/reset.out
check "a non-root reset is refused" \
	sh -c "su -s /bin/sh nobody -c 'condisctl $I0 reset' 2>&1 | grep -qi 'not permitted'"

# 2. The watchdog: the TX engine wedges; the reset un-wedges it.
timeouts0=$(proc_field "$I0" tx_timeouts)
stall() { hostctl qom-set $P0 tx-stall true > /dev/null; }
across "watchdog reset" 701 stall
check "the watchdog counted one TX timeout" \
	[ "$(proc_field "$I0" tx_timeouts)" = $((timeouts0 + 1)) ]
check "the reset un-wedged TX" \
	sh -c "hostctl qom-get $P0 tx-stall | grep -qx false"

# 3. A device error interrupt.
errors0=$(proc_field "$I0" device_errors)
deverr() { hostctl qom-set $P0 raise-error 16 > /dev/null; }
across "device-error reset" 702 deverr
check "the driver counted one device error" \
	[ "$(proc_field "$I0" device_errors)" = $((errors0 + 1)) ]

# 4. The device refuses one VC after a reset: only that socket hears it.
bg_start sh -c "exec atmtest watch $I0.0.710 -d rx > /tmp/w710 2>&1"
bg_start sh -c "exec atmtest watch $I0.0.711 -d rx > /tmp/w711 2>&1"
wait_for 10 has_line /tmp/w710 "^ok" && wait_for 10 has_line /tmp/w711 "^ok"
hostctl qom-set $P0 refuse-open 1 > /dev/null
check "reset with one VC refused" sh -c "condisctl $I0 reset > /dev/null"
# Which of the two the device re-opens first depends on their handles.
one_reset() { [ "$(cat /tmp/w710 /tmp/w711 | grep -c 'error ECONNRESET')" = 1 ]; }
check "exactly one socket got ECONNRESET" wait_for 10 one_reset
lost=710 kept=711
has_line /tmp/w711 "error ECONNRESET" && lost=711 kept=710
check "the refused VC 0.$lost is closed" not vc_up "$I0" "0.$lost" rx
check "the other VC 0.$kept is still active" vc_up "$I0" "0.$kept" rx
check "and its socket heard nothing" not has_line "/tmp/w$kept" "error"
check "the other VC still receives" \
	sh -c "atmtest send $I1.0.$kept -s 100 | grep -qx 'ok 1'"
pdus_kept() { condisctl "$I0" "0.$kept" query GEN_CO_RCV_PDUS_OK 2> /dev/null | grep -qx "GEN_CO_RCV_PDUS_OK = $1"; }
check "the other VC counted that PDU" wait_for 10 pdus_kept 1
reap_all

# 5. The device falls off the bus with sockets open.
bg_start sh -c "exec atmtest watch $I1.0.720 -d rx > /tmp/w720 2>&1"
bg_start sh -c "exec atmtest watch $I1.0.721 -d rx > /tmp/w721 2>&1"
wait_for 10 has_line /tmp/w720 "^ok" && wait_for 10 has_line /tmp/w721 "^ok"
hostctl qom-set $P1 dead true > /dev/null
check "dead device: first socket got EIO" wait_for 30 has_line /tmp/w720 "error EIO"
check "dead device: second socket got EIO" wait_for 10 has_line /tmp/w721 "error EIO"
check "dead device: hardware status NOT_READY" \
	sh -c "condisctl $I1 query GEN_CO_HARDWARE_STATUS | grep -q not-ready"
check "dead device: a new VC is refused with EIO" \
	sh -c "atmtest open $I1.0.722 -d rx < /dev/null 2> /dev/null | grep -qx EIO"
check "dead device: a reset fails with EIO" \
	sh -c "condisctl $I1 reset 2>&1 | grep -q 'device is dead'"
reap_all
hostctl qom-set $P1 dead false > /dev/null
check "back on the bus: a reset brings the device back" \
	sh -c "condisctl $I1 reset > /dev/null"
bg_start sh -c "exec ttcp_atm -r -a -s -l 100 $I1.0.723 > /tmp/r723 2>&1"
wait_for 10 vc_up "$I1" 0.723 rx
ttcp_atm -t -a -s -l 100 -n 50 "$I0.0.723" > /dev/null 2>&1
check "back on the bus: PVC traffic again" \
	wait_for 30 has_line /tmp/r723 "ttcp-r: 5000 bytes"
reap_all
finish

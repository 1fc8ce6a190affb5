#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A VC shaped far below what it has queued: CBR at 10 cells/s with three
# 9000-byte PDUs (188 cells each: 19 s per PDU).
#  - The TX watchdog tells it from a dead device: no reset while the
#    device waits out the VC's shaping.
#  - A UBR VC beside it is not held back: the device's CBR ring waits,
#    its UBR ring goes on.
#  - close returns within close_drain_ms and takes back every PDU it had
#    queued (the device completes them as not sent), so nothing reaches
#    the socket after it is gone; no reset.
#  - The same with sends small enough for the driver to copy (and complete
#    at once): close returns, every PDU is received or counted in
#    tx_copy_errors.
#  - Unload (halt) with such a VC open, watchdog off and on, returns and
#    leaves nothing behind.
#  - A device that no longer answers commands: close and unload still
#    return (the shim resets the adapter), and take every PDU back first.
# The host fails the run on any splat (use-after-free, atm_pop_raw's
# WARNING) and on wmem leakage.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
P0=/machine/peripheral/atm0
PARAM=/sys/module/coatm/parameters

proc_num() {	# proc_num ITF NAME: a "NAME value" field of proc_read
	tr ' ' '\n' < "/proc/net/atm/coatm:$1" | grep -A1 -x "$2" | head -n2 | tail -n1
}
checks_past() { [ "$(proc_num "$I0" watchdog_checks)" -ge "$1" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }
rx_at_least() { [ "$(aal_stat "$I1" AAL5 rx)" -ge "$1" ]; }

# slow_sender VCI [SIZE N]: N (3) x SIZE (9000) B on a 10 cells/s CBR VC
# from port 0, held open until fd 3 is closed; SPID is its pid. The first
# PDU goes out at once, the others wait for the VC's shaping.
slow_sender() {
	rm -f /tmp/slow.hold /tmp/slow.out
	mkfifo /tmp/slow.hold
	atmtest send "$I0.0.$1" -s "${2:-9000}" -n "${3:-3}" -c 10 -w \
		< /tmp/slow.hold > /tmp/slow.out 2>&1 &
	SPID=$!
	exec 3> /tmp/slow.hold
	wait_for 10 has_line /tmp/slow.out "^ok ${3:-3}"
}

reload() {
	insmod /lib/modules/coatm/coatm.ko &&
		wait_for 10 sh -c '[ $(grep -c " coatm " /proc/net/atm/devices) = 2 ]' &&
		wait_for 10 carrier_is atm0 1 && wait_for 10 carrier_is atm1 1
}

# --- the watchdog and a shaped VC -------------------------------------
echo 400 > $PARAM/tx_timeout_ms		# a check every 100 ms
bg_start atmtest open "$I1.0.720" -d rx -H > /dev/null
wait_for 10 vc_up "$I1" 0.720 rx
rx0=$(aal_stat "$I1" AAL5 rx)
tx0=$(aal_stat "$I0" AAL5 tx)
txe0=$(aal_stat "$I0" AAL5 tx_err)
resets0=$(proc_num "$I0" resets)
timeouts0=$(proc_num "$I0" tx_timeouts)
slow_sender 720
check "slow VC: three 9000-byte PDUs queued" has_line /tmp/slow.out '^ok 3'
check "slow VC: the first PDU arrived" wait_for 20 rx_at_least $((rx0 + 1))
# 25 watchdog checks: 2.5 s of TX waiting, 6 x tx_timeout_ms.
c=$(proc_num "$I0" watchdog_checks)
check "watchdog ran 25 checks" wait_for 60 checks_past $((c + 25))
check "no TX timeout while the device waits out the VC's shaping" \
	[ "$(proc_num "$I0" tx_timeouts)" = "$timeouts0" ]
check "no reset either" [ "$(proc_num "$I0" resets)" = "$resets0" ]
echo 2000 > $PARAM/tx_timeout_ms

# --- a UBR VC beside it -------------------------------------------------
# The CBR VC's PDUs wait on the device's CBR ring; a UBR VC's go on the
# UBR ring and are not held back (before the TX class rings they waited
# the 38 s of the CBR VC's shaping).
cbr_waits() { grep -q "^vc 0.720 aal5 tx active inflight [1-9]" "/proc/net/atm/coatm:$I0"; }
check "the CBR VC has PDUs waiting for its shaping" cbr_waits
on_cbr_ring() {	# "ring tx-cbr: size S prod P cons C backlog B", P != C
	awk '$1 == "ring" && $2 == "tx-cbr:" { f = 1; busy = $6 != $8 }
		END { exit !(f && busy) }' "/proc/net/atm/coatm:$I0"
}
check "they wait on the CBR ring" on_cbr_ring
rm -f /tmp/ubr.r
atmtest rate "$I1.0.723" -n 20 -t 120 > /tmp/ubr.r 2>&1 &
UPID=$!
wait_for 10 has_line /tmp/ubr.r '^ok'
check "UBR VC: 20 x 9000 B sent beside the waiting CBR VC" \
	sh -c "atmtest send $I0.0.723 -s 9000 -n 20 > /dev/null"
check "...all 20 received" wait_for 120 has_line /tmp/ubr.r '^rate 20 '
check "...while the CBR VC's PDUs still wait for its shaping" cbr_waits
wait "$UPID" 2>/dev/null
tx0=$((tx0 + 20))	# received, so sent: the close below counts the rest

# --- close with PDUs queued --------------------------------------------
exec 3>&-
check "close returns (within close_drain_ms, not after 38 s of shaping)" \
	wait_for 30 gone "$SPID"
wait "$SPID" 2>/dev/null
sent=$(($(aal_stat "$I0" AAL5 tx) - tx0))
failed=$(($(aal_stat "$I0" AAL5 tx_err) - txe0))
check "3 PDUs written = $sent sent + $failed given back unsent" \
	[ $((sent + failed)) = 3 ] && [ "$sent" -ge 1 ]
check "no reset for a slow close" [ "$(proc_num "$I0" resets)" = "$resets0" ]
check "VC gone from the shim" sh -c "! grep -q '^vc 0.720 ' /proc/net/atm/coatm:$I0"
# A reset now has nothing of the closed socket's left to complete.
check "a reset after it" condisctl "$I0" reset
check "port 0 still carries a PDU" \
	sh -c "[ \"\$(awrite $I0.0.720 after-close)\" = 11 ]"
check "...and it arrives" wait_for 10 rx_at_least $((rx0 + 2))
reap_all

# --- close with copied PDUs queued --------------------------------------
# 10 x 1000 B (21 cells, 2.1 s each at 10 cells/s): copied, so their
# socket was told at once that they were sent; those the close discards
# are counted in tx_copy_errors.
bg_start atmtest open "$I1.0.724" -d rx -H > /dev/null
wait_for 10 vc_up "$I1" 0.724 rx
rx0=$(aal_stat "$I1" AAL5 rx)
resets0=$(proc_num "$I0" resets)
copied0=$(proc_num "$I0" tx_copied)
cerr0=$(proc_num "$I0" tx_copy_errors)
slow_sender 724 1000 10
check "small PDUs on the slow VC: all 10 copied" \
	[ $(($(proc_num "$I0" tx_copied) - copied0)) = 10 ]
check "...the first arrived" wait_for 20 rx_at_least $((rx0 + 1))
exec 3>&-
check "close returns with copied PDUs queued" wait_for 30 gone "$SPID"
wait "$SPID" 2>/dev/null
check "VC 0.724 gone from the shim" \
	wait_for 10 sh -c "! grep -q '^vc 0.724 ' /proc/net/atm/coatm:$I0"
# The device completed every descriptor before the close finished; what
# it sent before may still be on its way to port 1.
cerr=$(($(proc_num "$I0" tx_copy_errors) - cerr0))
check "some copied PDUs were discarded by the close ($cerr)" [ "$cerr" -ge 1 ]
check "10 PDUs copied = received + $cerr counted in tx_copy_errors" \
	wait_for 10 rx_at_least $((rx0 + 10 - cerr))
check "...and no more arrived" \
	[ "$(aal_stat "$I1" AAL5 rx)" = $((rx0 + 10 - cerr)) ]
check "no reset for the close" [ "$(proc_num "$I0" resets)" = "$resets0" ]
reap_all

# --- a device that does not answer commands: close ---------------------
bg_start atmtest open "$I1.0.721" -d rx -H > /dev/null
wait_for 10 vc_up "$I1" 0.721 rx
resets0=$(proc_num "$I0" resets)
slow_sender 721
hostctl qom-set $P0 cmd-stall true > /dev/null
exec 3>&-
check "close returns although the device holds its CLOSE" \
	wait_for 60 gone "$SPID"
wait "$SPID" 2>/dev/null
check "the shim reset the adapter to finish the close" \
	[ "$(proc_num "$I0" resets)" = $((resets0 + 1)) ]
check "the reset released the command stall" \
	sh -c "hostctl qom-get $P0 cmd-stall | grep -qx false"
check "VC 0.721 gone from the shim" \
	wait_for 10 sh -c "! grep -q '^vc 0.721 ' /proc/net/atm/coatm:$I0"
reap_all

# --- unload with a slow VC open: watchdog off, on; device hung ---------
for how in "watchdog off" "watchdog on" "commands stalled" "copied sends"; do
	case $how in
	"copied sends") slow_sender 722 1000 10 ;;
	*) slow_sender 722 ;;
	esac
	case $how in
	"watchdog off") echo 0 > $PARAM/tx_timeout_ms ;;
	"commands stalled") hostctl qom-set $P0 cmd-stall true > /dev/null ;;
	esac
	check "rmmod coatm with a slow VC open ($how)" rmmod coatm
	exec 3>&-
	check "its sender ends ($how)" wait_for 30 gone "$SPID"
	wait "$SPID" 2>/dev/null
	check "both ports back after reload ($how)" reload
done
hostctl qom-set $P0 cmd-stall false > /dev/null
finish

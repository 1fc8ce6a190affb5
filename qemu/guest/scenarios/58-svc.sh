#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# SVCs between the two back-to-back ports with Debian's atmsigd: one
# daemon with two signalling entities, the user side on port 0 and the
# network side on port 1, each on its port's VC 0.5. One svc_send ->
# svc_recv call, then 100 ttcp_atm calls (20 at a time) whose bytes are
# compared; every call's VC and every VC atmsigd opens to pick a VCI must
# be closed again, and only the signalling VCs stay open.
. /tests/lib.sh

# Debian's kernel since 6.1.170 refuses every answer of the daemon
# (qemu/kernel-patches/0001-*): bind() and listen() would sleep for ever.
if ! grep -qw sigd_forget /proc/kallsyms; then
	ok "SVCs # SKIP kernel without the SVC signalling fix"
	exit 0
fi

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
# NSAP addresses (ICD format): a private prefix, the port's ESI, selector.
PFX=47.0005.80ffe1000000f21a26d8
A0=$PFX.02c0a7000000.00
A1=$PFX.02c0a7000001.00

now() { cut -d' ' -f1 /proc/uptime; }
# cmd_ring ITF: "prod cons" of the driver's command ring (OPEN/CLOSE...)
cmd_ring() { sed -n 's/^ring cmd: prod \([0-9]*\) cons \([0-9]*\);.*/\1 \2/p' \
	"/proc/net/atm/coatm:$1"; }
# vcs_open ITF: VCs the shim has open on ITF
vcs_open() { sed -n 's/.* vcs \([0-9]*\)\/.*/\1/p' "/proc/net/atm/coatm:$1"; }
vcs_are() { [ "$(vcs_open "$1")" = "$2" ]; }
# ports_at N: both ports have N VCs open
ports_at() { vcs_are "$I0" "$1" && vcs_are "$I1" "$1"; }
listening() { [ "$(grep -c ' LISTEN ' /proc/net/atm/svc)" = "$1" ]; }
rx_at_least() { [ "$(aal_stat "$I1" AAL5 rx)" -ge "$1" ]; }
# only_vc05 ITF: the shim lists one VC, 0.5
only_vc05() { vcs_are "$1" 1 && [ "$(grep '^vc ' "/proc/net/atm/coatm:$1" | cut -d' ' -f2)" = 0.5 ]; }
# ring_delta ITF BEFORE: commands posted since BEFORE, if none is pending
ring_delta() {
	set -- "$1" "$2" $(cmd_ring "$1")
	[ "$3" = "$4" ] && echo $(($3 - $2))
}
# vc_list: "itf.vpi.vci" of every entry of /proc/net/atm/vc, sorted
vc_list() { sed 1d /proc/net/atm/vc | awk '{ print $2 "." $3 "." $4 }' | sort | tr '\n' ' '; }
even_at_least() { [ "$1" -ge "$2" ] && [ $(($1 % 2)) = 0 ]; }
alive() { for p in $BG; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
# wait_calm SECONDS CMD...: wait_for, polling every 0.2 s: the conditions
# here run programs, and polling them faster would take the CPU from the
# calls being waited for.
wait_calm() { wait_every 200000 "$@"; }
# call_ok S: call S delivered in.S. The receiver writes what it read
# (the data, then the sender's four 4-byte end markers) and, at exit,
# ttcp's buffered lines, among them the count of bytes read. $got holds
# those counts and the receivers that saw the call (grep output).
call_ok() {
	len=$((1531 * 0x$1))
	case "$got" in *"/tmp/out.$1:ttcp-r: $((len + 16)) bytes"*) ;; *) return 1 ;; esac
	case "$got" in *"/tmp/err.$1"*) ;; *) return 1 ;; esac
	cmp -s -n "$len" /tmp/in.$1 /tmp/out.$1
}
# entities: the daemon's log names the two entities and their roles
entities() {
	[ "$(pidof atmsigd | wc -w)" = 1 ] &&
	grep -A1 "signaling UNI 3.1 .* on $I0.0.5\$" /tmp/atmsigd.log | grep -q 'USER side' &&
	grep -A1 "signaling UNI 3.1 .* on $I1.0.5\$" /tmp/atmsigd.log | grep -q 'NETWORK side'
}
# links_up: both signalling entities report an established SAAL link
links_up() { [ "$(grep -c 'SSCF: entering state 4/10' /tmp/atmsigd.log)" -ge 2 ]; }

check "atmaddr -a $I0 $A0" atmaddr -a "$I0" "$A0"
check "atmaddr -a $I1 $A1" atmaddr -a "$I1" "$A1"
check "atmaddr $I1 lists the address" \
	[ "$(atmaddr "$I1")" = "$(echo "$A1" | tr a-f A-F)" ]

# One daemon, two entities. "sig uni31" before the entities gives both
# the same UNI version (without it only the last one gets a default).
# What signalling needs to keep its timers (SSCOP's, Q.2931's T303 and
# T310) while 20 calls move data at line rate on a busy machine: its VC
# is CBR, which the device serves before UBR, so its PDUs never queue
# behind the calls' data; and the daemon runs at nice -10, so forty
# ttcp_atm processes do not keep it from the CPU.
cat > /tmp/atmsigd.conf <<EOF
sig uni31
saal level debug
debug dump /tmp
entity $I0.0.5 {
	mode user
	qos cbr,aal5:pcr=10000
	default
}
entity $I1.0.5 {
	mode network
	qos cbr,aal5:pcr=10000
}
EOF
check "atmsigd -b starts" \
	sh -c "atmsigd -b -c /tmp/atmsigd.conf -l /tmp/atmsigd.log 2>/tmp/atmsigd.err"
check "one atmsigd: $I0.0.5 user side, $I1.0.5 network side, both UNI 3.1" \
	entities
nice_of() { awk '{ print $19 }' "/proc/$1/stat"; }
renice -n -10 -p "$(pidof atmsigd)" > /dev/null
check "atmsigd runs at nice -10" [ "$(nice_of "$(pidof atmsigd)")" = -10 ]
check "signalling VC 0.5 open on port $I0" wait_calm 10 vc_up "$I0" 0.5 txrx
check "signalling VC 0.5 open on port $I1" wait_calm 10 vc_up "$I1" 0.5 txrx
check "both SAAL links established (SSCOP over 0.5)" wait_calm 20 links_up
sig_cbr() { [ "$(awk -v i="$1" '$1 == i && $2 == 0 && $3 == 5 && $6 == "CBR" && $8 == "CBR"' /proc/net/atm/pvc)" ]; }
check "signalling VC $I0.0.5 is CBR both ways" sig_cbr "$I0"
check "signalling VC $I1.0.5 is CBR both ways" sig_cbr "$I1"
# Commands the driver has posted so far (OPEN of 0.5 included).
set -- $(cmd_ring "$I0")
cmd0=$1
set -- $(cmd_ring "$I1")
cmd1=$1

# svc_send -> svc_recv: svc_send writes 50000 PDUs of 8192 bytes (more
# than the test can wait for); it is ended once data flows, which
# releases the call, and svc_recv then reports what it read.
bg_start sh -c "exec svc_recv $A1 > /tmp/svc_recv.out 2>&1"
check "svc_recv listens on $A1" wait_calm 10 listening 1
rx0=$(aal_stat "$I1" AAL5 rx)
svc_send "$A1" > /tmp/svc_send.out 2>&1 &
spid=$!
check "svc_send's call is accepted and carries data" wait_calm 20 rx_at_least $((rx0 + 20))
check "the call has a VC on each port" ports_at 2
sed 's/^/# /' /proc/net/atm/svc
kill "$spid"
wait "$spid" 2>/dev/null
check "svc_recv ends when the call is released" \
	wait_calm 20 has_line /tmp/svc_recv.out '^received'
n=$(sed -n 's/^received \([0-9]*\) PDUs/\1/p' /tmp/svc_recv.out)
check "svc_recv read PDUs ($n)" [ "${n:-0}" -ge 1 ]
reap_all
check "the call's VCs are closed" wait_calm 10 ports_at 1

# 100 calls with ttcp_atm, 20 at a time: the receiver on selector S
# (01..14 hex) listens, the sender connects, copies in.S (1531 * S bytes:
# up to four PDUs of at most 9180) to the call, sends ttcp's 4 end
# markers and releases the call.
SELS="01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14"
for s in $SELS; do
	head -c $((1531 * 0x$s)) /dev/urandom > /tmp/in.$s
done
calls=0 good=0 bytes=0 peak=0
t0=$(now)
for batch in 1 2 3 4 5; do
	for s in $SELS; do
		ttcp_atm -r -a -l 9180 "$PFX.02c0a7000001.$s" > /tmp/out.$s 2>/tmp/err.$s &
		BG="$BG $!"
	done
	wait_calm 30 listening 20 || notok "batch $batch: receivers not listening"
	for s in $SELS; do
		ttcp_atm -t -a -l 9180 "$PFX.02c0a7000001.$s" < /tmp/in.$s > /tmp/t.$s 2>&1 &
		BG="$BG $!"
	done
	i=0
	while alive && [ $i -lt 120 ]; do	# at least a minute
		v=$(vcs_open "$I0")
		[ "$v" -gt "$peak" ] && peak=$v
		usleep 500000
		i=$((i + 1))
	done
	reap_all
	got=$(grep -Ho '^ttcp-r: [0-9]* bytes' /tmp/out.*
		grep -l 'accept from' /tmp/err.*)
	for s in $SELS; do
		calls=$((calls + 1))
		if call_ok "$s"; then
			good=$((good + 1))
			bytes=$((bytes + 1531 * 0x$s))
		else
			echo "# call $calls (batch $batch, selector $s) failed:"
			sed 's/^/#   /' /tmp/t.$s /tmp/err.$s
		fi
	done
	wait_calm 10 ports_at 1 || notok "batch $batch: call VCs left open"
done
t1=$(now)
echo "# $calls calls, $good byte for byte ($bytes bytes) in $(echo "$t0 $t1" |
	awk '{ printf "%.1f", $2 - $1 }') s; up to $((peak - 1)) calls at once"
check "100 ttcp_atm calls placed, accepted, data byte for byte, released" \
	[ "$good" = 100 ]

# Every VC was closed: only the signalling VCs are left, no command is
# outstanding, the user side opened and closed exactly one VC per call
# (101 calls), the network side that and at least one VCI probe.
check "port $I0: only VC 0.5 left" only_vc05 "$I0"
check "port $I1: only VC 0.5 left" only_vc05 "$I1"
check "/proc/net/atm/vc: the daemon's socket and the two signalling VCs" \
	[ "$(vc_list)" = "$I0.0.5 $I1.0.5 999.0.0 " ]
d0=$(ring_delta "$I0" "$cmd0")
check "port $I0 (user side): one OPEN and one CLOSE per call ($d0 commands)" \
	[ "$d0" = $((2 * (calls + 1))) ]
d1=$(ring_delta "$I1" "$cmd1")
check "port $I1 (network side): call VCs and VCI probes, all closed ($d1 commands)" \
	even_at_least "${d1:-0}" $((4 * (calls + 1)))
check "atmsigd never had an answer refused" not grep -q 'kernel write' /tmp/atmsigd.err

kill "$(pidof atmsigd)"
check "atmsigd gone: the signalling VCs close" wait_calm 10 ports_at 0
atmaddr -d "$I0" "$A0"
atmaddr -d "$I1" "$A1"
check "atmaddr -d removes the addresses" [ -z "$(atmaddr "$I0")$(atmaddr "$I1")" ]
finish

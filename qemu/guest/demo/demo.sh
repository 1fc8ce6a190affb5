#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make demo: what a user sees with two coatm NICs wired back to back.
. /tests/lib.sh

say() { printf '\n$ %s\n' "$*"; sh -c "$*"; }
I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

say cat /proc/net/atm/devices
for dev in atm0 atm1; do
	d=$(atm_dir $dev)
	say "cat $d/address $d/carrier $d/link_rate"
done
say 'grep coatm /proc/interrupts'

printf '\n# An AAL5 PDU from port %s to port %s over PVC 0.100 (aread, awrite)\n' "$I0" "$I1"
atmtest tty aread "$I1.0.100" > /tmp/demo.aread &
apid=$!
wait_for 10 vc_up "$I1" 0.100 rx
say "awrite $I0.0.100 'hello, ATM'"
wait_for 10 size_at_least /tmp/demo.aread 10
say 'cat /tmp/demo.aread'
kill $apid
wait $apid 2>/dev/null || true

printf '\n# 5000 PDUs of 1000 bytes with ttcp_atm on a CBR VC (30,000 cells/s)\n'
sysctl -qw net.core.rmem_max=4194304
ttcp_atm -r -a -s -b 4194304 -l 1000 "$I1.0.200" > /tmp/demo.r 2>&1 &
rpid=$!
wait_for 10 vc_up "$I1" 0.200 rx
say "ttcp_atm -t -a -s -l 1000 -n 5000 -P 30000 $I0.0.200 | grep bytes"
wait_for 30 has_line /tmp/demo.r 'ttcp-r:'
say 'grep bytes /tmp/demo.r'
kill $rpid 2>/dev/null
wait $rpid 2>/dev/null || true

# An SVC: atmsigd (one daemon, user side on port 0, network side on port
# 1), NSAP addresses, one ttcp_atm call. Needs the test kernel's fix to
# net/atm/signaling.c (qemu/kernel-patches/).
if grep -qw sigd_forget /proc/kallsyms; then
	printf '\n# An SVC: NSAP addresses, atmsigd as user side (port %s) and network side (port %s)\n' "$I0" "$I1"
	A0=47.0005.80ffe1000000f21a26d8.02c0a7000000.00
	A1=47.0005.80ffe1000000f21a26d8.02c0a7000001.00
	say "atmaddr -a $I0 $A0; atmaddr -a $I1 $A1"
	printf 'sig uni31\nsaal level debug\ndebug dump /tmp\nentity %s.0.5 { mode user default }\nentity %s.0.5 { mode network }\n' \
		"$I0" "$I1" > /tmp/atmsigd.conf
	say "cat /tmp/atmsigd.conf"
	say "atmsigd -b -c /tmp/atmsigd.conf -l /tmp/atmsigd.log"
	# SSCOP sets up both signalling links (logged at "saal level debug")
	wait_for 10 sh -c '[ $(grep -c "SSCF: entering state 4/10" /tmp/atmsigd.log) = 2 ]'
	ttcp_atm -r -a "$A1" > /tmp/demo.svc 2>/tmp/demo.svc.err &
	rpid=$!
	wait_for 10 grep -q LISTEN /proc/net/atm/svc
	echo 'hello over an SVC' > /tmp/demo.hello
	ttcp_atm -t -a "$A1" < /tmp/demo.hello > /tmp/demo.t 2>&1 &
	tpid=$!
	wait_for 10 sh -c '[ $(grep -c CONNECTED /proc/net/atm/svc) = 3 ]'
	say 'cat /proc/net/atm/svc'
	wait $tpid $rpid
	say 'grep bytes /tmp/demo.t; cat /tmp/demo.svc.err; head -n1 /tmp/demo.svc'
	kill "$(pidof atmsigd)"
	atmaddr -d "$I0" "$A0"
	atmaddr -d "$I1" "$A1"
fi

say "atmdiag $I0 $I1"
say "cat /proc/net/atm/coatm:$I0"

printf '\n# pulling the cable of atm0 (QMP set_link atm0 off)\n'
hostctl set_link atm0 off
wait_for 10 carrier_is atm0 0
say "cat $(atm_dir atm0)/carrier"
printf '\n# plugging it back in\n'
hostctl set_link atm0 on
wait_for 10 carrier_is atm0 1
say "cat $(atm_dir atm0)/carrier"

printf '\n# RFC 2684 bridged Ethernet (br2684ctl, LLC) on VC 0.35: nas0 on port %s,\n' "$I0"
printf '# nas1 on port %s moved into its own network namespace, so a ping crosses the link\n' "$I1"
unshare -n sh -c 'exec sleep 100000' &
nsp=$!
wait_for 10 grep -qx sleep "/proc/$nsp/comm"
say "br2684ctl -b -c 0 -e 0 -a $I0.0.35 2>/dev/null; br2684ctl -b -c 1 -e 0 -a $I1.0.35 2>/dev/null"
wait_for 10 sh -c '[ -e /sys/class/net/nas0 ] && [ -e /sys/class/net/nas1 ]'
ip link set nas1 netns "$nsp"
ip addr add 10.0.35.1/24 dev nas0
ip link set nas0 up
nsenter -t "$nsp" -n ip addr add 10.0.35.2/24 dev nas1
nsenter -t "$nsp" -n ip link set nas1 up
say 'ping -c 3 10.0.35.2'
say "atmdiag $I0 $I1"
kill "$(cat /var/run/br2684ctl-nas0.pid)" "$(cat /var/run/br2684ctl-nas1.pid)"
# The killed holder's status (143) is not the demo's.
kill $nsp
wait $nsp 2>/dev/null || true

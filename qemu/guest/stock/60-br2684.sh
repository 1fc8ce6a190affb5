#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# RFC 2684 bridged Ethernet over the link with Debian's br2684.ko: nas0 on
# port 0 and nas1 on port 1 (VC 0.35, LLC), nas1 moved into its own network
# namespace (busybox unshare, nsenter and ip ... netns PID) so that a ping
# between them must cross the ATM link.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
NS=""
cleanup() {
	for f in /var/run/br2684ctl-nas0.pid /var/run/br2684ctl-nas1.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	wait_for 10 not test -e /sys/class/net/nas0
	[ -n "$NS" ] && kill "$NS" 2>/dev/null
	reap_all
}
in_ns() { nsenter -t "$NS" -n "$@"; }

check "modprobe br2684 (Debian's)" /sbin/modprobe br2684
check "br2684ctl nas0 on $I0.0.35" br2684ctl -b -c 0 -e 0 -a "$I0.0.35"
check "br2684ctl nas1 on $I1.0.35" br2684ctl -b -c 1 -e 0 -a "$I1.0.35"
check "nas0 and nas1 exist" wait_for 10 test -e /sys/class/net/nas0 -a -e /sys/class/net/nas1
check "VC 0.35 active on both ports" \
	wait_for 10 sh -c "grep -q '^vc 0.35 aal5 .* active' /proc/net/atm/coatm:$I0 &&
		grep -q '^vc 0.35 aal5 .* active' /proc/net/atm/coatm:$I1"

bg_start unshare -n sleep 600
NS=$!
wait_for 10 sh -c "[ \"\$(readlink /proc/$NS/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
check "nas1 moves into its own namespace" ip link set nas1 netns "$NS"
ip addr add 10.99.0.1/24 dev nas0
ip link set nas0 up
in_ns ip link set lo up
in_ns ip addr add 10.99.0.2/24 dev nas1
in_ns ip link set nas1 up

tx0=$(aal_stat "$I0" AAL5 tx)
check "ping 10.99.0.2 (nas1, in the namespace) from nas0" ping -c 3 -W 5 10.99.0.2
check "ping 10.99.0.1 from the namespace" in_ns ping -c 3 -W 5 10.99.0.1
tx1=$(aal_stat "$I0" AAL5 tx)
check "the pings crossed the link: port 0 sent AAL5 PDUs ($tx0 -> $tx1)" \
	[ "$tx1" -ge $((tx0 + 6)) ]
cleanup
check "nas0 and nas1 go away with their br2684ctl" \
	wait_for 10 not test -e /sys/class/net/nas0 -o -e /sys/class/net/nas1
finish

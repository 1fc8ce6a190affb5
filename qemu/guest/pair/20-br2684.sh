#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# RFC 2684 bridged (LLC) between the two guests: br2684ctl on each, nas0
# with the NIC's ESI as its MAC, ping both ways, TCP both ways compared by
# SHA-256 across the barrier, and the AAL5 PDUs match nas0's packets.
# Pulling guest a's cable drops a's carrier, not b's: the stream link
# has one cable per end.
. /tests/lib.sh

I=$(atm_itf "$LOCAL")
ESI=$(cat "$(atm_dir "$LOCAL")/address")
if [ "$ROLE" = a ]; then ME=10.0.35.1 IP=10.0.35.2; else ME=10.0.35.2 IP=10.0.35.1; fi

tx0=$(aal5_sent "$I")
rx0=$(aal_stat "$I" AAL5 rx)
check "br2684ctl -b -c 0 -e 0 -a $I.0.35" \
	br2684ctl -b -c 0 -e 0 -a "$I.0.35" 2>>/tmp/br2684ctl.log
check "nas0 exists" wait_for 10 test -e /sys/class/net/nas0
check "nas0's MAC is this NIC's ESI $ESI" [ "$(cat /sys/class/net/nas0/address)" = "$ESI" ]
ip addr add "$ME/24" dev nas0
ip link set nas0 up
peer_esi=$(barrier up "$ESI")

check "ping $IP (guest $PEER): 5 of 5" pings 5 "$IP"
check "ping -s 1472 $IP: 3 of 3" pings 3 "$IP" 1472
check "guest $PEER's MAC was learnt by ARP ($peer_esi)" \
	sh -c "ip neigh show $IP | grep -q '$peer_esi'"

pair_copy a 5001 1000000 "$IP"
pair_copy b 5002 250000 "$IP"

# The cable of guest a's NIC.
barrier cable > /dev/null
if [ "$ROLE" = a ]; then
	hostctl set_link atm0 off
	check "set_link atm0 off: nas0 carrier 0" wait_for 10 \
		sh -c '[ "$(cat /sys/class/net/nas0/carrier)" = 0 ]'
	barrier cable-out > /dev/null
	barrier cable-seen > /dev/null
	hostctl set_link atm0 on
	check "set_link atm0 on: nas0 carrier 1" wait_for 10 \
		sh -c '[ "$(cat /sys/class/net/nas0/carrier)" = 1 ]'
else
	barrier cable-out > /dev/null
	check "guest a's cable out: nas0 here keeps carrier 1" \
		[ "$(cat /sys/class/net/nas0/carrier)" = 1 ]
	check "and guest a does not answer" not pings 1 "$IP"
	barrier cable-seen > /dev/null
fi
barrier cable-in > /dev/null
check "ping $IP after the cable is back: 3 of 3" pings 3 "$IP"
barrier counters > /dev/null

# Both guests are quiet now: every nas0 packet was one AAL5 PDU.
match() {
	[ $(($(aal5_sent "$I") - tx0)) = "$(netdev_stat nas0 tx_packets)" ] &&
	[ $(($(aal_stat "$I" AAL5 rx) - rx0)) = $(($(netdev_stat nas0 rx_packets) + \
		$(netdev_stat nas0 rx_dropped) + $(netdev_stat nas0 rx_errors))) ]
}
check "AAL5 PDUs sent and received = nas0's packets" wait_for 10 match
echo "# itf $I AAL5 sent $(($(aal5_sent "$I") - tx0)) received $(($(aal_stat "$I" AAL5 rx) - rx0));" \
	"nas0 tx_packets $(netdev_stat nas0 tx_packets) rx_packets $(netdev_stat nas0 rx_packets)"
barrier done > /dev/null

kill "$(cat /var/run/br2684ctl-nas0.pid)"
rm -f /var/run/br2684ctl-nas0.pid
check "killing br2684ctl removes nas0" wait_for 10 sh -c '! test -e /sys/class/net/nas0'
check "and closes the VC" wait_for 10 sh -c '! grep -q "^ *[0-9]" /proc/net/atm/pvc'
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Classical IP over ATM (RFC 2225, CLIP) between the two guests: atmarpd,
# "atmarp -c" makes the IP interface atm0, "atmarp -s" puts the peer's IP
# on a PVC. Ping both ways (also 8 KB packets: CLIP's MTU is 9180), TCP
# both ways compared by SHA-256 across the barrier, the AAL5 counters
# account for every packet, and "atmarp -d" closes the PVC. Then VC-mux
# ("null") on another PVC: ping both ways. CLIP
# interfaces exist in the initial network namespace only, hence two guests.
. /tests/lib.sh

I=$(atm_itf "$LOCAL")
if [ "$ROLE" = a ]; then ME=10.0.100.1 IP=10.0.100.2; else ME=10.0.100.2 IP=10.0.100.1; fi
VC=$I.0.100

tx0=$(aal5_sent "$I")
rx0=$(aal_stat "$I" AAL5 rx)
check "atmarpd -b" atmarpd -b 2>>/tmp/atmarpd.log
check "atmarp -c atm0" wait_for 10 sh -c 'atmarp -c atm0 2>>/tmp/atmarpd.log'
check "the CLIP interface atm0 exists, MTU 9180" \
	[ "$(cat /sys/class/net/atm0/mtu 2>/dev/null)" = 9180 ]
ip addr add "$ME/24" dev atm0
ip link set atm0 up
check "atmarp -s $IP $VC" atmarp -s "$IP" "$VC"
check "atmarp -a lists $IP on $VC as permanent" \
	sh -c "atmarp -a | grep -A1 'IP $IP, .*PERM' | grep -q '0.100'"
# arp_entry ENCAPS VC: /proc/net/atm/arp has $IP on PVC VC with ENCAPS
arp_entry() {
	awk -v e="$1" -v vc="$2" -v ip="$IP" '$1 == "atm0" && $2 == "PVC" &&
		$3 == e && $5 == ip && $6 == vc { f = 1 } END { exit !f }' /proc/net/atm/arp
}
check "/proc/net/atm/arp: atm0 PVC LLC $IP $VC" arp_entry LLC "$VC"
barrier up > /dev/null

# The first packet to a new CLIP neighbour may be lost while atmarpd
# resolves it: wait until one echo comes back, then count.
wait_for 20 pings 1 "$IP"
check "ping $IP (guest $PEER): 5 of 5" pings 5 "$IP"
check "ping -s 8000 $IP: 3 of 3 (one PDU each way)" pings 3 "$IP" 8000

pair_copy a 5003 1000000 "$IP"
pair_copy b 5004 250000 "$IP"
barrier counters > /dev/null

# Every IP packet on atm0 was one AAL5 PDU on the PVC.
match() {
	[ $(($(aal5_sent "$I") - tx0)) = "$(netdev_stat atm0 tx_packets)" ] &&
	[ $(($(aal_stat "$I" AAL5 rx) - rx0)) = $(($(netdev_stat atm0 rx_packets) + \
		$(netdev_stat atm0 rx_dropped) + $(netdev_stat atm0 rx_errors))) ]
}
check "AAL5 PDUs sent and received = atm0's packets" wait_for 10 match
echo "# itf $I AAL5 sent $(($(aal5_sent "$I") - tx0)) received $(($(aal_stat "$I" AAL5 rx) - rx0));" \
	"atm0 tx_packets $(netdev_stat atm0 tx_packets) rx_packets $(netdev_stat atm0 rx_packets)"
barrier done > /dev/null

check "atmarp -d $IP" atmarp -d "$IP"
check "the PVC closes" wait_for 10 sh -c '! grep -q "^ *[0-9]* *0 *100 " /proc/net/atm/pvc'

# VC-mux ("null" encapsulation) on another PVC.
check "atmarp -s $IP $I.0.101 null" atmarp -s "$IP" "$I.0.101" null
check "/proc/net/atm/arp: atm0 PVC NULL $IP $I.0.101" arp_entry NULL "$I.0.101"
barrier null-up > /dev/null
wait_for 20 pings 1 "$IP"
check "VC-mux: ping $IP: 5 of 5" pings 5 "$IP"
check "VC-mux: ping -s 8000 $IP: 3 of 3" pings 3 "$IP" 8000
barrier null-done > /dev/null
check "atmarp -d $IP" atmarp -d "$IP"
ip link set atm0 down
kill "$(pidof atmarpd)"
check "atmarpd ends; no VC left" wait_for 10 sh -c '! grep -q "^ *[0-9]" /proc/net/atm/pvc'
finish

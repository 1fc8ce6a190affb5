#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# RFC 2684 over the two back-to-back ports with br2684ctl: nas0 on port 0
# stays in this network namespace, nas1 on port 1 moves into another one,
# so IP between them really crosses the ATM link. For LLC and VC-mux
# encapsulation, bridged and routed: ping both ways, TCP transfers
# compared byte for byte, and the AAL5 PDU counters of both ports match
# the packet counters of the two interfaces exactly. LLC bridged also
# checks the MACs (the ports' ESIs) and that carrier follows the cable.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
VC=0.35

# The other namespace: its own network and a sysfs of its own, so that
# /sys/class/net/nas1 is readable there. $NS runs a command there. It is
# ready once the holder has become "sleep" (after unshare and mount).
bg_start unshare -m -n sh -c 'mount -t sysfs sysfs /sys && exec sleep 100000'
NSP=${BG# }
NS="nsenter -t $NSP -n -m"
check "a network namespace of its own (holder pid $NSP)" \
	wait_for 10 grep -qx sleep "/proc/$NSP/comm"
$NS ip link set lo up

# reap_ours: end the background jobs but the namespace's
reap_ours() {
	for pid in $BG; do [ "$pid" = "$NSP" ] || kill "$pid" 2>/dev/null; done
	for pid in $BG; do [ "$pid" = "$NSP" ] || wait "$pid" 2>/dev/null; done
	BG=" $NSP"
}

# tcp_copy LABEL BYTES FROM TO IP PORT: BYTES random bytes by TCP from
# FROM to TO ("" here, "$NS" there), to IP:PORT; compared at the end.
tcp_copy() {
	label=$1 n=$2 from=$3 to=$4 ip=$5 port=$6
	head -c "$n" /dev/urandom > /tmp/tcp.in
	tcp_listen "$port" /tmp/tcp.out "$to"
	r0=$(tcp_retrans "$from")
	t0=$(now_cs)
	tcp_send "$ip" "$port" /tmp/tcp.in "$from"
	wait_for 120 size_at_least /tmp/tcp.out "$n"
	t1=$(now_cs)
	check "$label: TCP $n bytes arrived ($(file_size /tmp/tcp.out))" \
		[ "$(file_size /tmp/tcp.out)" = "$n" ]
	check "$label: the bytes are the ones sent (sha256)" \
		[ "$(sha /tmp/tcp.in)" = "$(sha /tmp/tcp.out)" ]
	echo "# $label: $n bytes in $(((t1 - t0) * 10)) ms," \
		"$(($(tcp_retrans "$from") - r0)) segments retransmitted"
	reap_ours
}

# counters_match ITF DEV [WHERE]: the AAL5 PDUs port ITF sent (or failed
# to send) since $TX<ITF> are the packets DEV sent; the PDUs it received
# since $RX<ITF> are the packets DEV received, dropped or found malformed.
counters_match() {
	eval "tx0=\$TX$1 rx0=\$RX$1"
	atx=$(($(aal5_sent "$1") - tx0))
	arx=$(($(aal_stat "$1" AAL5 rx) - rx0))
	ntx=$(netdev_stat "$2" tx_packets "$3")
	nrx=$(($(netdev_stat "$2" rx_packets "$3") + \
		$(netdev_stat "$2" rx_dropped "$3") + $(netdev_stat "$2" rx_errors "$3")))
	[ "$atx" = "$ntx" ] && [ "$arx" = "$nrx" ]
}
counters_say() {
	eval "tx0=\$TX$1 rx0=\$RX$1"
	echo "# itf $1 AAL5 sent $(($(aal5_sent "$1") - tx0))" \
		"received $(($(aal_stat "$1" AAL5 rx) - rx0));" \
		"$2 tx_packets $(netdev_stat "$2" tx_packets "$3")" \
		"rx_packets $(netdev_stat "$2" rx_packets "$3")"
}
carrier_of() { [ "$($2 cat "/sys/class/net/$1/carrier")" = "$3" ]; }
dev_gone() { ! ${2:-} test -e "/sys/class/net/$1"; }
no_vc() { ! grep -q "^ *[0-9]" /proc/net/atm/pvc; }

# mode NAME ENCAPS PAYLOAD BYTES: one br2684 pair, tested and torn down
mode() {
	m=$1 enc=$2 pay=$3 bytes=$4
	for itf in $I0 $I1; do
		eval "TX$itf=$(aal5_sent "$itf") RX$itf=$(aal_stat "$itf" AAL5 rx)"
	done

	check "$m: br2684ctl -b -c 0 -e $enc -p $pay -a $I0.$VC" \
		br2684ctl -b -c 0 -e "$enc" -p "$pay" -a "$I0.$VC" 2>>/tmp/br2684ctl.log
	check "$m: br2684ctl -b -c 1 -e $enc -p $pay -a $I1.$VC" \
		br2684ctl -b -c 1 -e "$enc" -p "$pay" -a "$I1.$VC" 2>>/tmp/br2684ctl.log
	check "$m: nas0 and nas1 exist" wait_for 10 \
		sh -c '[ -e /sys/class/net/nas0 ] && [ -e /sys/class/net/nas1 ]'
	check "$m: /proc/net/atm/br2684 lists both VCs" wait_for 10 sh -c \
		"grep -q 'vcc $I0.$VC' /proc/net/atm/br2684 && grep -q 'vcc $I1.$VC' /proc/net/atm/br2684"
	check "$m: nas1 moves into the other namespace" ip link set nas1 netns "$NSP"
	check "$m: nas1 is there, not here" \
		sh -c "[ ! -e /sys/class/net/nas1 ] && $NS test -e /sys/class/net/nas1"

	if [ "$pay" = 1 ]; then
		if [ "$enc" = 0 ]; then
			check "$m: nas0's MAC is port 0's ESI $MAC_atm0" \
				[ "$(cat /sys/class/net/nas0/address)" = "$MAC_atm0" ]
			check "$m: nas1's MAC is port 1's ESI $MAC_atm1" \
				[ "$($NS cat /sys/class/net/nas1/address)" = "$MAC_atm1" ]
		fi
		ip addr add 10.0.35.1/24 dev nas0
		$NS ip addr add 10.0.35.2/24 dev nas1
	else
		ip addr add 10.0.35.1 peer 10.0.35.2 dev nas0
		$NS ip addr add 10.0.35.2 peer 10.0.35.1 dev nas1
	fi
	ip link set nas0 up
	$NS ip link set nas1 up

	check "$m: ping 10.0.35.2 from here: 5 of 5" pings 5 10.0.35.2
	check "$m: ping 10.0.35.1 from there: 5 of 5" pings 5 10.0.35.1 "" "$NS"
	check "$m: 1500-byte packets (ping -s 1472): 3 of 3" pings 3 10.0.35.2 1472
	[ "$pay" = 1 ] && check "$m: the peer's MAC was learnt by ARP" \
		sh -c "ip neigh show 10.0.35.2 | grep -q $MAC_atm1"
	tcp_copy "$m: here -> there" "$bytes" "" "$NS" 10.0.35.2 5001
	tcp_copy "$m: there -> here" $((bytes / 4)) "$NS" "" 10.0.35.1 5002

	if [ "$enc$pay" = 01 ]; then
		# The cable: carrier of the nas interface follows its port.
		check "$m: nas0 carrier 1" carrier_of nas0 "" 1
		hostctl set_link atm0 off
		check "$m: set_link atm0 off: nas0 carrier 0" \
			wait_for 10 carrier_of nas0 "" 0
		check "$m: nas1 keeps carrier 1" carrier_of nas1 "$NS" 1
		check "$m: no ping while the cable is out" not pings 1 10.0.35.2
		hostctl set_link atm0 on
		check "$m: set_link atm0 on: nas0 carrier 1" \
			wait_for 10 carrier_of nas0 "" 1
		hostctl set_link atm1 off
		check "$m: set_link atm1 off: nas1 (there) carrier 0" \
			wait_for 10 carrier_of nas1 "$NS" 0
		hostctl set_link atm1 on
		check "$m: set_link atm1 on: nas1 carrier 1" \
			wait_for 10 carrier_of nas1 "$NS" 1
		check "$m: ping works again: 3 of 3" pings 3 10.0.35.2
	fi

	# Every packet is one AAL5 PDU; TX completions may lag a little.
	check "$m: port $I0 AAL5 PDUs = nas0 packets" \
		wait_for 10 counters_match "$I0" nas0
	check "$m: port $I1 AAL5 PDUs = nas1 packets" \
		wait_for 10 counters_match "$I1" nas1 "$NS"
	counters_say "$I0" nas0
	counters_say "$I1" nas1 "$NS"
	n=$(netdev_stat nas0 tx_packets)
	check "$m: and they moved ($n packets)" [ "$n" -gt 100 ]

	# br2684ctl holds the VC; ending it removes the interface.
	kill "$(cat /var/run/br2684ctl-nas0.pid)" "$(cat /var/run/br2684ctl-nas1.pid)"
	check "$m: killing br2684ctl removes nas0" wait_for 10 dev_gone nas0
	check "$m: and nas1 (there)" wait_for 10 dev_gone nas1 "$NS"
	check "$m: and closes both VCs" wait_for 10 no_vc
	rm -f /var/run/br2684ctl-nas0.pid /var/run/br2684ctl-nas1.pid
}

mode "LLC bridged" 0 1 4000000
mode "VC-mux bridged" 1 1 500000
mode "LLC routed" 0 0 500000
mode "VC-mux routed" 1 0 500000

reap_all
check "no nas interface left" sh -c '! ls /sys/class/net | grep -q nas'
finish

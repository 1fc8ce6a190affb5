#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Device ioctls race the miniport's unload: condisctl OID queries (one
# the shim answers from the adapter description, one the miniport
# answers), sonetdiag and reads of the proc file run in a loop on both
# ports while coatm.ko is unloaded and loaded again 20 times. A request
# that got hold of the ATM device before its unregistration must not read
# the unloaded miniport's memory (the host checks the log for splats).
# Every query answers correctly or fails cleanly: ENODEV (no such
# interface) or NDIS status ADAPTER_REMOVED. After the last reload both
# ports answer correctly.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
DESC='GEN_CO_VENDOR_DESCRIPTION = "coatm PCI ATM SAR NIC"'

# querier ITF: query ITF until told to stop; one line per outcome
querier() {
	while [ ! -e /tmp/unload.stop ]; do
		condisctl "$1" query GEN_CO_VENDOR_DESCRIPTION
		condisctl "$1" query ATM_RCV_CELLS_OK
		sonetdiag "$1" > /dev/null 2>&1
		cat "/proc/net/atm/coatm:$1" > /dev/null 2>&1
	done > "/tmp/unload.$1" 2>&1
}

rm -f /tmp/unload.stop
querier "$I0" &
Q0=$!
querier "$I1" &
Q1=$!
loads=0
for i in $(seq 1 20); do
	rmmod coatm && insmod /lib/modules/coatm/coatm.ko && loads=$((loads + 1))
done
# The queriers stop after their round.
touch /tmp/unload.stop
wait $Q0 $Q1
check "20 unload/reload cycles under queries ($loads)" [ "$loads" = 20 ]

for i in "$I0" "$I1"; do
	f=/tmp/unload.$i
	ok=$(grep -c -x -e "$DESC" -e "ATM_RCV_CELLS_OK = [0-9]*" "$f")
	enodev=$(grep -c "No such device" "$f")
	removed=$(grep -c "NDIS status ADAPTER_REMOVED" "$f")
	echo "# itf $i: $ok answers, $enodev ENODEV, $removed ADAPTER_REMOVED"
	grep -v -x -e "$DESC" -e "ATM_RCV_CELLS_OK = [0-9]*" "$f" |
		grep -v -e "No such device" -e "NDIS status ADAPTER_REMOVED" \
		> /tmp/unload.bad
	check "itf $i: every query answered or failed cleanly" \
		[ ! -s /tmp/unload.bad ]
	sed -n 's/^/# /;1,5p' /tmp/unload.bad
	check "itf $i: the querier ran ($((ok + enodev + removed)) outcomes)" \
		[ $((ok + enodev + removed)) -gt 0 ]
done

check "both devices back" sh -c "[ \$(grep -c ' coatm ' /proc/net/atm/devices) = 2 ]"
for dev in atm0 atm1; do
	i=$(atm_itf $dev)
	eval "mac=\$MAC_$dev"
	check "$dev: description after the last reload" \
		[ "$(condisctl "$i" query GEN_CO_VENDOR_DESCRIPTION)" = "$DESC" ]
	check "$dev: its address after the last reload" \
		sh -c "condisctl $i query ATM_HW_CURRENT_ADDRESS | grep -q '$mac'"
	check "$dev: a miniport OID after the last reload" \
		sh -c "condisctl $i query ATM_RCV_CELLS_OK | grep -qx 'ATM_RCV_CELLS_OK = [0-9]*'"
	check "$dev: carrier 1 after the last reload" wait_for 10 carrier_is $dev 1
done
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Carrier follows the link: QMP set_link on the QEMU NIC raises the
# device's link interrupt; the driver indicates the new state through the
# shim to the ATM core (sysfs carrier, proc_read).
. /tests/lib.sh

for dev in atm0 atm1; do
	other=atm1
	[ $dev = atm1 ] && other=atm0
	itf=$(atm_itf $dev)

	check "$dev: set_link off accepted by QEMU" hostctl set_link $dev off
	check "$dev: carrier becomes 0" wait_for 10 carrier_is $dev 0
	check "$dev: proc_read says link down" \
		grep -q 'link down' "/proc/net/atm/coatm:$itf"
	check "$dev: $other keeps carrier 1" carrier_is $other 1
	check "$dev: set_link on accepted by QEMU" hostctl set_link $dev on
	check "$dev: carrier becomes 1 again" wait_for 10 carrier_is $dev 1
done

# Flap fast: whatever the interleaving, carrier ends where the link ends.
i=0
while [ $i -lt 20 ]; do
	hostctl set_link atm0 off >/dev/null
	hostctl set_link atm0 on >/dev/null
	i=$((i + 1))
done
hostctl set_link atm0 off >/dev/null
check "20 fast flaps then off: carrier 0" wait_for 10 carrier_is atm0 0
hostctl set_link atm0 on >/dev/null
check "then on: carrier 1" wait_for 10 carrier_is atm0 1
finish

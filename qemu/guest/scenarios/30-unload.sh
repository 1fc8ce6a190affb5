#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unload and reload with devices present; the log is checked for splats
# by the host. Leaves both modules loaded for the scenarios after it.
. /tests/lib.sh

check "rmmod coatm condis" rmmod coatm condis
n=$(grep -c ' coatm ' /proc/net/atm/devices)
check "no coatm device left after rmmod (found $n)" [ "$n" = 0 ]
check "no ATM class device left" sh -c '! ls /sys/class/atm/coatm* 2>/dev/null'

check "insmod condis coatm again" sh -c \
	'insmod /lib/modules/coatm/condis.ko && insmod /lib/modules/coatm/coatm.ko'
n=$(grep -c ' coatm ' /proc/net/atm/devices)
check "both devices back (found $n)" [ "$n" = 2 ]
check "atm0 carrier 1 after reload" wait_for 10 carrier_is atm0 1

# A link that is down at probe time is reported down at probe.
hostctl set_link atm1 off >/dev/null
rmmod coatm && insmod /lib/modules/coatm/coatm.ko
check "atm1 probed with link down: carrier 0" carrier_is atm1 0
check "atm0 probed with link up: carrier 1" carrier_is atm0 1
hostctl set_link atm1 on >/dev/null
check "atm1 link up after probe: carrier 1" wait_for 10 carrier_is atm1 1

# PCI unbind / bind of one device.
d=$(atm_dir atm0)
pci=$(basename "$(readlink "$d/device")")
check "unbind $pci" sh -c "echo $pci > /sys/bus/pci/drivers/coatm/unbind"
check "atm0 gone after unbind" not atm_dir atm0
check "bind $pci" sh -c "echo $pci > /sys/bus/pci/drivers/coatm/bind"
check "atm0 back after bind" wait_for 10 carrier_is atm0 1
finish

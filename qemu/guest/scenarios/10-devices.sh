#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Both coatm NICs are probed, registered with the ATM core and visible to
# the atm-tools with the identity the device reports.
. /tests/lib.sh

n=$(grep -c ' coatm ' /proc/net/atm/devices)
check "two coatm devices in /proc/net/atm/devices (found $n)" [ "$n" = 2 ]

for dev in atm0 atm1; do
	d=$(atm_dir $dev)
	check "$dev: ATM class device with the ESI from mac= ($d)" [ -n "$d" ]
	[ -n "$d" ] || continue
	itf=$(cat "$d/atmindex")
	check "$dev: type is coatm" [ "$(cat "$d/type")" = coatm ]
	check "$dev: carrier 1" [ "$(cat "$d/carrier")" = 1 ]
	check "$dev: link_rate is OC-3 (155520000)" \
		[ "$(cat "$d/link_rate")" = 155520000 ]
	check "$dev: bound to the PCI device" \
		[ "$(basename "$(readlink "$d/device/driver")")" = coatm ]
	# atmdiag reads the device's statistics through ATM_GETSTAT.
	atmdiag "$itf" > /tmp/atmdiag.out 2>&1
	check "$dev: atmdiag $itf lists the interface" \
		grep -Eq "^ *$itf +" /tmp/atmdiag.out
	check "$dev: proc_read reports the link" \
		grep -q 'condis: coatm link up' "/proc/net/atm/coatm:$itf"
done

# The second device has no MSI-X (vectors=0): the INTx fallback.
pci_of() { basename "$(readlink "$(atm_dir "$1")/device")"; }
msi_vectors() { ls "/sys/bus/pci/devices/$(pci_of "$1")/msi_irqs" 2>/dev/null | wc -l; }
check "atm0 uses MSI-X ($(msi_vectors atm0) vectors: misc, tx, rx)" [ "$(msi_vectors atm0)" = 3 ]
check "atm1 uses INTx ($(msi_vectors atm1) vectors)" [ "$(msi_vectors atm1)" = 0 ]
check "MSI-X coatm, coatm-tx, coatm-rx and one IO-APIC coatm interrupt" sh -c \
	'grep -q "PCI-MSI.* coatm-tx" /proc/interrupts &&
	 grep -q "PCI-MSI.* coatm-rx" /proc/interrupts &&
	 grep -q "IO-APIC.* coatm$" /proc/interrupts'
finish

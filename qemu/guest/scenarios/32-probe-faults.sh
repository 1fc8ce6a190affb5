#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Probe under device faults. A device that refuses its rings (the
# refuse-rings knob) raises ERROR while probe fails: nothing of that
# error may reach the shim, which has no adapter yet. Then both devices
# are unbound and bound again and again while a helper flaps both links
# and makes both devices raise ERROR: whatever lands between the device
# start and the adapter's registration must wait for the registration
# (a NULL adapter in the link or error path is an oops). The log is
# checked for splats by the host. Both devices end bound, carrier and
# resets working.
. /tests/lib.sh

P0=/machine/peripheral/atm0
P1=/machine/peripheral/atm1
PCI0=$(basename "$(readlink "$(atm_dir atm0)/device")")
PCI1=$(basename "$(readlink "$(atm_dir atm1)/device")")
DRV=/sys/bus/pci/drivers/coatm

bound() { [ -e "$DRV/$1" ]; }
bind() { echo "$1" > "$DRV/bind" 2>/dev/null; }
unbind() { echo "$1" > "$DRV/unbind"; }
knob_is() { [ "$(hostctl qom-get "$1" "$2")" = "$3" ]; }

# 1. Refused rings: probe fails cleanly, the next probe works. Three
# rounds on each device (atm0 MSI-X, atm1 INTx).
refused() {
	dev=$1 pci=$2 path=$3
	unbind "$pci"
	hostctl qom-set "$path" refuse-rings 3 > /dev/null
	fails=0
	for i in 1 2 3; do
		bind "$pci" || fails=$((fails + 1))
	done
	check "$dev: three probes with refused rings fail ($fails)" \
		[ "$fails" = 3 ]
	check "$dev: not bound after them" not bound "$pci"
	check "$dev: every refusal used up" knob_is "$path" refuse-rings 0
	check "$dev: the next probe binds" bind "$pci"
	check "$dev: carrier 1 after it" wait_for 10 carrier_is "$dev" 1
}
refused atm0 "$PCI0" $P0
refused atm1 "$PCI1" $P1

# 2. Link flaps and device errors while probing, both devices.
rm -f /tmp/faults.stop
faults() {
	n=0
	while [ ! -e /tmp/faults.stop ]; do
		hostctl set_link atm0 off
		hostctl set_link atm1 off
		hostctl qom-set $P0 raise-error 16
		hostctl qom-set $P1 raise-error 16
		hostctl set_link atm0 on
		hostctl set_link atm1 on
		n=$((n + 1))
	done > /dev/null
	echo "$n" > /tmp/faults.n
}
faults &
FPID=$!
cycles=0
for i in 1 2 3 4 5; do
	unbind "$PCI0"
	unbind "$PCI1"
	bind "$PCI0" && bind "$PCI1" && cycles=$((cycles + 1))
done
# The helper stops after its round: hostctl answers are never left unread.
touch /tmp/faults.stop
wait $FPID
check "5 unbind/bind cycles under link flaps and errors ($cycles)" \
	[ "$cycles" = 5 ]
check "the helper flapped the links meanwhile ($(cat /tmp/faults.n) rounds)" \
	[ "$(cat /tmp/faults.n)" -gt 0 ]

# 3. Both devices work: the link interrupt is unmasked, an error resets.
hostctl set_link atm0 on > /dev/null
hostctl set_link atm1 on > /dev/null
for dev in atm0 atm1; do
	check "$dev: carrier 1 once the link stays up" wait_for 10 carrier_is $dev 1
	hostctl set_link $dev off > /dev/null
	check "$dev: carrier follows the link down" wait_for 10 carrier_is $dev 0
	hostctl set_link $dev on > /dev/null
	check "$dev: carrier follows the link up" wait_for 10 carrier_is $dev 1
done
I0=$(atm_itf atm0)
resets() {
	tr ' ' '\n' < "/proc/net/atm/coatm:$I0" | grep -A1 -x resets | head -n2 | tail -n1
}
resets_above() { [ "$(resets)" -gt "$1" ]; }
r0=$(resets)
hostctl qom-set $P0 raise-error 16 > /dev/null
check "atm0: a device error after probe resets the adapter" \
	wait_for 30 resets_above "$r0"
finish

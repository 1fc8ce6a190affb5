#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make demo: what a user sees with two coatm NICs wired back to back.
. /tests/lib.sh

say() { printf '\n$ %s\n' "$*"; sh -c "$*"; }

say cat /proc/net/atm/devices
for dev in atm0 atm1; do
	d=$(atm_dir $dev)
	itf=$(cat "$d/atmindex")
	say "cat $d/address $d/carrier $d/link_rate"
	say "cat /proc/net/atm/coatm:$itf"
	say "atmdiag $itf"
done
say 'grep coatm /proc/interrupts'

printf '\n# pulling the cable of atm0 (QMP set_link atm0 off)\n'
hostctl set_link atm0 off
wait_for 10 carrier_is atm0 0
say "cat $(atm_dir atm0)/carrier"
printf '\n# plugging it back in\n'
hostctl set_link atm0 on
wait_for 10 carrier_is atm0 1
say "cat $(atm_dir atm0)/carrier"
say 'dmesg | grep -E "coatm|condis"'

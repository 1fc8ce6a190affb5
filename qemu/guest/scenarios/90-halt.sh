#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Halt with sockets open: PCI unbind and rmmod while 8 VCs carry traffic.
# Every VC is taken down through the miniport, the sockets see an error,
# nothing is freed while still referenced (KASAN), no skb or DMA mapping
# leaks (kmemleak, DMA-API debug, rmem/wmem leakage: checked by the host).
. /tests/lib.sh

start_traffic() {
	I0=$(atm_itf atm0)
	I1=$(atm_itf atm1)
	for v in 1 2 3 4; do
		ttcp_atm -r -a -s -l 1024 "$I1.0.$((950 + v))" > "/tmp/halt-r$v" 2>&1 &
		wait_for 10 vc_up "$I1" "0.$((950 + v))" rx
		# The exit status tells how the sender ended (141: SIGPIPE,
		# which the ATM core sends on a write to a released VC).
		(ttcp_atm -t -a -s -l 1024 -n 1000000 "$I0.0.$((950 + v))" \
			> "/tmp/halt-t$v" 2>&1; echo $? > "/tmp/halt-s$v") &
	done
	wait_for 10 sh -c "[ \$(grep -c '^vc ' /proc/net/atm/coatm:$I0) -ge 4 ]"
}
vcs_on() { grep -c '^vc ' "/proc/net/atm/coatm:$1" 2>/dev/null || echo 0; }

# 1. Unbind port 0 (4 sending VCs on it, 4 receiving on port 1).
rm -f /tmp/halt-t* /tmp/halt-r* /tmp/halt-s*
start_traffic
check "8 VCs open and moving data" \
	[ $(( $(vcs_on "$I0") + $(vcs_on "$I1") )) -ge 8 ]
pci=$(basename "$(readlink "$(atm_dir atm0)/device")")
check "unbind $pci under traffic" sh -c "echo $pci > /sys/bus/pci/drivers/coatm/unbind"
# Every sender ended, and not with success: EPIPE/SIGPIPE or an errno.
senders_failed() {
	[ "$(cat /tmp/halt-s* 2>/dev/null | grep -cv '^0$')" = 4 ]
}
check "all 4 senders on the unbound port failed their writes" wait_for 20 senders_failed
check "bind it again" sh -c "echo $pci > /sys/bus/pci/drivers/coatm/bind"
check "port 0 back" wait_for 10 carrier_is atm0 1
killall ttcp_atm 2>/dev/null
wait

# 2. rmmod both modules under traffic (the receivers are killed first:
# a module cannot go while a socket holds it; rmmod of coatm alone can).
rm -f /tmp/halt-t* /tmp/halt-r* /tmp/halt-s*
start_traffic
check "rmmod coatm with 8 VCs open" rmmod coatm
check "all 4 senders failed their writes" wait_for 20 senders_failed
check "and every ttcp_atm, receivers too, has exited" \
	wait_for 20 not pidof ttcp_atm
wait
check "rmmod condis once the sockets are gone" timeout 30 rmmod condis
grep -E '^(condis|coatm)' /proc/modules | sed 's/^/# /'
check "reload" timeout 30 sh -c 'insmod /lib/modules/coatm/condis.ko && insmod /lib/modules/coatm/coatm.ko'
check "both ports back" wait_for 10 sh -c '[ $(grep -c " coatm " /proc/net/atm/devices) = 2 ]'
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# After all the traffic: no VC left, no DMA-API error, and an unload that
# leaves no mapping behind (DMA-API debug reports leaks at unbind; the
# host fails the run on any such line) and a clean reload.
. /tests/lib.sh

for dev in atm0 atm1; do
	check "$dev: no VC left open" sh -c "! grep -q '^vc ' /proc/net/atm/coatm:$(atm_itf $dev)"
done
e=$(cat /sys/kernel/debug/dma-api/error_count 2>/dev/null)
check "DMA-API debug found no error (error_count ${e:-missing})" [ "$e" = 0 ]
check "rmmod coatm condis after traffic" rmmod coatm condis
e=$(cat /sys/kernel/debug/dma-api/error_count 2>/dev/null)
check "still no DMA-API error after unbind (${e:-missing})" [ "$e" = 0 ]
check "reload" sh -c 'insmod /lib/modules/coatm/condis.ko && insmod /lib/modules/coatm/coatm.ko'
check "both ports back" wait_for 10 sh -c '[ $(grep -c " coatm " /proc/net/atm/devices) = 2 ]'
finish

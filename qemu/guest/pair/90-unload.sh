#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# After the traffic between the guests: no VC left, no DMA-API error, and
# the modules unload cleanly (the host fails the run on any leak report).
. /tests/lib.sh

check "no VC left open" sh -c "! grep -q '^vc ' /proc/net/atm/coatm:$(atm_itf "$LOCAL")"
e=$(cat /sys/kernel/debug/dma-api/error_count 2>/dev/null)
check "DMA-API debug found no error (error_count ${e:-missing})" [ "$e" = 0 ]
check "rmmod coatm condis" rmmod coatm condis
e=$(cat /sys/kernel/debug/dma-api/error_count 2>/dev/null)
check "still no DMA-API error after unbind (${e:-missing})" [ "$e" = 0 ]
finish

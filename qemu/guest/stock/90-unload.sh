#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Everything unloads cleanly from Debian's kernel: br2684, then coatm,
# condis and atm (modprobe -r follows the dependencies; not for br2684,
# whose atm is still in use by condis, so modprobe -r would fail on it).
. /tests/lib.sh

check "rmmod br2684" rmmod br2684
check "modprobe -r coatm (and condis, atm)" modprobe -r coatm
check "no ATM interface is left" not test -e /sys/class/atm/coatm0
check "no module of ours or Debian's atm is left" \
	not sh -c 'lsmod | grep -qE "^(coatm|condis|atm|br2684) "'
taint=$(cat /proc/sys/kernel/tainted)
check "taint still O+E only, got $taint" [ "$taint" = 12288 ]
finish

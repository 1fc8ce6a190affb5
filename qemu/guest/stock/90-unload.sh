#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Everything unloads cleanly from Debian's kernel: br2684, then coatm and
# condis (kmod's modprobe -r follows coatm's dependency; here it leaves
# atm loaded), then atm.
. /tests/lib.sh

check "modprobe -r br2684" /sbin/modprobe -r br2684
check "modprobe -r coatm (and condis)" /sbin/modprobe -r coatm
check "modprobe -r atm" /sbin/modprobe -r atm
check "no ATM interface is left" not test -e /sys/class/atm/coatm0
check "no module of ours or Debian's atm is left" \
	not sh -c '/sbin/lsmod | grep -qE "^(coatm|condis|atm|br2684) "'
taint=$(cat /proc/sys/kernel/tainted)
check "taint still O+E only, got $taint" [ "$taint" = 12288 ]
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Debian's kernel loaded our modules from the installed tree: built against
# the same headers (vermagic matches), unsigned, so the kernel (module
# signatures checked but not enforced) is tainted O and E and nothing else.
# Both NICs are up.
. /tests/lib.sh

kver=$(uname -r)
# is_module NAME PATH: NAME's file is PATH.ko, or PATH.ko.xz where the
# kernel compresses its modules (6.12: CONFIG_MODULE_COMPRESS_XZ)
is_module() {
	f=$(/sbin/modinfo -n "$1")
	[ "$f" = "$2.ko" ] || [ "$f" = "$2.ko.xz" ]
}
check "coatm.ko loaded from /lib/modules/$kver/extra" \
	is_module coatm "/lib/modules/$kver/extra/coatm"
check "condis.ko loaded from /lib/modules/$kver/extra" \
	is_module condis "/lib/modules/$kver/extra/condis"
check "atm.ko is Debian's own" \
	is_module atm "/lib/modules/$kver/kernel/net/atm/atm"
check "modprobe loaded atm, condis and coatm" \
	sh -c '/sbin/lsmod | grep -q "^atm " && /sbin/lsmod | grep -q "^condis " && /sbin/lsmod | grep -q "^coatm "'
check "vermagic of coatm.ko is the running kernel's" \
	sh -c "/sbin/modinfo -F vermagic coatm | grep -q '^$kver '"
check "unsigned module noted: 'module verification failed ... tainting kernel'" \
	sh -c 'dmesg | grep -q "module verification failed: signature and/or required key missing - tainting kernel"'
# O (4096, out of tree) + E (8192, unsigned); any other bit is a failure.
taint=$(cat /proc/sys/kernel/tainted)
check "taint is O+E only (12288), got $taint" [ "$taint" = 12288 ]
check "atm0 is an ATM interface" atm_dir atm0
check "atm1 is an ATM interface" atm_dir atm1
check "atm0 carrier 1" wait_for 10 carrier_is atm0 1
check "atm1 carrier 1" wait_for 10 carrier_is atm1 1
finish

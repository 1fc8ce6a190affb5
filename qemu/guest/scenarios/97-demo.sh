#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make demo` runs qemu/guest/demo/demo.sh in this same guest: it must
# show what it promises and exit 0 (it once exited 143, the status of
# the namespace holder it had killed).
. /tests/lib.sh

/tests/demo/demo.sh > /tmp/demo.out 2>&1
rc=$?
check "demo exits 0 (exit $rc)" [ "$rc" = 0 ]
# aread prints the PDU in hex: "10:  68 65 6C ..." for "hello, ATM"
check "demo: the AAL5 PDU arrived" \
	grep -q '68 65 6C 6C 6F 2C 20 41 54 4D' /tmp/demo.aread
check "demo: ttcp_atm's receiver got 5000 PDUs" grep -q 'ttcp-r: 5000000 bytes' /tmp/demo.r
check "demo: the br2684 ping crossed the link" grep -q '3 packets received' /tmp/demo.out
[ "$rc" = 0 ] || tail -n 30 /tmp/demo.out
finish

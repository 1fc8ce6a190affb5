#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# coatm refuses a partial PVC bind (VCI unspecified) with EINVAL: a kernel
# without qemu/kernel-patches/0003 (Debian's) would hash the socket twice
# on the next connect() and lock up on a later lookup of that vcc_hash
# chain (Documentation/testing.rst). The refused socket stays unbound and
# connects normally. Also run on Debian's kernel (stock/55-partial-bind.sh).
. /tests/lib.sh

I0=$(atm_itf atm0)

# line N FILE: line N of FILE
line() { sed -n "$1p" "$2"; }

atmtest rebind "$I0.0.62" -n 94 > /tmp/rebind0.out 2>&1
check "coatm refuses a partial PVC bind (EINVAL)" \
	[ "$(line 1 /tmp/rebind0.out)" = "bind EINVAL" ]
check "coatm: the socket then connects to $I0.0.62" \
	[ "$(line 2 /tmp/rebind0.out)" = "connect ok" ]
check "coatm: and $I0.0.94 opens too" \
	[ "$(line 3 /tmp/rebind0.out)" = "lookup ok" ]

finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad requests get a clear error and disturb nothing: a VCI open in the
# same direction (EADDRINUSE), AAL3/4 (the one other AAL the ATM core lets
# through to a driver; it refuses AAL1/2 itself) and a VPI beyond
# the device's range (EINVAL), an SDU larger than the VC allows (EMSGSIZE);
# traffic on another VC goes on meanwhile.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

# A transfer on 1.0.700 runs through all of it.
bg_start sh -c "exec ttcp_atm -r -a -s -l 512 $I1.0.700 > /tmp/bg-r 2>&1"
wait_for 10 vc_up "$I1" 0.700 rx
bg_start sh -c "exec ttcp_atm -t -a -s -l 512 -n 3000 -P 60000 $I0.0.700 > /tmp/bg-t 2>&1"

# Hold an RX VC open, then try the same address again.
mkfifo /tmp/hold
bg_start sh -c "exec atmtest open $I1.0.710 -d rx < /tmp/hold > /tmp/hold.out"
exec 5>/tmp/hold
check "first RX VC on 0.710 opens" wait_for 10 has_line /tmp/hold.out '^ok$'
check "a second RX VC on 0.710: EADDRINUSE" \
	sh -c "atmtest open $I1.0.710 -d rx < /dev/null | grep -qx EADDRINUSE"
check "a TX VC on 0.710 is fine (other direction)" \
	sh -c "atmtest open $I1.0.710 -d tx < /dev/null | grep -qx ok"
exec 5>&-

check "AAL 3/4: EINVAL" sh -c "atmtest open $I0.0.711 -a 3 < /dev/null | grep -qx EINVAL"
# The runner's devices have 8 VPI bits (the model's default).
check "VPI 256 (beyond 8 VPI bits): EINVAL" \
	sh -c "atmtest open $I0.256.100 < /dev/null | grep -qx EINVAL"
check "SDU of 101 on a VC with max_sdu 100: EMSGSIZE" \
	sh -c "atmtest send $I0.0.712 -s 101 -m 100 | grep -qx EMSGSIZE"
check "SDU of 100 on the same VC: sent" \
	sh -c "atmtest send $I0.0.712 -s 100 -m 100 | grep -qx 'ok 1'"

check "the transfer on 0.700 finished untouched" \
	wait_for 60 has_line /tmp/bg-r "ttcp-r: 1536000 bytes"
reap_all
rm -f /tmp/hold
finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad requests get a clear error and disturb nothing: a VCI open in the
# same direction (EADDRINUSE), AAL3/4 (the one other AAL the ATM core lets
# through to a driver; it refuses AAL1/2 itself) and a VPI beyond
# the device's range (EINVAL), an SDU larger than the VC allows (EMSGSIZE);
# a VC open meanwhile keeps carrying PDUs.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

# A VC open through all of it carries a PDU before and after.
bg_start sh -c "exec atmtest tty aread $I1.0.700 > /tmp/bg-r 2>&1"
wait_for 10 vc_up "$I1" 0.700 rx
check "PDU on 0.700 before the bad requests" [ "$(awrite "$I0.0.700" before)" = 6 ]
check "... arrives" wait_for 10 has_line /tmp/bg-r "^6: "

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

awrite "$I0.0.700" "after the bad requests" > /dev/null
check "the VC on 0.700 still carries PDUs afterwards" \
	wait_for 10 has_line /tmp/bg-r "^22: "
reap_all
rm -f /tmp/hold
finish

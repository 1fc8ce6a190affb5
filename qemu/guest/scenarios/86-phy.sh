#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# SONET PHY ioctls with the unmodified sonetdiag: cell counts that come
# from the device (through the miniport's ATM cell counter OIDs), zeroed
# by -z; error insertion bits set, read back and cleared; counters that
# have no source are left out rather than shown as 0.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

# sonet ITF FIELD: one counter as sonetdiag prints it
sonet() { sonetdiag "$1" | sed -n "s/^$2: *//p"; }

check "sonetdiag -z $I0" sh -c "sonetdiag -z $I0 > /dev/null"
check "sonetdiag -z $I1" sh -c "sonetdiag -z $I1 > /dev/null"
check "after -z: TX cells 0 on port 0 ($(sonet "$I0" "TX cells"))" \
	[ "$(sonet "$I0" "TX cells")" = 0 ]

# 10 PDUs of 1000 bytes: 1000 + 8 trailer, padded to 21 cells each.
bg_start sh -c "exec ttcp_atm -r -a -s -l 1000 $I1.0.800 > /tmp/r800 2>&1"
wait_for 10 vc_up "$I1" 0.800 rx
ttcp_atm -t -a -s -l 1000 -n 10 "$I0.0.800" > /dev/null 2>&1
wait_for 30 has_line /tmp/r800 "ttcp-r:"
reap_all
# ttcp_atm adds 1 start and 5 end markers of 4 bytes: one cell each.
tx=$(sonet "$I0" "TX cells")
rx=$(sonet "$I1" "RX cells")
oid_tx=$(condisctl "$I0" query ATM_XMIT_CELLS_OK | sed 's/.*= //')
check "port 0 sent 10 x 21 + 6 = 216 cells ($tx)" [ "$tx" = 216 ]
check "port 1 received them ($rx)" [ "$rx" = 216 ]
check "TX cells since -z agree with the device's counter OID ($oid_tx)" \
	[ "$oid_tx" -ge "$tx" ]
check "no uncorrectable HCS on a clean link" \
	[ "$(sonet "$I1" "Uncorrectable HCS")" = 0 ]
check "BIP and FEBE, which the PHY does not have, are left out" \
	not sh -c "sonetdiag $I0 | grep -q 'BIP\|FEBE\|Correctable'"

check "sonetdiag $I0 hcs lbip sets error insertion" sonetdiag "$I0" hcs lbip
check "and reads it back" \
	sh -c "sonetdiag $I0 | grep -qx 'Diagnostics: lbip hcs'"
check "sonetdiag $I0 -hcs clears one" sonetdiag "$I0" -hcs
check "the other stays" sh -c "sonetdiag $I0 | grep -qx 'Diagnostics: lbip'"
sonetdiag "$I0" -lbip
# sonetdiag reports a failed SETDIAG with perror but exits 0.
check "non-root cannot set error insertion" \
	sh -c "su -s /bin/sh nobody -c 'sonetdiag $I0 hcs' 2>&1 | grep -q 'not permitted'"
check "and nothing was set" not sh -c "sonetdiag $I0 | grep -q Diagnostics"
check "non-root can read the statistics" \
	su -s /bin/sh nobody -c "sonetdiag $I0 > /dev/null"
finish

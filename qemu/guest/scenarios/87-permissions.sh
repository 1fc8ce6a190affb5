#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What a user without CAP_NET_ADMIN may do with sockets on a condis
# adapter (Documentation/condis.rst, Permissions): UBR VCs, up to
# max_user_vcs of them; no CBR (no rate reservation); per-VC OID
# queries on their own VCs only.
. /tests/lib.sh

I0=$(atm_itf atm0)
PARAM=/sys/module/condis/parameters/max_user_vcs

# as_nobody CMD: run CMD as user nobody (no capabilities)
as_nobody() { su -s /bin/sh nobody -c "$*"; }
# opens_as WHO ITF.VPI.VCI ARGS EXPECT: atmtest open prints EXPECT
opens_as() {
	who=$1 addr=$2 args=$3 want=$4
	if [ "$who" = nobody ]; then
		out=$(as_nobody "atmtest open $addr $args < /dev/null" 2>/dev/null)
	else
		out=$(atmtest open "$addr" $args < /dev/null 2>/dev/null)
	fi
	[ "$out" = "$want" ]
}

check "nobody: a CBR VC is refused with EPERM" opens_as nobody "$I0.0.870" "-d tx -c 1000" EPERM
check "nobody: a UBR VC opens" opens_as nobody "$I0.0.870" "" ok
check "root: a CBR VC opens" opens_as root "$I0.0.870" "-d tx -c 1000" ok

# VCs held open by nobody count against max_user_vcs; root's do not.
saved=$(cat $PARAM)
echo 2 > $PARAM
bg_start su -s /bin/sh nobody -c "exec atmtest open $I0.0.871 -H > /tmp/perm.871 2>&1"
bg_start su -s /bin/sh nobody -c "exec atmtest open $I0.0.872 -H > /tmp/perm.872 2>&1"
bg_start sh -c "exec atmtest open $I0.0.873 -H > /tmp/perm.873 2>&1"
nobodys_up() { vc_up "$I0" 0.871 txrx && vc_up "$I0" 0.872 txrx; }
check "nobody holds two VCs" wait_for 10 nobodys_up
check "root holds one more" wait_for 10 vc_up "$I0" 0.873 txrx
check "nobody: a third VC is refused with EDQUOT" opens_as nobody "$I0.0.874" "" EDQUOT
check "root: not limited" opens_as root "$I0.0.874" "" ok

# Per-VC OID queries: one's own VC, or CAP_NET_ADMIN.
check "nobody: per-VC query on its own VC" \
	as_nobody "condisctl $I0 0.871 query GEN_CO_XMIT_PDUS_OK > /dev/null"
check "nobody: per-VC query on root's VC: EPERM, exit 2" \
	sh -c "su -s /bin/sh nobody -c 'condisctl $I0 0.873 query GEN_CO_XMIT_PDUS_OK' > /tmp/perm.q 2>&1; [ \$? = 2 ] && grep -qi 'not permitted' /tmp/perm.q"
check "root: per-VC query on nobody's VC" \
	sh -c "condisctl $I0 0.871 query GEN_CO_XMIT_PDUS_OK > /dev/null"
check "nobody: adapter-wide query still fine" \
	as_nobody "condisctl $I0 query GEN_CO_XMIT_PDUS_OK > /dev/null"
reap_all
check "closed VCs free the quota" wait_for 10 opens_as nobody "$I0.0.874" "" ok
echo "$saved" > $PARAM
finish

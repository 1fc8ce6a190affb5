#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# 32-bit callers on Debian's kernel (IA32_EMULATION): condisctl32 and
# atmtest32 go through the ATM core's compat ioctl path into the shim's
# compat_ioctl and get exactly what the 64-bit tools get.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

check "the 32-bit tools are 32-bit" \
	sh -c "od -An -tx1 -j4 -N1 /bin/condisctl32 | grep -q 01"
for oid in GEN_CO_SUPPORTED_LIST ATM_MAX_ACTIVE_VCS GEN_CO_LINK_SPEED \
	   ATM_HW_CURRENT_ADDRESS GEN_CO_VENDOR_DESCRIPTION \
	   GEN_CO_MEDIA_CONNECT_STATUS; do
	a=$(condisctl "$I0" query $oid 2>&1)
	b=$(condisctl32 "$I0" query $oid 2>&1)
	check "32-bit query $oid = 64-bit ($b)" [ -n "$a" ] && [ "$a" = "$b" ]
done
check "32-bit short buffer: BUFFER_TOO_SHORT, 4 bytes needed" \
	sh -c "atmtest32 oid $I0 query 0x08010105 2 | grep -qx 'status 0xc0010016 written 0 needed 4'"
check "32-bit set GEN_CO_PROTOCOL_OPTIONS 5" \
	sh -c "condisctl32 $I0 set GEN_CO_PROTOCOL_OPTIONS 5 > /dev/null"
check "the 64-bit tool reads 5 back" \
	sh -c "condisctl --json $I0 query GEN_CO_PROTOCOL_OPTIONS | grep -q '\"value\":5'"
condisctl "$I0" set GEN_CO_PROTOCOL_OPTIONS 0 > /dev/null

# A 32-bit socket (SO_ATMQOS, connect, write) and a per-VC query.
bg_start sh -c "exec atmtest32 open $I1.0.120 -d rx -H > /tmp/o120 2>&1"
wait_for 10 has_line /tmp/o120 "^ok"
check "32-bit sender: 7 PDUs" \
	sh -c "atmtest32 send $I0.0.120 -s 100 -n 7 | grep -qx 'ok 7'"
rcv7() { condisctl32 "$I1" 0.120 query GEN_CO_RCV_PDUS_OK | grep -qx 'GEN_CO_RCV_PDUS_OK = 7'; }
check "32-bit per-VC query counts that VC's 7 PDUs" wait_for 10 rcv7
check "32-bit reset" sh -c "condisctl32 $I1 reset | grep -qx '$I1: reset done'"
check "the VC survives the reset" vc_up "$I1" 0.120 rx
reap_all
finish

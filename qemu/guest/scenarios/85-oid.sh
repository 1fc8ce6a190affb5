#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# OID query/set with condisctl: every mandatory OID answers with sane
# values (link speed from the line rate, ESI from mac=, counters equal to
# atmdiag's), per-VC counters count that VC only, bad requests get the
# right NDIS status, and an unprivileged set is refused.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)

for oid in GEN_CO_SUPPORTED_LIST GEN_CO_HARDWARE_STATUS GEN_CO_MEDIA_SUPPORTED \
	   GEN_CO_MEDIA_IN_USE GEN_CO_LINK_SPEED GEN_CO_VENDOR_ID \
	   GEN_CO_VENDOR_DESCRIPTION GEN_CO_DRIVER_VERSION \
	   GEN_CO_PROTOCOL_OPTIONS GEN_CO_MAC_OPTIONS \
	   GEN_CO_MEDIA_CONNECT_STATUS GEN_CO_VENDOR_DRIVER_VERSION \
	   GEN_CO_MINIMUM_LINK_SPEED GEN_CO_XMIT_PDUS_OK GEN_CO_RCV_PDUS_OK \
	   GEN_CO_XMIT_PDUS_ERROR GEN_CO_RCV_PDUS_ERROR \
	   GEN_CO_RCV_PDUS_NO_BUFFER ATM_SUPPORTED_SERVICE_CATEGORY \
	   ATM_SUPPORTED_AAL_TYPES ATM_HW_CURRENT_ADDRESS ATM_MAX_ACTIVE_VCS \
	   ATM_MAX_ACTIVE_VCI_BITS ATM_MAX_ACTIVE_VPI_BITS \
	   ATM_MAX_AAL5_PACKET_SIZE ATM_RCV_CELLS_OK ATM_XMIT_CELLS_OK \
	   ATM_RCV_CELLS_DROPPED ATM_RCV_INVALID_VPI_VCI ATM_CELLS_HEC_ERROR \
	   ATM_RCV_REASSEMBLY_ERROR; do
	check "query $oid succeeds" sh -c "condisctl $I0 query $oid > /dev/null"
done

json() { condisctl --json "$I0" query "$1" | sed -n "s/.*\"value\":\\([^,}]*\\).*/\\1/p"; }
# 353207 cells/s x 53 x 8 / 100 = 1497597 (units of 100 bit/s)
check "GEN_CO_LINK_SPEED is the line rate: out 1497597 in 1497597" \
	sh -c "condisctl $I0 query GEN_CO_LINK_SPEED | grep -q 'out 1497597 in 1497597'"
check "ATM_HW_CURRENT_ADDRESS is mac= (02:c0:a7:00:00:00)" \
	sh -c "condisctl $I0 query ATM_HW_CURRENT_ADDRESS | grep -q '02:c0:a7:00:00:00'"
check "ATM_MAX_ACTIVE_VCS = 4096" [ "$(json ATM_MAX_ACTIVE_VCS)" = 4096 ]
check "ATM_MAX_ACTIVE_VPI_BITS = 8" [ "$(json ATM_MAX_ACTIVE_VPI_BITS)" = 8 ]
check "ATM_MAX_ACTIVE_VCI_BITS = 16" [ "$(json ATM_MAX_ACTIVE_VCI_BITS)" = 16 ]
check "ATM_MAX_AAL5_PACKET_SIZE = 65535" [ "$(json ATM_MAX_AAL5_PACKET_SIZE)" = 65535 ]
check "GEN_CO_MEDIA_IN_USE = 8 (NdisMediumAtm)" [ "$(json GEN_CO_MEDIA_IN_USE)" = 8 ]
check "GEN_CO_MEDIA_CONNECT_STATUS = 0 (connected)" \
	[ "$(json GEN_CO_MEDIA_CONNECT_STATUS)" = 0 ]
hostctl set_link atm0 off >/dev/null
wait_for 10 carrier_is atm0 0
check "link off: GEN_CO_MEDIA_CONNECT_STATUS = 1 (disconnected)" \
	[ "$(json GEN_CO_MEDIA_CONNECT_STATUS)" = 1 ]
hostctl set_link atm0 on >/dev/null
wait_for 10 carrier_is atm0 1
check "ATM_SUPPORTED_SERVICE_CATEGORY = CBR|VBR|UBR (0x7)" \
	[ "$(json ATM_SUPPORTED_SERVICE_CATEGORY)" = 7 ]
check "ATM_SUPPORTED_AAL_TYPES = AAL0|AAL5 (0x9)" [ "$(json ATM_SUPPORTED_AAL_TYPES)" = 9 ]

# Per-VC counters: 30 PDUs on 0.90, 12 on 0.91, both VCs held open.
mkfifo /tmp/o1 /tmp/o2
atmtest send "$I0.0.90" -s 100 -n 30 -w < /tmp/o1 > /tmp/o1.out &
exec 7>/tmp/o1
atmtest send "$I0.0.91" -s 200 -n 12 -w < /tmp/o2 > /tmp/o2.out &
exec 8>/tmp/o2
wait_for 10 has_line /tmp/o1.out '^ok 30'
wait_for 10 has_line /tmp/o2.out '^ok 12'
vjson() { condisctl --json "$I0" "$1" query "$2" | sed -n "s/.*\"value\":\\([^,}]*\\).*/\\1/p"; }
vc_sent() { [ "$(vjson "$1" GEN_CO_XMIT_PDUS_OK)" = "$2" ]; }
check "0.90: GEN_CO_XMIT_PDUS_OK = 30" wait_for 10 vc_sent 0.90 30
check "0.91: GEN_CO_XMIT_PDUS_OK = 12" wait_for 10 vc_sent 0.91 12
check "0.90: GEN_CO_BYTES_XMIT = 3000" [ "$(vjson 0.90 GEN_CO_BYTES_XMIT)" = 3000 ]
check "0.91: GEN_CO_BYTES_XMIT = 2400" [ "$(vjson 0.91 GEN_CO_BYTES_XMIT)" = 2400 ]
exec 7>&- 8>&-
wait
rm -f /tmp/o1 /tmp/o2
tx=$(( $(aal_stat "$I0" AAL0 tx) + $(aal_stat "$I0" AAL5 tx) ))
check "adapter GEN_CO_XMIT_PDUS_OK = atmdiag TX ($tx)" [ "$(json GEN_CO_XMIT_PDUS_OK)" = "$tx" ]
rx=$(( $(aal_stat "$I1" AAL0 rx) + $(aal_stat "$I1" AAL5 rx) ))
check "port 1 GEN_CO_RCV_PDUS_OK = atmdiag RX ($rx)" \
	[ "$(condisctl --json "$I1" query GEN_CO_RCV_PDUS_OK | sed -n 's/.*"value":\([0-9]*\).*/\1/p')" = "$rx" ]
cells=$(dev_counter "$I0" tx_cells)
check "ATM_XMIT_CELLS_OK = the device's TX cell counter ($cells)" \
	[ "$(json ATM_XMIT_CELLS_OK)" = "$cells" ]

# Bad requests.
check "unknown OID 0x0badf00d: INVALID_OID, exit 1" \
	sh -c "condisctl $I0 query 0x0badf00d 2>/tmp/q.err; [ \$? = 1 ] && grep -q INVALID_OID /tmp/q.err"
check "ATM_GET_NEAREST_FLOW: NOT_SUPPORTED" \
	sh -c "condisctl $I0 query ATM_GET_NEAREST_FLOW 2>&1 | grep -q NOT_SUPPORTED"
check "4-byte buffer for a 6-byte ESI: BUFFER_TOO_SHORT, 6 needed" \
	sh -c "atmtest oid $I0 query 0x08010104 4 | grep -qx 'status 0xc0010016 written 0 needed 6'"
check "0-byte buffer for the supported list: BUFFER_TOO_SHORT with its size" \
	sh -c "atmtest oid $I0 query 0x00010101 0 | grep -q 'status 0xc0010016 written 0 needed [1-9]'"
check "set PROTOCOL_OPTIONS with 2 bytes: INVALID_LENGTH, 4 needed" \
	sh -c "atmtest oid $I0 set 0x00010109 2 0100 | grep -qx 'status 0xc0010014 written 0 needed 4'"
check "set PROTOCOL_OPTIONS to 0x80: INVALID_DATA" \
	sh -c "condisctl $I0 set GEN_CO_PROTOCOL_OPTIONS 0x80 2>&1 | grep -q INVALID_DATA"
check "set PROTOCOL_OPTIONS to 2: ok, and it reads back" \
	sh -c "condisctl $I0 set GEN_CO_PROTOCOL_OPTIONS 2 && condisctl --json $I0 query GEN_CO_PROTOCOL_OPTIONS | grep -q '\"value\":2'"
check "set on a query-only OID: NOT_SUPPORTED" \
	sh -c "condisctl $I0 set ATM_MAX_ACTIVE_VCS 5 2>&1 | grep -q NOT_SUPPORTED"
check "per-VC query on a VC that is not open: VC_NOT_ACTIVATED" \
	sh -c "condisctl $I0 0.999 query GEN_CO_XMIT_PDUS_OK 2>&1 | grep -q VC_NOT_ACTIVATED"
check "unprivileged set: EPERM, exit 2" \
	sh -c "su -s /bin/sh nobody -c 'condisctl $I0 set GEN_CO_PROTOCOL_OPTIONS 1' > /tmp/np.out 2>&1; [ \$? = 2 ] && grep -qi 'not permitted' /tmp/np.out"
check "unprivileged query: fine" \
	sh -c "su -s /bin/sh nobody -c 'condisctl $I0 query ATM_MAX_ACTIVE_VCS' > /dev/null"
check "condisctl list shows every supported OID" \
	sh -c "[ \$(condisctl $I0 list | wc -l) -ge 35 ]"
finish

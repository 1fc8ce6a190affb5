/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * CoNDIS OID requests (query/set information) on Linux ATM devices driven
 * by the condis shim. OID numbers and status codes are NDIS's own.
 *
 * Usage: on any ATM socket (socket(PF_ATMPVC, SOCK_DGRAM, 0)),
 *
 *	struct condis_oid_request req = { .itf = 0, .oid = ..., ... };
 *	struct atmif_sioc sioc = { .number = req.itf,
 *				   .length = sizeof(req), .arg = &req };
 *	ioctl(fd, CONDIS_IOC_QUERY, &sioc);
 *
 * The ioctl fails with an errno only if the request never reached the
 * adapter: EFAULT; ENODEV (no such interface); EINVAL for a malformed
 * request (itf different from sioc.number, len above CONDIS_MAX_INFO_LEN,
 * unknown flags, non-zero reserved fields); EPERM for a set, or a per-VC
 * request on a VC another user opened, without CAP_NET_ADMIN. Otherwise
 * it returns 0 and the outcome is in ndis_status, bytes_written and
 * bytes_needed. The layout is the same for
 * 32-bit and 64-bit callers (the shim serves both through compat_ioctl).
 * The ioctl numbers encode the size of struct condis_oid_request, which is
 * what they carry, through struct atmif_sioc; they are therefore the same
 * for 32-bit and 64-bit callers.
 *
 * A query's buffer is not passed in: queries take no input.
 */
#ifndef _UAPI_LINUX_CONDIS_H
#define _UAPI_LINUX_CONDIS_H

#include <linux/atmioc.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct condis_oid_request - one OID query or set
 * @itf: ATM interface number
 * @flags: %CONDIS_REQ_VC if @vpi/@vci name a VC (per-VC request)
 * @vpi: VPI of the VC
 * @reserved0: zero
 * @vci: VCI of the VC
 * @oid: the OID (NDIS value)
 * @len: bytes at @buf
 * @buf: user pointer to the information buffer, as a 64-bit integer
 * @bytes_written: query: bytes written to @buf; set: bytes of @buf used
 * @bytes_needed: bytes the request needs (with BUFFER_TOO_SHORT or
 *	INVALID_LENGTH)
 * @ndis_status: the NDIS status of the request
 * @reserved1: zero
 */
struct condis_oid_request {
	__s32 itf;
	__u32 flags;
	__u16 vpi;
	__u16 reserved0;
	__u32 vci;
	__u32 oid;
	__u32 len;
	__u64 buf;
	__u32 bytes_written;
	__u32 bytes_needed;
	__u32 ndis_status;
	__u32 reserved1;
};

#define CONDIS_REQ_VC		0x1
#define CONDIS_MAX_INFO_LEN	65536

#define CONDIS_IOC_QUERY	_IOWR('a', ATMIOC_SARPRV + 0, struct condis_oid_request)
#define CONDIS_IOC_SET		_IOWR('a', ATMIOC_SARPRV + 1, struct condis_oid_request)
/*
 * Reset the adapter (struct atmif_sioc names it; no argument): VCs stay
 * open, PDUs in flight are lost. Needs CAP_NET_ADMIN. Returns 0 when the
 * reset is over, EIO if the device turned out dead (every VC on it was
 * closed), EOPNOTSUPP if the adapter cannot reset.
 */
#define CONDIS_IOC_RESET	_IO('a', ATMIOC_SARPRV + 2)

/* Status codes (NDIS_STATUS) */
#define CONDIS_STATUS_SUCCESS			0x00000000
#define CONDIS_STATUS_PENDING			0x00000103
#define CONDIS_STATUS_FAILURE			0xc0000001
#define CONDIS_STATUS_RESOURCES			0xc000009a
#define CONDIS_STATUS_NOT_SUPPORTED		0xc00000bb
#define CONDIS_STATUS_REQUEST_ABORTED		0xc001000c
#define CONDIS_STATUS_RESET_IN_PROGRESS		0xc001000d
#define CONDIS_STATUS_INVALID_LENGTH		0xc0010014
#define CONDIS_STATUS_INVALID_DATA		0xc0010015
#define CONDIS_STATUS_BUFFER_TOO_SHORT		0xc0010016
#define CONDIS_STATUS_INVALID_OID		0xc0010017
#define CONDIS_STATUS_VC_NOT_ACTIVATED		0xc0010023
#define CONDIS_STATUS_CELLRATE_NOT_AVAILABLE	0xc0010026

/* General connection-oriented OIDs */
#define OID_GEN_CO_SUPPORTED_LIST		0x00010101
#define OID_GEN_CO_HARDWARE_STATUS		0x00010102
#define OID_GEN_CO_MEDIA_SUPPORTED		0x00010103
#define OID_GEN_CO_MEDIA_IN_USE			0x00010104
#define OID_GEN_CO_LINK_SPEED			0x00010105
#define OID_GEN_CO_VENDOR_ID			0x00010106
#define OID_GEN_CO_VENDOR_DESCRIPTION		0x00010107
#define OID_GEN_CO_DRIVER_VERSION		0x00010108
#define OID_GEN_CO_PROTOCOL_OPTIONS		0x00010109
#define OID_GEN_CO_MAC_OPTIONS			0x0001010a
#define OID_GEN_CO_MEDIA_CONNECT_STATUS		0x0001010b
#define OID_GEN_CO_VENDOR_DRIVER_VERSION	0x0001010c
#define OID_GEN_CO_MINIMUM_LINK_SPEED		0x0001010d

/* General connection-oriented statistics (64-bit counters; the transmit
 * queue length is a 32-bit value)
 */
#define OID_GEN_CO_XMIT_PDUS_OK			0x00020101
#define OID_GEN_CO_RCV_PDUS_OK			0x00020102
#define OID_GEN_CO_XMIT_PDUS_ERROR		0x00020103
#define OID_GEN_CO_RCV_PDUS_ERROR		0x00020104
#define OID_GEN_CO_RCV_PDUS_NO_BUFFER		0x00020105
#define OID_GEN_CO_RCV_CRC_ERROR		0x00020201
#define OID_GEN_CO_TRANSMIT_QUEUE_LENGTH	0x00020202
#define OID_GEN_CO_BYTES_XMIT			0x00020203
#define OID_GEN_CO_BYTES_RCV			0x00020204

/* ATM OIDs */
#define OID_ATM_SUPPORTED_VC_RATES		0x08010101
#define OID_ATM_SUPPORTED_SERVICE_CATEGORY	0x08010102
#define OID_ATM_SUPPORTED_AAL_TYPES		0x08010103
#define OID_ATM_HW_CURRENT_ADDRESS		0x08010104
#define OID_ATM_MAX_ACTIVE_VCS			0x08010105
#define OID_ATM_MAX_ACTIVE_VCI_BITS		0x08010106
#define OID_ATM_MAX_ACTIVE_VPI_BITS		0x08010107
#define OID_ATM_MAX_AAL5_PACKET_SIZE		0x0801010b
#define OID_ATM_GET_NEAREST_FLOW		0x08010207

/* ATM statistics (64-bit counters) */
#define OID_ATM_RCV_CELLS_OK			0x08020101
#define OID_ATM_XMIT_CELLS_OK			0x08020102
#define OID_ATM_RCV_CELLS_DROPPED		0x08020103
#define OID_ATM_RCV_INVALID_VPI_VCI		0x08020201
#define OID_ATM_CELLS_HEC_ERROR			0x08020202
#define OID_ATM_RCV_REASSEMBLY_ERROR		0x08020203

/* NDIS_MEDIUM, NDIS_HARDWARE_STATUS, media connect status values */
#define CONDIS_MEDIUM_ATM			8
#define CONDIS_HARDWARE_STATUS_READY		0
#define CONDIS_HARDWARE_STATUS_RESET		2
#define CONDIS_HARDWARE_STATUS_NOT_READY	4
#define CONDIS_MEDIA_CONNECTED			0
#define CONDIS_MEDIA_DISCONNECTED		1

/* Service categories and AAL types (bit masks, NDIS values) */
#define CONDIS_SERVICE_CBR			0x01
#define CONDIS_SERVICE_VBR			0x02
#define CONDIS_SERVICE_UBR			0x04
#define CONDIS_SERVICE_ABR			0x08
#define CONDIS_AAL_TYPE_AAL0			0x01
#define CONDIS_AAL_TYPE_AAL1			0x02
#define CONDIS_AAL_TYPE_AAL34			0x04
#define CONDIS_AAL_TYPE_AAL5			0x08

/**
 * struct condis_link_speed - GEN_CO_LINK_SPEED / GEN_CO_MINIMUM_LINK_SPEED
 * @outbound: transmit speed in units of 100 bit/s
 * @inbound: receive speed in units of 100 bit/s
 */
struct condis_link_speed {
	__u32 outbound;
	__u32 inbound;
};

#endif /* _UAPI_LINUX_CONDIS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NDIS status codes and media values used by the CoNDIS shim, with the
 * numeric values of Microsoft's public NDIS headers, so anyone who knows
 * NDIS can read them without a table.
 */
#ifndef _CONDIS_NDIS_H
#define _CONDIS_NDIS_H

#include <linux/types.h>

/* Status codes (NDIS_STATUS) */
#define NDIS_STATUS_SUCCESS			0x00000000u
#define NDIS_STATUS_PENDING			0x00000103u
#define NDIS_STATUS_MEDIA_CONNECT		0x4001000bu
#define NDIS_STATUS_MEDIA_DISCONNECT		0x4001000cu
#define NDIS_STATUS_LINK_SPEED_CHANGE		0x40010013u
#define NDIS_STATUS_LINK_STATE			0x40010017u

/* NET_IF_MEDIA_CONNECT_STATE, the MediaConnectState of NDIS_LINK_STATE */
#define NDIS_MEDIA_CONNECT_STATE_UNKNOWN	0
#define NDIS_MEDIA_CONNECT_STATE_CONNECTED	1
#define NDIS_MEDIA_CONNECT_STATE_DISCONNECTED	2

#endif /* _CONDIS_NDIS_H */

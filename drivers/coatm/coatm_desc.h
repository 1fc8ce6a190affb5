/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coatm: descriptor layouts (include/hw/coatm_regs.h gives the offsets)
 * and pure encode/decode/validate helpers, tested by KUnit with hostile
 * values (kunit/coatm_desc_test.c).
 */
#ifndef _COATM_DESC_H
#define _COATM_DESC_H

#include <linux/atm.h>
#include <linux/build_bug.h>
#include <linux/types.h>
#include <condis/ndis.h>
#include <hw/coatm_regs.h>

struct coatm_tx_desc {
	__le64 addr;
	__le32 len;
	__le16 vc;
	__le16 flags;
	u8 uu;
	u8 cpi;
	u8 cell_hdr;
	u8 rsvd;
	__le32 status;
	__le64 rsvd2;
} __packed;
static_assert(sizeof(struct coatm_tx_desc) == COATM_TX_DESC_SIZE);

struct coatm_rxf_desc {
	__le64 addr;
	__le32 buf_id;
	__le32 rsvd;
} __packed;
static_assert(sizeof(struct coatm_rxf_desc) == COATM_RXF_DESC_SIZE);

struct coatm_rxc_desc {
	__le32 buf_id;
	__le32 len;
	__le16 vc;
	__le16 flags;
	u8 uu;
	u8 cpi;
	u8 cell_hdr;
	u8 frag;
} __packed;
static_assert(sizeof(struct coatm_rxc_desc) == COATM_RXC_DESC_SIZE);

struct coatm_cmd_desc {
	__le16 opcode;
	__le16 vc;
	__le32 tag;
	__le16 vpi;
	__le16 vci;
	u8 aal;
	u8 dir;
	u8 service;
	u8 rsvd;
	__le32 pcr;
	__le32 scr;
	__le32 mbs;
	__le32 max_sdu;
} __packed;
static_assert(sizeof(struct coatm_cmd_desc) == COATM_CMD_DESC_SIZE);

struct coatm_evt_desc {
	__le16 type;
	__le16 vc;
	__le32 tag;
	__le32 status;
	__le32 data;
} __packed;
static_assert(sizeof(struct coatm_evt_desc) == COATM_EVT_DESC_SIZE);

/**
 * coatm_tx_desc_fill() - write a TX descriptor for one SDU or cell
 * @d: the descriptor
 * @addr: bus address of the data
 * @len: bytes (48 for an AAL0 cell)
 * @vc: device VC handle
 * @flags: COATM_TXF_AAL0 (an AAL0 cell) and/or COATM_TXF_OAM (an F5 OAM
 *	cell); 0 for an AAL5 SDU
 * @cell_hdr: a cell's PTI (bits 3:1) and CLP (bit 0)
 */
static inline void coatm_tx_desc_fill(struct coatm_tx_desc *d, u64 addr,
				      u32 len, u16 vc, u16 flags, u8 cell_hdr)
{
	bool cell = flags & (COATM_TXF_AAL0 | COATM_TXF_OAM);

	d->addr = cpu_to_le64(addr);
	d->len = cpu_to_le32(len);
	d->vc = cpu_to_le16(vc);
	d->flags = cpu_to_le16(flags);
	d->uu = 0;
	d->cpi = 0;
	d->cell_hdr = cell ? cell_hdr & 0x0f : 0;
	d->rsvd = 0;
	d->status = 0;
	d->rsvd2 = 0;
}

/**
 * coatm_tx_status_to_ndis() - what a TX descriptor's status means
 * @status: the STATUS word the device wrote back
 *
 * Return: the NDIS status the send completes with. A descriptor the
 * device did not mark done, or an unknown code, is a device failure.
 */
static inline u32 coatm_tx_status_to_ndis(u32 status)
{
	if (!(status & COATM_TXS_DONE))
		return NDIS_STATUS_FAILURE;
	switch (COATM_TXS_CODE(status)) {
	case COATM_TXS_OK:
		return NDIS_STATUS_SUCCESS;
	case COATM_TXS_BAD_VC:
		return NDIS_STATUS_VC_NOT_ACTIVATED;
	case COATM_TXS_BAD_LEN:
		return NDIS_STATUS_INVALID_LENGTH;
	default:
		return NDIS_STATUS_FAILURE;
	}
}

/*
 * The Linux AAL0 cell layout: a host-order 32-bit header (GFC/VPI, VCI,
 * PTI, CLP; no HEC) then the 48-byte payload. Its low nibble is exactly
 * PTI << 1 | CLP, the device's cell_hdr byte.
 */
static inline u8 coatm_aal0_cell_hdr(u32 linux_hdr)
{
	return linux_hdr & (ATM_HDR_PTI_MASK | ATM_HDR_CLP);
}

/**
 * coatm_cell_is_oam() - is this cell header byte an F5 OAM cell's?
 * @cell_hdr: PTI (bits 3:1) and CLP (bit 0)
 *
 * Return: true for PTI 4 (segment) or 5 (end-to-end OAM).
 */
static inline bool coatm_cell_is_oam(u8 cell_hdr)
{
	u8 pti = (cell_hdr >> 1) & 7;

	return pti == COATM_PTI_OAM_SEGMENT || pti == COATM_PTI_OAM_E2E;
}

static inline u32 coatm_aal0_linux_hdr(u16 vpi, u32 vci, u8 cell_hdr)
{
	return ((u32)vpi << ATM_HDR_VPI_SHIFT & ATM_HDR_VPI_MASK) |
	       (vci << ATM_HDR_VCI_SHIFT & ATM_HDR_VCI_MASK) |
	       (cell_hdr & (ATM_HDR_PTI_MASK | ATM_HDR_CLP));
}

/**
 * struct coatm_rxc - a decoded RX completion
 * @buf_id: buffer it returns
 * @len: SDU bytes in it
 * @vc: VC handle
 * @flags: COATM_RXC_*
 * @cell_hdr: AAL0 PTI/CLP
 * @frag: with COATM_CAP_RXC_FRAG, the buffer's place in its AAL5 PDU
 */
struct coatm_rxc {
	u32 buf_id;
	u32 len;
	u16 vc;
	u16 flags;
	u8 cell_hdr;
	u8 frag;
};

static inline void coatm_rxc_decode(const struct coatm_rxc_desc *d,
				    struct coatm_rxc *c)
{
	c->buf_id = le32_to_cpu(READ_ONCE(d->buf_id));
	c->len = le32_to_cpu(READ_ONCE(d->len));
	c->vc = le16_to_cpu(READ_ONCE(d->vc));
	c->flags = le16_to_cpu(READ_ONCE(d->flags));
	c->cell_hdr = READ_ONCE(d->cell_hdr);
	c->frag = READ_ONCE(d->frag);
}

/**
 * enum coatm_rxc_verdict - what to do with an RX completion
 * @COATM_RXC_OK: well formed
 * @COATM_RXC_BAD_BUF: names no buffer of ours; nothing can be recycled
 * @COATM_RXC_BAD_LEN: longer than a buffer, or an AAL0 cell not 48 bytes
 * @COATM_RXC_BAD_VC: VC handle beyond the device's VC count
 */
enum coatm_rxc_verdict {
	COATM_RXC_OK,
	COATM_RXC_BAD_BUF,
	COATM_RXC_BAD_LEN,
	COATM_RXC_BAD_VC,
};

/**
 * coatm_rxc_check() - validate the stateless fields of an RX completion
 * @c: the completion
 * @nr_bufs: receive buffers the driver has
 * @buf_size: bytes per receive buffer
 * @max_vcs: VC handles the device has
 *
 * Whether the buffer is really held by the device and the VC really open
 * is checked against driver state by the caller.
 *
 * Return: the verdict.
 */
static inline enum coatm_rxc_verdict
coatm_rxc_check(const struct coatm_rxc *c, u32 nr_bufs, u32 buf_size,
		u32 max_vcs)
{
	if (c->buf_id >= nr_bufs)
		return COATM_RXC_BAD_BUF;
	if (c->len > buf_size)
		return COATM_RXC_BAD_LEN;
	if ((c->flags & COATM_RXC_AAL0) &&
	    !(c->flags & (COATM_RXC_DISCARD | COATM_RXC_CRC_ERR |
			  COATM_RXC_LEN_ERR)) &&
	    c->len != COATM_CELL_PAYLOAD)
		return COATM_RXC_BAD_LEN;
	if (c->vc >= max_vcs)
		return COATM_RXC_BAD_VC;
	return COATM_RXC_OK;
}

/**
 * coatm_cmd_status_to_ndis() - NDIS status of a command's completion
 * @status: COATM_CMDS_* from the event
 *
 * Return: the NDIS status the VC operation completes with.
 */
static inline u32 coatm_cmd_status_to_ndis(u32 status)
{
	switch (status) {
	case COATM_CMDS_OK:
		return NDIS_STATUS_SUCCESS;
	case COATM_CMDS_EXISTS:
		return NDIS_STATUS_VC_NOT_AVAILABLE;
	case COATM_CMDS_INVALID:
		return NDIS_STATUS_INVALID_DATA;
	case COATM_CMDS_NO_RATE:
		return NDIS_STATUS_CELLRATE_NOT_AVAILABLE;
	case COATM_CMDS_NO_RESOURCES:
		return NDIS_STATUS_RESOURCES;
	default:
		return NDIS_STATUS_FAILURE;
	}
}

#endif /* _COATM_DESC_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * coatm PCI ATM SAR NIC: register map.
 *
 * This header is the one definition of the hardware interface. It is
 * included by the Linux driver (drivers/coatm/) and by the QEMU device
 * model (qemu/), so it uses nothing but preprocessor constants.
 * Documentation/coatm-hw.rst describes the semantics.
 *
 * BAR0 is 4 KiB of 32-bit little-endian registers; only aligned 32-bit
 * accesses are defined. BAR1 holds the MSI-X table and PBA.
 */
#ifndef COATM_REGS_H
#define COATM_REGS_H

/* BIT() for a header that user space (the QEMU model) includes too */
#define COATM_BIT(n)			(1u << (n))

#define COATM_PCI_VENDOR_ID		0x1af4
#define COATM_PCI_DEVICE_ID		0x10f0
#define COATM_PCI_CLASS			0x0203	/* network: ATM controller */
#define COATM_PCI_REVISION		0x01

#define COATM_BAR_REGS			0
#define COATM_BAR_MSIX			1
#define COATM_BAR0_SIZE			0x1000

/* Identity */
#define COATM_REG_ID			0x000	/* RO: COATM_ID_VALUE */
#define COATM_ID_VALUE			0x434f4154	/* "COAT" */
#define COATM_REG_VERSION		0x004	/* RO: major << 16 | minor */
#define COATM_VERSION_MAJOR(v)		(((v) >> 16) & 0xffff)
#define COATM_VERSION_MINOR(v)		((v) & 0xffff)
#define COATM_VERSION_CURRENT		0x00010002	/* 1.2: RXC_FRAG */

/* Capabilities */
#define COATM_REG_CAPS			0x008	/* RO: COATM_CAP_* */
#define COATM_CAP_AAL0			COATM_BIT(0)
#define COATM_CAP_AAL5			COATM_BIT(1)
#define COATM_CAP_UBR			COATM_BIT(4)
#define COATM_CAP_CBR			COATM_BIT(5)
#define COATM_CAP_VBR			COATM_BIT(6)
#define COATM_CAP_PHY_LOOPBACK		COATM_BIT(8)
#define COATM_CAP_MSIX			COATM_BIT(9)
/*
 * One TX ring per service class (COATM_RING_TX_CBR, COATM_RING_TX_VBR
 * beside COATM_RING_TX for UBR); the TX scheduler serves them by class
 * (Documentation/coatm-hw.rst, "TX scheduler").
 */
#define COATM_CAP_TX_CLASS_RINGS	COATM_BIT(10)
/*
 * RX completions number the buffers of an AAL5 PDU (the FRAG byte), so
 * the driver can tell when one of them went missing.
 */
#define COATM_CAP_RXC_FRAG		COATM_BIT(11)

#define COATM_REG_VC_CAPS		0x00c	/* RO */
#define COATM_VC_CAPS_MAX_VCS(v)	((v) & 0xffff)
#define COATM_VC_CAPS_VPI_BITS(v)	(((v) >> 16) & 0xff)
#define COATM_VC_CAPS_VCI_BITS(v)	(((v) >> 24) & 0xff)
#define COATM_VC_CAPS(vcs, vpi, vci)	(((vcs) & 0xffff) | \
					 (((vpi) & 0xff) << 16) | \
					 (((vci) & 0xff) << 24))
#define COATM_MAX_VPI_BITS		12	/* NNI */
#define COATM_MAX_VCI_BITS		16

/* Control: enable and reset */
#define COATM_REG_CTRL			0x010	/* RW */
#define COATM_CTRL_ENABLE		COATM_BIT(0)
#define COATM_CTRL_RESET		COATM_BIT(1)	/* self-clearing */
#define COATM_CTRL_PHY_LOOPBACK		COATM_BIT(2)	/* TX cells return to RX */
#define COATM_CTRL_MASK			(COATM_CTRL_ENABLE | \
					 COATM_CTRL_PHY_LOOPBACK)

#define COATM_REG_STATUS		0x014	/* RO */
#define COATM_STATUS_LINK_UP		COATM_BIT(0)
#define COATM_STATUS_RESET_BUSY		COATM_BIT(1)
#define COATM_STATUS_ENABLED		COATM_BIT(2)

/*
 * Interrupts. A cause bit is set by the device and cleared by writing
 * 1 to it. A set mask bit keeps its cause from interrupting; after
 * reset every cause is masked. With MSI-X each cause group has its own
 * vector; with INTx the pin is asserted while (CAUSE & ~MASK) != 0.
 */
#define COATM_REG_INT_CAUSE		0x018	/* RW1C */
#define COATM_REG_INT_MASK		0x01c	/* RW, 1 = masked */
#define COATM_INT_LINK			COATM_BIT(0)	/* link state changed */
#define COATM_INT_ERROR			COATM_BIT(1)	/* device error */
#define COATM_INT_EVENT			COATM_BIT(2)	/* event ring entries */
#define COATM_INT_TX_DONE		COATM_BIT(3)	/* TX descriptors done */
#define COATM_INT_RX_DONE		COATM_BIT(4)	/* RX completions */
#define COATM_INT_RX_NOBUF		COATM_BIT(5)	/* RX free ring ran dry */
#define COATM_INT_ALL			(COATM_INT_LINK | COATM_INT_ERROR | \
					 COATM_INT_EVENT | COATM_INT_TX_DONE | \
					 COATM_INT_RX_DONE | COATM_INT_RX_NOBUF)

/* MSI-X vector of each cause group */
#define COATM_VEC_MISC			0	/* LINK, ERROR, EVENT */
#define COATM_VEC_TX			1	/* TX_DONE */
#define COATM_VEC_RX			2	/* RX_DONE, RX_NOBUF */
#define COATM_NUM_VECTORS		3
#define COATM_VEC_MISC_CAUSES		(COATM_INT_LINK | COATM_INT_ERROR | \
					 COATM_INT_EVENT)
#define COATM_VEC_TX_CAUSES		COATM_INT_TX_DONE
#define COATM_VEC_RX_CAUSES		(COATM_INT_RX_DONE | COATM_INT_RX_NOBUF)

/* PHY */
#define COATM_REG_LINE_RATE		0x020	/* RO: cells per second */
#define COATM_LINE_RATE_OC3		353207
#define COATM_LINE_RATE_MAX		(64 * COATM_LINE_RATE_OC3)	/* OC-192 */
#define COATM_REG_ESI_LO		0x024	/* RO: ESI bytes 0..3, byte 0 in 7:0 */
#define COATM_REG_ESI_HI		0x028	/* RO: ESI bytes 4..5 in 15:0 */
#define COATM_ESI_LEN			6

/* Free for the driver: lets it prove MMIO works both ways */
#define COATM_REG_SCRATCH		0x02c	/* RW */

/*
 * Interrupt moderation, one register per completion cause: the cause is
 * raised once COUNT completions are pending, or USECS microseconds after
 * the first pending one, whichever comes first. 0/0 = every completion.
 */
#define COATM_REG_INT_MOD_TX		0x030	/* RW */
#define COATM_REG_INT_MOD_RX		0x034	/* RW */
#define COATM_INT_MOD(count, usecs)	(((count) & 0xffff) | \
					 (((usecs) & 0xffff) << 16))
#define COATM_INT_MOD_COUNT(v)		((v) & 0xffff)
#define COATM_INT_MOD_USECS(v)		(((v) >> 16) & 0xffff)

/* Size of every RX buffer the driver posts, 64..65536 bytes, multiple of 64 */
#define COATM_REG_RX_BUF_SIZE		0x038	/* RW, only while disabled */
#define COATM_RX_BUF_SIZE_MIN		64
#define COATM_RX_BUF_SIZE_MAX		65536

/*
 * Status block: COATM_STATUS_BLOCK_SIZE bytes of host memory the device
 * keeps the ring indices it owns in (struct coatm_status_block), written
 * before the interrupt that announces them. 0 = not used.
 */
#define COATM_REG_STATUS_BLOCK_LO	0x040	/* RW, only while disabled */
#define COATM_REG_STATUS_BLOCK_HI	0x044

/* Why the device raised COATM_INT_ERROR (RW1C) */
#define COATM_REG_ERROR			0x048
#define COATM_ERROR_TX_DESC		COATM_BIT(0)	/* bad TX descriptor */
#define COATM_ERROR_RX_DESC		COATM_BIT(1)	/* bad RX free descriptor */
#define COATM_ERROR_CMD			COATM_BIT(2)	/* bad command */
#define COATM_ERROR_EVT_OVERFLOW	COATM_BIT(3)	/* event ring full */
#define COATM_ERROR_DMA			COATM_BIT(4)	/* DMA failed */
#define COATM_ERROR_RING_CONFIG		COATM_BIT(5)	/* bad ring base/size */

/*
 * Rings. Up to seven rings live in host memory; each has a register block at
 * COATM_RING_REG(ring, reg). SIZE is a power of two from 2 to
 * COATM_RING_SIZE_MAX entries, 0 = ring not set up; BASE and SIZE may
 * only be written while the device is disabled.
 *
 * HEAD and TAIL are free-running 32-bit indices (slot = index % SIZE).
 * For a driver-to-device ring (TX, RXF, CMD) the driver produces at TAIL
 * (writing TAIL is the doorbell) and the device consumes at HEAD (read
 * only to the driver). For a device-to-driver ring (RXC, EVT) the device
 * produces at TAIL (read only to the driver) and the driver returns
 * entries by writing HEAD. The device never produces more than SIZE
 * entries beyond HEAD. The device-owned index of each ring is also
 * mirrored in the status block.
 */
#define COATM_RING_TX			0	/* TX descriptors */
#define COATM_RING_RXF			1	/* RX free buffers */
#define COATM_RING_RXC			2	/* RX completions */
#define COATM_RING_CMD			3	/* VC commands */
#define COATM_RING_EVT			4	/* events */
/* With COATM_CAP_TX_CLASS_RINGS; COATM_RING_TX then carries UBR. */
#define COATM_RING_TX_CBR		5	/* TX descriptors, CBR queue */
#define COATM_RING_TX_VBR		6	/* TX descriptors, VBR queue */
#define COATM_NUM_RINGS			7
#define COATM_RING_BASE_OFF		0x100
#define COATM_RING_STRIDE		0x20
#define COATM_RING_BASE_LO		0x00
#define COATM_RING_BASE_HI		0x04
#define COATM_RING_SIZE			0x08
#define COATM_RING_HEAD			0x0c
#define COATM_RING_TAIL			0x10
#define COATM_RING_REG(ring, reg)	(COATM_RING_BASE_OFF + \
					 (ring) * COATM_RING_STRIDE + (reg))
#define COATM_RING_SIZE_MAX		4096

/*
 * Counters: 64-bit, read-only, monotonic since reset. Reading the LO word
 * latches the HI word, so LO then HI reads one consistent value.
 */
#define COATM_REG_COUNTER_LO(n)		(0x200 + (n) * 8)
#define COATM_REG_COUNTER_HI(n)		(0x204 + (n) * 8)
#define COATM_CNT_TX_CELLS		0	/* cells sent on the link */
#define COATM_CNT_RX_CELLS		1	/* cells received (good HEC) */
#define COATM_CNT_TX_PDUS		2	/* PDUs/AAL0 cells sent */
#define COATM_CNT_RX_PDUS		3	/* PDUs/AAL0 cells delivered */
#define COATM_CNT_RX_CRC_ERR		4	/* AAL5 CRC-32 errors */
#define COATM_CNT_RX_LEN_ERR		5	/* AAL5 length errors */
#define COATM_CNT_RX_INVALID_VC		6	/* cells for no open RX VC */
#define COATM_CNT_RX_HEC_ERR		7	/* cells with a bad HEC */
#define COATM_CNT_RX_NOBUF		8	/* PDUs dropped: no RX buffer */
#define COATM_CNT_TX_ERR		9	/* PDUs completed with an error */
#define COATM_CNT_RX_FRAME_ERR		10	/* link frames not whole cells */
#define COATM_CNT_RX_DROP_CELLS		11	/* cells dropped for any reason */
#define COATM_CNT_RX_OAM		12	/* F5 OAM cells received (good CRC-10) */
#define COATM_CNT_TX_OAM		13	/* OAM cells sent, loopback replies too */
#define COATM_NUM_COUNTERS		14

/* Reset completes within this bound; a driver gives up after it. */
#define COATM_RESET_TIMEOUT_US		100000

/*
 * Descriptor and entry formats. All fields are little endian; sizes are
 * fixed (no padding) and given so both sides can check them.
 *
 * TX descriptor (32 bytes), written by the driver; the device writes
 * STATUS (and only STATUS) back when it is done with the descriptor,
 * before it advances TX HEAD.
 *   0  u64 addr      bus address of the SDU (AAL5) or 48-byte payload (AAL0)
 *   8  u32 len       SDU length: 0..65535 for AAL5, 48 for AAL0
 *   12 u16 vc        VC handle
 *   14 u16 flags     COATM_TXF_*
 *   16 u8  uu        AAL5 CPCS-UU
 *   17 u8  cpi       AAL5 CPI
 *   18 u8  cell_hdr  AAL0, OAM: PTI (bits 3:1) and CLP (bit 0) of the cell
 *   19 u8  rsvd
 *   20 u32 status    written by the device: COATM_TXS_*
 *   24 u64 rsvd
 */
#define COATM_TX_DESC_SIZE		32
#define COATM_TXF_AAL0			COATM_BIT(0)	/* else AAL5 */
/*
 * An F5 OAM cell (PTI 4 or 5 in CELL_HDR), on any VC open for TX, with
 * AAL0 or alone: LEN is 48 and the device writes the CRC-10 into the
 * last 10 bits of the payload.
 */
#define COATM_TXF_OAM			COATM_BIT(1)
#define COATM_TXS_DONE			COATM_BIT(31)
#define COATM_TXS_CODE(s)		((s) & 0xff)
#define COATM_TXS_OK			0
#define COATM_TXS_BAD_VC		1	/* not open for TX */
#define COATM_TXS_BAD_LEN		2
#define COATM_TXS_DMA_ERR		3

/*
 * RX free buffer descriptor (16 bytes), written by the driver.
 *   0  u64 addr      bus address of a buffer of RX_BUF_SIZE bytes
 *   8  u32 buf_id    the driver's name for the buffer, echoed back
 *   12 u32 rsvd
 */
#define COATM_RXF_DESC_SIZE		16

/*
 * RX completion (16 bytes), written by the device. Every buffer taken
 * from the RXF ring comes back in exactly one completion. A PDU spans
 * one or more buffers, in order, the last with EOP; LEN is the number of
 * SDU bytes in this buffer (pad and trailer excluded). A completion with
 * an error flag or DISCARD carries no usable data.
 *   0  u32 buf_id    from the RXF descriptor
 *   4  u32 len
 *   8  u16 vc        VC handle
 *   10 u16 flags     COATM_RXC_*
 *   12 u8  uu        AAL5 CPCS-UU (with EOP)
 *   13 u8  cpi       AAL5 CPI (with EOP)
 *   14 u8  cell_hdr  AAL0: PTI (bits 3:1) and CLP (bit 0)
 *   15 u8  frag      with COATM_CAP_RXC_FRAG: the buffer's place in its
 *                    AAL5 PDU, 0 for the first, modulo 256 (0 on AAL0
 *                    and OAM completions); else reserved, 0
 */
#define COATM_RXC_DESC_SIZE		16
#define COATM_RXC_EOP			COATM_BIT(0)
#define COATM_RXC_AAL0			COATM_BIT(1)
#define COATM_RXC_CRC_ERR		COATM_BIT(2)
#define COATM_RXC_LEN_ERR		COATM_BIT(3)
#define COATM_RXC_DISCARD		COATM_BIT(4)	/* buffer returned unused */
/*
 * An F5 OAM cell (PTI 4 or 5 in CELL_HDR) with a good CRC-10, 48 bytes,
 * with EOP (and AAL0 on an AAL0 VC). The device itself answers an
 * end-to-end loopback cell (PTI 5, OAM type/function 0x18, loopback
 * indication 1) with the same cell, loopback indication 0, and still
 * delivers the request.
 */
#define COATM_RXC_OAM			COATM_BIT(5)

/* F5 OAM cells: PTI values and the loopback cell's first octets */
#define COATM_PTI_OAM_SEGMENT		4
#define COATM_PTI_OAM_E2E		5
#define COATM_OAM_LOOPBACK		0x18	/* fault management, loopback */
#define COATM_OAM_LB_INDICATION		0x01	/* octet 1: 1 = request */

/*
 * Command (32 bytes), written by the driver. Commands complete in order,
 * each with one COATM_EVT_CMD_DONE event carrying its TAG.
 *   0  u16 opcode    COATM_CMD_*
 *   2  u16 vc        VC handle, < max VCs
 *   4  u32 tag       echoed in the event
 *   8  u16 vpi
 *   10 u16 vci
 *   12 u8  aal       COATM_AAL0 or COATM_AAL5
 *   13 u8  dir       COATM_DIR_TX | COATM_DIR_RX
 *   14 u8  service   COATM_SVC_*
 *   15 u8  rsvd
 *   16 u32 pcr       peak cell rate, cells/s (CBR, VBR; 0 = line rate)
 *   20 u32 scr       sustainable cell rate (VBR)
 *   24 u32 mbs       maximum burst size in cells (VBR)
 *   28 u32 max_sdu   largest SDU accepted on RX (AAL5)
 *
 * OPEN programs a free handle. MODIFY changes the traffic parameters of
 * an open one (vpi/vci/aal/dir must match). CLOSE stops it: reassembly
 * in progress is discarded, every buffer it held is returned (DISCARD),
 * TX descriptors still queued for it complete with BAD_VC, and only then
 * is the CMD_DONE event written.
 */
#define COATM_CMD_DESC_SIZE		32
#define COATM_CMD_OPEN			1
#define COATM_CMD_MODIFY		2
#define COATM_CMD_CLOSE			3
#define COATM_AAL0			0
#define COATM_AAL5			5
#define COATM_DIR_TX			COATM_BIT(0)
#define COATM_DIR_RX			COATM_BIT(1)
#define COATM_SVC_UBR			0
#define COATM_SVC_CBR			1
#define COATM_SVC_VBR			2

/*
 * Event (16 bytes), written by the device.
 *   0  u16 type      COATM_EVT_*
 *   2  u16 vc
 *   4  u32 tag       CMD_DONE: the command's tag
 *   8  u32 status    CMD_DONE: COATM_CMDS_*; LINK: 1 up, 0 down
 *   12 u32 data      CMD_DONE of OPEN/MODIFY: granted PCR
 */
#define COATM_EVT_DESC_SIZE		16
#define COATM_EVT_CMD_DONE		1
#define COATM_EVT_LINK			2
#define COATM_CMDS_OK			0
#define COATM_CMDS_EXISTS		1	/* handle or VPI/VCI+dir in use */
#define COATM_CMDS_NOT_OPEN		2
#define COATM_CMDS_INVALID		3	/* bad field */
#define COATM_CMDS_NO_RATE		4	/* reserved rate over line rate */
#define COATM_CMDS_NO_RESOURCES		5	/* no room for the VC now */

/*
 * Status block (64 bytes), written by the device.
 *   0  u32 tx_head   4 u32 rxf_head   8 u32 rxc_tail   12 u32 cmd_head
 *   16 u32 evt_tail  20 u32 tx_cbr_head  24 u32 tx_vbr_head
 *   28..63 reserved
 */
#define COATM_STATUS_BLOCK_SIZE		64
#define COATM_SB_TX_HEAD		0
#define COATM_SB_RXF_HEAD		4
#define COATM_SB_RXC_TAIL		8
#define COATM_SB_CMD_HEAD		12
#define COATM_SB_EVT_TAIL		16
#define COATM_SB_TX_CBR_HEAD		20
#define COATM_SB_TX_VBR_HEAD		24

/* Cells on the link: 5-byte header (GFC/VPI, VCI, PTI, CLP, HEC) + 48 */
#define COATM_CELL_SIZE			53
#define COATM_CELL_PAYLOAD		48
#define COATM_AAL5_TRAILER		8
#define COATM_AAL5_MAX_SDU		65535
/* A link frame carries at most this many whole cells. */
#define COATM_FRAME_MAX_CELLS		1024

#endif /* COATM_REGS_H */

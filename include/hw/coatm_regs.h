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
#define COATM_VERSION_CURRENT		0x00010000	/* 1.0 */

/* Capabilities */
#define COATM_REG_CAPS			0x008	/* RO: COATM_CAP_* */
#define COATM_CAP_AAL0			COATM_BIT(0)
#define COATM_CAP_AAL5			COATM_BIT(1)
#define COATM_CAP_UBR			COATM_BIT(4)
#define COATM_CAP_CBR			COATM_BIT(5)
#define COATM_CAP_VBR			COATM_BIT(6)
#define COATM_CAP_PHY_LOOPBACK		COATM_BIT(8)
#define COATM_CAP_MSIX			COATM_BIT(9)

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
#define COATM_INT_ALL			(COATM_INT_LINK | COATM_INT_ERROR)

/* MSI-X vector of each cause group */
#define COATM_VEC_MISC			0	/* LINK, ERROR */
#define COATM_NUM_VECTORS		1

/* PHY */
#define COATM_REG_LINE_RATE		0x020	/* RO: cells per second */
#define COATM_LINE_RATE_OC3		353207
#define COATM_REG_ESI_LO		0x024	/* RO: ESI bytes 0..3, byte 0 in 7:0 */
#define COATM_REG_ESI_HI		0x028	/* RO: ESI bytes 4..5 in 15:0 */
#define COATM_ESI_LEN			6

/* Free for the driver: lets it prove MMIO works both ways */
#define COATM_REG_SCRATCH		0x02c	/* RW */

/* Reset completes within this bound; a driver gives up after it. */
#define COATM_RESET_TIMEOUT_US		100000

#endif /* COATM_REGS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coatm: register access and decoding of values read from the device.
 *
 * Everything read from the device is distrusted: the decode helpers here
 * validate it and are pure functions, so KUnit tests them with hostile
 * values (kunit/coatm_hw_test.c).
 */
#ifndef _COATM_HW_H
#define _COATM_HW_H

#include <linux/errno.h>
#include <linux/io.h>
#include <linux/types.h>
#include <hw/coatm_regs.h>

/**
 * struct coatm_caps - validated device capabilities
 * @caps: COATM_CAP_* feature bits
 * @max_vcs: VCs the device can have open at once
 * @vpi_bits: VPI bits supported
 * @vci_bits: VCI bits supported
 * @line_rate: line rate in cells per second
 */
struct coatm_caps {
	u32 caps;
	u32 max_vcs;
	u8 vpi_bits;
	u8 vci_bits;
	u32 line_rate;
};

/**
 * coatm_hw_check_identity() - check the identity registers
 * @id: value of COATM_REG_ID
 * @version: value of COATM_REG_VERSION
 *
 * Return: 0 for a device this driver speaks to, -ENODEV otherwise
 * (including the all-ones a dead or surprise-removed device reads as).
 */
static inline int coatm_hw_check_identity(u32 id, u32 version)
{
	if (id != COATM_ID_VALUE)
		return -ENODEV;
	if (COATM_VERSION_MAJOR(version) !=
	    COATM_VERSION_MAJOR(COATM_VERSION_CURRENT))
		return -ENODEV;
	return 0;
}

/**
 * coatm_hw_decode_caps() - validate and decode the capability registers
 * @caps: value of COATM_REG_CAPS
 * @vc_caps: value of COATM_REG_VC_CAPS
 * @line_rate: value of COATM_REG_LINE_RATE
 * @out: decoded capabilities, written only on success
 *
 * Return: 0, or -EINVAL if the device reports something impossible: no
 * VCs, more VPI/VCI bits than ATM has, no VCI bits, no AAL5 or UBR
 * (mandatory), or a line rate of zero or beyond OC-192.
 */
static inline int coatm_hw_decode_caps(u32 caps, u32 vc_caps, u32 line_rate,
				       struct coatm_caps *out)
{
	u32 vcs = COATM_VC_CAPS_MAX_VCS(vc_caps);
	u32 vpi = COATM_VC_CAPS_VPI_BITS(vc_caps);
	u32 vci = COATM_VC_CAPS_VCI_BITS(vc_caps);

	if (!vcs || vpi > COATM_MAX_VPI_BITS || !vci ||
	    vci > COATM_MAX_VCI_BITS)
		return -EINVAL;
	if (!(caps & COATM_CAP_AAL5) || !(caps & COATM_CAP_UBR))
		return -EINVAL;
	if (!line_rate || line_rate > COATM_LINE_RATE_MAX)
		return -EINVAL;
	out->caps = caps;
	out->max_vcs = vcs;
	out->vpi_bits = vpi;
	out->vci_bits = vci;
	out->line_rate = line_rate;
	return 0;
}

/**
 * coatm_hw_decode_esi() - unpack the ESI registers
 * @lo: value of COATM_REG_ESI_LO (bytes 0..3, byte 0 in bits 7:0)
 * @hi: value of COATM_REG_ESI_HI (bytes 4..5 in bits 15:0)
 * @esi: the 6-byte ESI
 */
static inline void coatm_hw_decode_esi(u32 lo, u32 hi, u8 esi[COATM_ESI_LEN])
{
	esi[0] = lo & 0xff;
	esi[1] = (lo >> 8) & 0xff;
	esi[2] = (lo >> 16) & 0xff;
	esi[3] = (lo >> 24) & 0xff;
	esi[4] = hi & 0xff;
	esi[5] = (hi >> 8) & 0xff;
}

#endif /* _COATM_HW_H */

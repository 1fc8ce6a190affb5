// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: device identity, reset and capabilities.
 *
 * Context: process context (probe, remove, later reset work); may sleep.
 */

#include <linux/iopoll.h>
#include "coatm.h"

/**
 * coatm_hw_reset() - reset the device and wait for it to finish
 * @cd: the device
 *
 * After reset the device is disabled and every interrupt cause masked.
 *
 * Return: 0, or -ETIMEDOUT if the device stayed busy for longer than
 * COATM_RESET_TIMEOUT_US.
 */
int coatm_hw_reset(struct coatm_dev *cd)
{
	u32 status;
	int err;

	coatm_wr(cd, COATM_REG_CTRL, COATM_CTRL_RESET);
	err = readl_poll_timeout(cd->regs + COATM_REG_STATUS, status,
				 !(status & COATM_STATUS_RESET_BUSY),
				 10, COATM_RESET_TIMEOUT_US);
	if (err) {
		dev_err(&cd->pdev->dev, "reset timed out (status 0x%08x)\n",
			status);
		return err;
	}
	spin_lock_bh(&cd->ctrl_lock);
	WRITE_ONCE(cd->int_mask, COATM_INT_ALL);
	cd->ctrl = 0;
	spin_unlock_bh(&cd->ctrl_lock);
	return 0;
}

/**
 * coatm_hw_alive() - does the device still answer on the bus?
 * @cd: the device
 *
 * Return: false if the identity register does not read back (a device
 * that fell off the bus reads all-ones).
 */
bool coatm_hw_alive(struct coatm_dev *cd)
{
	return coatm_rd(cd, COATM_REG_ID) == COATM_ID_VALUE;
}

/**
 * coatm_hw_set_ctrl() - set and clear CTRL bits
 * @cd: the device
 * @set: COATM_CTRL_* bits to set
 * @clear: COATM_CTRL_* bits to clear
 */
void coatm_hw_set_ctrl(struct coatm_dev *cd, u32 set, u32 clear)
{
	spin_lock_bh(&cd->ctrl_lock);
	cd->ctrl = (cd->ctrl & ~clear) | set;
	coatm_wr(cd, COATM_REG_CTRL, cd->ctrl);
	spin_unlock_bh(&cd->ctrl_lock);
}

static u64 coatm_hw_counter_raw(struct coatm_dev *cd, unsigned int n)
{
	u32 lo = coatm_rd(cd, COATM_REG_COUNTER_LO(n));

	return (u64)coatm_rd(cd, COATM_REG_COUNTER_HI(n)) << 32 | lo;
}

/**
 * coatm_hw_counter() - read one of the device's 64-bit counters
 * @cd: the device
 * @n: COATM_CNT_*
 *
 * Return: the counter (reading LO latches HI), plus what the device
 * counted before its resets: counters run on across a reset.
 */
u64 coatm_hw_counter(struct coatm_dev *cd, unsigned int n)
{
	if (cd->dead)
		return cd->cnt_base[n];
	return cd->cnt_base[n] + coatm_hw_counter_raw(cd, n);
}

/**
 * coatm_hw_counters_save() - bank the counters before a device reset
 * @cd: the device, alive
 */
void coatm_hw_counters_save(struct coatm_dev *cd)
{
	unsigned int n;

	for (n = 0; n < COATM_NUM_COUNTERS; n++)
		cd->cnt_base[n] += coatm_hw_counter_raw(cd, n);
}

/* Caller holds ctrl_lock. */
void coatm_hw_set_int_mask(struct coatm_dev *cd, u32 mask)
{
	lockdep_assert_held(&cd->ctrl_lock);
	WRITE_ONCE(cd->int_mask, mask);
	coatm_wr(cd, COATM_REG_INT_MASK, mask);
}

bool coatm_hw_link_up(struct coatm_dev *cd)
{
	return coatm_rd(cd, COATM_REG_STATUS) & COATM_STATUS_LINK_UP;
}

/**
 * coatm_hw_init() - identify, reset and read the capabilities of a device
 * @cd: the device, with @regs mapped
 *
 * Return: 0, -ENODEV for a device this driver does not speak to,
 * -EINVAL for impossible capabilities, -EIO if MMIO does not work.
 */
int coatm_hw_init(struct coatm_dev *cd)
{
	struct device *dev = &cd->pdev->dev;
	u32 id, version, scratch;
	int err;

	id = coatm_rd(cd, COATM_REG_ID);
	version = coatm_rd(cd, COATM_REG_VERSION);
	err = coatm_hw_check_identity(id, version);
	if (err) {
		dev_err(dev, "unknown device: id 0x%08x version 0x%08x\n",
			id, version);
		return err;
	}

	err = coatm_hw_reset(cd);
	if (err)
		return err;

	/* A register that holds what we write proves MMIO both ways. */
	coatm_wr(cd, COATM_REG_SCRATCH, 0x5a5aa5a5);
	scratch = coatm_rd(cd, COATM_REG_SCRATCH);
	coatm_wr(cd, COATM_REG_SCRATCH, 0);
	if (scratch != 0x5a5aa5a5) {
		dev_err(dev, "scratch register reads 0x%08x\n", scratch);
		return -EIO;
	}

	err = coatm_hw_decode_caps(coatm_rd(cd, COATM_REG_CAPS),
				   coatm_rd(cd, COATM_REG_VC_CAPS),
				   coatm_rd(cd, COATM_REG_LINE_RATE),
				   &cd->caps);
	if (err) {
		dev_err(dev, "impossible capabilities: caps 0x%08x vc_caps 0x%08x rate %u\n",
			coatm_rd(cd, COATM_REG_CAPS),
			coatm_rd(cd, COATM_REG_VC_CAPS),
			coatm_rd(cd, COATM_REG_LINE_RATE));
		return err;
	}
	coatm_hw_decode_esi(coatm_rd(cd, COATM_REG_ESI_LO),
			    coatm_rd(cd, COATM_REG_ESI_HI), cd->esi);

	dev_info(dev, "coatm %u.%u: %u VCs, %u VPI / %u VCI bits, %u cells/s, ESI %pM\n",
		 COATM_VERSION_MAJOR(version), COATM_VERSION_MINOR(version),
		 cd->caps.max_vcs, cd->caps.vpi_bits, cd->caps.vci_bits,
		 cd->caps.line_rate, cd->esi);
	return 0;
}

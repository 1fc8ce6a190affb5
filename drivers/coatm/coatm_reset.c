// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: reset (the CoNDIS MiniportReset handler), the TX watchdog and
 * device error handling.
 *
 * Three things ask the shim for a reset (condis_request_reset()): the
 * watchdog, when TX descriptors are outstanding and neither TX HEAD nor
 * the TX cell counter moved for tx_timeout_ms, or the device reads
 * all-ones (off the bus); an error interrupt (ERROR register set); and
 * user space (CONDIS_IOC_RESET, handled by the shim). The shim then calls
 * coatm_reset() with no send, OID request or VC operation in progress.
 *
 * coatm_reset() quiesces interrupts, tasklets and work items, resets the
 * device (no DMA after that), completes every send it held with
 * RESET_IN_PROGRESS, finishes pending VC commands, gives every receive
 * buffer back to the device, restarts it and re-programs every VC that
 * was open in it, waiting for each OPEN's event. A VC the device refuses
 * is dropped with a per-VC CLOSING status: only its socket sees an error.
 *
 * Context: process context, may sleep (the shim's reset work or ioctl);
 * the watchdog and error work on the driver's ordered workqueue.
 */

#include <linux/jiffies.h>
#include <linux/module.h>
#include "coatm.h"

static unsigned int tx_timeout_ms = 2000;
module_param(tx_timeout_ms, uint, 0644);
MODULE_PARM_DESC(tx_timeout_ms, "Reset when TX makes no progress for this long (ms, 0 = no watchdog)");

/* How long re-programming the VCs after a reset may take. */
#define COATM_REPROGRAM_TIMEOUT_MS	5000

/**
 * coatm_unmask_all() - unmask every interrupt cause the driver can serve
 * @cd: the device
 *
 * LINK and ERROR report to the shim: they stay masked until probe has
 * registered the adapter (coatm_set_adapter()), and for good once
 * remove() masked them before halting the adapter.
 */
void coatm_unmask_all(struct coatm_dev *cd)
{
	spin_lock_bh(&cd->ctrl_lock);
	coatm_hw_set_int_mask(cd, cd->removing || !cd->ad ?
				  COATM_INT_LINK | COATM_INT_ERROR : 0);
	spin_unlock_bh(&cd->ctrl_lock);
}

/**
 * coatm_set_adapter() - probe registered the adapter: let link changes
 *	and errors through
 * @cd: the device, started by coatm_hw_start()
 * @ad: the adapter condis_register_adapter() returned
 *
 * A reset may have begun since registration (user space can ask for one
 * as soon as the ATM device exists): if it has every cause masked, it
 * unmasks them when it restarts the device, now with @ad set.
 */
void coatm_set_adapter(struct coatm_dev *cd, struct condis_adapter *ad)
{
	spin_lock_bh(&cd->ctrl_lock);
	WRITE_ONCE(cd->ad, ad);
	if (cd->int_mask != COATM_INT_ALL && !cd->removing)
		coatm_hw_set_int_mask(cd, 0);
	spin_unlock_bh(&cd->ctrl_lock);
}

/**
 * coatm_watchdog_arm() - schedule the next watchdog check
 * @cd: the device
 */
void coatm_watchdog_arm(struct coatm_dev *cd)
{
	unsigned int ms = READ_ONCE(tx_timeout_ms);

	spin_lock_bh(&cd->ctrl_lock);
	if (ms && !cd->removing)
		queue_delayed_work(cd->wq, &cd->watchdog,
				   msecs_to_jiffies(max(ms / 4, 10u)));
	spin_unlock_bh(&cd->ctrl_lock);
}

/*
 * TX has outstanding work and made no progress for tx_timeout_ms: no ring
 * moved its HEAD and no cell went out, though a ring with descriptors
 * waits longer than its head's shaping allows.
 */
static bool coatm_tx_stalled(struct coatm_dev *cd)
{
	/* The low word is enough to see movement. */
	u32 cells = coatm_rd(cd, COATM_REG_COUNTER_LO(COATM_CNT_TX_CELLS));
	unsigned long grace = 0;
	bool busy = false, moved = cells != cd->wd_cells;
	unsigned int i;

	spin_lock_bh(&cd->tx_lock);
	for (i = 0; i < cd->nr_txq; i++) {
		struct coatm_txq *q = &cd->txq[i];
		u32 head = coatm_sb_index(cd, q->sb_head);

		if (head != q->ring.prod) {
			busy = true;
			/* The watchdog waits for the slowest head's shaping. */
			grace = max(grace, coatm_tx_shaping_grace(cd, q, head));
		}
		moved |= head != q->wd_head;
		q->wd_head = head;
	}
	spin_unlock_bh(&cd->tx_lock);

	if (!busy || moved) {
		cd->wd_cells = cells;
		cd->wd_since = jiffies;
		return false;
	}
	/* A PDU waiting for its VC's shaping is not a stall. */
	return time_after(jiffies, cd->wd_since + grace +
			  msecs_to_jiffies(READ_ONCE(tx_timeout_ms)));
}

void coatm_watchdog_work(struct work_struct *work)
{
	struct coatm_dev *cd = container_of(to_delayed_work(work),
					    struct coatm_dev, watchdog);

	atomic_inc(&cd->wd_checks);
	if (!coatm_hw_alive(cd)) {
		cd->err.dead++;
		dev_err(&cd->pdev->dev, "device does not answer (ID 0x%08x): reset\n",
			coatm_rd(cd, COATM_REG_ID));
		condis_request_reset(cd->ad);
		return;		/* the reset arms the watchdog again */
	}
	if (coatm_tx_stalled(cd)) {
		cd->err.tx_timeouts++;
		dev_err(&cd->pdev->dev,
			"TX stalled at head %u for %u ms: reset\n",
			cd->txq[COATM_TXQ_UBR].wd_head,
			READ_ONCE(tx_timeout_ms));
		condis_request_reset(cd->ad);
		return;
	}
	coatm_watchdog_arm(cd);
}

void coatm_error_work(struct work_struct *work)
{
	struct coatm_dev *cd = container_of(work, struct coatm_dev,
					    error_work);
	struct condis_adapter *ad = READ_ONCE(cd->ad);
	u32 error = atomic_xchg(&cd->last_error, 0);

	cd->err.device_errors++;
	/* ERROR is masked until registration; probe fails on its own. */
	if (!ad) {
		dev_err(&cd->pdev->dev, "device error (ERROR 0x%08x) before registration\n",
			error);
		return;
	}
	dev_err(&cd->pdev->dev, "device error (ERROR 0x%08x): reset\n", error);
	condis_request_reset(ad);
}

/*
 * Re-program every VC open in the device before the reset, in batches
 * that fit the command ring, waiting for each batch's events.
 */
static int coatm_reprogram(struct coatm_dev *cd)
{
	unsigned long t = msecs_to_jiffies(COATM_REPROGRAM_TIMEOUT_MS);
	u32 h = 0, n, max = cd->caps.max_vcs;
	struct coatm_vc *vc;

	while (h < max) {
		atomic_set(&cd->reprogram_left, 1);
		reinit_completion(&cd->reprogram_done);
		for (n = 0; h < max && n < cd->cmd.size - 1; h++) {
			spin_lock_bh(&cd->rx_lock);
			vc = cd->vc_table[h];
			spin_unlock_bh(&cd->rx_lock);
			if (!vc)
				continue;
			atomic_inc(&cd->reprogram_left);
			if (coatm_cmd_post(cd, vc, COATM_CMD_REPROGRAM,
					   condis_vc_params(vc->cvc))) {
				atomic_dec(&cd->reprogram_left);
				return -EBUSY;	/* the ring was empty: broken */
			}
			n++;
		}
		if (!atomic_dec_and_test(&cd->reprogram_left) &&
		    !wait_for_completion_timeout(&cd->reprogram_done, t))
			return -ETIMEDOUT;
	}
	return 0;
}

/* Forget every VC the device had: it is dead. */
static void coatm_forget_vcs(struct coatm_dev *cd)
{
	struct coatm_vc *vc;
	u32 h;

	for (h = 0; h < cd->caps.max_vcs; h++) {
		spin_lock_bh(&cd->rx_lock);
		vc = cd->vc_table[h];
		spin_unlock_bh(&cd->rx_lock);
		if (vc)
			coatm_vc_forget(vc);
	}
}

/**
 * coatm_reset() - the miniport's reset handler
 * @priv: the device
 *
 * Return: %NDIS_STATUS_SUCCESS, or %NDIS_STATUS_HARD_ERRORS if the device
 * did not come back (it is then left reset, with no VC).
 */
u32 coatm_reset(void *priv)
{
	struct coatm_dev *cd = priv;
	u32 ctrl;
	int err;

	dev_dbg(&cd->pdev->dev, "reset\n");
	cd->resets++;
	spin_lock_bh(&cd->tx_lock);
	cd->resetting = true;
	spin_unlock_bh(&cd->tx_lock);
	cancel_delayed_work_sync(&cd->watchdog);
	cancel_work_sync(&cd->error_work);
	spin_lock_bh(&cd->ctrl_lock);
	ctrl = cd->ctrl & COATM_CTRL_PHY_LOOPBACK;
	spin_unlock_bh(&cd->ctrl_lock);

	/* Nothing of ours runs, and the device does no DMA, after this. */
	coatm_irq_quiesce(cd);
	if (!cd->dead && coatm_hw_alive(cd))
		coatm_hw_counters_save(cd);
	err = coatm_hw_reset(cd);
	if (!err && !coatm_hw_alive(cd))
		err = -ENODEV;

	coatm_tx_reclaim(cd);
	coatm_cmd_reset(cd);
	coatm_rx_reset(cd);
	if (!err)
		err = coatm_hw_start(cd, ctrl);
	spin_lock_bh(&cd->tx_lock);
	cd->resetting = false;
	spin_unlock_bh(&cd->tx_lock);
	if (!err)
		err = coatm_reprogram(cd);
	if (err) {
		dev_err(&cd->pdev->dev, "device did not come back from reset: %d\n",
			err);
		cd->dead = true;
		coatm_irq_quiesce(cd);
		coatm_forget_vcs(cd);
		return NDIS_STATUS_HARD_ERRORS;
	}
	cd->dead = false;
	cd->wd_since = jiffies;
	coatm_watchdog_arm(cd);
	/* The link may have changed while interrupts were off. */
	spin_lock_bh(&cd->ctrl_lock);
	if (!cd->removing)
		queue_work(cd->wq, &cd->link_work);
	spin_unlock_bh(&cd->ctrl_lock);
	return NDIS_STATUS_SUCCESS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: the CoNDIS miniport handlers. Activation posts an OPEN (or, on
 * an active VC, MODIFY) command and pends until its event; deactivation
 * waits for the VC's sends to complete, posts CLOSE and pends until its
 * event, after which no receive is indicated on the VC.
 *
 * Context: create/delete/activate/deactivate and set_loopback in process
 * context (the shim serializes them per VC); send in process or BH
 * context; the *_done functions on the driver's workqueue, except
 * coatm_vc_drained(), which may run in BH context.
 */

#include <linux/module.h>
#include <linux/slab.h>
#include "coatm.h"

static unsigned int close_drain_ms = 2000;
module_param(close_drain_ms, uint, 0644);
MODULE_PARM_DESC(close_drain_ms, "How long a closing VC's queued sends may take to go out before the rest is discarded (ms)");

/* A closing VC did not drain in close_drain_ms: discard and close. */
static void coatm_vc_drain_timeout(struct work_struct *work)
{
	struct coatm_vc *vc = container_of(to_delayed_work(work),
					   struct coatm_vc, drain_work);

	coatm_tx_abort_vc(vc->cd, vc);
}

static u32 coatm_create_vc(void *priv, struct condis_vc *cvc, void **ctx)
{
	struct coatm_dev *cd = priv;
	struct coatm_vc *vc;
	int h;

	vc = kzalloc(sizeof(*vc), GFP_KERNEL);
	if (!vc)
		return NDIS_STATUS_RESOURCES;
	h = ida_alloc_max(&cd->vc_ida, cd->caps.max_vcs - 1, GFP_KERNEL);
	if (h < 0) {
		kfree(vc);
		return NDIS_STATUS_RESOURCES;
	}
	vc->cd = cd;
	vc->cvc = cvc;
	vc->handle = h;
	INIT_DELAYED_WORK(&vc->drain_work, coatm_vc_drain_timeout);
	INIT_LIST_HEAD(&vc->tx_node);
	*ctx = vc;
	return NDIS_STATUS_SUCCESS;
}

static void coatm_delete_vc(void *priv, void *ctx)
{
	struct coatm_dev *cd = priv;
	struct coatm_vc *vc = ctx;
	bool completing;
	u32 i;

	cancel_delayed_work_sync(&vc->drain_work);
	/* A command still pending for it completes into nothing. */
	spin_lock_bh(&cd->cmd_lock);
	for (i = 0; i < cd->cmd.size; i++)
		if (cd->cmd_pending[i].vc == vc)
			cd->cmd_pending[i].vc = NULL;
	completing = cd->cmd_done_vc == vc;
	spin_unlock_bh(&cd->cmd_lock);
	/*
	 * One whose event the event work already took is being completed:
	 * wait for that before freeing @vc. (The work never deletes a VC
	 * itself: the shim's abandoned-VC clean-up runs on another queue.)
	 */
	if (completing)
		flush_work(&cd->evt_work);

	if (vc->opened) {
		/* Halt of a VC whose CLOSE never completed. */
		dev_err(&cd->pdev->dev, "deleting VC %u.%u still open in the device\n",
			vc->vpi, vc->vci);
		spin_lock_bh(&cd->rx_lock);
		cd->vc_table[vc->handle] = NULL;
		spin_unlock_bh(&cd->rx_lock);
	}
	ida_free(&cd->vc_ida, vc->handle);
	kfree(vc);
}

/*
 * The rate the device shapes @vc's TX to, for the watchdog: the slower of
 * the old and new rates while a change pends (@done: the new one only).
 */
static void coatm_vc_set_tx_rate(struct coatm_vc *vc,
				 const struct condis_vc_params *p, bool done)
{
	u32 rate = 0;

	if (p->tx.service == NDIS_ATM_SERVICE_CATEGORY_CBR)
		rate = p->tx.pcr;
	else if (p->tx.service == NDIS_ATM_SERVICE_CATEGORY_VBR)
		rate = p->tx.scr ?: p->tx.pcr;
	spin_lock_bh(&vc->cd->tx_lock);
	if (!done && vc->opened && vc->tx_rate && (!rate || rate > vc->tx_rate))
		rate = vc->tx_rate;
	vc->tx_rate = rate;
	/* Later sends move, once those in flight are done (coatm_tx_send()). */
	vc->txq_next = coatm_txq_of_service(vc->cd, p->tx.service);
	if (!vc->inflight)
		vc->txq = vc->txq_next;
	spin_unlock_bh(&vc->cd->tx_lock);
}

static u32 coatm_activate_vc(void *priv, void *ctx,
			     struct condis_vc_params *p)
{
	struct coatm_dev *cd = priv;
	struct coatm_vc *vc = ctx;
	u16 opcode = COATM_CMD_OPEN;
	u8 dir = 0;

	if (p->flags & CONDIS_VC_TRANSMIT)
		dir |= COATM_DIR_TX;
	if (p->flags & CONDIS_VC_RECEIVE)
		dir |= COATM_DIR_RX;
	if (!dir || p->vpi >> cd->caps.vpi_bits ||
	    p->vci >> cd->caps.vci_bits)
		return NDIS_STATUS_INVALID_DATA;
	if (p->aal != NDIS_AAL_TYPE_AAL5 && p->aal != NDIS_AAL_TYPE_AAL0)
		return NDIS_STATUS_INVALID_DATA;
	if ((p->flags & CONDIS_VC_TRANSMIT) &&
	    (p->tx.pcr > cd->caps.line_rate || p->tx.scr > cd->caps.line_rate)) {
		if (!(p->flags & CONDIS_ROUND_DOWN_FLOW))
			return NDIS_STATUS_CELLRATE_NOT_AVAILABLE;
		/* Round down to what the line can do, and say so. */
		p->tx.pcr = min(p->tx.pcr, cd->caps.line_rate);
		p->tx.scr = min(p->tx.scr, cd->caps.line_rate);
	}

	if (vc->opened) {
		/* Re-activation: only the traffic parameters may change. */
		if (vc->vpi != p->vpi || vc->vci != p->vci || vc->dir != dir)
			return NDIS_STATUS_INVALID_DATA;
		opcode = COATM_CMD_MODIFY;
	} else {
		vc->vpi = p->vpi;
		vc->vci = p->vci;
		vc->dir = dir;
		vc->aal = p->aal == NDIS_AAL_TYPE_AAL0 ? COATM_AAL0 : COATM_AAL5;
		vc->max_sdu = p->rx.max_sdu && p->rx.max_sdu < COATM_AAL5_MAX_SDU ?
			      p->rx.max_sdu : COATM_AAL5_MAX_SDU;
	}
	vc->reactivate = opcode == COATM_CMD_MODIFY;
	/* A MODIFY to a lower rate: the watchdog allows for the lower one. */
	coatm_vc_set_tx_rate(vc, p, false);
	if (coatm_cmd_post(cd, vc, opcode, p))
		return NDIS_STATUS_RESOURCES;
	return NDIS_STATUS_PENDING;
}

/**
 * coatm_vc_open_done() - the device answered an OPEN or MODIFY
 * @vc: the VC
 * @dev_status: COATM_CMDS_*
 */
void coatm_vc_open_done(struct coatm_vc *vc, u32 dev_status)
{
	struct coatm_dev *cd = vc->cd;
	u32 status = coatm_cmd_status_to_ndis(dev_status);

	if (!vc->reactivate && status == NDIS_STATUS_SUCCESS) {
		spin_lock_bh(&cd->rx_lock);
		vc->nfrags = 0;
		cd->vc_table[vc->handle] = vc;
		spin_unlock_bh(&cd->rx_lock);
		vc->opened = true;
	}
	/* A failed MODIFY leaves the old parameters in force. */
	if (status == NDIS_STATUS_SUCCESS)
		coatm_vc_set_tx_rate(vc, condis_vc_params(vc->cvc), true);
	condis_activate_vc_complete(vc->cvc, status);
}

static u32 coatm_deactivate_vc(void *priv, void *ctx)
{
	struct coatm_dev *cd = priv;
	struct coatm_vc *vc = ctx;
	bool drained;

	if (!vc->opened)
		return NDIS_STATUS_SUCCESS;
	spin_lock_bh(&cd->tx_lock);
	vc->closing = true;
	vc->close_done = false;
	drained = !vc->inflight;
	if (drained)
		vc->close_posted = true;
	spin_unlock_bh(&cd->tx_lock);
	/*
	 * Sends still queued get close_drain_ms to go out; a VC shaped far
	 * below them (a few cells/s) would otherwise hold its close, and
	 * its socket, for minutes.
	 */
	if (drained)
		coatm_vc_drained(vc);
	else
		queue_delayed_work(cd->wq, &vc->drain_work,
				   msecs_to_jiffies(READ_ONCE(close_drain_ms)));
	return NDIS_STATUS_PENDING;
}

/**
 * coatm_vc_drained() - a closing VC has no send left: close it in the device
 * @vc: the VC
 */
void coatm_vc_drained(struct coatm_vc *vc)
{
	bool resetting;

	spin_lock_bh(&vc->cd->tx_lock);
	resetting = vc->cd->resetting;
	spin_unlock_bh(&vc->cd->tx_lock);
	if (resetting)
		return;		/* coatm_cmd_reset() closes it */
	if (coatm_cmd_post(vc->cd, vc, COATM_CMD_CLOSE, NULL))
		dev_err(&vc->cd->pdev->dev,
			"no room to close VC %u.%u; its close will time out\n",
			vc->vpi, vc->vci);
}

/**
 * coatm_vc_close_done() - the device closed a VC
 * @vc: the VC
 *
 * The device returned every buffer the VC held before this event, and the
 * completions announcing them are already in the ring: process them, then
 * unpublish the VC, so nothing is indicated on it afterwards.
 */
void coatm_vc_close_done(struct coatm_vc *vc)
{
	struct coatm_dev *cd = vc->cd;
	bool last;

	spin_lock_bh(&cd->rx_lock);
	coatm_rx_poll_locked(cd);
	cd->vc_table[vc->handle] = NULL;
	/* A PDU cut short by the close: give its buffers back. */
	coatm_rx_release_vc_locked(cd, vc);
	spin_unlock_bh(&cd->rx_lock);

	/*
	 * A CLOSE posted by coatm_tx_abort_vc(): the device completed the
	 * VC's descriptors before this event, but the TX tasklet may not
	 * have reaped them yet; the last one it completes finishes.
	 */
	spin_lock_bh(&cd->tx_lock);
	last = !vc->inflight;
	vc->close_done = !last;
	spin_unlock_bh(&cd->tx_lock);
	if (last)
		coatm_vc_closed(vc);
}

/**
 * coatm_vc_closed() - a VC is closed in the device and has no send left
 * @vc: the VC
 *
 * Completes its deactivation.
 *
 * Context: process or BH context.
 */
void coatm_vc_closed(struct coatm_vc *vc)
{
	struct coatm_dev *cd = vc->cd;

	spin_lock_bh(&cd->tx_lock);
	vc->closing = false;
	vc->close_posted = false;
	vc->close_done = false;
	spin_unlock_bh(&cd->tx_lock);
	cancel_delayed_work(&vc->drain_work);
	vc->opened = false;
	condis_deactivate_vc_complete(vc->cvc, NDIS_STATUS_SUCCESS);
}

/**
 * coatm_vc_forget() - the device no longer has a VC (reset, or dead)
 * @vc: the VC
 *
 * Unpublishes it; a VC that was closing completes its deactivation.
 * Called from a reset, with the device quiesced, or for a VC the device
 * refused to re-open after one (it then holds no receive buffer).
 */
void coatm_vc_forget(struct coatm_vc *vc)
{
	struct coatm_dev *cd = vc->cd;
	bool closing;

	spin_lock_bh(&cd->rx_lock);
	cd->vc_table[vc->handle] = NULL;
	vc->nfrags = 0;		/* coatm_rx_reset() takes the buffers */
	spin_unlock_bh(&cd->rx_lock);
	spin_lock_bh(&cd->tx_lock);
	closing = vc->closing;
	vc->closing = false;
	vc->close_posted = false;
	vc->close_done = false;
	spin_unlock_bh(&cd->tx_lock);
	cancel_delayed_work(&vc->drain_work);
	vc->opened = false;
	if (closing)
		condis_deactivate_vc_complete(vc->cvc, NDIS_STATUS_SUCCESS);
}

/**
 * coatm_vc_reprogram_done() - the device answered a post-reset OPEN
 * @vc: the VC
 * @dev_status: COATM_CMDS_*
 *
 * A VC the device refused is dropped: the shim hears a per-VC CLOSING
 * status, so its socket, and no other, sees an error.
 */
void coatm_vc_reprogram_done(struct coatm_vc *vc, u32 dev_status)
{
	struct coatm_dev *cd = vc->cd;

	if (dev_status != COATM_CMDS_OK) {
		dev_warn(&cd->pdev->dev,
			 "VC %u.%u refused after reset (status %u): closed\n",
			 vc->vpi, vc->vci, dev_status);
		coatm_vc_forget(vc);
		condis_indicate_vc_status(vc->cvc, NDIS_STATUS_CLOSING);
	}
	if (atomic_dec_and_test(&cd->reprogram_left))
		complete(&cd->reprogram_done);
}

static void coatm_send(void *priv, void *ctx, struct sk_buff *skb)
{
	coatm_tx_send(priv, ctx, skb, false);
}

static void coatm_send_oam(void *priv, void *ctx, struct sk_buff *skb)
{
	coatm_tx_send(priv, ctx, skb, true);
}

static int coatm_set_loopback(void *priv, int mode)
{
	struct coatm_dev *cd = priv;

	switch (mode) {
	case ATM_LM_NONE:
		coatm_hw_set_ctrl(cd, 0, COATM_CTRL_PHY_LOOPBACK);
		return 0;
	case ATM_LM_LOC_PHY:
		coatm_hw_set_ctrl(cd, COATM_CTRL_PHY_LOOPBACK, 0);
		return 0;
	default:
		return -EINVAL;
	}
}

static int coatm_proc_read(void *priv, loff_t pos, char *page)
{
	struct coatm_dev *cd = priv;
	static const char * const names[COATM_NUM_COUNTERS] = {
		"tx_cells", "rx_cells", "tx_pdus", "rx_pdus", "rx_crc_err",
		"rx_len_err", "rx_invalid_vc", "rx_hec_err", "rx_nobuf",
		"tx_err", "rx_frame_err", "rx_drop_cells", "rx_oam", "tx_oam",
	};
	int n = 0;
	u32 i;

	switch (pos) {
	case 0:
		spin_lock_bh(&cd->tx_lock);
		for (i = 0; i < cd->nr_txq; i++) {
			struct coatm_txq *q = &cd->txq[i];

			n += scnprintf(page + n, PAGE_SIZE - n,
				       "ring %s: size %u prod %u cons %u backlog %u\n",
				       q->name, q->ring.size, q->ring.prod,
				       q->ring.cons, skb_queue_len(&q->backlog));
		}
		spin_unlock_bh(&cd->tx_lock);
		return n;
	case 1:
		spin_lock_bh(&cd->rx_lock);
		n = scnprintf(page, PAGE_SIZE,
			      "ring rx: bufs %u x %u B, rxf prod %u, rxc cons %u size %u\n",
			      cd->nr_rx_bufs, cd->rx_buf_size, cd->rxf.prod,
			      cd->rxc.cons, cd->rxc.size);
		spin_unlock_bh(&cd->rx_lock);
		return n;
	case 2:
		spin_lock_bh(&cd->cmd_lock);
		n = scnprintf(page, PAGE_SIZE,
			      "ring cmd: prod %u cons %u; evt cons %u\n",
			      cd->cmd.prod, cd->cmd.cons, cd->evt.cons);
		spin_unlock_bh(&cd->cmd_lock);
		return n;
	case 3:
		n = scnprintf(page, PAGE_SIZE, "device:");
		for (i = 0; i < COATM_NUM_COUNTERS; i++)
			n += scnprintf(page + n, PAGE_SIZE - n, " %s %llu",
				       names[i], coatm_hw_counter(cd, i));
		n += scnprintf(page + n, PAGE_SIZE - n, "\n");
		return n;
	case 4:
		return scnprintf(page, PAGE_SIZE,
				 "device errors caught: bad_index %llu bad_buf %llu bad_len %llu bad_vc %llu bad_seq %llu bad_event %llu tx_not_done %llu device_errors %llu tx_timeouts %llu dead %llu\n",
				 cd->err.bad_index, cd->err.bad_buf,
				 cd->err.bad_len, cd->err.bad_vc,
				 cd->err.bad_seq, cd->err.bad_event, cd->err.tx_not_done,
				 cd->err.device_errors, cd->err.tx_timeouts,
				 cd->err.dead);
	case 5:
		return scnprintf(page, PAGE_SIZE,
				 "resets %llu reset_tx_lost %llu tx_aborted %llu tx_copied %llu tx_copy_errors %llu watchdog_checks %u%s\n",
				 cd->resets, cd->reset_tx_lost, cd->tx_aborted,
				 cd->tx_copied, cd->tx_copy_errors,
				 atomic_read(&cd->wd_checks),
				 cd->dead ? " dead" : "");
	default:
		return 0;
	}
}

const struct condis_miniport_ops coatm_miniport_ops = {
	.owner = THIS_MODULE,
	.create_vc = coatm_create_vc,
	.delete_vc = coatm_delete_vc,
	.activate_vc = coatm_activate_vc,
	.deactivate_vc = coatm_deactivate_vc,
	.send = coatm_send,
	.send_oam = coatm_send_oam,
	.set_loopback = coatm_set_loopback,
	.proc_read = coatm_proc_read,
	.oid_request = coatm_oid_request,
	.reset = coatm_reset,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: VC commands and device events. Commands go out on the command
 * ring and complete, in order, through CMD_DONE events carrying their tag:
 * this is where a CoNDIS activation or deactivation really pends.
 *
 * Context: coatm_cmd_post() in process or BH context (never sleeps);
 * coatm_evt_work() on the driver's ordered workqueue.
 */

#include "coatm.h"
#include "coatm_ring.h"

static u8 coatm_cmd_service(u32 ndis_service)
{
	switch (ndis_service) {
	case NDIS_ATM_SERVICE_CATEGORY_CBR:
		return COATM_SVC_CBR;
	case NDIS_ATM_SERVICE_CATEGORY_VBR:
		return COATM_SVC_VBR;
	default:
		return COATM_SVC_UBR;
	}
}

/**
 * coatm_cmd_post() - post a VC command
 * @cd: the device
 * @vc: the VC it is for
 * @opcode: COATM_CMD_OPEN, _MODIFY, _CLOSE, or COATM_CMD_REPROGRAM (an
 *	OPEN whose event goes to coatm_vc_reprogram_done())
 * @p: media parameters (OPEN, MODIFY, REPROGRAM); NULL for CLOSE
 *
 * Return: 0, or -EBUSY if the command ring is full.
 */
int coatm_cmd_post(struct coatm_dev *cd, struct coatm_vc *vc, u16 opcode,
		   const struct condis_vc_params *p)
{
	struct coatm_cmd_desc *d;
	u32 slot, tag;

	spin_lock_bh(&cd->cmd_lock);
	if (!coatm_ring_space(cd->cmd.size, cd->cmd.prod, cd->cmd.cons)) {
		spin_unlock_bh(&cd->cmd_lock);
		return -EBUSY;
	}
	tag = cd->cmd.prod;
	slot = coatm_ring_slot(cd->cmd.size, tag);
	d = cd->cmd.desc + slot * COATM_CMD_DESC_SIZE;
	memset(d, 0, sizeof(*d));
	d->opcode = cpu_to_le16(opcode == COATM_CMD_REPROGRAM ?
				COATM_CMD_OPEN : opcode);
	d->vc = cpu_to_le16(vc->handle);
	d->tag = cpu_to_le32(tag);
	d->vpi = cpu_to_le16(vc->vpi);
	d->vci = cpu_to_le16(vc->vci);
	d->aal = vc->aal;
	d->dir = vc->dir;
	if (p) {
		d->service = coatm_cmd_service(p->tx.service);
		d->pcr = cpu_to_le32(p->tx.pcr);
		d->scr = cpu_to_le32(p->tx.scr);
		d->mbs = cpu_to_le32(p->tx.mbs);
		d->max_sdu = cpu_to_le32(vc->max_sdu);
	}
	cd->cmd_pending[slot].vc = vc;
	cd->cmd_pending[slot].opcode = opcode;
	cd->cmd_pending[slot].tag = tag;
	cd->cmd.prod++;
	coatm_wr(cd, COATM_RING_REG(COATM_RING_CMD, COATM_RING_TAIL),
		 cd->cmd.prod);
	spin_unlock_bh(&cd->cmd_lock);
	dev_dbg(&cd->pdev->dev, "cmd %u tag %u vc %u (%u.%u)\n", opcode, tag,
		vc->handle, vc->vpi, vc->vci);
	return 0;
}

/* Match a CMD_DONE event to the oldest pending command. */
static void coatm_evt_cmd_done(struct coatm_dev *cd,
			       const struct coatm_evt_desc *e)
{
	u32 tag = le32_to_cpu(e->tag), status = le32_to_cpu(e->status);
	struct coatm_cmd_pending pend;
	u32 slot;

	spin_lock_bh(&cd->cmd_lock);
	slot = coatm_ring_slot(cd->cmd.size, cd->cmd.cons);
	/* Commands complete in order: it must be the oldest one's tag. */
	if (cd->cmd.cons == cd->cmd.prod || cd->cmd_pending[slot].tag != tag) {
		spin_unlock_bh(&cd->cmd_lock);
		cd->err.bad_event++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "event for command tag %u matches nothing pending\n",
				    tag);
		return;
	}
	pend = cd->cmd_pending[slot];
	cd->cmd_pending[slot].vc = NULL;
	cd->cmd.cons++;
	/* From here, deleting pend.vc waits for this work (coatm_delete_vc). */
	cd->cmd_done_vc = pend.vc;
	spin_unlock_bh(&cd->cmd_lock);

	dev_dbg(&cd->pdev->dev, "cmd %u tag %u done: %u\n", pend.opcode, tag,
		status);
	if (!pend.vc)
		return;		/* its VC was deleted meanwhile */
	if (pend.opcode == COATM_CMD_CLOSE)
		coatm_vc_close_done(pend.vc);
	else if (pend.opcode == COATM_CMD_REPROGRAM)
		coatm_vc_reprogram_done(pend.vc, status);
	else
		coatm_vc_open_done(pend.vc, status);
	spin_lock_bh(&cd->cmd_lock);
	cd->cmd_done_vc = NULL;
	spin_unlock_bh(&cd->cmd_lock);
}

/**
 * coatm_cmd_reset() - finish the commands a reset device will never answer
 * @cd: the device, reset, with the event work cancelled; no VC operation
 *	is in progress (the shim holds them off), so whatever is pending
 *	belongs to an operation whose wait was abandoned
 *
 * A pending OPEN or MODIFY fails (a MODIFY leaves the VC with its old
 * parameters, re-programmed with the rest). A VC that was closing, with
 * its CLOSE posted or still waiting for its sends, is closed: the reset
 * device no longer has it.
 */
void coatm_cmd_reset(struct coatm_dev *cd)
{
	struct coatm_cmd_pending pend;
	struct coatm_vc *vc;
	bool closing;
	u32 slot, i;

	for (;;) {
		spin_lock_bh(&cd->cmd_lock);
		if (cd->cmd.cons == cd->cmd.prod) {
			cd->cmd.cons = 0;
			cd->cmd.prod = 0;
			cd->evt.cons = 0;
			spin_unlock_bh(&cd->cmd_lock);
			break;
		}
		slot = coatm_ring_slot(cd->cmd.size, cd->cmd.cons);
		pend = cd->cmd_pending[slot];
		cd->cmd_pending[slot].vc = NULL;
		cd->cmd.cons++;
		spin_unlock_bh(&cd->cmd_lock);
		if (!pend.vc)
			continue;
		if (pend.opcode == COATM_CMD_OPEN ||
		    pend.opcode == COATM_CMD_MODIFY)
			condis_activate_vc_complete(pend.vc->cvc,
						    NDIS_STATUS_RESET_IN_PROGRESS);
		/* REPROGRAM: an earlier reset gave up on it; CLOSE: below. */
	}

	for (i = 0; i < cd->caps.max_vcs; i++) {
		spin_lock_bh(&cd->rx_lock);
		vc = cd->vc_table[i];
		spin_unlock_bh(&cd->rx_lock);
		if (!vc)
			continue;
		spin_lock_bh(&cd->tx_lock);
		closing = vc->closing;
		spin_unlock_bh(&cd->tx_lock);
		if (closing)
			coatm_vc_forget(vc);
	}
}

void coatm_evt_work(struct work_struct *work)
{
	struct coatm_dev *cd = container_of(work, struct coatm_dev, evt_work);
	u32 tail = coatm_sb_index(cd, COATM_SB_EVT_TAIL);
	struct coatm_evt_desc e;

	if (!coatm_ring_advance_valid(cd->evt.cons, tail, cd->evt.size)) {
		cd->err.bad_index++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "event tail %u beyond head %u + %u: ignored\n",
				    tail, cd->evt.cons, cd->evt.size);
		return;
	}
	while (cd->evt.cons != tail) {
		u32 slot = coatm_ring_slot(cd->evt.size, cd->evt.cons);

		memcpy(&e, cd->evt.desc + slot * COATM_EVT_DESC_SIZE, sizeof(e));
		cd->evt.cons++;
		/* Give the slot back before acting: the device may go on. */
		coatm_wr(cd, COATM_RING_REG(COATM_RING_EVT, COATM_RING_HEAD),
			 cd->evt.cons);
		switch (le16_to_cpu(e.type)) {
		case COATM_EVT_CMD_DONE:
			coatm_evt_cmd_done(cd, &e);
			break;
		case COATM_EVT_LINK:
			/* STATUS and the LINK interrupt carry it too. */
			break;
		default:
			cd->err.bad_event++;
			break;
		}
	}
}

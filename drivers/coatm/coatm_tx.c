// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: transmit. One descriptor per AAL5 SDU or AAL0 cell, on the TX
 * queue of its VC's service class (struct coatm_txq); the device writes
 * the descriptor's status back and announces each ring's HEAD in the
 * status block. A send of up to tx_copybreak bytes is copied to a block
 * of @tx_pool and completed at once; a larger one is mapped with
 * dma_map_single() and completed when the device is done with it. A full
 * ring queues sends on its queue's backlog (bounded by the senders'
 * socket buffers), never drops them.
 *
 * Context: coatm_tx_send() runs in process or BH context and never
 * sleeps; coatm_tx_tasklet() in BH context. Skbs are completed with no
 * lock held, since vcc->pop may send again, and never from within send.
 */

#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include "coatm.h"
#include "coatm_ring.h"

/* What the driver keeps in an skb's control block while it owns it. */
struct coatm_skb_cb {
	struct atm_skb_data atm;	/* ATM_SKB(): the ATM core's, kept */
	struct coatm_vc *vc;
	u32 status;
	bool oam;			/* an F5 OAM cell (send_oam) */
	bool copied;			/* its slot holds a copy, and @vc */
};

static struct coatm_skb_cb *coatm_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct coatm_skb_cb) > sizeof(skb->cb));
	return (struct coatm_skb_cb *)skb->cb;
}

/**
 * coatm_txq_of_service() - the TX queue of a service class
 * @cd: the device
 * @service: NDIS_ATM_SERVICE_CATEGORY_*
 *
 * Return: COATM_TXQ_*; COATM_TXQ_UBR for every class if the device has
 * one TX ring only.
 */
unsigned int coatm_txq_of_service(struct coatm_dev *cd, u32 service)
{
	if (cd->nr_txq == 1)
		return COATM_TXQ_UBR;
	if (service == NDIS_ATM_SERVICE_CATEGORY_CBR)
		return COATM_TXQ_CBR;
	if (service == NDIS_ATM_SERVICE_CATEGORY_VBR)
		return COATM_TXQ_VBR;
	return COATM_TXQ_UBR;
}

/*
 * Put @skb on @q's ring, copied if it is small enough (then
 * coatm_cb(skb)->copied: the caller completes it, and the slot keeps the
 * VC's in-flight count until it is reaped); the caller holds tx_lock and
 * checked room.
 */
static u32 coatm_tx_post(struct coatm_dev *cd, struct coatm_txq *q,
			 struct coatm_vc *vc, struct sk_buff *skb)
{
	u32 slot = coatm_ring_slot(q->ring.size, q->ring.prod);
	struct coatm_tx_desc *d = q->ring.desc + slot * COATM_TX_DESC_SIZE;
	struct coatm_tx_slot *s = &q->slots[slot];
	bool aal0 = vc->aal == COATM_AAL0;
	u32 off = 0, len = skb->len, cells;
	u16 flags = aal0 ? COATM_TXF_AAL0 : 0;
	u8 cell_hdr = 0;
	dma_addr_t dma;

	if (aal0 || coatm_cb(skb)->oam) {
		/* 4-byte host-order header, then the 48-byte payload. */
		cell_hdr = coatm_aal0_cell_hdr(*(u32 *)skb->data);
		off = ATM_AAL0_SDU - COATM_CELL_PAYLOAD;
		len = COATM_CELL_PAYLOAD;
		/* The device writes an OAM cell's CRC-10. */
		if (coatm_cell_is_oam(cell_hdr))
			flags |= COATM_TXF_OAM;
	}
	cells = off ? 1 : DIV_ROUND_UP(len + COATM_AAL5_TRAILER,
				       COATM_CELL_PAYLOAD);
	s->copy = NULL;
	if (len <= cd->tx_copybreak)
		s->copy = dma_pool_alloc(cd->tx_pool, GFP_ATOMIC, &dma);
	if (s->copy) {
		memcpy(s->copy, skb->data + off, len);
		off = 0;
		s->skb = NULL;
		cd->tx_copied++;
	} else {
		dma = dma_map_single(&cd->pdev->dev, skb->data, skb->len,
				     DMA_TO_DEVICE);
		if (dma_mapping_error(&cd->pdev->dev, dma))
			return NDIS_STATUS_RESOURCES;
		s->skb = skb;
		s->map_len = skb->len;
	}
	coatm_cb(skb)->copied = !!s->copy;
	vc->tx_max_cells = max(vc->tx_max_cells, cells);
	s->dma = dma;
	s->vc = vc;
	coatm_tx_desc_fill(d, dma + off, len, vc->handle, flags, cell_hdr);
	q->ring.prod++;
	return NDIS_STATUS_SUCCESS;
}

static void coatm_tx_doorbell(struct coatm_dev *cd, struct coatm_txq *q)
{
	/* writel() orders the descriptor writes before the doorbell. */
	coatm_wr(cd, COATM_RING_REG(q->ring.id, COATM_RING_TAIL),
		 q->ring.prod);
}

/**
 * coatm_tx_send() - queue one SDU or cell for transmission
 * @cd: the device
 * @vc: an open VC
 * @skb: linear; an AAL5 SDU, or a 52-byte Linux AAL0 cell
 * @oam: @skb is a 52-byte F5 OAM cell, whatever the VC's AAL
 *
 * Completes @skb later, from the TX tasklet, with condis_send_complete():
 * when the device is done with it, or at once if it was copied.
 */
void coatm_tx_send(struct coatm_dev *cd, struct coatm_vc *vc,
		   struct sk_buff *skb, bool oam)
{
	struct coatm_skb_cb *cb = coatm_cb(skb);
	struct coatm_txq *q;
	u32 status;

	cb->vc = vc;
	cb->oam = oam;
	cb->copied = false;
	spin_lock_bh(&cd->tx_lock);
	/* A change of class: the VC's PDUs stay in order on one ring. */
	if (!vc->inflight)
		vc->txq = vc->txq_next;
	vc->inflight++;
	q = &cd->txq[vc->txq];
	if (!skb_queue_empty(&q->backlog) ||
	    !coatm_ring_space(q->ring.size, q->ring.prod, q->ring.cons)) {
		__skb_queue_tail(&q->backlog, skb);
		spin_unlock_bh(&cd->tx_lock);
		return;
	}
	status = coatm_tx_post(cd, q, vc, skb);
	if (status == NDIS_STATUS_SUCCESS)
		coatm_tx_doorbell(cd, q);
	if (status != NDIS_STATUS_SUCCESS || cb->copied) {
		/* Never complete from within send: the tasklet does it. */
		cb->status = status;
		__skb_queue_tail(&cd->tx_done, skb);
		tasklet_schedule(&cd->tx_tasklet);
	}
	spin_unlock_bh(&cd->tx_lock);
}

/*
 * One send of @vc fewer in flight; tx_lock held. A closing VC whose last
 * send this was goes on @tx_closing for coatm_tx_closing_run(): its CLOSE
 * goes out only now, and a CLOSE the device already answered completes
 * its deactivation only now.
 */
static void coatm_tx_put_locked(struct coatm_dev *cd, struct coatm_vc *vc)
{
	lockdep_assert_held(&cd->tx_lock);
	if (--vc->inflight || !vc->closing)
		return;
	if (!vc->close_posted) {
		vc->close_posted = true;
		vc->tx_action = COATM_VC_DRAINED;
	} else if (vc->close_done) {
		/* The device closed it before we reaped the last. */
		vc->close_done = false;
		vc->tx_action = COATM_VC_CLOSED;
	} else {
		return;
	}
	list_add_tail(&vc->tx_node, &cd->tx_closing);
}

/* Act on the VCs coatm_tx_put_locked() queued; no lock held. */
static void coatm_tx_closing_run(struct coatm_dev *cd)
{
	struct coatm_vc *vc, *tmp;
	LIST_HEAD(list);

	/* Whoever queues a VC runs this after dropping tx_lock. */
	if (list_empty(&cd->tx_closing))
		return;
	spin_lock_bh(&cd->tx_lock);
	list_splice_init(&cd->tx_closing, &list);
	spin_unlock_bh(&cd->tx_lock);
	list_for_each_entry_safe(vc, tmp, &list, tx_node) {
		list_del_init(&vc->tx_node);
		/* A closed VC may be freed once its deactivation completes. */
		if (vc->tx_action == COATM_VC_DRAINED)
			coatm_vc_drained(vc);
		else
			coatm_vc_closed(vc);
	}
}

/*
 * Free @s, whose send was copied and completed, once the device is done
 * with it or reset; tx_lock held. @status: the descriptor's.
 */
static void coatm_tx_slot_free_copy(struct coatm_dev *cd,
				    struct coatm_tx_slot *s, u32 status)
{
	struct coatm_vc *vc = s->vc;

	if (status != NDIS_STATUS_SUCCESS)
		cd->tx_copy_errors++;
	dma_pool_free(cd->tx_pool, s->copy, s->dma);
	s->copy = NULL;
	s->vc = NULL;
	coatm_tx_put_locked(cd, vc);
}

/* Reap what the device finished on @q; tx_lock held. Adds to @done. */
static void coatm_tx_reap_locked(struct coatm_dev *cd, struct coatm_txq *q,
				 struct sk_buff_head *done)
{
	u32 head = coatm_sb_index(cd, q->sb_head);
	u32 outstanding = coatm_ring_used(q->ring.prod, q->ring.cons);

	if (!coatm_ring_advance_valid(q->ring.cons, head, outstanding)) {
		cd->err.bad_index++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "%s head %u outside [%u, %u]: ignored\n",
				    q->name, head, q->ring.cons, q->ring.prod);
		return;
	}
	while (q->ring.cons != head) {
		u32 slot = coatm_ring_slot(q->ring.size, q->ring.cons);
		struct coatm_tx_desc *d = q->ring.desc +
					  slot * COATM_TX_DESC_SIZE;
		struct coatm_tx_slot *s = &q->slots[slot];
		u32 status = le32_to_cpu(READ_ONCE(d->status));
		struct sk_buff *skb = s->skb;

		if (!(status & COATM_TXS_DONE))
			cd->err.tx_not_done++;
		q->ring.cons++;
		if (s->copy) {
			coatm_tx_slot_free_copy(cd, s,
						coatm_tx_status_to_ndis(status));
			continue;
		}
		dma_unmap_single(&cd->pdev->dev, s->dma, s->map_len,
				 DMA_TO_DEVICE);
		coatm_cb(skb)->status = coatm_tx_status_to_ndis(status);
		__skb_queue_tail(done, skb);
		s->skb = NULL;
		s->vc = NULL;
	}
}

/* Move @q's backlog onto its ring while it has room; tx_lock held. */
static void coatm_tx_refill_locked(struct coatm_dev *cd, struct coatm_txq *q,
				   struct sk_buff_head *done)
{
	struct sk_buff *skb;
	bool posted = false;
	u32 status;

	while (coatm_ring_space(q->ring.size, q->ring.prod, q->ring.cons) &&
	       (skb = __skb_dequeue(&q->backlog))) {
		status = coatm_tx_post(cd, q, coatm_cb(skb)->vc, skb);
		if (status == NDIS_STATUS_SUCCESS)
			posted = true;
		if (status != NDIS_STATUS_SUCCESS || coatm_cb(skb)->copied) {
			coatm_cb(skb)->status = status;
			__skb_queue_tail(done, skb);
		}
	}
	if (posted)
		coatm_tx_doorbell(cd, q);
}

/* Completions handled per pass of coatm_tx_complete(). */
#define COATM_TX_CHUNK	32

/*
 * Complete up to COATM_TX_CHUNK skbs from @done with no lock held (vcc->pop
 * may send again), then drop their VCs' in-flight counts in one locked
 * pass: only then may a closing VC's CLOSE go out. A copied send's count
 * stays with its slot.
 */
static void coatm_tx_complete(struct coatm_dev *cd, struct sk_buff_head *done)
{
	struct coatm_vc *vcs[COATM_TX_CHUNK];
	unsigned int i, n = 0, nput = 0;
	struct sk_buff *skb;

	while (n < COATM_TX_CHUNK && (skb = __skb_dequeue(done))) {
		struct coatm_vc *vc = coatm_cb(skb)->vc;
		u32 status = coatm_cb(skb)->status;
		bool copied = coatm_cb(skb)->copied;

		n++;
		if (!copied)
			vcs[nput++] = vc;
		condis_send_complete(vc->cvc, skb, status);
	}

	if (nput) {
		spin_lock_bh(&cd->tx_lock);
		for (i = 0; i < nput; i++)
			coatm_tx_put_locked(cd, vcs[i]);
		spin_unlock_bh(&cd->tx_lock);
	}
}

static void coatm_tx_complete_all(struct coatm_dev *cd,
				  struct sk_buff_head *done)
{
	while (!skb_queue_empty(done))
		coatm_tx_complete(cd, done);
	/* Reaping a copy may have drained a VC too. */
	coatm_tx_closing_run(cd);
}

/**
 * coatm_tx_abort_vc() - give up the sends of a closing VC that are still queued
 * @cd: the device
 * @vc: a closing VC, its CLOSE not posted yet
 *
 * Completes the VC's sends waiting on the backlog with
 * %NDIS_STATUS_REQUEST_ABORTED and posts the CLOSE, which makes the
 * device complete those already on the ring with BAD_VC. The last
 * completion, or the CLOSE's event, whichever comes later, completes the
 * deactivation.
 *
 * Context: process context (the driver's workqueue).
 */
void coatm_tx_abort_vc(struct coatm_dev *cd, struct coatm_vc *vc)
{
	struct sk_buff *skb, *tmp;
	struct sk_buff_head done;
	unsigned int n = 0, i;

	__skb_queue_head_init(&done);
	spin_lock_bh(&cd->tx_lock);
	/* Drained meanwhile, or a reset is closing it. */
	if (!vc->closing || vc->close_posted || cd->resetting) {
		spin_unlock_bh(&cd->tx_lock);
		return;
	}
	vc->close_posted = true;
	/* A change of class may have left sends on another queue too. */
	for (i = 0; i < cd->nr_txq; i++) {
		struct sk_buff_head *backlog = &cd->txq[i].backlog;

		skb_queue_walk_safe(backlog, skb, tmp) {
			if (coatm_cb(skb)->vc != vc)
				continue;
			__skb_unlink(skb, backlog);
			coatm_cb(skb)->status = NDIS_STATUS_REQUEST_ABORTED;
			__skb_queue_tail(&done, skb);
			n++;
		}
	}
	cd->tx_aborted += n;
	spin_unlock_bh(&cd->tx_lock);
	dev_dbg(&cd->pdev->dev, "VC %u.%u: sends still queued at close: %u discarded, %u on the ring\n",
		vc->vpi, vc->vci, n, vc->inflight - n);
	coatm_tx_complete_all(cd, &done);
	if (coatm_cmd_post(cd, vc, COATM_CMD_CLOSE, NULL))
		dev_err(&cd->pdev->dev,
			"no room to close VC %u.%u; its close will time out\n",
			vc->vpi, vc->vci);
}

/**
 * coatm_tx_shaping_grace() - how long a TX ring's head may wait for shaping
 * @cd: the device
 * @q: the TX queue
 * @head: its ring's HEAD as the device announced it
 *
 * The device sends a PDU when its VC's shaping allows: after a PDU of n
 * cells, the next one on that VC may wait n cell times at the VC's rate.
 * The descriptor at @head waits at most the cell times of the largest SDU
 * posted on its VC, at its rate: no sign of a dead device before that.
 *
 * Context: any; the caller holds tx_lock.
 * Return: the wait in jiffies; 0 if @head names no posted descriptor.
 */
unsigned long coatm_tx_shaping_grace(struct coatm_dev *cd,
				     struct coatm_txq *q, u32 head)
{
	u32 outstanding = coatm_ring_used(q->ring.prod, q->ring.cons);
	struct coatm_tx_slot *s;
	u32 rate;

	lockdep_assert_held(&cd->tx_lock);
	/* A value from the device: only an index the driver posted counts. */
	if (head == q->ring.prod ||
	    !coatm_ring_advance_valid(q->ring.cons, head, outstanding))
		return 0;
	s = &q->slots[coatm_ring_slot(q->ring.size, head)];
	if (!s->vc)
		return 0;
	rate = s->vc->tx_rate ?: cd->caps.line_rate;
	return DIV_ROUND_UP_ULL((u64)s->vc->tx_max_cells * HZ, rate);
}

/* coatm_tx_reclaim() for one queue; tx_lock held. */
static void coatm_txq_reclaim_locked(struct coatm_dev *cd, struct coatm_txq *q,
				     struct sk_buff_head *done)
{
	struct sk_buff *skb;
	u32 st;

	while (q->ring.cons != q->ring.prod) {
		u32 slot = coatm_ring_slot(q->ring.size, q->ring.cons);
		struct coatm_tx_slot *s = &q->slots[slot];
		struct coatm_tx_desc *d = q->ring.desc +
					  slot * COATM_TX_DESC_SIZE;

		q->ring.cons++;
		/* The reset device writes no more: the status is final. */
		st = le32_to_cpu(READ_ONCE(d->status));
		if (s->copy) {
			if (!(st & COATM_TXS_DONE))
				cd->reset_tx_lost++;
			coatm_tx_slot_free_copy(cd, s, st & COATM_TXS_DONE ?
						coatm_tx_status_to_ndis(st) :
						NDIS_STATUS_RESET_IN_PROGRESS);
			continue;
		}
		dma_unmap_single(&cd->pdev->dev, s->dma, s->map_len,
				 DMA_TO_DEVICE);
		if (st & COATM_TXS_DONE) {
			coatm_cb(s->skb)->status = coatm_tx_status_to_ndis(st);
		} else {
			coatm_cb(s->skb)->status = NDIS_STATUS_RESET_IN_PROGRESS;
			cd->reset_tx_lost++;
		}
		__skb_queue_tail(done, s->skb);
		s->skb = NULL;
		s->vc = NULL;
	}
	q->ring.prod = 0;
	q->ring.cons = 0;
	while ((skb = __skb_dequeue(&q->backlog))) {
		coatm_cb(skb)->status = NDIS_STATUS_RESET_IN_PROGRESS;
		__skb_queue_tail(done, skb);
		cd->reset_tx_lost++;
	}
}

/**
 * coatm_tx_reclaim() - take back every send from a reset device
 * @cd: the device, reset (no DMA), with the TX tasklet killed
 *
 * Completes every send on the rings, on the backlogs and not yet
 * completed: one the device had already sent (its descriptor's status
 * says done: the TX tasklet just had not reaped it) with its own status,
 * every other one with %NDIS_STATUS_RESET_IN_PROGRESS. Empties the rings.
 */
void coatm_tx_reclaim(struct coatm_dev *cd)
{
	struct sk_buff_head done;
	unsigned int i;

	__skb_queue_head_init(&done);
	spin_lock_bh(&cd->tx_lock);
	for (i = 0; i < cd->nr_txq; i++)
		coatm_txq_reclaim_locked(cd, &cd->txq[i], &done);
	skb_queue_splice_tail_init(&cd->tx_done, &done);
	spin_unlock_bh(&cd->tx_lock);
	coatm_tx_complete_all(cd, &done);
}

void coatm_tx_tasklet(struct tasklet_struct *t)
{
	struct coatm_dev *cd = from_tasklet(cd, t, tx_tasklet);
	struct sk_buff_head done;
	unsigned int i;

	__skb_queue_head_init(&done);
	spin_lock_bh(&cd->tx_lock);
	for (i = 0; i < cd->nr_txq; i++) {
		coatm_tx_reap_locked(cd, &cd->txq[i], &done);
		coatm_tx_refill_locked(cd, &cd->txq[i], &done);
	}
	skb_queue_splice_tail_init(&cd->tx_done, &done);
	spin_unlock_bh(&cd->tx_lock);
	coatm_tx_complete_all(cd, &done);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: receive. A fixed pool of buffers, each mapped once
 * (DMA_FROM_DEVICE) and recycled: the driver posts buffer ids on the RX
 * free ring, the device returns each one in exactly one RX completion.
 * An AAL5 PDU spans one or more buffers (the last with EOP); the driver
 * copies it into an skb charged to the receiving socket and recycles the
 * buffers at once, so the pool never runs dry because a socket is slow.
 *
 * Nothing read from a completion is trusted: buffer id, length and VC
 * handle are checked against what the driver knows, and a bad entry is
 * counted (proc_read) and skipped, never followed.
 *
 * Context: the tasklet runs in BH context; coatm_rx_poll_locked() is
 * also called from process context with rx_lock held (BH disabled).
 */

#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include "coatm.h"
#include "coatm_ring.h"

#define COATM_RX_BUDGET		256

int coatm_rx_alloc_bufs(struct coatm_dev *cd)
{
	struct device *dev = &cd->pdev->dev;
	u32 i;

	cd->rx_bufs = kcalloc(cd->nr_rx_bufs, sizeof(*cd->rx_bufs),
			      GFP_KERNEL);
	if (!cd->rx_bufs)
		return -ENOMEM;
	for (i = 0; i < cd->nr_rx_bufs; i++) {
		struct coatm_rx_buf *b = &cd->rx_bufs[i];

		b->data = kmalloc(cd->rx_buf_size, GFP_KERNEL);
		if (!b->data)
			goto fail;
		b->dma = dma_map_single(dev, b->data, cd->rx_buf_size,
					DMA_FROM_DEVICE);
		if (dma_mapping_error(dev, b->dma)) {
			kfree(b->data);
			b->data = NULL;
			goto fail;
		}
	}
	return 0;
fail:
	coatm_rx_free_bufs(cd);
	return -ENOMEM;
}

void coatm_rx_free_bufs(struct coatm_dev *cd)
{
	u32 i;

	if (!cd->rx_bufs)
		return;
	for (i = 0; i < cd->nr_rx_bufs; i++) {
		struct coatm_rx_buf *b = &cd->rx_bufs[i];

		if (!b->data)
			continue;
		dma_unmap_single(&cd->pdev->dev, b->dma, cd->rx_buf_size,
				 DMA_FROM_DEVICE);
		kfree(b->data);
	}
	kfree(cd->rx_bufs);
	cd->rx_bufs = NULL;
}

/* Give buffer @id to the device; rx_lock held (or device disabled). */
static void coatm_rx_post(struct coatm_dev *cd, u32 id)
{
	u32 slot = coatm_ring_slot(cd->rxf.size, cd->rxf.prod);
	struct coatm_rxf_desc *d = cd->rxf.desc + slot * COATM_RXF_DESC_SIZE;
	struct coatm_rx_buf *b = &cd->rx_bufs[id];

	d->addr = cpu_to_le64(b->dma);
	d->buf_id = cpu_to_le32(id);
	d->rsvd = 0;
	b->posted = true;
	cd->rxf.prod++;
}

static void coatm_rx_recycle(struct coatm_dev *cd, u32 id)
{
	dma_sync_single_for_device(&cd->pdev->dev, cd->rx_bufs[id].dma,
				   cd->rx_buf_size, DMA_FROM_DEVICE);
	coatm_rx_post(cd, id);
}

/**
 * coatm_rx_post_all() - post every buffer (device freshly reset)
 * @cd: the device
 */
void coatm_rx_post_all(struct coatm_dev *cd)
{
	u32 i;

	for (i = 0; i < cd->nr_rx_bufs; i++)
		coatm_rx_post(cd, i);
	coatm_wr(cd, COATM_RING_REG(COATM_RING_RXF, COATM_RING_TAIL),
		 cd->rxf.prod);
}

/**
 * coatm_rx_reset() - take back every receive buffer from a reset device
 * @cd: the device, reset (no DMA), with the RX tasklet killed
 *
 * Drops every partly reassembled PDU and makes every buffer, including
 * any a misbehaving device lost, ready to be posted again.
 */
void coatm_rx_reset(struct coatm_dev *cd)
{
	struct coatm_vc *vc;
	u32 i;

	spin_lock_bh(&cd->rx_lock);
	for (i = 0; i < cd->caps.max_vcs; i++) {
		vc = cd->vc_table[i];
		if (vc && vc->nfrags) {
			vc->rx_errors++;
			vc->nfrags = 0;
		}
	}
	for (i = 0; i < cd->nr_rx_bufs; i++) {
		if (!cd->rx_bufs[i].posted)
			dma_sync_single_for_device(&cd->pdev->dev,
						   cd->rx_bufs[i].dma,
						   cd->rx_buf_size,
						   DMA_FROM_DEVICE);
		cd->rx_bufs[i].posted = false;
	}
	cd->rxf.prod = 0;
	cd->rxf.cons = 0;
	cd->rxc.prod = 0;
	cd->rxc.cons = 0;
	spin_unlock_bh(&cd->rx_lock);
}

static void coatm_rx_drop_frags(struct coatm_dev *cd, struct coatm_vc *vc)
{
	u32 i;

	for (i = 0; i < vc->nfrags; i++)
		coatm_rx_recycle(cd, vc->frags[i]);
	vc->nfrags = 0;
}

static void coatm_rx_aal0(struct coatm_dev *cd, struct coatm_vc *vc,
			  const struct coatm_rxc *c)
{
	struct coatm_rx_buf *b = &cd->rx_bufs[c->buf_id];
	struct sk_buff *skb;
	u32 hdr;

	skb = condis_alloc_rx_skb(vc->cvc, ATM_AAL0_SDU);
	if (skb) {
		hdr = coatm_aal0_linux_hdr(vc->vpi, vc->vci, c->cell_hdr);
		skb_put_data(skb, &hdr, sizeof(hdr));
		dma_sync_single_for_cpu(&cd->pdev->dev, b->dma,
					COATM_CELL_PAYLOAD, DMA_FROM_DEVICE);
		skb_put_data(skb, b->data, COATM_CELL_PAYLOAD);
		vc->rx_pdus++;
		condis_indicate_receive(vc->cvc, skb);
	} else {
		vc->rx_errors++;
	}
	coatm_rx_recycle(cd, c->buf_id);
}

/* An F5 OAM cell on an AAL5 VC: to the VC's user as a 52-byte cell. */
static void coatm_rx_oam(struct coatm_dev *cd, struct coatm_vc *vc,
			 const struct coatm_rxc *c)
{
	struct coatm_rx_buf *b = &cd->rx_bufs[c->buf_id];
	u8 cell[ATM_AAL0_SDU];
	u32 hdr;

	if (c->len != COATM_CELL_PAYLOAD || !coatm_cell_is_oam(c->cell_hdr)) {
		cd->err.bad_len++;
	} else {
		hdr = coatm_aal0_linux_hdr(vc->vpi, vc->vci, c->cell_hdr);
		memcpy(cell, &hdr, sizeof(hdr));
		dma_sync_single_for_cpu(&cd->pdev->dev, b->dma,
					COATM_CELL_PAYLOAD, DMA_FROM_DEVICE);
		memcpy(cell + sizeof(hdr), b->data, COATM_CELL_PAYLOAD);
		condis_indicate_oam(vc->cvc, cell);
	}
	coatm_rx_recycle(cd, c->buf_id);
}

/* The last buffer of an AAL5 PDU arrived: deliver or drop the PDU. */
static void coatm_rx_aal5_eop(struct coatm_dev *cd, struct coatm_vc *vc,
			      const struct coatm_rxc *c)
{
	struct sk_buff *skb;
	u32 i, total = 0;

	for (i = 0; i < vc->nfrags; i++)
		total += vc->frag_len[i];

	if (c->flags & (COATM_RXC_CRC_ERR | COATM_RXC_LEN_ERR)) {
		vc->rx_errors++;
		condis_indicate_receive_error(vc->cvc, false);
		goto out;
	}
	if (!total || total > vc->max_sdu) {
		/* The device said good, but the length is impossible. */
		cd->err.bad_len++;
		vc->rx_errors++;
		condis_indicate_receive_error(vc->cvc, false);
		goto out;
	}
	skb = condis_alloc_rx_skb(vc->cvc, total);
	if (!skb) {
		vc->rx_errors++;	/* counted as rx_drop by the shim */
		goto out;
	}
	for (i = 0; i < vc->nfrags; i++) {
		struct coatm_rx_buf *b = &cd->rx_bufs[vc->frags[i]];

		if (!vc->frag_len[i])
			continue;
		dma_sync_single_for_cpu(&cd->pdev->dev, b->dma,
					vc->frag_len[i], DMA_FROM_DEVICE);
		skb_put_data(skb, b->data, vc->frag_len[i]);
	}
	vc->rx_pdus++;
	condis_indicate_receive(vc->cvc, skb);
out:
	coatm_rx_drop_frags(cd, vc);
}

static void coatm_rx_one(struct coatm_dev *cd, const struct coatm_rxc *c)
{
	enum coatm_rxc_verdict v;
	struct coatm_vc *vc;

	v = coatm_rxc_check(c, cd->nr_rx_bufs, cd->rx_buf_size,
			    cd->caps.max_vcs);
	if (v == COATM_RXC_BAD_BUF || !cd->rx_bufs[c->buf_id].posted) {
		/* Not a buffer the device holds: nothing to give back. */
		cd->err.bad_buf++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "RX completion for buffer %u not held by the device\n",
				    c->buf_id);
		return;
	}
	cd->rx_bufs[c->buf_id].posted = false;
	if (v == COATM_RXC_BAD_LEN) {
		cd->err.bad_len++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "RX completion length %u out of range\n",
				    c->len);
		coatm_rx_recycle(cd, c->buf_id);
		return;
	}
	vc = v == COATM_RXC_OK ? cd->vc_table[c->vc] : NULL;
	if (vc) {
		bool cell = c->flags & COATM_RXC_AAL0;
		bool aal0 = vc->aal == COATM_AAL0;

		if (!(vc->dir & COATM_DIR_RX) || cell != aal0)
			vc = NULL;
	}
	if (!vc) {
		cd->err.bad_vc++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "RX completion for VC handle %u not open for it\n",
				    c->vc);
		coatm_rx_recycle(cd, c->buf_id);
		return;
	}

	if (c->flags & COATM_RXC_DISCARD) {
		coatm_rx_drop_frags(cd, vc);
		coatm_rx_recycle(cd, c->buf_id);
		return;
	}
	if (vc->aal == COATM_AAL0) {
		coatm_rx_aal0(cd, vc, c);	/* OAM cells too: raw cells */
		return;
	}
	if (c->flags & COATM_RXC_OAM) {
		coatm_rx_oam(cd, vc, c);
		return;
	}
	if ((cd->caps.caps & COATM_CAP_RXC_FRAG) &&
	    c->frag != (u8)vc->nfrags) {
		/*
		 * A completion of this PDU went missing (the device garbled
		 * it, and it was dropped above): the PDU is lost whole. What
		 * was gathered of it goes; a buffer from its middle or end
		 * goes too; the first buffer of the next PDU starts afresh.
		 */
		cd->err.bad_seq++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "RX completion %u of a PDU on VC handle %u, expected %u\n",
				    c->frag, c->vc, (u8)vc->nfrags);
		if (vc->nfrags) {
			vc->rx_errors++;
			condis_indicate_receive_error(vc->cvc, false);
			coatm_rx_drop_frags(cd, vc);
		}
		if (c->frag) {
			coatm_rx_recycle(cd, c->buf_id);
			return;
		}
	}
	if (vc->nfrags == COATM_MAX_FRAGS) {
		/* Longer than any PDU can be: the device lost an EOP. */
		cd->err.bad_len++;
		vc->rx_errors++;
		condis_indicate_receive_error(vc->cvc, false);
		coatm_rx_drop_frags(cd, vc);
	}
	vc->frags[vc->nfrags] = c->buf_id;
	vc->frag_len[vc->nfrags] = c->len;
	vc->nfrags++;
	if (c->flags & COATM_RXC_EOP)
		coatm_rx_aal5_eop(cd, vc, c);
}

/*
 * Process up to @budget completions; rx_lock held. Returns true if more
 * are waiting.
 */
static bool coatm_rx_poll_budget(struct coatm_dev *cd, unsigned int budget)
{
	u32 tail = coatm_sb_index(cd, COATM_SB_RXC_TAIL);
	u32 rxf_prod = cd->rxf.prod;
	struct coatm_rxc c;

	if (!coatm_ring_advance_valid(cd->rxc.cons, tail, cd->rxc.size)) {
		cd->err.bad_index++;
		dev_err_ratelimited(&cd->pdev->dev,
				    "RX completion tail %u beyond head %u + %u: ignored\n",
				    tail, cd->rxc.cons, cd->rxc.size);
		return false;
	}
	while (cd->rxc.cons != tail && budget--) {
		u32 slot = coatm_ring_slot(cd->rxc.size, cd->rxc.cons);

		coatm_rxc_decode(cd->rxc.desc + slot * COATM_RXC_DESC_SIZE, &c);
		cd->rxc.cons++;
		coatm_rx_one(cd, &c);
	}
	coatm_wr(cd, COATM_RING_REG(COATM_RING_RXC, COATM_RING_HEAD),
		 cd->rxc.cons);
	if (cd->rxf.prod != rxf_prod)
		coatm_wr(cd, COATM_RING_REG(COATM_RING_RXF, COATM_RING_TAIL),
			 cd->rxf.prod);
	return cd->rxc.cons != tail;
}

/**
 * coatm_rx_poll_locked() - process every completion the device announced
 * @cd: the device, rx_lock held
 */
void coatm_rx_poll_locked(struct coatm_dev *cd)
{
	while (coatm_rx_poll_budget(cd, COATM_RX_BUDGET))
		;
}

void coatm_rx_tasklet(struct tasklet_struct *t)
{
	struct coatm_dev *cd = from_tasklet(cd, t, rx_tasklet);
	bool more;

	spin_lock_bh(&cd->rx_lock);
	more = coatm_rx_poll_budget(cd, COATM_RX_BUDGET);
	spin_unlock_bh(&cd->rx_lock);
	if (more)
		tasklet_schedule(&cd->rx_tasklet);
}

/**
 * coatm_rx_release_vc_locked() - recycle the buffers of a VC's partial PDU
 * @cd: the device, rx_lock held
 * @vc: the VC
 */
void coatm_rx_release_vc_locked(struct coatm_dev *cd, struct coatm_vc *vc)
{
	if (!vc->nfrags)
		return;
	coatm_rx_drop_frags(cd, vc);
	coatm_wr(cd, COATM_RING_REG(COATM_RING_RXF, COATM_RING_TAIL),
		 cd->rxf.prod);
}

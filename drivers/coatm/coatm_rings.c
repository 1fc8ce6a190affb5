// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: the descriptor rings and the status block in host memory.
 *
 * Context: process context (probe, remove); may sleep.
 */

#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "coatm.h"
#include "coatm_ring.h"

static unsigned int tx_ring_size = 512;
module_param(tx_ring_size, uint, 0444);
MODULE_PARM_DESC(tx_ring_size, "TX descriptors (power of 2)");

/*
 * Sends of up to tx_copybreak bytes are copied to a block of a DMA pool
 * and completed at once, rather than mapped and completed when the device
 * is done: a sender that keeps only a few sends in flight (br2684 keeps
 * two per VC) is then not held to one TX interrupt per two PDUs. 2048
 * covers an Ethernet frame in RFC 2684 LLC encapsulation and a 1500-byte
 * CLIP datagram. See Documentation/coatm-driver.rst.
 */
static unsigned int tx_copybreak = 2048;
module_param(tx_copybreak, uint, 0444);
MODULE_PARM_DESC(tx_copybreak, "Copy sends of up to this many bytes and complete them at once (0: never; at most 4096)");

/*
 * 2048 buffers of 2 KiB (4 MiB a port): four times the PDUs of 512 x 4 KiB
 * for twice the memory, the headroom small PDUs need while the receiving
 * CPU falls behind (make bench, 64-B PDUs: RX_NOBUF drops with 512); a
 * 9180-B PDU spans 5 buffers, a 1500-B one still one.
 */
static unsigned int rx_bufs = 2048;
module_param(rx_bufs, uint, 0444);
MODULE_PARM_DESC(rx_bufs, "Receive buffers (power of 2)");

static unsigned int rx_buf_size = 2048;
module_param(rx_buf_size, uint, 0444);
MODULE_PARM_DESC(rx_buf_size, "Bytes per receive buffer (64..65536, multiple of 64)");

#define COATM_CMD_RING_SIZE	256
#define COATM_EVT_RING_SIZE	512

static int coatm_ring_alloc(struct coatm_dev *cd, struct coatm_ring *r,
			    unsigned int id, u32 size, u32 esize)
{
	r->id = id;
	r->size = size;
	r->esize = esize;
	r->prod = 0;
	r->cons = 0;
	r->desc = dma_alloc_coherent(&cd->pdev->dev, (size_t)size * esize,
				     &r->dma, GFP_KERNEL);
	return r->desc ? 0 : -ENOMEM;
}

static void coatm_ring_free(struct coatm_dev *cd, struct coatm_ring *r)
{
	if (r->desc)
		dma_free_coherent(&cd->pdev->dev, (size_t)r->size * r->esize,
				  r->desc, r->dma);
	r->desc = NULL;
}

/*
 * The TX queues: one per service class if the device has a ring for each
 * (COATM_CAP_TX_CLASS_RINGS), else the UBR one carries every class.
 */
static int coatm_txqs_alloc(struct coatm_dev *cd)
{
	static const struct {
		unsigned int ring, sb_head;
		const char *name;
	} qs[COATM_NUM_TXQ] = {
		[COATM_TXQ_UBR] = { COATM_RING_TX, COATM_SB_TX_HEAD, "tx" },
		[COATM_TXQ_CBR] = { COATM_RING_TX_CBR, COATM_SB_TX_CBR_HEAD,
				    "tx-cbr" },
		[COATM_TXQ_VBR] = { COATM_RING_TX_VBR, COATM_SB_TX_VBR_HEAD,
				    "tx-vbr" },
	};
	unsigned int i;
	int err;

	cd->nr_txq = cd->caps.caps & COATM_CAP_TX_CLASS_RINGS ?
		     COATM_NUM_TXQ : 1;
	for (i = 0; i < cd->nr_txq; i++) {
		struct coatm_txq *q = &cd->txq[i];

		q->sb_head = qs[i].sb_head;
		q->name = qs[i].name;
		err = coatm_ring_alloc(cd, &q->ring, qs[i].ring, tx_ring_size,
				       COATM_TX_DESC_SIZE);
		if (err)
			return err;
		q->slots = kcalloc(q->ring.size, sizeof(*q->slots),
				   GFP_KERNEL);
		if (!q->slots)
			return -ENOMEM;
	}
	cd->tx_copybreak = tx_copybreak;
	if (!cd->tx_copybreak)
		return 0;
	/* 64-byte blocks: a cell-payload multiple, a cache line. */
	cd->tx_pool = dma_pool_create("coatm_tx", &cd->pdev->dev,
				      ALIGN(cd->tx_copybreak, 64), 64, 0);
	return cd->tx_pool ? 0 : -ENOMEM;
}

/**
 * coatm_rings_alloc() - allocate the rings, status block and shadows
 * @cd: the device
 *
 * Return: 0 or -ENOMEM/-EINVAL (bad module parameters); on failure
 * nothing stays allocated.
 */
int coatm_rings_alloc(struct coatm_dev *cd)
{
	struct device *dev = &cd->pdev->dev;
	int err;

	if (!coatm_ring_size_valid(tx_ring_size, COATM_RING_SIZE_MAX) ||
	    !coatm_ring_size_valid(rx_bufs, COATM_RING_SIZE_MAX / 2) ||
	    rx_buf_size < COATM_RX_BUF_SIZE_MIN ||
	    rx_buf_size > COATM_RX_BUF_SIZE_MAX || rx_buf_size % 64 ||
	    tx_copybreak > COATM_TX_COPYBREAK_MAX) {
		dev_err(dev, "bad ring parameters\n");
		return -EINVAL;
	}
	cd->nr_rx_bufs = rx_bufs;
	cd->rx_buf_size = rx_buf_size;

	cd->sb = dma_alloc_coherent(dev, COATM_STATUS_BLOCK_SIZE, &cd->sb_dma,
				    GFP_KERNEL);
	if (!cd->sb)
		return -ENOMEM;

	err = coatm_txqs_alloc(cd) ?:
	      coatm_ring_alloc(cd, &cd->rxf, COATM_RING_RXF, rx_bufs,
			       COATM_RXF_DESC_SIZE) ?:
	      /* Every buffer can be on the completion ring at once. */
	      coatm_ring_alloc(cd, &cd->rxc, COATM_RING_RXC, rx_bufs * 2,
			       COATM_RXC_DESC_SIZE) ?:
	      coatm_ring_alloc(cd, &cd->cmd, COATM_RING_CMD,
			       COATM_CMD_RING_SIZE, COATM_CMD_DESC_SIZE) ?:
	      coatm_ring_alloc(cd, &cd->evt, COATM_RING_EVT,
			       COATM_EVT_RING_SIZE, COATM_EVT_DESC_SIZE);
	if (err)
		goto fail;

	err = -ENOMEM;
	cd->cmd_pending = kcalloc(cd->cmd.size, sizeof(*cd->cmd_pending),
				  GFP_KERNEL);
	cd->vc_table = kcalloc(cd->caps.max_vcs, sizeof(*cd->vc_table),
			       GFP_KERNEL);
	if (!cd->cmd_pending || !cd->vc_table)
		goto fail;
	return 0;

fail:
	coatm_rings_free(cd);
	return err;
}

static void coatm_ring_program(struct coatm_dev *cd, struct coatm_ring *r)
{
	coatm_wr(cd, COATM_RING_REG(r->id, COATM_RING_BASE_LO),
		 lower_32_bits(r->dma));
	coatm_wr(cd, COATM_RING_REG(r->id, COATM_RING_BASE_HI),
		 upper_32_bits(r->dma));
	coatm_wr(cd, COATM_RING_REG(r->id, COATM_RING_SIZE), r->size);
}

/**
 * coatm_rings_program() - tell the (disabled, freshly reset) device
 *	where the rings, buffers and status block are
 * @cd: the device
 */
void coatm_rings_program(struct coatm_dev *cd)
{
	unsigned int i;

	memset(cd->sb, 0, COATM_STATUS_BLOCK_SIZE);
	coatm_wr(cd, COATM_REG_STATUS_BLOCK_LO, lower_32_bits(cd->sb_dma));
	coatm_wr(cd, COATM_REG_STATUS_BLOCK_HI, upper_32_bits(cd->sb_dma));
	coatm_wr(cd, COATM_REG_RX_BUF_SIZE, cd->rx_buf_size);
	for (i = 0; i < cd->nr_txq; i++)
		coatm_ring_program(cd, &cd->txq[i].ring);
	coatm_ring_program(cd, &cd->rxf);
	coatm_ring_program(cd, &cd->rxc);
	coatm_ring_program(cd, &cd->cmd);
	coatm_ring_program(cd, &cd->evt);
}

/**
 * coatm_rings_free() - free what coatm_rings_alloc() allocated
 * @cd: the device, reset (no DMA in flight)
 */
void coatm_rings_free(struct coatm_dev *cd)
{
	struct device *dev = &cd->pdev->dev;
	unsigned int i;

	kfree(cd->vc_table);
	kfree(cd->cmd_pending);
	cd->vc_table = NULL;
	cd->cmd_pending = NULL;
	coatm_ring_free(cd, &cd->evt);
	coatm_ring_free(cd, &cd->cmd);
	coatm_ring_free(cd, &cd->rxc);
	coatm_ring_free(cd, &cd->rxf);
	dma_pool_destroy(cd->tx_pool);
	cd->tx_pool = NULL;
	for (i = 0; i < COATM_NUM_TXQ; i++) {
		kfree(cd->txq[i].slots);
		cd->txq[i].slots = NULL;
		coatm_ring_free(cd, &cd->txq[i].ring);
	}
	if (cd->sb)
		dma_free_coherent(dev, COATM_STATUS_BLOCK_SIZE, cd->sb,
				  cd->sb_dma);
	cd->sb = NULL;
}

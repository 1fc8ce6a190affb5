// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: the descriptor rings and the status block in host memory.
 *
 * Context: process context (probe, remove); may sleep.
 */

#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "coatm.h"
#include "coatm_ring.h"

static unsigned int tx_ring_size = 512;
module_param(tx_ring_size, uint, 0444);
MODULE_PARM_DESC(tx_ring_size, "TX descriptors (power of 2)");

static unsigned int rx_bufs = 512;
module_param(rx_bufs, uint, 0444);
MODULE_PARM_DESC(rx_bufs, "Receive buffers (power of 2)");

static unsigned int rx_buf_size = 4096;
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
	    rx_buf_size > COATM_RX_BUF_SIZE_MAX || rx_buf_size % 64) {
		dev_err(dev, "bad ring parameters\n");
		return -EINVAL;
	}
	cd->nr_rx_bufs = rx_bufs;
	cd->rx_buf_size = rx_buf_size;

	cd->sb = dma_alloc_coherent(dev, COATM_STATUS_BLOCK_SIZE, &cd->sb_dma,
				    GFP_KERNEL);
	if (!cd->sb)
		return -ENOMEM;

	err = coatm_ring_alloc(cd, &cd->tx, COATM_RING_TX, tx_ring_size,
			       COATM_TX_DESC_SIZE) ?:
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
	cd->tx_slots = kcalloc(cd->tx.size, sizeof(*cd->tx_slots), GFP_KERNEL);
	cd->cmd_pending = kcalloc(cd->cmd.size, sizeof(*cd->cmd_pending),
				  GFP_KERNEL);
	cd->vc_table = kcalloc(cd->caps.max_vcs, sizeof(*cd->vc_table),
			       GFP_KERNEL);
	if (!cd->tx_slots || !cd->cmd_pending || !cd->vc_table)
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
	memset(cd->sb, 0, COATM_STATUS_BLOCK_SIZE);
	coatm_wr(cd, COATM_REG_STATUS_BLOCK_LO, lower_32_bits(cd->sb_dma));
	coatm_wr(cd, COATM_REG_STATUS_BLOCK_HI, upper_32_bits(cd->sb_dma));
	coatm_wr(cd, COATM_REG_RX_BUF_SIZE, cd->rx_buf_size);
	coatm_ring_program(cd, &cd->tx);
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

	kfree(cd->vc_table);
	kfree(cd->cmd_pending);
	kfree(cd->tx_slots);
	cd->vc_table = NULL;
	cd->cmd_pending = NULL;
	cd->tx_slots = NULL;
	coatm_ring_free(cd, &cd->evt);
	coatm_ring_free(cd, &cd->cmd);
	coatm_ring_free(cd, &cd->rxc);
	coatm_ring_free(cd, &cd->rxf);
	coatm_ring_free(cd, &cd->tx);
	if (cd->sb)
		dma_free_coherent(dev, COATM_STATUS_BLOCK_SIZE, cd->sb,
				  cd->sb_dma);
	cd->sb = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: interrupt vectors and the link-state path.
 *
 * The device has one MSI-X vector per cause group (COATM_VEC_*). The
 * driver takes all of them or falls back to one shared INTx line that
 * serves every cause; it never runs MSI-X with fewer vectors than the
 * device uses, since the device would signal into a vector nobody owns.
 *
 * Hard IRQ handlers only acknowledge causes (the device signals again only
 * for a cause that was clear) and defer: TX and RX to tasklets, events,
 * link changes and errors to the ordered workqueue; an error asks the
 * shim for a reset (coatm_reset.c).
 */

#include <linux/interrupt.h>
#include "coatm.h"

static void coatm_dispatch(struct coatm_dev *cd, u32 cause)
{
	if (cause & COATM_INT_LINK)
		queue_work(cd->wq, &cd->link_work);
	if (cause & COATM_INT_EVENT)
		queue_work(cd->wq, &cd->evt_work);
	if (cause & COATM_INT_ERROR)
		queue_work(cd->wq, &cd->error_work);
	if (cause & COATM_INT_TX_DONE)
		tasklet_schedule(&cd->tx_tasklet);
	if (cause & COATM_VEC_RX_CAUSES)
		tasklet_schedule(&cd->rx_tasklet);
}

/* INTx (shared) or the MISC vector: read which causes are pending. */
static irqreturn_t coatm_irq(int irq, void *data)
{
	struct coatm_dev *cd = data;
	u32 cause;

	cause = coatm_rd(cd, COATM_REG_INT_CAUSE);
	/* All-ones: the device is gone; not ours on a shared line. */
	if (cause == ~0u)
		return IRQ_NONE;
	cause &= ~READ_ONCE(cd->int_mask);
	if (!cd->msix)
		cause &= COATM_INT_ALL;
	else
		cause &= COATM_VEC_MISC_CAUSES;
	if (!cause)
		return IRQ_NONE;
	if (cause & COATM_INT_ERROR) {
		u32 error = coatm_rd(cd, COATM_REG_ERROR);

		atomic_or(error, &cd->last_error);
		coatm_wr(cd, COATM_REG_ERROR, error);
	}
	coatm_wr(cd, COATM_REG_INT_CAUSE, cause);
	atomic_inc(&cd->irqs);
	coatm_dispatch(cd, cause);
	return IRQ_HANDLED;
}

/* MSI-X TX or RX vector: the vector says which; just acknowledge. */
static irqreturn_t coatm_irq_tx(int irq, void *data)
{
	struct coatm_dev *cd = data;

	coatm_wr(cd, COATM_REG_INT_CAUSE, COATM_VEC_TX_CAUSES);
	tasklet_schedule(&cd->tx_tasklet);
	return IRQ_HANDLED;
}

static irqreturn_t coatm_irq_rx(int irq, void *data)
{
	struct coatm_dev *cd = data;

	coatm_wr(cd, COATM_REG_INT_CAUSE, COATM_VEC_RX_CAUSES);
	tasklet_schedule(&cd->rx_tasklet);
	return IRQ_HANDLED;
}

/*
 * Read the link state and indicate it to the shim if it changed. Not
 * before the adapter is registered: LINK is masked until then, and probe
 * reads the link again once it has unmasked it.
 */
static void coatm_link_update(struct coatm_dev *cd)
{
	struct condis_adapter *ad = READ_ONCE(cd->ad);
	struct condis_link_state ls = {};
	bool up;

	if (!ad)
		return;
	up = coatm_hw_link_up(cd);
	if (up == cd->link_up)
		return;
	cd->link_up = up;
	atomic_inc(&cd->link_events);
	dev_info(&cd->pdev->dev, "link %s\n", up ? "up" : "down");
	ls.media_connect_state = up ? NDIS_MEDIA_CONNECT_STATE_CONNECTED :
				      NDIS_MEDIA_CONNECT_STATE_DISCONNECTED;
	ls.cell_rate = cd->caps.line_rate;
	condis_indicate_status(ad, NDIS_STATUS_LINK_STATE, &ls, sizeof(ls));
}

static void coatm_link_work(struct work_struct *work)
{
	struct coatm_dev *cd = container_of(work, struct coatm_dev, link_work);

	coatm_link_update(cd);
}

/**
 * coatm_irq_init() - allocate vectors and request the interrupts
 * @cd: the device, reset, with every cause masked
 *
 * Return: 0 or a negative errno.
 */
int coatm_irq_init(struct coatm_dev *cd)
{
	struct pci_dev *pdev = cd->pdev;
	int nvec, err;

	INIT_WORK(&cd->link_work, coatm_link_work);

	nvec = pci_alloc_irq_vectors(pdev, COATM_NUM_VECTORS,
				     COATM_NUM_VECTORS, PCI_IRQ_MSIX);
	if (nvec < 0)
		nvec = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_INTX);
	if (nvec < 0) {
		dev_err(&pdev->dev, "no interrupt: %d\n", nvec);
		return nvec;
	}
	cd->msix = pdev->msix_enabled;

	err = request_irq(pci_irq_vector(pdev, COATM_VEC_MISC), coatm_irq,
			  cd->msix ? 0 : IRQF_SHARED, COATM_DRV_NAME, cd);
	if (err)
		goto err_vectors;
	if (cd->msix) {
		err = request_irq(pci_irq_vector(pdev, COATM_VEC_TX),
				  coatm_irq_tx, 0, COATM_DRV_NAME "-tx", cd);
		if (err)
			goto err_misc;
		err = request_irq(pci_irq_vector(pdev, COATM_VEC_RX),
				  coatm_irq_rx, 0, COATM_DRV_NAME "-rx", cd);
		if (err)
			goto err_tx;
	}
	dev_dbg(&pdev->dev, "using %s\n", cd->msix ? "MSI-X" : "INTx");
	return 0;

err_tx:
	free_irq(pci_irq_vector(pdev, COATM_VEC_TX), cd);
err_misc:
	free_irq(pci_irq_vector(pdev, COATM_VEC_MISC), cd);
err_vectors:
	pci_free_irq_vectors(pdev);
	return err;
}

/**
 * coatm_irq_quiesce() - mask every cause; no handler, tasklet or work of
 *	ours runs after this returns
 * @cd: the device
 */
void coatm_irq_quiesce(struct coatm_dev *cd)
{
	struct pci_dev *pdev = cd->pdev;
	int v;

	spin_lock_bh(&cd->ctrl_lock);
	coatm_hw_set_int_mask(cd, COATM_INT_ALL);
	spin_unlock_bh(&cd->ctrl_lock);
	for (v = 0; v < (cd->msix ? COATM_NUM_VECTORS : 1); v++)
		synchronize_irq(pci_irq_vector(pdev, v));
	tasklet_kill(&cd->tx_tasklet);
	tasklet_kill(&cd->rx_tasklet);
	cancel_work_sync(&cd->link_work);
	cancel_work_sync(&cd->evt_work);
	cancel_work_sync(&cd->error_work);
}

/**
 * coatm_irq_fini() - release the interrupts
 * @cd: the device, quiesced
 */
void coatm_irq_fini(struct coatm_dev *cd)
{
	struct pci_dev *pdev = cd->pdev;

	if (cd->msix) {
		free_irq(pci_irq_vector(pdev, COATM_VEC_RX), cd);
		free_irq(pci_irq_vector(pdev, COATM_VEC_TX), cd);
	}
	free_irq(pci_irq_vector(pdev, COATM_VEC_MISC), cd);
	pci_free_irq_vectors(pdev);
}

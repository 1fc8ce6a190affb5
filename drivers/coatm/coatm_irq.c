// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: interrupt vectors and the link-state path.
 *
 * The device has one MSI-X vector per cause group (COATM_VEC_*). The
 * driver takes all of them or falls back to one shared INTx line that
 * serves every cause; it never runs MSI-X with fewer vectors than the
 * device uses, since the device would signal into a vector nobody owns.
 */

#include <linux/interrupt.h>
#include "coatm.h"

static irqreturn_t coatm_misc_irq(int irq, void *data)
{
	struct coatm_dev *cd = data;
	u32 cause;

	cause = coatm_rd(cd, COATM_REG_INT_CAUSE);
	/* All-ones: the device is gone; not ours on a shared line. */
	if (cause == ~0u)
		return IRQ_NONE;
	cause &= ~READ_ONCE(cd->int_mask);
	if (!cause)
		return IRQ_NONE;
	coatm_wr(cd, COATM_REG_INT_CAUSE, cause);
	atomic_inc(&cd->irqs);

	if (cause & COATM_INT_LINK)
		schedule_work(&cd->link_work);
	if (cause & COATM_INT_ERROR)
		dev_err_ratelimited(&cd->pdev->dev, "device error interrupt\n");
	return IRQ_HANDLED;
}

/**
 * coatm_link_update() - read the link state and indicate it if changed
 * @cd: the device
 *
 * Context: process context; called only from link_work, which the
 * workqueue never runs concurrently with itself.
 */
static void coatm_link_update(struct coatm_dev *cd)
{
	struct condis_link_state ls = {};
	bool up = coatm_hw_link_up(cd);

	if (up == cd->link_up)
		return;
	cd->link_up = up;
	atomic_inc(&cd->link_events);
	dev_info(&cd->pdev->dev, "link %s\n", up ? "up" : "down");
	ls.media_connect_state = up ? NDIS_MEDIA_CONNECT_STATE_CONNECTED :
				      NDIS_MEDIA_CONNECT_STATE_DISCONNECTED;
	ls.cell_rate = cd->caps.line_rate;
	condis_indicate_status(cd->ad, NDIS_STATUS_LINK_STATE, &ls, sizeof(ls));
}

static void coatm_link_work(struct work_struct *work)
{
	struct coatm_dev *cd = container_of(work, struct coatm_dev, link_work);

	coatm_link_update(cd);
}

/**
 * coatm_irq_init() - allocate vectors and request the interrupt
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
		nvec = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_LEGACY);
	if (nvec < 0) {
		dev_err(&pdev->dev, "no interrupt: %d\n", nvec);
		return nvec;
	}
	cd->msix = pdev->msix_enabled;

	err = request_irq(pci_irq_vector(pdev, COATM_VEC_MISC), coatm_misc_irq,
			  cd->msix ? 0 : IRQF_SHARED, COATM_DRV_NAME, cd);
	if (err) {
		pci_free_irq_vectors(pdev);
		return err;
	}
	dev_dbg(&pdev->dev, "using %s\n", cd->msix ? "MSI-X" : "INTx");
	return 0;
}

/**
 * coatm_irq_fini() - release the interrupt; no handler or work runs after
 * @cd: the device, with every cause already masked
 */
void coatm_irq_fini(struct coatm_dev *cd)
{
	struct pci_dev *pdev = cd->pdev;

	free_irq(pci_irq_vector(pdev, COATM_VEC_MISC), cd);
	cancel_work_sync(&cd->link_work);
	pci_free_irq_vectors(pdev);
}

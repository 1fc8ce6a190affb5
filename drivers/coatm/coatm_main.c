// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: PCI driver for the coatm ATM SAR NIC, a CoNDIS miniport.
 *
 * Context: probe, remove and shutdown run in process context and sleep.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include "coatm.h"

static const struct condis_miniport_ops coatm_miniport_ops = {
	.owner = THIS_MODULE,
};

/* Quiesce: no interrupt fires and no link work runs after this. */
static void coatm_quiesce_irqs(struct coatm_dev *cd)
{
	coatm_hw_set_int_mask(cd, COATM_INT_ALL);
	synchronize_irq(pci_irq_vector(cd->pdev, COATM_VEC_MISC));
	cancel_work_sync(&cd->link_work);
}

static int coatm_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct condis_adapter_info info = {};
	struct coatm_dev *cd;
	int err;

	cd = devm_kzalloc(&pdev->dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->pdev = pdev;
	atomic_set(&cd->irqs, 0);
	atomic_set(&cd->link_events, 0);
	pci_set_drvdata(pdev, cd);

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	if (pci_resource_len(pdev, COATM_BAR_REGS) < COATM_BAR0_SIZE ||
	    !(pci_resource_flags(pdev, COATM_BAR_REGS) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev, "BAR%d is not a %u-byte MMIO region\n",
			COATM_BAR_REGS, COATM_BAR0_SIZE);
		return -ENODEV;
	}
	err = pcim_iomap_regions(pdev, BIT(COATM_BAR_REGS), COATM_DRV_NAME);
	if (err)
		return err;
	cd->regs = pcim_iomap_table(pdev)[COATM_BAR_REGS];
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		return err;

	err = coatm_hw_init(cd);
	if (err)
		return err;
	err = coatm_irq_init(cd);
	if (err)
		goto err_reset;

	cd->link_up = coatm_hw_link_up(cd);
	info.type = COATM_DRV_NAME;
	info.parent = &pdev->dev;
	memcpy(info.esi, cd->esi, COATM_ESI_LEN);
	info.vpi_bits = cd->caps.vpi_bits;
	info.vci_bits = cd->caps.vci_bits;
	info.max_vcs = cd->caps.max_vcs;
	info.link_rate = cd->caps.line_rate;
	info.link_up = cd->link_up;
	cd->ad = condis_register_adapter(&coatm_miniport_ops, &info, cd);
	if (IS_ERR(cd->ad)) {
		err = PTR_ERR(cd->ad);
		goto err_irq;
	}

	coatm_hw_set_int_mask(cd, COATM_INT_ALL &
			      ~(COATM_INT_LINK | COATM_INT_ERROR));
	coatm_wr(cd, COATM_REG_CTRL, COATM_CTRL_ENABLE);
	/* The link may have changed between reading it and unmasking. */
	schedule_work(&cd->link_work);

	dev_info(&pdev->dev, "atm%d: %s, link %s\n",
		 condis_adapter_number(cd->ad), cd->msix ? "MSI-X" : "INTx",
		 cd->link_up ? "up" : "down");
	return 0;

err_irq:
	coatm_quiesce_irqs(cd);
	coatm_irq_fini(cd);
err_reset:
	coatm_hw_reset(cd);
	return err;
}

static void coatm_remove(struct pci_dev *pdev)
{
	struct coatm_dev *cd = pci_get_drvdata(pdev);

	/* Stop link indications first: the shim forbids them past here. */
	coatm_quiesce_irqs(cd);
	condis_unregister_adapter(cd->ad);
	coatm_hw_reset(cd);
	coatm_irq_fini(cd);
}

static void coatm_shutdown(struct pci_dev *pdev)
{
	struct coatm_dev *cd = pci_get_drvdata(pdev);

	/* Stop the device (and so its DMA) before reboot or kexec. */
	coatm_quiesce_irqs(cd);
	coatm_hw_reset(cd);
}

static const struct pci_device_id coatm_pci_ids[] = {
	{ PCI_DEVICE(COATM_PCI_VENDOR_ID, COATM_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, coatm_pci_ids);

static struct pci_driver coatm_driver = {
	.name = COATM_DRV_NAME,
	.id_table = coatm_pci_ids,
	.probe = coatm_probe,
	.remove = coatm_remove,
	.shutdown = coatm_shutdown,
};
module_pci_driver(coatm_driver);

MODULE_DESCRIPTION("coatm PCI ATM SAR NIC (CoNDIS miniport)");
MODULE_LICENSE("GPL");

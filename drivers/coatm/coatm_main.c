// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: PCI driver for the coatm ATM SAR NIC, a CoNDIS miniport.
 *
 * Context: probe, remove and shutdown run in process context and sleep.
 */

#include <linux/debugfs.h>
#include <linux/dmapool.h>
#include <linux/fault-inject.h>
#include <linux/module.h>
#include <linux/pci.h>
#include "coatm.h"

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
/*
 * /sys/kernel/debug/coatm_fail_probe (Documentation/fault-injection):
 * makes one of the probe's steps after the PCI enable fail as if it had,
 * to test every unwind path (scenario 67-faults: "space" picks the step).
 */
static DECLARE_FAULT_ATTR(coatm_fail_probe);
static struct dentry *coatm_fail_probe_dir;

static int coatm_probe_fault(int err)
{
	return should_fail(&coatm_fail_probe, 1) ? err : 0;
}

static void coatm_fault_init(void)
{
	coatm_fail_probe_dir = fault_create_debugfs_attr("coatm_fail_probe",
							 NULL,
							 &coatm_fail_probe);
}

static void coatm_fault_exit(void)
{
	debugfs_remove_recursive(coatm_fail_probe_dir);
}
#else
static int coatm_probe_fault(int err)
{
	return 0;
}

static void coatm_fault_init(void)
{
}

static void coatm_fault_exit(void)
{
}
#endif

static unsigned int rx_coalesce = COATM_INT_MOD(16, 20);
module_param(rx_coalesce, uint, 0444);
MODULE_PARM_DESC(rx_coalesce, "INT_MOD_RX: completions (15:0) and microseconds (31:16)");

static unsigned int tx_coalesce = COATM_INT_MOD(32, 50);
module_param(tx_coalesce, uint, 0444);
MODULE_PARM_DESC(tx_coalesce, "INT_MOD_TX: completions (15:0) and microseconds (31:16)");

static void coatm_init_state(struct coatm_dev *cd)
{
	unsigned int i;

	spin_lock_init(&cd->ctrl_lock);
	spin_lock_init(&cd->tx_lock);
	spin_lock_init(&cd->rx_lock);
	spin_lock_init(&cd->cmd_lock);
	for (i = 0; i < COATM_NUM_TXQ; i++)
		skb_queue_head_init(&cd->txq[i].backlog);
	skb_queue_head_init(&cd->tx_done);
	INIT_LIST_HEAD(&cd->tx_closing);
	tasklet_setup(&cd->tx_tasklet, coatm_tx_tasklet);
	tasklet_setup(&cd->rx_tasklet, coatm_rx_tasklet);
	INIT_WORK(&cd->evt_work, coatm_evt_work);
	INIT_WORK(&cd->error_work, coatm_error_work);
	INIT_DELAYED_WORK(&cd->watchdog, coatm_watchdog_work);
	init_completion(&cd->reprogram_done);
	atomic_set(&cd->last_error, 0);
	ida_init(&cd->vc_ida);
	atomic_set(&cd->irqs, 0);
	atomic_set(&cd->link_events, 0);
	atomic_set(&cd->wd_checks, 0);
}

/**
 * coatm_hw_start() - give a freshly reset device its rings and enable it
 * @cd: the device, reset, its rings allocated and empty
 * @ctrl: extra COATM_CTRL_* bits to enable with (PHY loopback)
 *
 * Unmasks every interrupt cause, but LINK and ERROR while no adapter is
 * registered (coatm_unmask_all()).
 *
 * Return: 0, or -EIO if the device refused the rings.
 */
int coatm_hw_start(struct coatm_dev *cd, u32 ctrl)
{
	coatm_rings_program(cd);
	coatm_rx_post_all(cd);
	coatm_wr(cd, COATM_REG_INT_MOD_RX, rx_coalesce);
	coatm_wr(cd, COATM_REG_INT_MOD_TX, tx_coalesce);
	coatm_unmask_all(cd);
	coatm_hw_set_ctrl(cd, COATM_CTRL_ENABLE | ctrl, 0);
	if (!(coatm_rd(cd, COATM_REG_STATUS) & COATM_STATUS_ENABLED)) {
		dev_err(&cd->pdev->dev, "device refused the rings (ERROR 0x%08x)\n",
			coatm_rd(cd, COATM_REG_ERROR));
		return -EIO;
	}
	return 0;
}

/* Stop the device and free what the data path allocated. */
static void coatm_teardown(struct coatm_dev *cd)
{
	struct coatm_txq *q;
	unsigned int left = 0;
	struct sk_buff *skb;
	u32 i;

	coatm_hw_reset(cd);	/* no DMA after this */
	/*
	 * Halt completed every send before it deleted the VCs (the shim
	 * resets a miniport whose VC does not stop), so nothing is left. If
	 * something is, its socket and VC may be gone: unmap and free it
	 * without completing it, and say so.
	 */
	for (q = cd->txq; q < cd->txq + COATM_NUM_TXQ; q++) {
		for (i = 0; q->slots && i < q->ring.size; i++) {
			struct coatm_tx_slot *s = &q->slots[i];

			if (!s->vc)
				continue;
			if (s->copy) {
				dma_pool_free(cd->tx_pool, s->copy, s->dma);
			} else {
				dma_unmap_single(&cd->pdev->dev, s->dma,
						 s->map_len, DMA_TO_DEVICE);
				dev_kfree_skb_any(s->skb);
			}
			s->copy = NULL;
			s->skb = NULL;
			s->vc = NULL;
			left++;
		}
		while ((skb = skb_dequeue(&q->backlog))) {
			dev_kfree_skb_any(skb);
			left++;
		}
	}
	while ((skb = skb_dequeue(&cd->tx_done))) {
		dev_kfree_skb_any(skb);
		left++;
	}
	WARN(left, "coatm: %u sends left at teardown\n", left);
	coatm_rx_free_bufs(cd);
	coatm_rings_free(cd);
}

static int coatm_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct condis_adapter_info info = {};
	struct condis_adapter *ad;
	struct coatm_dev *cd;
	int err;

	cd = devm_kzalloc(&pdev->dev, sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->pdev = pdev;
	coatm_init_state(cd);
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
	err = coatm_probe_fault(-EIO) ?:
	      dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		return err;

	err = coatm_probe_fault(-ENODEV) ?: coatm_hw_init(cd);
	if (err)
		return err;
	if (!coatm_probe_fault(-ENOMEM))
		cd->wq = alloc_ordered_workqueue("coatm-%s", 0, pci_name(pdev));
	if (!cd->wq)
		return -ENOMEM;
	err = coatm_probe_fault(-ENOMEM) ?: coatm_rings_alloc(cd);
	if (err)
		goto err_wq;
	err = coatm_probe_fault(-ENOMEM) ?: coatm_rx_alloc_bufs(cd);
	if (err)
		goto err_rings;

	err = coatm_probe_fault(-ENOSPC) ?: coatm_irq_init(cd);
	if (err)
		goto err_rings;

	cd->link_up = coatm_hw_link_up(cd);
	info.type = COATM_DRV_NAME;
	info.parent = &pdev->dev;
	memcpy(info.esi, cd->esi, COATM_ESI_LEN);
	info.vpi_bits = cd->caps.vpi_bits;
	info.vci_bits = cd->caps.vci_bits;
	info.max_vcs = cd->caps.max_vcs;
	info.link_rate = cd->caps.line_rate;
	info.link_up = cd->link_up;
	info.aal_types = NDIS_AAL_TYPE_AAL5;
	if (cd->caps.caps & COATM_CAP_AAL0)
		info.aal_types |= NDIS_AAL_TYPE_AAL0;
	info.max_sdu = COATM_AAL5_MAX_SDU;
	if (cd->caps.caps & COATM_CAP_PHY_LOOPBACK)
		info.loopback_modes = ATM_LM_LOC_PHY;
	info.service_categories = NDIS_ATM_SERVICE_CATEGORY_UBR;
	if (cd->caps.caps & COATM_CAP_CBR)
		info.service_categories |= NDIS_ATM_SERVICE_CATEGORY_CBR;
	if (cd->caps.caps & COATM_CAP_VBR)
		info.service_categories |= NDIS_ATM_SERVICE_CATEGORY_VBR;
	info.description = "coatm PCI ATM SAR NIC";
	info.vendor_driver_version = COATM_DRV_VERSION;
	info.miniport_oids = coatm_oids;
	info.nr_miniport_oids = coatm_nr_oids;

	/*
	 * The device must accept the rings before anyone can open a VC.
	 * LINK and ERROR stay masked until the adapter is registered: their
	 * handlers report to it.
	 */
	err = coatm_probe_fault(-EIO) ?: coatm_hw_start(cd, 0);
	if (err)
		goto err_irq;

	err = coatm_probe_fault(-ENOMEM);
	ad = err ? ERR_PTR(err) :
	     condis_register_adapter(&coatm_miniport_ops, &info, cd);
	if (IS_ERR(ad)) {
		err = PTR_ERR(ad);
		goto err_irq;
	}
	coatm_set_adapter(cd, ad);
	/* The link may have changed since it was read for registration. */
	queue_work(cd->wq, &cd->link_work);
	coatm_watchdog_arm(cd);

	dev_info(&pdev->dev, "atm%d: %s, link %s\n",
		 condis_adapter_number(cd->ad), cd->msix ? "MSI-X" : "INTx",
		 cd->link_up ? "up" : "down");
	return 0;

err_irq:
	coatm_irq_quiesce(cd);
	coatm_irq_fini(cd);
err_rings:
	coatm_teardown(cd);
err_wq:
	destroy_workqueue(cd->wq);
	return err;
}

static void coatm_remove(struct pci_dev *pdev)
{
	struct coatm_dev *cd = pci_get_drvdata(pdev);

	/*
	 * The shim forbids status indications and reset requests during and
	 * after unregistration: stop link changes, errors and the watchdog
	 * first, for good (a reset in progress sees @removing). TX, RX and
	 * events keep working, since halting the adapter closes every VC
	 * through us.
	 */
	spin_lock_bh(&cd->ctrl_lock);
	cd->removing = true;
	coatm_hw_set_int_mask(cd, cd->int_mask | COATM_INT_LINK |
			      COATM_INT_ERROR);
	spin_unlock_bh(&cd->ctrl_lock);
	synchronize_irq(pci_irq_vector(pdev, COATM_VEC_MISC));
	cancel_work_sync(&cd->link_work);
	cancel_work_sync(&cd->error_work);
	cancel_delayed_work_sync(&cd->watchdog);

	condis_unregister_adapter(cd->ad);

	coatm_irq_quiesce(cd);
	coatm_irq_fini(cd);
	coatm_teardown(cd);
	destroy_workqueue(cd->wq);
	ida_destroy(&cd->vc_ida);
}

static void coatm_shutdown(struct pci_dev *pdev)
{
	struct coatm_dev *cd = pci_get_drvdata(pdev);

	/* Stop the device (and so its DMA) before reboot or kexec. */
	spin_lock_bh(&cd->ctrl_lock);
	cd->removing = true;
	coatm_hw_set_int_mask(cd, COATM_INT_ALL);
	spin_unlock_bh(&cd->ctrl_lock);
	cancel_delayed_work_sync(&cd->watchdog);
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

static int __init coatm_init(void)
{
	int err;

	coatm_fault_init();
	err = pci_register_driver(&coatm_driver);
	if (err)
		coatm_fault_exit();
	return err;
}
module_init(coatm_init);

static void __exit coatm_exit(void)
{
	pci_unregister_driver(&coatm_driver);
	coatm_fault_exit();
}
module_exit(coatm_exit);

MODULE_DESCRIPTION("coatm PCI ATM SAR NIC (CoNDIS miniport)");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: adapter registration and the ATM device it owns.
 *
 * Context: condis_register_adapter() and condis_unregister_adapter() run
 * in process context and may sleep. The ATM core calls dev_close() from
 * whatever context drops the last device reference (process context in
 * practice: socket release or atm_dev_deregister()).
 */

#include <linux/atmdev.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include "condis_internal.h"

/* Adapters not yet freed; module exit waits for them. */
static atomic_t condis_live_adapters = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(condis_adapters_gone);

/* The adapter and the copies of the miniport's description it owns. */
static void condis_adapter_free(struct condis_adapter *ad)
{
	kfree(ad->info.type);
	kfree(ad->info.description);
	kfree(ad->info.miniport_oids);
	kfree(ad);
}

static void condis_adapter_release(struct kref *ref)
{
	struct condis_adapter *ad = container_of(ref, struct condis_adapter, ref);

	condis_adapter_free(ad);
	if (atomic_dec_and_test(&condis_live_adapters))
		wake_up(&condis_adapters_gone);
}

void condis_adapter_put(struct condis_adapter *ad)
{
	kref_put(&ad->ref, condis_adapter_release);
}

static void condis_dev_close(struct atm_dev *dev)
{
	struct condis_adapter *ad = dev->dev_data;

	dev->dev_data = NULL;
	condis_adapter_put(ad);
}

const struct atmdev_ops condis_atmdev_ops = {
	.dev_close = condis_dev_close,
	.open = condis_open,
	.close = condis_close,
	.ioctl = condis_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl = condis_ioctl,
#endif
	.send = condis_send,
	.send_bh = condis_send,
	.send_oam = condis_send_oam,
	.change_qos = condis_change_qos,
	.proc_read = condis_proc_read,
	.owner = THIS_MODULE,
};

/**
 * condis_register_adapter() - register a miniport adapter with the shim
 * @ops: the miniport's handlers; must stay valid until unregistration
 * @info: description of the adapter; copied
 * @priv: the miniport's context, returned by condis_adapter_priv()
 *
 * Creates the Linux ATM device for the adapter (visible in
 * /proc/net/atm/devices and /sys/class/atm) with its ESI, VPI/VCI range,
 * link rate and carrier set from @info.
 *
 * Context: process context, may sleep.
 * Return: the adapter, or an ERR_PTR() on failure.
 */
struct condis_adapter *
condis_register_adapter(const struct condis_miniport_ops *ops,
			const struct condis_adapter_info *info, void *priv)
{
	struct condis_adapter *ad;
	struct atm_dev *dev;

	if (!ops || !info || !info->type || !info->max_vcs ||
	    info->vpi_bits > 12 || info->vci_bits > 16 || !info->link_rate ||
	    !ops->create_vc || !ops->delete_vc || !ops->activate_vc ||
	    !ops->deactivate_vc || !ops->send ||
	    (info->nr_miniport_oids && !info->miniport_oids))
		return ERR_PTR(-EINVAL);

	ad = kzalloc(sizeof(*ad), GFP_KERNEL);
	if (!ad)
		return ERR_PTR(-ENOMEM);
	ad->ops = ops;
	ad->priv = priv;
	ad->info = *info;
	/*
	 * The ATM device and the OID answers outlive the miniport (a socket
	 * holds the device): they must not point into its memory.
	 */
	ad->info.type = kstrdup(info->type, GFP_KERNEL);
	ad->info.description = kstrdup(info->description, GFP_KERNEL);
	ad->info.miniport_oids = NULL;
	if (info->nr_miniport_oids)
		ad->info.miniport_oids =
			kmemdup(info->miniport_oids,
				info->nr_miniport_oids * sizeof(u32),
				GFP_KERNEL);
	if (!ad->info.type || (info->description && !ad->info.description) ||
	    (info->nr_miniport_oids && !ad->info.miniport_oids)) {
		condis_adapter_free(ad);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&ad->lock);
	init_rwsem(&ad->ops_rwsem);
	mutex_init(&ad->reset_mutex);
	mutex_init(&ad->phy_mutex);
	init_completion(&ad->reset_done);
	INIT_WORK(&ad->uevent_work, condis_uevent_work);
	INIT_WORK(&ad->reset_work, condis_reset_work);
	atomic64_set(&ad->reset_drops, 0);
	atomic64_set(&ad->oam_tx, 0);
	atomic64_set(&ad->oam_rx, 0);
	atomic64_set(&ad->oam_dropped, 0);
	atomic64_set(&ad->tx_bytes, 0);
	atomic64_set(&ad->rx_bytes, 0);
	if (!ad->info.service_categories)
		ad->info.service_categories = NDIS_ATM_SERVICE_CATEGORY_UBR;
	INIT_LIST_HEAD(&ad->vcs);
	if (!ad->info.max_sdu || ad->info.max_sdu > ATM_MAX_AAL5_PDU)
		ad->info.max_sdu = ATM_MAX_AAL5_PDU;
	kref_init(&ad->ref);		/* the registration's reference */
	atomic_inc(&condis_live_adapters);

	dev = atm_dev_register(ad->info.type, info->parent, &condis_atmdev_ops,
			       -1, NULL);
	if (!dev) {
		condis_adapter_put(ad);
		return ERR_PTR(-ENODEV);
	}
	kref_get(&ad->ref);		/* the ATM device's, until dev_close */
	ad->dev = dev;
	memcpy(dev->esi, info->esi, ESI_LEN);
	dev->ci_range.vpi_bits = info->vpi_bits;
	dev->ci_range.vci_bits = info->vci_bits;
	dev->dev_data = ad;
	condis_apply_link(ad, info->link_up, info->link_rate);

	dev_dbg(info->parent, "condis: registered atm%d (%s)\n", dev->number,
		info->type);
	return ad;
}
EXPORT_SYMBOL_GPL(condis_register_adapter);

/**
 * condis_unregister_adapter() - remove an adapter registered by the shim
 * @ad: the adapter
 *
 * Halts the adapter: waits for a reset in progress, refuses new VCs and
 * sends, deactivates and deletes
 * every VC through the miniport (so its handlers must still work during
 * this call), then removes the ATM device. After this returns the shim
 * never calls the miniport for @ad again and never touches its context.
 * Sockets still bound to the ATM device see an error; the device itself
 * goes away when its last reference is dropped.
 *
 * Context: process context, may sleep.
 */
void condis_unregister_adapter(struct condis_adapter *ad)
{
	/* Wait out proc/ioctl calls into the miniport, then refuse them. */
	down_write(&ad->ops_rwsem);
	spin_lock_bh(&ad->lock);
	ad->halted = true;
	spin_unlock_bh(&ad->lock);
	up_write(&ad->ops_rwsem);
	cancel_work_sync(&ad->reset_work);

	/* Not while a failed reset halts them (an ioctl's reset). */
	mutex_lock(&ad->reset_mutex);
	condis_halt_vcs(ad, 0);
	mutex_unlock(&ad->reset_mutex);
	cancel_work_sync(&ad->uevent_work);
	atm_dev_deregister(ad->dev);
	condis_adapter_put(ad);
}
EXPORT_SYMBOL_GPL(condis_unregister_adapter);

/**
 * condis_adapter_priv() - the miniport context given at registration
 * @ad: the adapter
 *
 * Return: the @priv pointer passed to condis_register_adapter().
 */
void *condis_adapter_priv(struct condis_adapter *ad)
{
	return ad->priv;
}
EXPORT_SYMBOL_GPL(condis_adapter_priv);

/**
 * condis_adapter_number() - the ATM interface number of an adapter
 * @ad: the adapter
 *
 * Return: the number user space uses for the interface (atm%d, "itf").
 */
int condis_adapter_number(struct condis_adapter *ad)
{
	return ad->dev->number;
}
EXPORT_SYMBOL_GPL(condis_adapter_number);

static int __init condis_init(void)
{
	return 0;
}

static void __exit condis_exit(void)
{
	/* An ATM device may outlive its miniport until dev_close. */
	wait_event(condis_adapters_gone, !atomic_read(&condis_live_adapters));
}

module_init(condis_init);
module_exit(condis_exit);

MODULE_DESCRIPTION("CoNDIS miniport shim for Linux ATM devices");
MODULE_LICENSE("GPL");

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CoNDIS shim internals, shared by the files of drivers/condis/ only.
 */
#ifndef _CONDIS_INTERNAL_H
#define _CONDIS_INTERNAL_H

#include <linux/atmdev.h>
#include <linux/kref.h>
#include <linux/spinlock.h>
#include <condis/condis.h>

/**
 * struct condis_adapter - one registered miniport adapter
 * @dev: the ATM core's device; its dev_data points back here
 * @ops: the miniport's handlers; never called once @halted is set
 * @priv: the miniport's context
 * @info: the adapter description given at registration
 * @lock: protects @halted, @link_up and @link_rate
 * @halted: set by condis_unregister_adapter(); no more miniport calls
 * @link_up: carrier, as last indicated by the miniport
 * @link_rate: line rate in cells per second, as last indicated
 * @status_count: status indications received, for proc_read
 * @ref: held by the registration and by the ATM device until dev_close
 *
 * Lifetime: the ATM core may call dev_close() after the miniport has gone
 * (when the last socket drops its device reference), so the adapter is
 * freed by whichever of condis_unregister_adapter() and dev_close() puts
 * the last reference.
 */
struct condis_adapter {
	struct atm_dev *dev;
	const struct condis_miniport_ops *ops;
	void *priv;
	struct condis_adapter_info info;
	spinlock_t lock;	/* see above */
	bool halted;
	bool link_up;
	u32 link_rate;
	u64 status_count;
	struct kref ref;
};

extern const struct atmdev_ops condis_atmdev_ops;

void condis_adapter_put(struct condis_adapter *ad);
void condis_apply_link(struct condis_adapter *ad, bool up, u32 rate);
int condis_proc_read(struct atm_dev *dev, loff_t *pos, char *page);

#endif /* _CONDIS_INTERNAL_H */

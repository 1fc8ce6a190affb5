// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: device ioctls the ATM core hands to the driver.
 *
 * ATM_GETSTAT/ATM_GETSTATZ are answered by the ATM core from the counters
 * the shim keeps (condis_send_complete(), condis_indicate_receive*()).
 * The loopback ioctls go to the miniport; CONDIS_IOC_QUERY/SET are OID
 * requests (condis_oid.c); CONDIS_IOC_RESET resets the adapter and
 * returns when the reset is over (condis_reset.c); the SONET PHY ioctls
 * are answered from the miniport's cell counter OIDs (condis_phy.c).
 * 32-bit callers come through compat_ioctl:
 * the ATM core has already translated their struct atmif_sioc, and the
 * OID request has the same layout for both, so the handler is the same.
 *
 * An ioctl may come after condis_unregister_adapter() returned: the ATM
 * core looked the device up before it was deregistered. The miniport may
 * be unloaded by then, so a halted adapter answers -ENODEV, and what
 * reaches the miniport checks @halted again under ops_rwsem (or
 * reset_mutex) before it reads the miniport's ops.
 *
 * Context: process context (the ATM core's ioctl path); may sleep.
 */

#include <linux/atmdev.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <uapi/linux/condis.h>
#include "condis_internal.h"

int condis_ioctl(struct atm_dev *dev, unsigned int cmd, void __user *arg)
{
	struct condis_adapter *ad = dev->dev_data;
	bool halted;
	int mode, err;

	if (!ad)
		return -ENODEV;
	spin_lock_bh(&ad->lock);
	halted = ad->halted;
	spin_unlock_bh(&ad->lock);
	if (halted)
		return -ENODEV;

	switch (cmd) {
	case ATM_SETLOOP:
		/* The mode travels in the pointer (as for every ATM PHY). */
		mode = (int)(unsigned long)arg;
		if (!capable(CAP_NET_ADMIN))
			return -EPERM;
		if (mode != ATM_LM_NONE &&
		    (mode & ~ad->info.loopback_modes || hweight32(mode) != 1))
			return -EINVAL;
		down_read(&ad->ops_rwsem);
		if (ad->halted)
			err = -ENODEV;
		else if (!ad->ops->set_loopback)
			err = -EOPNOTSUPP;
		else
			err = ad->ops->set_loopback(ad->priv, mode);
		up_read(&ad->ops_rwsem);
		if (!err) {
			spin_lock_bh(&ad->lock);
			ad->loopback = mode;
			spin_unlock_bh(&ad->lock);
		}
		return err;
	case ATM_GETLOOP:
		spin_lock_bh(&ad->lock);
		mode = ad->loopback;
		spin_unlock_bh(&ad->lock);
		return put_user(mode, (int __user *)arg) ? -EFAULT : 0;
	case ATM_QUERYLOOP:
		return put_user((int)ad->info.loopback_modes,
				(int __user *)arg) ? -EFAULT : 0;
	case CONDIS_IOC_QUERY:
		return condis_oid_ioctl(ad, false, arg);
	case CONDIS_IOC_SET:
		return condis_oid_ioctl(ad, true, arg);
	case CONDIS_IOC_RESET:
		if (!capable(CAP_NET_ADMIN))
			return -EPERM;
		return condis_reset_adapter(ad);
	default:
		return condis_phy_ioctl(ad, cmd, arg);
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: status indications from the miniport, and proc output.
 *
 * Context: condis_indicate_status() may be called from process or BH
 * context, never from hard IRQ context (the ATM core's signal notifier
 * chain runs the bound protocols' handlers).
 */

#include <linux/atmdev.h>
#include <linux/device.h>
#include <linux/module.h>
#include "condis_internal.h"

void condis_apply_link(struct condis_adapter *ad, bool up, u32 rate)
{
	struct atm_dev *dev = ad->dev;

	spin_lock_bh(&ad->lock);
	ad->link_up = up;
	if (rate)
		ad->link_rate = rate;
	dev->link_rate = ad->link_rate;
	spin_unlock_bh(&ad->lock);

	atm_dev_signal_change(dev, up ? ATM_PHY_SIG_FOUND : ATM_PHY_SIG_LOST);
}

/**
 * condis_indicate_status() - report an adapter status change to the shim
 * @ad: the adapter
 * @status: an NDIS status code: %NDIS_STATUS_LINK_STATE (with a
 *	&struct condis_link_state in @buf), or its NDIS 5 forms
 *	%NDIS_STATUS_MEDIA_CONNECT and %NDIS_STATUS_MEDIA_DISCONNECT
 * @buf: the status buffer, or NULL
 * @len: the length of @buf in bytes
 *
 * Link state becomes the ATM device's carrier (atm_dev_signal_change(),
 * /sys/class/atm/.../carrier) and link rate. Indications after the
 * adapter was halted, and malformed ones, are ignored (the miniport must
 * still not call this concurrently with or after
 * condis_unregister_adapter(), which frees @ad).
 *
 * Context: process or BH context.
 */
void condis_indicate_status(struct condis_adapter *ad, u32 status,
			    const void *buf, unsigned int len)
{
	const struct condis_link_state *ls = buf;
	bool halted;

	spin_lock_bh(&ad->lock);
	halted = ad->halted;
	if (!halted)
		ad->status_count++;
	spin_unlock_bh(&ad->lock);
	if (halted)
		return;

	switch (status) {
	case NDIS_STATUS_MEDIA_CONNECT:
		condis_apply_link(ad, true, 0);
		break;
	case NDIS_STATUS_MEDIA_DISCONNECT:
		condis_apply_link(ad, false, 0);
		break;
	case NDIS_STATUS_LINK_STATE:
		if (!ls || len < sizeof(*ls)) {
			dev_warn_ratelimited(ad->info.parent,
					     "condis: short LINK_STATE indication (%u bytes)\n",
					     len);
			break;
		}
		if (ls->media_connect_state == NDIS_MEDIA_CONNECT_STATE_CONNECTED)
			condis_apply_link(ad, true, ls->cell_rate);
		else if (ls->media_connect_state ==
			 NDIS_MEDIA_CONNECT_STATE_DISCONNECTED)
			condis_apply_link(ad, false, ls->cell_rate);
		break;
	default:
		dev_dbg(ad->info.parent, "condis: status 0x%08x ignored\n",
			status);
		break;
	}
}
EXPORT_SYMBOL_GPL(condis_indicate_status);

int condis_proc_read(struct atm_dev *dev, loff_t *pos, char *page)
{
	struct condis_adapter *ad = dev->dev_data;
	bool up;
	u32 rate;
	u64 count;

	if (*pos || !ad)
		return 0;
	spin_lock_bh(&ad->lock);
	up = ad->link_up;
	rate = ad->link_rate;
	count = ad->status_count;
	spin_unlock_bh(&ad->lock);

	return scnprintf(page, PAGE_SIZE,
			 "condis: %s link %s rate %u cells/s max_vcs %u status_indications %llu\n",
			 ad->info.type, up ? "up" : "down", rate,
			 ad->info.max_vcs, count);
}

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

/* Tell user space the carrier changed, without it having to poll. */
void condis_uevent_work(struct work_struct *work)
{
	struct condis_adapter *ad = container_of(work, struct condis_adapter,
						 uevent_work);
	bool up;

	spin_lock_bh(&ad->lock);
	up = ad->link_up;
	spin_unlock_bh(&ad->lock);
	condis_status_uevent(ad, up ? "CARRIER=1" : "CARRIER=0");
}

void condis_apply_link(struct condis_adapter *ad, bool up, u32 rate)
{
	struct atm_dev *dev = ad->dev;
	bool changed;

	spin_lock_bh(&ad->lock);
	changed = ad->link_up != up;
	ad->link_up = up;
	if (rate)
		ad->link_rate = rate;
	dev->link_rate = ad->link_rate;
	spin_unlock_bh(&ad->lock);

	atm_dev_signal_change(dev, up ? ATM_PHY_SIG_FOUND : ATM_PHY_SIG_LOST);
	if (changed)
		schedule_work(&ad->uevent_work);
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

/*
 * /proc/net/atm/<type>:<n>, one line per call: the adapter, then one line
 * per VC, then whatever the miniport adds (rings, device counters).
 */
int condis_proc_read(struct atm_dev *dev, loff_t *pos, char *page)
{
	struct condis_adapter *ad = dev->dev_data;
	enum condis_vc_state state;
	struct condis_vc *vc;
	loff_t left = *pos;
	int n = 0;

	if (!ad)
		return 0;
	spin_lock_bh(&ad->lock);
	if (left == 0) {
		n = scnprintf(page, PAGE_SIZE,
			      "condis: %s link %s rate %u cells/s vcs %u/%u status_indications %llu illegal_ops %llu resets %llu reset_failures %llu reset_drops %lld oam_tx %lld oam_rx %lld oam_dropped %lld%s%s%s\n",
			      ad->info.type, ad->link_up ? "up" : "down",
			      ad->link_rate, ad->nr_vcs, ad->info.max_vcs,
			      ad->status_count, ad->illegal_ops, ad->resets,
			      ad->reset_failures,
			      atomic64_read(&ad->reset_drops),
			      atomic64_read(&ad->oam_tx),
			      atomic64_read(&ad->oam_rx),
			      atomic64_read(&ad->oam_dropped),
			      ad->halted ? " halted" : "",
			      ad->resetting ? " resetting" : "",
			      ad->failed ? " failed" : "");
		spin_unlock_bh(&ad->lock);
		return n;
	}
	left--;
	list_for_each_entry(vc, &ad->vcs, node) {
		if (left--)
			continue;
		/* Its state is under vc->lock, which nests outside ad->lock. */
		condis_vc_get(vc);
		spin_unlock_bh(&ad->lock);
		spin_lock_bh(&vc->lock);
		state = vc->state;
		spin_unlock_bh(&vc->lock);
		/* VPI/VCI, AAL and directions are fixed at create. */
		n = scnprintf(page, PAGE_SIZE,
			      "vc %u.%u aal%u %s%s %s inflight %d\n",
			      vc->vpi, vc->vci,
			      vc->aal == NDIS_AAL_TYPE_AAL0 ? 0 : 5,
			      vc->dirs & CONDIS_VC_TRANSMIT ? "tx" : "",
			      vc->dirs & CONDIS_VC_RECEIVE ? "rx" : "",
			      condis_vc_state_name(state),
			      atomic_read(&vc->inflight));
		condis_vc_put(vc);
		return n;
	}
	spin_unlock_bh(&ad->lock);

	/*
	 * Past the VCs: the miniport's lines, unless it is going away (its
	 * ops may be unloaded memory once halted).
	 */
	if (!down_read_trylock(&ad->ops_rwsem))
		return 0;
	if (!ad->halted && ad->ops->proc_read)
		n = ad->ops->proc_read(ad->priv, left, page);
	up_read(&ad->ops_rwsem);
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: the SONET PHY ioctls (sonetdiag) of every adapter.
 *
 * A CoNDIS miniport reports its cell counters as ATM statistics OIDs, so
 * the shim answers SONET_GETSTAT for any miniport from them: TX and RX
 * cells (OID_ATM_XMIT_CELLS_OK, OID_ATM_RCV_CELLS_OK) and uncorrectable
 * header errors (OID_ATM_CELLS_HEC_ERROR). Section, line and path BIP and
 * FEBE counts have no CoNDIS OID, and correctable HCS errors none either:
 * they read -1, "not available", which sonetdiag leaves out.
 * SONET_GETSTATZ returns the same and starts the counts over
 * (the shim keeps a baseline; the miniport's own counters run on).
 * Error insertion (SONET_SETDIAG/CLRDIAG/GETDIAG) and the framing mode
 * (SONET_SETFRAMING/GETFRAMING) are kept by the shim and reported back;
 * there is no OID to pass them to the hardware.
 *
 * Context: process context (the ATM core's ioctl path); may sleep.
 */

#include <linux/atmdev.h>
#include <linux/capability.h>
#include <linux/sonet.h>
#include <linux/uaccess.h>
#include <uapi/linux/condis.h>
#include "condis_internal.h"

/* One adapter-wide 64-bit counter OID; 0 if the miniport has none. */
static u64 condis_phy_counter(struct condis_adapter *ad, u32 oid)
{
	struct condis_oid_req req = { .oid = oid };
	u64 v = 0;

	req.buf = &v;
	req.len = sizeof(v);
	if (condis_oid_request(ad, NULL, &req) != NDIS_STATUS_SUCCESS)
		return 0;
	return v;
}

static int condis_phy_getstat(struct condis_adapter *ad, void __user *arg,
			      bool zero)
{
	struct sonet_stats st = {};
	u64 now[CONDIS_PHY_NR_COUNTERS];
	static const u32 oids[CONDIS_PHY_NR_COUNTERS] = {
		OID_ATM_XMIT_CELLS_OK, OID_ATM_RCV_CELLS_OK,
		OID_ATM_CELLS_HEC_ERROR,
	};
	unsigned int i;

	for (i = 0; i < CONDIS_PHY_NR_COUNTERS; i++)
		now[i] = condis_phy_counter(ad, oids[i]);
	/* -1: not available (sonetdiag leaves it out). */
	st.section_bip = -1;
	st.line_bip = -1;
	st.path_bip = -1;
	st.line_febe = -1;
	st.path_febe = -1;
	st.corr_hcs = -1;
	mutex_lock(&ad->phy_mutex);
	/* sonet_stats counts in int, as every Linux SONET PHY does. */
	st.tx_cells = (int)(now[0] - ad->phy_base[0]);
	st.rx_cells = (int)(now[1] - ad->phy_base[1]);
	st.uncorr_hcs = (int)(now[2] - ad->phy_base[2]);
	if (zero)
		memcpy(ad->phy_base, now, sizeof(now));
	mutex_unlock(&ad->phy_mutex);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

/**
 * condis_phy_ioctl() - the SONET PHY ioctls
 * @ad: the adapter
 * @cmd: SONET_*
 * @arg: user pointer
 *
 * Return: 0, a negative errno, or -ENOIOCTLCMD for another command.
 */
int condis_phy_ioctl(struct condis_adapter *ad, unsigned int cmd,
		     void __user *arg)
{
	int v;

	switch (cmd) {
	case SONET_GETSTAT:
	case SONET_GETSTATZ:
		if (cmd == SONET_GETSTATZ && !capable(CAP_NET_ADMIN))
			return -EPERM;
		return condis_phy_getstat(ad, arg, cmd == SONET_GETSTATZ);
	case SONET_SETDIAG:
	case SONET_CLRDIAG:
		if (!capable(CAP_NET_ADMIN))
			return -EPERM;
		if (get_user(v, (int __user *)arg))
			return -EFAULT;
		if (v & ~0xff)		/* SONET_INS_SBIP .. SONET_INS_HCS */
			return -EINVAL;
		mutex_lock(&ad->phy_mutex);
		if (cmd == SONET_SETDIAG)
			ad->phy_diag |= v;
		else
			ad->phy_diag &= ~v;
		v = ad->phy_diag;
		mutex_unlock(&ad->phy_mutex);
		return put_user(v, (int __user *)arg) ? -EFAULT : 0;
	case SONET_GETDIAG:
		mutex_lock(&ad->phy_mutex);
		v = ad->phy_diag;
		mutex_unlock(&ad->phy_mutex);
		return put_user(v, (int __user *)arg) ? -EFAULT : 0;
	case SONET_SETFRAMING:
		if (!capable(CAP_NET_ADMIN))
			return -EPERM;
		v = (int)(unsigned long)arg;
		if (v != SONET_FRAME_SONET && v != SONET_FRAME_SDH)
			return -EINVAL;
		mutex_lock(&ad->phy_mutex);
		ad->phy_framing = v;
		mutex_unlock(&ad->phy_mutex);
		return 0;
	case SONET_GETFRAMING:
		mutex_lock(&ad->phy_mutex);
		v = ad->phy_framing;
		mutex_unlock(&ad->phy_mutex);
		return put_user(v, (int __user *)arg) ? -EFAULT : 0;
	default:
		return -ENOIOCTLCMD;
	}
}

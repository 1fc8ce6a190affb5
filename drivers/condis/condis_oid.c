// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: OID requests (query/set information), adapter-wide or per
 * VC, with NDIS's OID numbers and status codes (include/uapi/linux/
 * condis.h). The shim answers the general and ATM OIDs from what it knows;
 * the miniport answers the rest (its device counters) via oid_request.
 *
 * Statistics: adapter-wide PDU counters are the ATM device's own (what
 * atmdiag shows, AAL0 + AAL5); per-VC ones are counted by the shim for
 * that VC only.
 *
 * Context: process context (the ioctl path); may sleep. Requests are not
 * serialized: everything read here is read under the locks that protect
 * it, or is an atomic counter.
 */

#include <linux/atmdev.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <kunit/visibility.h>
#include <uapi/linux/condis.h>
#include "condis_internal.h"

#define CONDIS_NDIS_VERSION	0x0500	/* CoNDIS as of NDIS 5.0 */

/* OIDs the shim answers itself. */
static const u32 condis_oids[] = {
	OID_GEN_CO_SUPPORTED_LIST, OID_GEN_CO_HARDWARE_STATUS,
	OID_GEN_CO_MEDIA_SUPPORTED, OID_GEN_CO_MEDIA_IN_USE,
	OID_GEN_CO_LINK_SPEED, OID_GEN_CO_VENDOR_ID,
	OID_GEN_CO_VENDOR_DESCRIPTION, OID_GEN_CO_DRIVER_VERSION,
	OID_GEN_CO_PROTOCOL_OPTIONS, OID_GEN_CO_MAC_OPTIONS,
	OID_GEN_CO_MEDIA_CONNECT_STATUS, OID_GEN_CO_VENDOR_DRIVER_VERSION,
	OID_GEN_CO_MINIMUM_LINK_SPEED,
	OID_GEN_CO_XMIT_PDUS_OK, OID_GEN_CO_RCV_PDUS_OK,
	OID_GEN_CO_XMIT_PDUS_ERROR, OID_GEN_CO_RCV_PDUS_ERROR,
	OID_GEN_CO_RCV_PDUS_NO_BUFFER, OID_GEN_CO_BYTES_XMIT,
	OID_GEN_CO_BYTES_RCV, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH,
	OID_ATM_SUPPORTED_SERVICE_CATEGORY, OID_ATM_SUPPORTED_AAL_TYPES,
	OID_ATM_HW_CURRENT_ADDRESS, OID_ATM_MAX_ACTIVE_VCS,
	OID_ATM_MAX_ACTIVE_VCI_BITS, OID_ATM_MAX_ACTIVE_VPI_BITS,
	OID_ATM_MAX_AAL5_PACKET_SIZE,
};

/* Known OIDs nobody here implements: NOT_SUPPORTED, not INVALID_OID. */
static const u32 condis_unsupported_oids[] = {
	OID_ATM_SUPPORTED_VC_RATES, OID_ATM_GET_NEAREST_FLOW,
};

static bool condis_oid_in(u32 oid, const u32 *list, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i] == oid)
			return true;
	return false;
}

/**
 * condis_oid_put() - answer a query with a value
 * @req: the request
 * @val: the value
 * @size: its size in bytes
 *
 * Return: %NDIS_STATUS_SUCCESS with the value copied, or
 * %NDIS_STATUS_BUFFER_TOO_SHORT with bytes_needed set.
 */
u32 condis_oid_put(struct condis_oid_req *req, const void *val, u32 size)
{
	if (req->len < size) {
		req->bytes_needed = size;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	memcpy(req->buf, val, size);
	req->bytes_written = size;
	return NDIS_STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(condis_oid_put);

static u32 condis_put_u32(struct condis_oid_req *req, u32 v)
{
	return condis_oid_put(req, &v, sizeof(v));
}

static u32 condis_put_u64(struct condis_oid_req *req, u64 v)
{
	return condis_oid_put(req, &v, sizeof(v));
}

static u32 condis_supported_list(struct condis_adapter *ad,
				 struct condis_oid_req *req)
{
	unsigned int n = ARRAY_SIZE(condis_oids) + ad->info.nr_miniport_oids;
	u32 size = n * sizeof(u32);

	if (req->len < size) {
		req->bytes_needed = size;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	memcpy(req->buf, condis_oids, sizeof(condis_oids));
	if (ad->info.nr_miniport_oids)
		memcpy(req->buf + sizeof(condis_oids), ad->info.miniport_oids,
		       ad->info.nr_miniport_oids * sizeof(u32));
	req->bytes_written = size;
	return NDIS_STATUS_SUCCESS;
}

/* A PDU statistic: the ATM device's (adapter) or the VC's own. */
static u64 condis_pdu_stat(struct condis_adapter *ad, struct condis_vc *vc,
			   u32 oid)
{
	struct k_atm_dev_stats *s = &ad->dev->stats;

	switch (oid) {
	case OID_GEN_CO_XMIT_PDUS_OK:
		return vc ? atomic64_read(&vc->st.tx_ok) :
		       (u64)atomic_read(&s->aal0.tx) + atomic_read(&s->aal5.tx);
	case OID_GEN_CO_RCV_PDUS_OK:
		return vc ? atomic64_read(&vc->st.rx_ok) :
		       (u64)atomic_read(&s->aal0.rx) + atomic_read(&s->aal5.rx);
	case OID_GEN_CO_XMIT_PDUS_ERROR:
		return vc ? atomic64_read(&vc->st.tx_err) :
		       (u64)atomic_read(&s->aal0.tx_err) +
		       atomic_read(&s->aal5.tx_err);
	case OID_GEN_CO_RCV_PDUS_ERROR:
		return vc ? atomic64_read(&vc->st.rx_err) :
		       (u64)atomic_read(&s->aal0.rx_err) +
		       atomic_read(&s->aal5.rx_err);
	case OID_GEN_CO_RCV_PDUS_NO_BUFFER:
		return vc ? atomic64_read(&vc->st.rx_nobuf) :
		       (u64)atomic_read(&s->aal0.rx_drop) +
		       atomic_read(&s->aal5.rx_drop);
	case OID_GEN_CO_BYTES_XMIT:
		return vc ? atomic64_read(&vc->st.tx_bytes) :
		       atomic64_read(&ad->tx_bytes);
	default:	/* OID_GEN_CO_BYTES_RCV */
		return vc ? atomic64_read(&vc->st.rx_bytes) :
		       atomic64_read(&ad->rx_bytes);
	}
}

static u32 condis_queue_length(struct condis_adapter *ad,
			       struct condis_vc *vc)
{
	struct condis_vc *v;
	u32 n = 0;

	if (vc)
		return atomic_read(&vc->inflight);
	spin_lock_bh(&ad->lock);
	list_for_each_entry(v, &ad->vcs, node)
		n += atomic_read(&v->inflight);
	spin_unlock_bh(&ad->lock);
	return n;
}

static u32 condis_oid_query(struct condis_adapter *ad, struct condis_vc *vc,
			    struct condis_oid_req *req)
{
	struct condis_link_speed ls;
	const char *desc;
	u32 rate;
	bool up;

	spin_lock_bh(&ad->lock);
	rate = ad->link_rate;
	up = ad->link_up;
	spin_unlock_bh(&ad->lock);
	/* 100 bit/s units: cells/s x 53 bytes x 8 bits / 100. */
	ls.outbound = (u32)div_u64((u64)rate * 53 * 8, 100);
	ls.inbound = ls.outbound;

	switch (req->oid) {
	case OID_GEN_CO_SUPPORTED_LIST:
		return condis_supported_list(ad, req);
	case OID_GEN_CO_HARDWARE_STATUS:
		return condis_put_u32(req, READ_ONCE(ad->failed) ?
				      CONDIS_HARDWARE_STATUS_NOT_READY :
				      CONDIS_HARDWARE_STATUS_READY);
	case OID_GEN_CO_MEDIA_SUPPORTED:
	case OID_GEN_CO_MEDIA_IN_USE:
		return condis_put_u32(req, CONDIS_MEDIUM_ATM);
	case OID_GEN_CO_LINK_SPEED:
	case OID_GEN_CO_MINIMUM_LINK_SPEED:
		return condis_oid_put(req, &ls, sizeof(ls));
	case OID_GEN_CO_VENDOR_ID:
		/* IEEE OUI of the ESI in the top three bytes, NIC id 0. */
		return condis_put_u32(req, ad->info.esi[0] << 24 |
				      ad->info.esi[1] << 16 |
				      ad->info.esi[2] << 8);
	case OID_GEN_CO_VENDOR_DESCRIPTION:
		desc = ad->info.description ?: ad->info.type;
		return condis_oid_put(req, desc, strlen(desc) + 1);
	case OID_GEN_CO_DRIVER_VERSION: {
		u16 v = CONDIS_NDIS_VERSION;

		return condis_oid_put(req, &v, sizeof(v));
	}
	case OID_GEN_CO_PROTOCOL_OPTIONS:
		return condis_put_u32(req, READ_ONCE(ad->protocol_options));
	case OID_GEN_CO_MAC_OPTIONS:
		return condis_put_u32(req, 0);
	case OID_GEN_CO_MEDIA_CONNECT_STATUS:
		return condis_put_u32(req, up ? CONDIS_MEDIA_CONNECTED :
					   CONDIS_MEDIA_DISCONNECTED);
	case OID_GEN_CO_VENDOR_DRIVER_VERSION:
		return condis_put_u32(req, ad->info.vendor_driver_version);
	case OID_GEN_CO_XMIT_PDUS_OK:
	case OID_GEN_CO_RCV_PDUS_OK:
	case OID_GEN_CO_XMIT_PDUS_ERROR:
	case OID_GEN_CO_RCV_PDUS_ERROR:
	case OID_GEN_CO_RCV_PDUS_NO_BUFFER:
	case OID_GEN_CO_BYTES_XMIT:
	case OID_GEN_CO_BYTES_RCV:
		return condis_put_u64(req, condis_pdu_stat(ad, vc, req->oid));
	case OID_GEN_CO_TRANSMIT_QUEUE_LENGTH:
		return condis_put_u32(req, condis_queue_length(ad, vc));
	case OID_ATM_SUPPORTED_SERVICE_CATEGORY:
		return condis_put_u32(req, ad->info.service_categories);
	case OID_ATM_SUPPORTED_AAL_TYPES:
		return condis_put_u32(req, ad->info.aal_types);
	case OID_ATM_HW_CURRENT_ADDRESS:
		return condis_oid_put(req, ad->info.esi, ESI_LEN);
	case OID_ATM_MAX_ACTIVE_VCS:
		return condis_put_u32(req, ad->info.max_vcs);
	case OID_ATM_MAX_ACTIVE_VCI_BITS:
		return condis_put_u32(req, ad->info.vci_bits);
	case OID_ATM_MAX_ACTIVE_VPI_BITS:
		return condis_put_u32(req, ad->info.vpi_bits);
	case OID_ATM_MAX_AAL5_PACKET_SIZE:
		return condis_put_u32(req, ad->info.max_sdu);
	}
	return NDIS_STATUS_INVALID_OID;
}

static u32 condis_oid_set(struct condis_adapter *ad, struct condis_vc *vc,
			  struct condis_oid_req *req)
{
	u32 v;

	/* What the shim sets is adapter-wide: not through one VC. */
	if (vc && condis_oid_in(req->oid, condis_oids, ARRAY_SIZE(condis_oids)))
		return NDIS_STATUS_NOT_SUPPORTED;
	switch (req->oid) {
	case OID_GEN_CO_PROTOCOL_OPTIONS:
		if (req->len != sizeof(u32)) {
			req->bytes_needed = sizeof(u32);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		memcpy(&v, req->buf, sizeof(v));
		/* NDIS_PROT_OPTION_ESTIMATED_LENGTH, NO_LOOPBACK, NO_RSVD_ON_RCVPKT */
		if (v & ~0x7u)
			return NDIS_STATUS_INVALID_DATA;
		WRITE_ONCE(ad->protocol_options, v);
		req->bytes_written = sizeof(u32);
		return NDIS_STATUS_SUCCESS;
	}
	if (condis_oid_in(req->oid, condis_oids, ARRAY_SIZE(condis_oids)))
		return NDIS_STATUS_NOT_SUPPORTED;	/* query only */
	return NDIS_STATUS_INVALID_OID;
}

/*
 * condis_oid_request() with ops_rwsem held, the adapter not halted, and
 * @vc's ctx_rwsem.
 */
static u32 condis_oid_run(struct condis_adapter *ad, struct condis_vc *vc,
			  struct condis_oid_req *req)
{
	u32 status;

	status = req->set ? condis_oid_set(ad, vc, req) :
			    condis_oid_query(ad, vc, req);
	if (status != NDIS_STATUS_INVALID_OID)
		return status;

	if (condis_oid_in(req->oid, condis_unsupported_oids,
			  ARRAY_SIZE(condis_unsupported_oids)))
		return NDIS_STATUS_NOT_SUPPORTED;
	if (!ad->ops->oid_request)
		return NDIS_STATUS_INVALID_OID;
	return ad->ops->oid_request(ad->priv, vc ? vc->ctx : NULL, req);
}

/**
 * condis_oid_request() - run one OID request against an adapter
 * @ad: the adapter
 * @vc: the VC it names (the caller holds a reference), or NULL for an
 *	adapter-wide request
 * @req: the request
 *
 * A per-VC request on a VC deleted meanwhile fails with
 * %NDIS_STATUS_VC_NOT_ACTIVATED, like one on a VC that does not exist;
 * while it is in the miniport, the VC's deletion waits for it.
 *
 * Context: process context.
 * Return: the NDIS status.
 */
u32 condis_oid_request(struct condis_adapter *ad, struct condis_vc *vc,
		       struct condis_oid_req *req)
{
	bool deleted;
	u32 status;

	req->bytes_written = 0;
	req->bytes_needed = 0;
	/* A request during a reset fails; one in progress holds it off. */
	if (READ_ONCE(ad->resetting))
		return NDIS_STATUS_RESET_IN_PROGRESS;
	down_read(&ad->ops_rwsem);
	if (ad->halted) {
		/* The miniport, its ops and its memory may be gone. */
		status = NDIS_STATUS_ADAPTER_REMOVED;
	} else if (ad->resetting) {
		status = NDIS_STATUS_RESET_IN_PROGRESS;
	} else if (!vc) {
		status = condis_oid_run(ad, NULL, req);
	} else {
		/* vc->ctx is the miniport's until delete_vc frees it. */
		down_read(&vc->ctx_rwsem);
		spin_lock_bh(&vc->lock);
		deleted = vc->deleted;
		spin_unlock_bh(&vc->lock);
		status = deleted ? NDIS_STATUS_VC_NOT_ACTIVATED :
				   condis_oid_run(ad, vc, req);
		up_read(&vc->ctx_rwsem);
	}
	up_read(&ad->ops_rwsem);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(condis_oid_request);

/*
 * The VC a per-VC request names: the first with that VPI/VCI. VPI/VCI are
 * fixed at create; @deleted is only a hint here (vc->lock nests outside
 * the adapter's lock): condis_oid_request() checks it again under it.
 */
static struct condis_vc *condis_find_vc(struct condis_adapter *ad, u16 vpi,
					u32 vci)
{
	struct condis_vc *vc;

	spin_lock_bh(&ad->lock);
	list_for_each_entry(vc, &ad->vcs, node) {
		if (vc->vpi == vpi && vc->vci == vci &&
		    !READ_ONCE(vc->deleted)) {
			condis_vc_get(vc);
			spin_unlock_bh(&ad->lock);
			return vc;
		}
	}
	spin_unlock_bh(&ad->lock);
	return NULL;
}

/**
 * condis_oid_may_access_vc() - may the caller make per-VC requests on a VC
 * @vc: the VC
 *
 * Per-VC counters tell what another user's VC carries: a per-VC request
 * needs CAP_NET_ADMIN unless the caller's fsuid opened @vc.
 *
 * Context: process context, the caller's credentials.
 * Return: true if it may.
 */
bool condis_oid_may_access_vc(struct condis_vc *vc)
{
	/* Fixed at create: no lock. */
	if (uid_eq(vc->owner, current_fsuid()))
		return true;
	return capable(CAP_NET_ADMIN);
}
EXPORT_SYMBOL_IF_KUNIT(condis_oid_may_access_vc);

/**
 * condis_oid_ioctl() - CONDIS_IOC_QUERY / CONDIS_IOC_SET
 * @ad: the adapter
 * @set: CONDIS_IOC_SET
 * @arg: user pointer to a &struct condis_oid_request
 *
 * Context: process context.
 * Return: 0 if the request reached the OID layer (its outcome is in the
 * request written back), or a negative errno: -EPERM for a set, or a
 * per-VC request on a VC another user opened, without CAP_NET_ADMIN.
 */
int condis_oid_ioctl(struct condis_adapter *ad, bool set, void __user *arg)
{
	struct condis_oid_request ureq;
	struct condis_oid_req req = {};
	struct condis_vc *vc = NULL;
	void __user *ubuf;
	int err = 0;

	if (copy_from_user(&ureq, arg, sizeof(ureq)))
		return -EFAULT;
	if (ureq.itf != ad->dev->number || ureq.len > CONDIS_MAX_INFO_LEN ||
	    ureq.flags & ~CONDIS_REQ_VC || ureq.reserved0 || ureq.reserved1)
		return -EINVAL;
	if (set && !capable(CAP_NET_ADMIN))
		return -EPERM;
	ubuf = u64_to_user_ptr(ureq.buf);

	req.oid = ureq.oid;
	req.set = set;
	req.len = ureq.len;
	/* Up to 64 KiB the caller asked for: charged to it, no warning. */
	req.buf = kvzalloc(max_t(u32, ureq.len, 1),
			   GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!req.buf)
		return -ENOMEM;
	if (set && ureq.len && copy_from_user(req.buf, ubuf, ureq.len)) {
		err = -EFAULT;
		goto out;
	}

	if (ureq.flags & CONDIS_REQ_VC) {
		vc = condis_find_vc(ad, ureq.vpi, ureq.vci);
		if (!vc) {
			ureq.ndis_status = NDIS_STATUS_VC_NOT_ACTIVATED;
			goto reply;
		}
		if (!condis_oid_may_access_vc(vc)) {
			condis_vc_put(vc);
			err = -EPERM;
			goto out;
		}
	}
	ureq.ndis_status = condis_oid_request(ad, vc, &req);
	if (vc)
		condis_vc_put(vc);
	if (!set && ureq.ndis_status == NDIS_STATUS_SUCCESS &&
	    copy_to_user(ubuf, req.buf, min(req.bytes_written, ureq.len))) {
		err = -EFAULT;
		goto out;
	}
reply:
	ureq.bytes_written = req.bytes_written;
	ureq.bytes_needed = req.bytes_needed;
	if (copy_to_user(arg, &ureq, sizeof(ureq)))
		err = -EFAULT;
out:
	kvfree(req.buf);
	return err;
}

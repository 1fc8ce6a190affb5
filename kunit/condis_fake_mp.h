/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: a fake CoNDIS miniport for the shim's test suites, with no
 * hardware behind it. Each test sets up how its handlers answer: they
 * succeed, fail or pend, and a pending operation is completed by the
 * test thread, a kthread, a work item, or never. Sends, and the OAM
 * cells of its optional send_oam handler, are held until the test (or
 * the fake's reset) completes them; fake sockets stand in for the Linux
 * side of a VC. Its optional oid_request (&fake_ops_oid) answers the OIDs
 * of the adapter's miniport_oids list.
 *
 * Everything here is static inline: each suite is a module of its own
 * and includes this once.
 */
#ifndef _CONDIS_FAKE_MP_H
#define _CONDIS_FAKE_MP_H

#include <kunit/test.h>
#include <linux/atmdev.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/swait.h>
#include <linux/workqueue.h>
#include "../drivers/condis/condis_internal.h"

/* Bound on every cross-thread wait of the tests themselves. */
#define FAKE_WAIT_MS		10000
/* Shim bounded waits for the timeout cases. */
#define FAKE_SHORT_MS		50
/* The shim's default bounded waits, the base of every case. */
#define FAKE_DEFAULT_MS		5000
#define FAKE_DEFAULT_RESET_MS	10000
#define FAKE_MAX_VCS		8
#define FAKE_MAX_SKBS		64

/* How a fake handler answers an activate, a deactivate or a reset. */
enum fake_mode {
	FAKE_SYNC,	/* return the configured status at once */
	FAKE_PEND,	/* return PENDING; the test completes it (or not) */
	FAKE_PEND_WORK,	/* return PENDING; a work item completes it */
	/*
	 * deactivate only: SUCCESS at once if the fake holds no send of the
	 * VC, else PENDING until fake_complete() gives back the last one
	 * (a NIC closes a VC once its sends are drained)
	 */
	FAKE_PEND_DRAIN,
};

/**
 * struct fake_mp - the fake miniport of one test
 * @test: the test
 * @parent: bare device standing in for the bus device
 * @info: the adapter description it registers with
 * @ad: the adapter, NULL once unregistered
 * @saved_act_ms: condis_activate_timeout_ms before the test
 * @saved_deact_ms: condis_deactivate_timeout_ms before the test
 * @saved_reset_ms: condis_reset_timeout_ms before the test
 * @params_saved: the three are saved, to restore at exit
 * @create_status: what create_vc returns
 * @act_mode: activate_vc mode given to new VCs
 * @act_status: activate_vc status given to new VCs
 * @deact_mode: deactivate_vc mode given to new VCs
 * @deact_status: deactivate_vc status given to new VCs
 * @reset_mode: how reset answers
 * @reset_status: the status reset returns or completes with
 * @n_create: create_vc calls
 * @n_delete: delete_vc calls
 * @n_activate: activate_vc calls
 * @n_deactivate: deactivate_vc calls
 * @n_send: send calls
 * @n_send_oam: send_oam calls
 * @n_send_deactivating: sends received while a deactivation was pending
 * @n_reset: reset calls
 * @n_reprogram: active VCs reset re-programmed
 * @reset_bad_entry: reset calls without the adapter marked resetting and
 *	its ops_rwsem held
 * @live_ctx: per-VC contexts created and not deleted
 * @delete_inflight: delete_vc calls on a VC with sends not yet completed
 * @after_unreg: handler calls after condis_unregister_adapter() returned
 * @unregistered: condis_unregister_adapter() returned
 * @activate_called: completed by each activate_vc call
 * @deactivate_called: completed by each deactivate_vc call
 * @delete_called: completed by each delete_vc call
 * @reset_called: completed by each reset call
 * @reset_work: completes a FAKE_PEND_WORK reset
 * @lock: protects @last_params and @vcs
 * @last_params: the parameters of the last activate_vc call
 * @vcs: the per-VC contexts (&struct fake_vc) created and not deleted
 * @sent: skbs passed to send, not yet completed
 * @oam_sent: skbs passed to send_oam, not yet completed
 * @ops: helper threads started by the test
 * @socks: fake sockets to free at exit
 * @held: VC references the test holds, dropped at exit
 * @nr_held: entries in @held
 * @n_oid: oid_request calls
 * @oid_dead_ctx: oid_request calls with a per-VC context the fake had
 *	deleted (before the call, or while it was in progress)
 * @last_oid: the OID of the last oid_request call (under @lock)
 * @last_oid_ctx: its vc_ctx (under @lock)
 * @last_oid_set: it was a set (under @lock)
 * @oid_base: the value the first OID of info.miniport_oids answers
 * @oid_block: a per-VC oid_request waits for @oid_release
 * @oid_entered: completed by each per-VC oid_request that blocks
 * @oid_release: lets blocked oid_request calls go on
 * @send_block: send spins (it may not sleep) until @send_release is set
 * @send_release: lets a blocked send return
 * @send_entered: completed by each send that blocks
 * @in_send: sends inside the send handler
 * @deact_with_send_inside: deactivate_vc calls made while a send was
 *	inside the send handler (the shim must keep them apart)
 */
struct fake_mp {
	struct kunit *test;
	struct device *parent;
	struct condis_adapter_info info;
	struct condis_adapter *ad;
	unsigned int saved_act_ms;
	unsigned int saved_deact_ms;
	unsigned int saved_reset_ms;
	bool params_saved;
	u32 create_status;
	enum fake_mode act_mode;
	u32 act_status;
	enum fake_mode deact_mode;
	u32 deact_status;
	enum fake_mode reset_mode;
	u32 reset_status;
	atomic_t n_create;
	atomic_t n_delete;
	atomic_t n_activate;
	atomic_t n_deactivate;
	atomic_t n_send;
	atomic_t n_send_oam;
	atomic_t n_send_deactivating;
	atomic_t n_reset;
	atomic_t n_reprogram;
	atomic_t reset_bad_entry;
	atomic_t live_ctx;
	atomic_t delete_inflight;
	atomic_t after_unreg;
	bool unregistered;
	struct completion activate_called;
	struct completion deactivate_called;
	struct completion delete_called;
	struct completion reset_called;
	struct work_struct reset_work;
	spinlock_t lock;	/* see above */
	struct condis_vc_params last_params;
	struct list_head vcs;
	struct sk_buff_head sent;
	struct sk_buff_head oam_sent;
	struct list_head ops;
	struct list_head socks;
	struct condis_vc *held[16];
	int nr_held;
	atomic_t n_oid;
	atomic_t oid_dead_ctx;
	u32 last_oid;
	void *last_oid_ctx;
	bool last_oid_set;
	u64 oid_base;
	bool oid_block;
	struct completion oid_entered;
	struct completion oid_release;
	bool send_block;
	bool send_release;
	struct completion send_entered;
	atomic_t in_send;
	atomic_t deact_with_send_inside;
};

/**
 * struct fake_vc - the fake miniport's per-VC context
 * @mp: the miniport
 * @vc: the shim's VC
 * @node: on the miniport's @vcs
 * @act_mode: how activate_vc answers
 * @act_status: the status it returns or completes with
 * @grant_pcr: if set, activate_vc writes this TX PCR back ("granted")
 * @deact_mode: how deactivate_vc answers
 * @deact_status: the status it returns or completes with
 * @deactivating: a deactivation is pending in the fake
 * @held: sends and OAM cells of this VC the fake holds (under the
 *	miniport's @lock; what a %FAKE_PEND_DRAIN deactivation waits for)
 * @drain_wait: a %FAKE_PEND_DRAIN deactivation waits for @held to reach 0
 *	(under the miniport's @lock)
 * @reprogram_fails: a reset cannot re-program this VC (it reports it
 *	with condis_indicate_vc_status(%NDIS_STATUS_CLOSING))
 * @work: completes a FAKE_PEND_WORK operation
 * @work_activate: @work completes an activation (else a deactivation)
 * @work_status: the status @work completes with
 */
struct fake_vc {
	struct fake_mp *mp;
	struct condis_vc *vc;
	struct list_head node;
	enum fake_mode act_mode;
	u32 act_status;
	u32 grant_pcr;
	enum fake_mode deact_mode;
	u32 deact_status;
	bool deactivating;
	int held;
	bool drain_wait;
	bool reprogram_fails;
	struct work_struct work;
	bool work_activate;
	u32 work_status;
};

static inline void fake_note_call(struct fake_mp *mp)
{
	if (READ_ONCE(mp->unregistered))
		atomic_inc(&mp->after_unreg);
}

static inline void fake_vc_work(struct work_struct *work)
{
	struct fake_vc *fv = container_of(work, struct fake_vc, work);

	if (fv->work_activate) {
		condis_activate_vc_complete(fv->vc, fv->work_status);
	} else {
		WRITE_ONCE(fv->deactivating, false);
		condis_deactivate_vc_complete(fv->vc, fv->work_status);
	}
}

static inline u32 fake_create_vc(void *priv, struct condis_vc *vc, void **ctx)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv;

	fake_note_call(mp);
	atomic_inc(&mp->n_create);
	if (mp->create_status != NDIS_STATUS_SUCCESS)
		return mp->create_status;
	fv = kzalloc(sizeof(*fv), GFP_KERNEL);
	if (!fv)
		return NDIS_STATUS_RESOURCES;
	fv->mp = mp;
	fv->vc = vc;
	fv->act_mode = mp->act_mode;
	fv->act_status = mp->act_status;
	fv->deact_mode = mp->deact_mode;
	fv->deact_status = mp->deact_status;
	INIT_WORK(&fv->work, fake_vc_work);
	spin_lock_bh(&mp->lock);
	list_add_tail(&fv->node, &mp->vcs);
	spin_unlock_bh(&mp->lock);
	atomic_inc(&mp->live_ctx);
	*ctx = fv;
	return NDIS_STATUS_SUCCESS;
}

static inline void fake_delete_vc(void *priv, void *ctx)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;

	fake_note_call(mp);
	/* The contract: a VC is deleted only once every send completed. */
	if (atomic_read(&fv->vc->inflight))
		atomic_inc(&mp->delete_inflight);
	flush_work(&fv->work);
	spin_lock_bh(&mp->lock);
	list_del(&fv->node);
	spin_unlock_bh(&mp->lock);
	atomic_inc(&mp->n_delete);
	atomic_dec(&mp->live_ctx);
	kfree(fv);
	complete(&mp->delete_called);
}

static inline u32 fake_pend(struct fake_vc *fv, enum fake_mode mode,
			    bool activate, u32 status)
{
	if (mode == FAKE_SYNC)
		return status;
	if (mode == FAKE_PEND_WORK) {
		fv->work_activate = activate;
		fv->work_status = status;
		schedule_work(&fv->work);
	}
	return NDIS_STATUS_PENDING;
}

static inline u32 fake_activate_vc(void *priv, void *ctx,
				   struct condis_vc_params *p)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;
	u32 status;

	fake_note_call(mp);
	atomic_inc(&mp->n_activate);
	spin_lock_bh(&mp->lock);
	mp->last_params = *p;
	spin_unlock_bh(&mp->lock);
	if (fv->grant_pcr)
		p->tx.pcr = fv->grant_pcr;
	status = fake_pend(fv, fv->act_mode, true, fv->act_status);
	complete(&mp->activate_called);
	return status;
}

static inline u32 fake_deactivate_vc(void *priv, void *ctx)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;
	u32 status;

	fake_note_call(mp);
	atomic_inc(&mp->n_deactivate);
	if (atomic_read(&mp->in_send))
		atomic_inc(&mp->deact_with_send_inside);
	if (fv->deact_mode == FAKE_PEND_DRAIN) {
		/* Like a NIC: closed once every send it holds is back. */
		spin_lock_bh(&mp->lock);
		fv->drain_wait = fv->held > 0;
		if (fv->drain_wait)
			WRITE_ONCE(fv->deactivating, true);
		status = fv->drain_wait ? NDIS_STATUS_PENDING :
					  fv->deact_status;
		spin_unlock_bh(&mp->lock);
		complete(&mp->deactivate_called);
		return status;
	}
	if (fv->deact_mode != FAKE_SYNC)
		WRITE_ONCE(fv->deactivating, true);
	status = fake_pend(fv, fv->deact_mode, false, fv->deact_status);
	complete(&mp->deactivate_called);
	return status;
}

/* Keep the skb; the test (or a reset) completes it. */
static inline void fake_send(void *priv, void *ctx, struct sk_buff *skb)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;

	fake_note_call(mp);
	atomic_inc(&mp->n_send);
	if (READ_ONCE(fv->deactivating))
		atomic_inc(&mp->n_send_deactivating);
	spin_lock_bh(&mp->lock);
	fv->held++;
	spin_unlock_bh(&mp->lock);
	skb_queue_tail(&mp->sent, skb);
	if (READ_ONCE(mp->send_block)) {
		unsigned long end = jiffies + msecs_to_jiffies(FAKE_WAIT_MS);

		/* A send handler never sleeps: spin, bounded. */
		atomic_inc(&mp->in_send);
		complete(&mp->send_entered);
		while (!READ_ONCE(mp->send_release) &&
		       time_before(jiffies, end))
			cpu_relax();
		atomic_dec(&mp->in_send);
	}
}

/* The optional OAM handler: keep the cell, like fake_send(). */
static inline void fake_send_oam(void *priv, void *ctx, struct sk_buff *skb)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;

	fake_note_call(mp);
	atomic_inc(&mp->n_send_oam);
	if (READ_ONCE(fv->deactivating))
		atomic_inc(&mp->n_send_deactivating);
	spin_lock_bh(&mp->lock);
	fv->held++;
	spin_unlock_bh(&mp->lock);
	skb_queue_tail(&mp->oam_sent, skb);
}

/*
 * Give back a send or an OAM cell the fake holds for @vc, as a miniport
 * does: condis_send_complete(), then, if it was the last one a
 * %FAKE_PEND_DRAIN deactivation waited for, complete that deactivation.
 */
static inline void fake_complete(struct condis_vc *vc, struct sk_buff *skb,
				 u32 status)
{
	struct fake_vc *fv = vc->ctx;
	struct fake_mp *mp = fv->mp;
	bool drained;

	condis_send_complete(vc, skb, status);
	spin_lock_bh(&mp->lock);
	if (fv->held > 0)
		fv->held--;
	drained = fv->drain_wait && !fv->held;
	if (drained)
		fv->drain_wait = false;
	spin_unlock_bh(&mp->lock);
	if (drained) {
		WRITE_ONCE(fv->deactivating, false);
		condis_deactivate_vc_complete(vc, fv->deact_status);
	}
}

static inline enum condis_vc_state vc_state(struct condis_vc *vc)
{
	enum condis_vc_state s;

	spin_lock_bh(&vc->lock);
	s = vc->state;
	spin_unlock_bh(&vc->lock);
	return s;
}

static inline void fake_reset_work(struct work_struct *work)
{
	struct fake_mp *mp = container_of(work, struct fake_mp, reset_work);

	condis_reset_complete(mp->ad, mp->reset_status);
}

/*
 * Reset as the contract (condis.h, reset) asks: complete every held send
 * with RESET_IN_PROGRESS (the skbs of fake sockets: their vcc's dev_data
 * is the VC), finish the VC operations still pending (an activation
 * fails, a deactivation succeeds), re-program every active VC or report
 * the ones it cannot with CLOSING.
 */
static inline u32 fake_reset(void *priv)
{
	struct fake_mp *mp = priv;
	struct condis_adapter *ad = mp->ad;
	struct sk_buff *skb;
	struct fake_vc *fv;

	fake_note_call(mp);
	atomic_inc(&mp->n_reset);
	if (!READ_ONCE(ad->resetting) || !rwsem_is_locked(&ad->ops_rwsem))
		atomic_inc(&mp->reset_bad_entry);
	while ((skb = skb_dequeue(&mp->sent)))
		condis_send_complete(ATM_SKB(skb)->vcc->dev_data, skb,
				     NDIS_STATUS_RESET_IN_PROGRESS);
	while ((skb = skb_dequeue(&mp->oam_sent)))
		condis_send_complete(ATM_SKB(skb)->vcc->dev_data, skb,
				     NDIS_STATUS_RESET_IN_PROGRESS);
	/* Nothing adds to or takes from @vcs while the shim resets. */
	list_for_each_entry(fv, &mp->vcs, node) {
		spin_lock_bh(&mp->lock);
		fv->held = 0;
		fv->drain_wait = false;	/* a DEACTIVATING VC completes below */
		spin_unlock_bh(&mp->lock);
		switch (vc_state(fv->vc)) {
		case CONDIS_VC_ACTIVATING:
			condis_activate_vc_complete(fv->vc, NDIS_STATUS_FAILURE);
			break;
		case CONDIS_VC_DEACTIVATING:
			WRITE_ONCE(fv->deactivating, false);
			condis_deactivate_vc_complete(fv->vc,
						      NDIS_STATUS_SUCCESS);
			break;
		case CONDIS_VC_ACTIVE:
			if (fv->reprogram_fails)
				condis_indicate_vc_status(fv->vc,
							  NDIS_STATUS_CLOSING);
			else
				atomic_inc(&mp->n_reprogram);
			break;
		default:
			break;
		}
	}
	complete(&mp->reset_called);
	if (mp->reset_mode == FAKE_SYNC)
		return mp->reset_status;
	if (mp->reset_mode == FAKE_PEND_WORK)
		schedule_work(&mp->reset_work);
	return NDIS_STATUS_PENDING;
}

static const struct condis_miniport_ops fake_ops = {
	.owner = THIS_MODULE,
	.create_vc = fake_create_vc,
	.delete_vc = fake_delete_vc,
	.activate_vc = fake_activate_vc,
	.deactivate_vc = fake_deactivate_vc,
	.send = fake_send,
	.send_oam = fake_send_oam,
	.reset = fake_reset,
};

/*
 * The VCI of the VC whose context is @ctx, if the fake created it and has
 * not deleted it; else false (a pointer compare only, @ctx may be freed).
 */
static inline bool fake_ctx_live(struct fake_mp *mp, void *ctx, u32 *vci)
{
	struct fake_vc *fv;
	bool live = false;

	spin_lock_bh(&mp->lock);
	list_for_each_entry(fv, &mp->vcs, node) {
		if (fv == ctx) {
			*vci = fv->vc->params.vci;
			live = true;
		}
	}
	spin_unlock_bh(&mp->lock);
	return live;
}

/*
 * The optional oid_request: the OIDs of info.miniport_oids, queried,
 * answer a u64: oid_base + their index in the list, plus the VCI for a
 * per-VC request; a set of one is NOT_SUPPORTED; any other OID is
 * INVALID_OID. A per-VC request whose context the fake deleted (before
 * or during the call) is counted and fails.
 */
static inline u32 fake_oid_request(void *priv, void *vc_ctx,
				   struct condis_oid_req *req)
{
	struct fake_mp *mp = priv;
	unsigned int i;
	u32 vci = 0;
	u64 v;

	fake_note_call(mp);
	atomic_inc(&mp->n_oid);
	spin_lock_bh(&mp->lock);
	mp->last_oid = req->oid;
	mp->last_oid_ctx = vc_ctx;
	mp->last_oid_set = req->set;
	spin_unlock_bh(&mp->lock);
	if (vc_ctx && READ_ONCE(mp->oid_block)) {
		complete(&mp->oid_entered);
		wait_for_completion_timeout(&mp->oid_release,
					    msecs_to_jiffies(FAKE_WAIT_MS));
	}
	if (vc_ctx && !fake_ctx_live(mp, vc_ctx, &vci)) {
		atomic_inc(&mp->oid_dead_ctx);
		return NDIS_STATUS_FAILURE;
	}
	for (i = 0; i < mp->info.nr_miniport_oids; i++)
		if (mp->info.miniport_oids[i] == req->oid)
			break;
	if (i == mp->info.nr_miniport_oids)
		return NDIS_STATUS_INVALID_OID;
	if (req->set)
		return NDIS_STATUS_NOT_SUPPORTED;
	v = mp->oid_base + i + vci;
	return condis_oid_put(req, &v, sizeof(v));
}

/* The fake with its optional oid_request handler. */
static const struct condis_miniport_ops fake_ops_oid = {
	.owner = THIS_MODULE,
	.create_vc = fake_create_vc,
	.delete_vc = fake_delete_vc,
	.activate_vc = fake_activate_vc,
	.deactivate_vc = fake_deactivate_vc,
	.send = fake_send,
	.send_oam = fake_send_oam,
	.oid_request = fake_oid_request,
	.reset = fake_reset,
};

/* The same fake without the optional send_oam handler. */
static const struct condis_miniport_ops fake_ops_no_oam = {
	.owner = THIS_MODULE,
	.create_vc = fake_create_vc,
	.delete_vc = fake_delete_vc,
	.activate_vc = fake_activate_vc,
	.deactivate_vc = fake_deactivate_vc,
	.send = fake_send,
	.reset = fake_reset,
};

static inline struct fake_vc *fv_of(struct condis_vc *vc)
{
	return vc->ctx;
}

static inline void fake_parent_release(struct device *dev)
{
	kfree(dev);
}

/*
 * Set up the fake miniport of @test and register an adapter for it with
 * @ops, with @tmpl's description (NULL: the default one, a "fakevc"
 * adapter with AAL0 and AAL5 and FAKE_MAX_VCS VCs).
 */
static inline int fake_mp_init_ops(struct kunit *test,
				   const struct condis_adapter_info *tmpl,
				   const struct condis_miniport_ops *ops)
{
	static const struct condis_adapter_info dflt = {
		.type = "fakevc",
		.esi = { 0x02, 0x00, 0x00, 0xc0, 0xa7, 0x02 },
		.vpi_bits = 8,
		.vci_bits = 16,
		.max_vcs = FAKE_MAX_VCS,
		.link_rate = ATM_OC3_PCR,
		.link_up = true,
		.aal_types = NDIS_AAL_TYPE_AAL0 | NDIS_AAL_TYPE_AAL5,
		.max_sdu = 9188,
	};
	struct condis_adapter *ad;
	struct device *parent;
	struct fake_mp *mp;
	int err;

	mp = kunit_kzalloc(test, sizeof(*mp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mp);
	mp->test = test;
	/* Every case starts from the shim's default bounded waits. */
	mp->saved_act_ms = condis_activate_timeout_ms;
	mp->saved_deact_ms = condis_deactivate_timeout_ms;
	mp->saved_reset_ms = condis_reset_timeout_ms;
	mp->params_saved = true;
	condis_activate_timeout_ms = FAKE_DEFAULT_MS;
	condis_deactivate_timeout_ms = FAKE_DEFAULT_MS;
	condis_reset_timeout_ms = FAKE_DEFAULT_RESET_MS;
	mp->create_status = NDIS_STATUS_SUCCESS;
	mp->act_mode = FAKE_SYNC;
	mp->act_status = NDIS_STATUS_SUCCESS;
	mp->deact_mode = FAKE_SYNC;
	mp->deact_status = NDIS_STATUS_SUCCESS;
	mp->reset_mode = FAKE_SYNC;
	mp->reset_status = NDIS_STATUS_SUCCESS;
	init_completion(&mp->activate_called);
	init_completion(&mp->deactivate_called);
	init_completion(&mp->delete_called);
	init_completion(&mp->reset_called);
	init_completion(&mp->oid_entered);
	init_completion(&mp->oid_release);
	init_completion(&mp->send_entered);
	INIT_WORK(&mp->reset_work, fake_reset_work);
	spin_lock_init(&mp->lock);
	INIT_LIST_HEAD(&mp->vcs);
	skb_queue_head_init(&mp->sent);
	skb_queue_head_init(&mp->oam_sent);
	INIT_LIST_HEAD(&mp->ops);
	INIT_LIST_HEAD(&mp->socks);
	test->priv = mp;

	/* A bare device stands in for the miniport's bus device. */
	mp->info = tmpl ? *tmpl : dflt;
	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, parent);
	device_initialize(parent);
	parent->release = fake_parent_release;
	dev_set_name(parent, "%s_kunit", mp->info.type);
	err = device_add(parent);
	if (err)
		put_device(parent);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "device_add: %d", err);
	mp->parent = parent;
	mp->info.parent = parent;
	ad = condis_register_adapter(ops, &mp->info, mp);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(ad), "register: %ld", PTR_ERR(ad));
	mp->ad = ad;
	return 0;
}

static inline int fake_mp_init(struct kunit *test,
			       const struct condis_adapter_info *tmpl)
{
	return fake_mp_init_ops(test, tmpl, &fake_ops);
}

/* A suite's init: the fake miniport with the default adapter. */
static inline int fake_init(struct kunit *test)
{
	return fake_mp_init(test, NULL);
}

/*
 * Replace the test's adapter by one registered with @ops (e.g.
 * &fake_ops_no_oam): the same fake miniport and description, a new ATM
 * device. The old adapter's VCs are halted with it.
 */
static inline struct condis_adapter *
fake_reregister(struct kunit *test, const struct condis_miniport_ops *ops)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad;

	condis_unregister_adapter(mp->ad);
	mp->ad = NULL;
	ad = condis_register_adapter(ops, &mp->info, mp);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(ad), "register: %ld", PTR_ERR(ad));
	mp->ad = ad;
	return ad;
}

/* Helper threads: a VC operation or a completion from another context. */
struct fake_op {
	struct list_head node;
	struct completion done;
	struct fake_mp *mp;
	struct condis_vc *vc;
	struct condis_vc_params params;
	u32 status;
	u32 (*fn)(struct fake_op *op);
	u32 result;
	int err;
	struct fake_sock *sock;
	int from;
	int to;
	int waiters;
	struct completion progress;
	struct task_struct *task;
};

static inline int fake_op_thread(void *data)
{
	struct fake_op *op = data;

	op->result = op->fn(op);
	complete_all(&op->done);	/* waited for by the test and by exit */
	return 0;
}

static inline struct fake_op *fake_op_alloc(struct kunit *test,
					    struct condis_vc *vc,
					    u32 (*fn)(struct fake_op *op))
{
	struct fake_mp *mp = test->priv;
	struct fake_op *op;

	op = kunit_kzalloc(test, sizeof(*op), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, op);
	init_completion(&op->done);
	init_completion(&op->progress);
	op->mp = mp;
	op->vc = vc;
	op->fn = fn;
	return op;
}

static inline void fake_op_start(struct kunit *test, struct fake_op *op)
{
	struct fake_mp *mp = test->priv;
	struct task_struct *task;

	task = kthread_create(fake_op_thread, op, "condis_kunit");
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(task), "kthread: %ld",
			       PTR_ERR(task));
	/* Until exit: a test may look at the thread's state. */
	op->task = get_task_struct(task);
	list_add_tail(&op->node, &mp->ops);
	wake_up_process(task);
}

/* Every helper is bounded (by the shim's own waits or a bounded poll). */
static inline u32 fake_op_wait(struct kunit *test, struct fake_op *op)
{
	if (!wait_for_completion_timeout(&op->done,
					 msecs_to_jiffies(FAKE_WAIT_MS))) {
		KUNIT_FAIL(test, "helper thread did not finish");
		wait_for_completion(&op->done);
	}
	return op->result;
}

static inline u32 op_activate(struct fake_op *op)
{
	return condis_vc_activate(op->vc, &op->params);
}

static inline u32 op_deactivate(struct fake_op *op)
{
	return condis_vc_deactivate(op->vc);
}

/* Complete the activation once the miniport has been asked for it. */
static inline u32 op_complete_activation(struct fake_op *op)
{
	if (!wait_for_completion_timeout(&op->mp->activate_called,
					 msecs_to_jiffies(FAKE_WAIT_MS)))
		return NDIS_STATUS_FAILURE;
	condis_activate_vc_complete(op->vc, op->status);
	return NDIS_STATUS_SUCCESS;
}

/* Complete every send the miniport holds, with op->status. */
static inline u32 op_complete_sends(struct fake_op *op)
{
	struct sk_buff *skb;
	u32 n = 0;

	while ((skb = skb_dequeue(&op->mp->sent))) {
		condis_send_complete(op->vc, skb, op->status);
		n++;
	}
	return n;
}

static inline void fake_start(struct kunit *test, struct condis_vc *vc,
			      u32 (*fn)(struct fake_op *op),
			      const struct condis_vc_params *p, u32 status,
			      struct fake_op **opp)
{
	struct fake_op *op = fake_op_alloc(test, vc, fn);

	if (p)
		op->params = *p;
	op->status = status;
	fake_op_start(test, op);
	*opp = op;
}

/* Wait (bounded) for the fake to be called, consuming one call. */
static inline bool fake_called(struct completion *c)
{
	return wait_for_completion_timeout(c, msecs_to_jiffies(FAKE_WAIT_MS));
}

/* Bounded poll for a condition another context makes true. */
#define fake_poll(cond) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(FAKE_WAIT_MS); \
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))	\
		usleep_range(200, 500);					\
	__ok;								\
})

/* Tasks waiting on a completion (the shim's waits on vc->op_done). */
static inline int nr_waiters(struct completion *c)
{
	struct swait_queue *w;
	unsigned long flags;
	int n = 0;

	raw_spin_lock_irqsave(&c->wait.lock, flags);
	list_for_each_entry(w, &c->wait.task_list, task_list)
		n++;
	raw_spin_unlock_irqrestore(&c->wait.lock, flags);
	return n;
}

/* Tasks queued on an rwsem: VC operations, a reset, an unregister. */
static inline int nr_rwsem_waiters(struct rw_semaphore *sem)
{
	struct list_head *pos;
	unsigned long flags;
	int n = 0;

	raw_spin_lock_irqsave(&sem->wait_lock, flags);
	list_for_each(pos, &sem->wait_list)
		n++;
	raw_spin_unlock_irqrestore(&sem->wait_lock, flags);
	return n;
}

/**
 * struct fake_sock - a fake socket (the Linux side of a VC)
 * @vcc: the ATM socket; its dev_data is the VC
 * @stats: what the shim counts for it (ATM_GETSTAT)
 * @node: on the miniport's @socks
 * @nr: skbs in @skbs
 * @skbs: skbs to send, freed at exit
 * @popped: times each skb was given back through vcc->pop
 * @ret: what condis_send() returned for each skb
 * @pops_unknown: skbs given back that are not in @skbs
 * @pops: vcc->pop calls, for any skb
 * @state_changes: sk_state_change calls (vcc_release_async())
 * @oam_pushed: fake_push_oam() calls (set vcc.push_oam to get them)
 * @oam_cell: the cell of the last fake_push_oam() call
 */
struct fake_sock {
	struct atm_vcc vcc;
	struct k_atm_aal_stats stats;
	struct list_head node;
	int nr;
	struct sk_buff *skbs[FAKE_MAX_SKBS];
	atomic_t popped[FAKE_MAX_SKBS];
	int ret[FAKE_MAX_SKBS];
	atomic_t pops_unknown;
	atomic_t pops;
	atomic_t state_changes;
	atomic_t oam_pushed;
	u8 oam_cell[ATM_AAL0_SDU];
};

static inline void fake_pop(struct atm_vcc *vcc, struct sk_buff *skb)
{
	struct fake_sock *s = container_of(vcc, struct fake_sock, vcc);
	int i;

	atomic_inc(&s->pops);
	/* Record only: the skbs are freed once, at exit. */
	for (i = 0; i < s->nr; i++) {
		if (s->skbs[i] == skb) {
			atomic_inc(&s->popped[i]);
			return;
		}
	}
	atomic_inc(&s->pops_unknown);
}

/* An OAM user's push_oam: keep a copy of the cell. */
static inline int fake_push_oam(struct atm_vcc *vcc, void *cell)
{
	struct fake_sock *s = container_of(vcc, struct fake_sock, vcc);

	memcpy(s->oam_cell, cell, ATM_AAL0_SDU);
	atomic_inc(&s->oam_pushed);
	return 0;
}

static inline void fake_state_change(struct sock *sk)
{
	struct fake_sock *s = container_of(atm_sk(sk), struct fake_sock, vcc);

	atomic_inc(&s->state_changes);
}

static inline struct fake_sock *fake_sock(struct kunit *test,
					  struct condis_vc *vc, int nr,
					  unsigned int len)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s;
	int i;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	list_add_tail(&s->node, &mp->socks);
	s->vcc.dev = mp->ad->dev;
	s->vcc.stats = &s->stats;
	s->vcc.pop = fake_pop;
	s->vcc.dev_data = vc;
	s->vcc.qos.aal = ATM_AAL5;
	s->vcc.sk.sk_state_change = fake_state_change;
	for (i = 0; i < nr; i++) {
		s->skbs[i] = alloc_skb(len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, s->skbs[i]);
		skb_put(s->skbs[i], len);
		s->nr++;
	}
	return s;
}

/* Through the ATM device's ops, as the ATM core sends. */
static inline int fake_send_one(struct fake_sock *s, int i)
{
	s->ret[i] = s->vcc.dev->ops->send(&s->vcc, s->skbs[i]);
	return s->ret[i];
}

static inline void fake_unregister(struct fake_mp *mp)
{
	condis_unregister_adapter(mp->ad);
	mp->ad = NULL;
	WRITE_ONCE(mp->unregistered, true);
}

static inline void fake_exit(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s, *stmp;
	struct sk_buff *skb;
	struct fake_op *op;
	struct fake_vc *fv;
	int i;

	if (!mp)
		return;
	/* A blocked oid_request of a failed test goes on. */
	complete_all(&mp->oid_release);
	WRITE_ONCE(mp->send_release, true);
	list_for_each_entry(op, &mp->ops, node) {
		wait_for_completion(&op->done);
		put_task_struct(op->task);
	}
	/* OAM cells are the shim's: free any a failed test left held. */
	for (i = 0; (skb = skb_dequeue(&mp->oam_sent)); i++)
		kfree_skb(skb);
	KUNIT_EXPECT_EQ_MSG(test, i, 0, "OAM cells never completed");
	/* Nothing will drain now: the halt must not wait for it. */
	spin_lock_bh(&mp->lock);
	list_for_each_entry(fv, &mp->vcs, node)
		if (fv->deact_mode == FAKE_PEND_DRAIN)
			fv->deact_mode = FAKE_SYNC;
	spin_unlock_bh(&mp->lock);
	if (mp->ad)
		fake_unregister(mp);
	flush_work(&mp->reset_work);
	for (i = 0; i < mp->nr_held; i++)
		condis_vc_put(mp->held[i]);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mp->live_ctx), 0,
			    "VCs the halt did not delete");
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mp->after_unreg), 0,
			    "miniport calls after unregister returned");
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mp->delete_inflight), 0,
			    "VCs deleted with sends in flight");
	/* The skbs belong to the sockets: drop the miniport's list only. */
	while (skb_dequeue(&mp->sent))
		;
	list_for_each_entry_safe(s, stmp, &mp->socks, node) {
		for (i = 0; i < s->nr; i++)
			kfree_skb(s->skbs[i]);
		list_del(&s->node);
		kfree(s);
	}
	if (mp->parent)
		device_unregister(mp->parent);
	if (mp->params_saved) {
		condis_activate_timeout_ms = mp->saved_act_ms;
		condis_deactivate_timeout_ms = mp->saved_deact_ms;
		condis_reset_timeout_ms = mp->saved_reset_ms;
	}
}

/* Keep a VC's memory until exit, to look at it after it is deleted. */
static inline void fake_hold(struct kunit *test, struct condis_vc *vc)
{
	struct fake_mp *mp = test->priv;

	KUNIT_ASSERT_LT(test, mp->nr_held, (int)ARRAY_SIZE(mp->held));
	condis_vc_get(vc);
	mp->held[mp->nr_held++] = vc;
}

/*
 * Make @s the socket of @vc, as condis_open() does: the VC reports to it
 * (vcc_release_async()) and the socket holds a VC reference.
 */
static inline void fake_sock_bind(struct kunit *test, struct fake_sock *s,
				  struct condis_vc *vc)
{
	fake_hold(test, vc);
	spin_lock_bh(&vc->lock);
	vc->vcc = &s->vcc;
	spin_unlock_bh(&vc->lock);
}

static inline bool vc_abandoned(struct condis_vc *vc)
{
	bool a;

	spin_lock_bh(&vc->lock);
	a = vc->abandoned;
	spin_unlock_bh(&vc->lock);
	return a;
}

static inline u64 illegal_ops(struct condis_adapter *ad)
{
	u64 n;

	spin_lock_bh(&ad->lock);
	n = ad->illegal_ops;
	spin_unlock_bh(&ad->lock);
	return n;
}

static inline unsigned int nr_vcs(struct condis_adapter *ad)
{
	unsigned int n;

	spin_lock_bh(&ad->lock);
	n = ad->nr_vcs;
	spin_unlock_bh(&ad->lock);
	return n;
}

static inline void fake_params(struct condis_vc_params *p, u16 vpi, u32 vci,
			       u32 flags, u32 pcr)
{
	memset(p, 0, sizeof(*p));
	p->vpi = vpi;
	p->vci = vci;
	p->aal = NDIS_AAL_TYPE_AAL5;
	p->flags = flags;
	if (flags & CONDIS_VC_TRANSMIT) {
		p->tx.service = NDIS_ATM_SERVICE_CATEGORY_UBR;
		p->tx.pcr = pcr;
		p->tx.max_sdu = 1500;
	}
	if (flags & CONDIS_VC_RECEIVE) {
		p->rx.service = NDIS_ATM_SERVICE_CATEGORY_UBR;
		p->rx.max_sdu = 1500;
	}
}

#define TXRX	(CONDIS_VC_TRANSMIT | CONDIS_VC_RECEIVE)

static inline struct condis_vc *fake_create(struct kunit *test, u32 vci,
					    struct condis_vc_params *p)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *vc;

	fake_params(p, 0, vci, TXRX, 1000);
	vc = condis_vc_create(mp->ad, NULL, p);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(vc), "create: %ld", PTR_ERR(vc));
	return vc;
}

/* A VC made ACTIVE with the fake answering at once. */
static inline struct condis_vc *fake_active(struct kunit *test, u32 vci,
					    struct condis_vc_params *p)
{
	struct condis_vc *vc = fake_create(test, vci, p);

	KUNIT_ASSERT_EQ(test, condis_vc_activate(vc, p), NDIS_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	return vc;
}

/*
 * An active VC with a socket bound to it and holding the reference
 * condis_open() leaves the socket: what its close gives back.
 */
static inline struct fake_sock *fake_open_sock(struct kunit *test, u32 vci,
					       int nr, int len,
					       struct condis_vc **vcp)
{
	struct condis_vc_params p;
	struct fake_sock *s;

	*vcp = fake_active(test, vci, &p);
	s = fake_sock(test, *vcp, nr, len);
	fake_sock_bind(test, s, *vcp);
	condis_vc_get(*vcp);
	return s;
}

/* A VC made ACTIVE, then DEACTIVATED, with the fake answering at once. */
static inline struct condis_vc *fake_deactivated(struct kunit *test, u32 vci,
						 struct condis_vc_params *p)
{
	struct condis_vc *vc = fake_active(test, vci, p);

	KUNIT_ASSERT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	return vc;
}

#endif /* _CONDIS_FAKE_MP_H */

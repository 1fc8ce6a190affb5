// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CoNDIS shim's adapter reset (condis_reset_adapter(),
 * condis_request_reset(), condis_reset_complete()), the dead-device halt
 * after a failed reset, and per-VC status (condis_indicate_vc_status()),
 * driven by the fake miniport of condis_fake_mp.h. Its reset handler does
 * what the contract asks (condis.h): completes the sends it holds with
 * RESET_IN_PROGRESS, finishes pending VC operations, re-programs active
 * VCs; it returns at once, pends until the test completes it, or pends
 * until a work item does.
 *
 * Everything another context does is waited for (completions, the
 * shim's wait lists, flush_work()), never slept on.
 */

#include <uapi/linux/condis.h>
#include "condis_fake_mp.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* An adapter counter (@v points into @ad), read under the adapter's lock. */
static u64 ad_read(struct condis_adapter *ad, const u64 *v)
{
	u64 n;

	spin_lock_bh(&ad->lock);
	n = *v;
	spin_unlock_bh(&ad->lock);
	return n;
}

static bool ad_resetting(struct condis_adapter *ad)
{
	bool r;

	spin_lock_bh(&ad->lock);
	r = ad->resetting;
	spin_unlock_bh(&ad->lock);
	return r;
}

static u32 op_reset(struct fake_op *op)
{
	op->err = condis_reset_adapter(op->mp->ad);
	return 0;
}

/* Create a VC; on success the op holds a reference (op_created()). */
static u32 op_create(struct fake_op *op)
{
	struct condis_vc *vc = condis_vc_create(op->mp->ad, NULL, &op->params);

	if (IS_ERR(vc)) {
		op->err = PTR_ERR(vc);
		return 0;
	}
	condis_vc_get(vc);
	op->vc = vc;
	return 0;
}

/* The VC op_create made (its reference now the test's), or an ERR_PTR. */
static struct condis_vc *op_created(struct kunit *test, struct fake_op *op)
{
	struct fake_mp *mp = test->priv;

	fake_op_wait(test, op);
	if (op->err)
		return ERR_PTR(op->err);
	KUNIT_ASSERT_LT(test, mp->nr_held, (int)ARRAY_SIZE(mp->held));
	mp->held[mp->nr_held++] = op->vc;
	return op->vc;
}

/*
 * Start a reset in a kthread that stays in progress (the fake's handler
 * pends) until the test calls condis_reset_complete().
 */
static struct fake_op *fake_reset_pending(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_op *op;

	mp->reset_mode = FAKE_PEND;
	op = fake_op_alloc(test, NULL, op_reset);
	fake_op_start(test, op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->reset_called));
	return op;
}

/* A VC ACTIVATING and one DEACTIVATING, each waited for by a kthread. */
struct pending_pair {
	struct condis_vc *ing;
	struct fake_op *act;
	struct condis_vc *ding;
	struct fake_op *deact;
};

/* Leave VC @vci ACTIVATING and VC @vci + 1 DEACTIVATING. */
static void start_pending_pair(struct kunit *test, u32 vci,
			       struct pending_pair *pp)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;

	pp->ing = fake_create(test, vci, &p);
	fv_of(pp->ing)->act_mode = FAKE_PEND;
	reinit_completion(&mp->activate_called);
	fake_start(test, pp->ing, op_activate, &p, 0, &pp->act);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->activate_called));
	pp->ding = fake_active(test, vci + 1, &p);
	fv_of(pp->ding)->deact_mode = FAKE_PEND;
	reinit_completion(&mp->deactivate_called);
	fake_start(test, pp->ding, op_deactivate, NULL, 0, &pp->deact);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->deactivate_called));
}

static void finish_activation(struct kunit *test, struct pending_pair *pp)
{
	condis_activate_vc_complete(pp->ing, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, pp->act), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(pp->ing), CONDIS_VC_ACTIVE);
}

static void finish_deactivation(struct kunit *test, struct pending_pair *pp)
{
	WRITE_ONCE(fv_of(pp->ding)->deactivating, false);
	condis_deactivate_vc_complete(pp->ding, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, pp->deact),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(pp->ding), CONDIS_VC_DEACTIVATED);
}

static u32 oid_query(struct condis_adapter *ad, struct condis_vc *vc, u32 oid,
		     void *buf, u32 len, u32 *written)
{
	struct condis_oid_req req = { .oid = oid, .buf = buf, .len = len };
	u32 status;

	status = condis_oid_request(ad, vc, &req);
	*written = req.bytes_written;
	return status;
}

/* GEN_CO_HARDWARE_STATUS, or ~0 if the query failed. */
static u32 hw_status(struct condis_adapter *ad)
{
	u32 v = 0, written;

	if (oid_query(ad, NULL, OID_GEN_CO_HARDWARE_STATUS, &v, sizeof(v),
		      &written) != NDIS_STATUS_SUCCESS || written != sizeof(v))
		return ~0u;
	return v;
}

/* The socket heard vcc_release_async(@err) once. */
static void expect_released(struct kunit *test, struct fake_sock *s, int err)
{
	KUNIT_EXPECT_TRUE(test, test_bit(ATM_VF_CLOSE, &s->vcc.flags));
	KUNIT_EXPECT_EQ(test, s->vcc.sk.sk_err, err);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->state_changes), 1);
}

static void expect_untouched(struct kunit *test, struct fake_sock *s)
{
	KUNIT_EXPECT_FALSE(test, test_bit(ATM_VF_CLOSE, &s->vcc.flags));
	KUNIT_EXPECT_EQ(test, s->vcc.sk.sk_err, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->state_changes), 0);
}

/* A send that reaches the miniport, completed successfully. */
static void expect_send_works(struct kunit *test, struct fake_sock *s, int i)
{
	struct fake_mp *mp = test->priv;
	int n = atomic_read(&mp->n_send);
	struct sk_buff *skb;

	KUNIT_EXPECT_EQ(test, fake_send_one(s, i), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), n + 1);
	skb = skb_dequeue(&mp->sent);
	KUNIT_ASSERT_PTR_EQ(test, skb, s->skbs[i]);
	condis_send_complete(s->vcc.dev_data, skb, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[i]), 1);
}

/* ---- reset and sends ---- */

/*
 * Sends held by the miniport are completed by its reset, each once, with
 * RESET_IN_PROGRESS; the VC stays ACTIVE with its parameters and carries
 * traffic again.
 */
static void reset_completes_held_sends(struct kunit *test)
{
	const int n = 8;
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p, before;
	struct condis_vc *vc;
	struct fake_sock *s;
	int i;

	vc = fake_active(test, 300, &p);
	before = *condis_vc_params(vc);
	s = fake_sock(test, vc, n + 2, 1000);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, fake_send_one(s, i), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), n);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), n);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 0);

	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->reset_bad_entry), 0);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->popped[i]), 1,
				    "skb %d given back %d times", i,
				    atomic_read(&s->popped[i]));
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops_unknown), 0);
	/* All n with an error status: RESET_IN_PROGRESS. */
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), n);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->st.tx_err), (s64)n);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mp->sent));
	/* Lost inside the miniport, not refused by the shim. */
	KUNIT_EXPECT_EQ(test, atomic64_read(&ad->reset_drops), 0);

	/* The VC is the same, re-programmed by the miniport, not the shim. */
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, memcmp(condis_vc_params(vc), &before,
				     sizeof(before)), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reprogram), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_FALSE(test, ad_resetting(ad));
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->resets), 1ULL);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 0ULL);

	/* Traffic resumes on the same socket. */
	expect_send_works(test, s, n);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 1);

	/* CONDIS_IOC_RESET is the same reset. */
	KUNIT_EXPECT_EQ(test, ad->dev->ops->ioctl(ad->dev, CONDIS_IOC_RESET,
						  NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 2);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	expect_send_works(test, s, n + 1);
}

/*
 * A send while the reset is in progress completes with RESET_IN_PROGRESS
 * at once, never reaching the miniport, and is counted in reset_drops.
 */
static void reset_send_during_reset_dropped(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct fake_op *op;

	vc = fake_active(test, 310, &p);
	s = fake_sock(test, vc, 3, 100);
	op = fake_reset_pending(test);
	KUNIT_EXPECT_TRUE(test, ad_resetting(ad));

	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	/* From BH context too, as the ATM core's send_bh. */
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 1), 0);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[1]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->st.tx_err), 2LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ad->reset_drops), 2LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);

	condis_reset_complete(ad, NDIS_STATUS_SUCCESS);
	fake_op_wait(test, op);
	KUNIT_EXPECT_EQ(test, op->err, 0);
	KUNIT_EXPECT_FALSE(test, ad_resetting(ad));
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 0ULL);
	expect_send_works(test, s, 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ad->reset_drops), 2LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops_unknown), 0);
}

/* ---- reset and OID requests ---- */

static void reset_oid_request_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_oid_req set = {
		.oid = OID_GEN_CO_PROTOCOL_OPTIONS, .set = true,
	};
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_op *op;
	u32 v, opt = 1, written;
	u64 pdus;

	vc = fake_active(test, 320, &p);
	KUNIT_EXPECT_EQ(test, hw_status(ad), CONDIS_HARDWARE_STATUS_READY);
	op = fake_reset_pending(test);

	v = 0xdead;
	KUNIT_EXPECT_EQ(test, oid_query(ad, NULL, OID_GEN_CO_HARDWARE_STATUS,
					&v, sizeof(v), &written),
			NDIS_STATUS_RESET_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, written, 0U);
	KUNIT_EXPECT_EQ(test, v, 0xdeadU);
	/* Per VC too. */
	KUNIT_EXPECT_EQ(test, oid_query(ad, vc, OID_GEN_CO_XMIT_PDUS_OK, &pdus,
					sizeof(pdus), &written),
			NDIS_STATUS_RESET_IN_PROGRESS);
	/* A set is refused and not applied. */
	set.buf = &opt;
	set.len = sizeof(opt);
	KUNIT_EXPECT_EQ(test, condis_oid_request(ad, NULL, &set),
			NDIS_STATUS_RESET_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ad->protocol_options), 0U);

	condis_reset_complete(ad, NDIS_STATUS_SUCCESS);
	fake_op_wait(test, op);
	KUNIT_EXPECT_EQ(test, op->err, 0);

	/* The same requests succeed after the reset. */
	KUNIT_EXPECT_EQ(test, oid_query(ad, NULL, OID_GEN_CO_HARDWARE_STATUS,
					&v, sizeof(v), &written),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, written, (u32)sizeof(v));
	KUNIT_EXPECT_EQ(test, v, CONDIS_HARDWARE_STATUS_READY);
	KUNIT_EXPECT_EQ(test, oid_query(ad, vc, OID_GEN_CO_XMIT_PDUS_OK, &pdus,
					sizeof(pdus), &written),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, condis_oid_request(ad, NULL, &set),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ad->protocol_options), 1U);
}

/* ---- reset and VC operations ---- */

/*
 * VC operations started during a reset wait for it: none reaches the
 * miniport before the reset is over, and each then goes through.
 */
static void reset_vc_ops_wait(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct fake_op *reset, *act, *deact, *create;
	struct condis_vc_params p, q;
	struct condis_vc *c, *a, *vc;

	c = fake_create(test, 330, &p);
	a = fake_active(test, 331, &q);
	reset = fake_reset_pending(test);

	fake_start(test, c, op_activate, &p, 0, &act);
	fake_start(test, a, op_deactivate, NULL, 0, &deact);
	create = fake_op_alloc(test, NULL, op_create);
	fake_params(&create->params, 0, 332, TXRX, 0);
	fake_op_start(test, create);
	/* All three are queued on the reset. */
	KUNIT_EXPECT_TRUE(test, fake_poll(nr_rwsem_waiters(&ad->ops_rwsem) >= 3));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), 2);
	KUNIT_EXPECT_FALSE(test, completion_done(&act->done));
	KUNIT_EXPECT_FALSE(test, completion_done(&deact->done));
	KUNIT_EXPECT_FALSE(test, completion_done(&create->done));
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);

	condis_reset_complete(ad, NDIS_STATUS_SUCCESS);
	fake_op_wait(test, reset);
	KUNIT_EXPECT_EQ(test, reset->err, 0);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, act), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, deact), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_DEACTIVATED);
	vc = op_created(test, create);
	KUNIT_EXPECT_FALSE_MSG(test, IS_ERR(vc), "create: %ld", PTR_ERR(vc));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->reset_bad_entry), 0);
}

/*
 * The VC table's reset column: CREATED, ACTIVE and DEACTIVATED VCs are
 * unchanged (an ACTIVE one re-programmed by the miniport); a pending
 * activation or deactivation is finished before the miniport resets.
 */
static void reset_vc_table(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct pending_pair pp;
	struct condis_vc *c, *a, *d;
	struct condis_vc_params p;
	struct fake_op *reset;
	int n_act, n_deact, n_del;

	c = fake_create(test, 340, &p);
	a = fake_active(test, 341, &p);
	d = fake_deactivated(test, 342, &p);
	start_pending_pair(test, 343, &pp);
	n_act = atomic_read(&mp->n_activate);
	n_deact = atomic_read(&mp->n_deactivate);
	n_del = atomic_read(&mp->n_delete);

	reset = fake_op_alloc(test, NULL, op_reset);
	fake_op_start(test, reset);
	/* The reset queues behind the two pending operations. */
	KUNIT_EXPECT_TRUE(test, fake_poll(nr_rwsem_waiters(&ad->ops_rwsem) >= 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 0);
	finish_activation(test, &pp);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 0);
	finish_deactivation(test, &pp);
	fake_op_wait(test, reset);
	KUNIT_EXPECT_EQ(test, reset->err, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 1);

	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, vc_state(d), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, vc_state(pp.ing), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, vc_state(pp.ding), CONDIS_VC_DEACTIVATED);
	/* The two ACTIVE at reset time; the shim itself ran no VC operation. */
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reprogram), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), n_act);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), n_deact);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), n_del);
	KUNIT_EXPECT_EQ(test, nr_vcs(ad), 5U);
}

/*
 * Operations abandoned by their bounded waits are finished by the
 * miniport's reset (activation fails, deactivation succeeds); the shim's
 * clean-up then deletes both VCs, after the reset.
 */
static void reset_finishes_abandoned_ops(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct condis_vc *x, *y;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	x = fake_create(test, 350, &p);
	fake_hold(test, x);
	fv_of(x)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(x, &p), NDIS_STATUS_PENDING);
	y = fake_active(test, 351, &p);
	fake_hold(test, y);
	fv_of(y)->deact_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(y), NDIS_STATUS_PENDING);
	KUNIT_EXPECT_TRUE(test, vc_abandoned(x));
	KUNIT_EXPECT_TRUE(test, vc_abandoned(y));
	ill = illegal_ops(ad);

	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	flush_work(&x->cleanup_work);
	flush_work(&y->cleanup_work);
	KUNIT_EXPECT_TRUE(test, x->deleted);
	KUNIT_EXPECT_TRUE(test, y->deleted);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, nr_vcs(ad), 0U);
	KUNIT_EXPECT_EQ(test, illegal_ops(ad), ill);
}

/* A VC the miniport cannot re-program is closed; only its socket hears. */
static void reset_vc_not_reprogrammed(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct fake_sock *sa, *sb;
	struct condis_vc *a, *b;

	a = fake_active(test, 360, &p);
	sa = fake_sock(test, a, 1, 100);
	fake_sock_bind(test, sa, a);
	b = fake_active(test, 361, &p);
	sb = fake_sock(test, b, 1, 100);
	fake_sock_bind(test, sb, b);
	fv_of(a)->reprogram_fails = true;

	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reprogram), 1);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_DEACTIVATED);
	expect_released(test, sa, ECONNRESET);
	KUNIT_EXPECT_EQ(test, vc_state(b), CONDIS_VC_ACTIVE);
	expect_untouched(test, sb);
	KUNIT_EXPECT_EQ(test, fake_send_one(sa, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&sa->popped[0]), 1);
	expect_send_works(test, sb, 0);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 0ULL);
}

/* ---- failed resets ---- */

/*
 * A reset that finds the device dead halts every VC through the miniport
 * (EIO to each socket) and refuses new VCs until a reset succeeds.
 */
static void reset_hard_errors_halts_vcs(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc *a, *b, *c, *d, *vc;
	struct condis_vc_params p;
	struct fake_sock *sa, *sb;
	int n_deact;

	a = fake_active(test, 370, &p);
	sa = fake_sock(test, a, 1, 100);
	fake_sock_bind(test, sa, a);
	b = fake_active(test, 371, &p);
	sb = fake_sock(test, b, 1, 100);
	fake_sock_bind(test, sb, b);
	c = fake_create(test, 372, &p);
	fake_hold(test, c);
	d = fake_deactivated(test, 373, &p);
	fake_hold(test, d);
	n_deact = atomic_read(&mp->n_deactivate);
	KUNIT_EXPECT_EQ(test, fake_send_one(sa, 0), 0);

	mp->reset_status = NDIS_STATUS_HARD_ERRORS;
	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&sa->popped[0]), 1);
	/* The two ACTIVE ones deactivated, all four deleted, once each. */
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), n_deact + 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
	KUNIT_EXPECT_EQ(test, nr_vcs(ad), 0U);
	KUNIT_EXPECT_TRUE(test, a->deleted && b->deleted && c->deleted &&
			  d->deleted);
	expect_released(test, sa, EIO);
	expect_released(test, sb, EIO);
	KUNIT_EXPECT_EQ(test, fake_send_one(sb, 0), -ENOTCONN);
	KUNIT_EXPECT_FALSE(test, ad_resetting(ad));
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 1ULL);

	fake_params(&p, 0, 374, TXRX, 0);
	vc = condis_vc_create(ad, NULL, &p);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), 4);
	KUNIT_EXPECT_EQ(test, hw_status(ad), CONDIS_HARDWARE_STATUS_NOT_READY);

	/* A reset that succeeds brings the adapter back. */
	mp->reset_status = NDIS_STATUS_SUCCESS;
	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	KUNIT_EXPECT_EQ(test, hw_status(ad), CONDIS_HARDWARE_STATUS_READY);
	fake_active(test, 374, &p);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 1ULL);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->resets), 2ULL);
}

/* A pending reset that never completes counts as a failed one. */
static void reset_timeout_halts_vcs(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct condis_vc *a, *c, *vc;
	struct fake_sock *sa;

	condis_reset_timeout_ms = FAKE_SHORT_MS;
	a = fake_active(test, 380, &p);
	sa = fake_sock(test, a, 1, 100);
	fake_sock_bind(test, sa, a);
	c = fake_create(test, 381, &p);
	fake_hold(test, c);

	mp->reset_mode = FAKE_PEND;	/* and never completed */
	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 2);
	KUNIT_EXPECT_EQ(test, nr_vcs(ad), 0U);
	expect_released(test, sa, EIO);
	fake_params(&p, 0, 382, TXRX, 0);
	vc = condis_vc_create(ad, NULL, &p);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EIO);
	KUNIT_EXPECT_EQ(test, hw_status(ad), CONDIS_HARDWARE_STATUS_NOT_READY);

	mp->reset_mode = FAKE_SYNC;
	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	fake_create(test, 382, &p);
	KUNIT_EXPECT_EQ(test, hw_status(ad), CONDIS_HARDWARE_STATUS_READY);
}

/*
 * A VC create that waited for a reset which then failed is refused with
 * EIO, like any create after it: the device is dead. Halt is held on an
 * existing VC's deactivation meanwhile, so the create cannot slip in
 * after the halt either.
 */
static void reset_fails_waiting_create_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct fake_op *reset, *create;
	struct condis_vc_params p;
	struct condis_vc *x, *vc;

	x = fake_active(test, 390, &p);
	fake_hold(test, x);
	fv_of(x)->deact_mode = FAKE_PEND;
	reset = fake_reset_pending(test);
	create = fake_op_alloc(test, NULL, op_create);
	fake_params(&create->params, 0, 391, TXRX, 0);
	fake_op_start(test, create);
	KUNIT_EXPECT_TRUE(test, fake_poll(nr_rwsem_waiters(&ad->ops_rwsem) >= 1));

	condis_reset_complete(ad, NDIS_STATUS_HARD_ERRORS);
	/* Halt is at x, waiting for its deactivation. */
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->deactivate_called));
	vc = op_created(test, create);
	KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(vc), -EIO,
			    "a VC was created on a device its reset found dead");

	WRITE_ONCE(fv_of(x)->deactivating, false);
	condis_deactivate_vc_complete(x, NDIS_STATUS_SUCCESS);
	fake_op_wait(test, reset);
	KUNIT_EXPECT_EQ(test, reset->err, -EIO);
	KUNIT_EXPECT_EQ(test, nr_vcs(ad), 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
}

/* SOFT_ERRORS, here from a completion by a work item, is a success. */
static void reset_soft_errors_is_success(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_active(test, 395, &p);
	mp->reset_mode = FAKE_PEND_WORK;
	mp->reset_status = NDIS_STATUS_SOFT_ERRORS;
	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 0ULL);
	KUNIT_EXPECT_EQ(test, hw_status(ad), CONDIS_HARDWARE_STATUS_READY);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
}

/* ---- per-VC status ---- */

/*
 * CLOSING on an ACTIVE VC: DEACTIVATED without a call into the miniport,
 * its rate released, its socket (only) closed with ECONNRESET.
 */
static void vc_status_closing_active(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params pa, pb, pc;
	struct condis_vc *a, *b, *c;
	struct fake_sock *sa, *sb;
	u64 ill, cnt;

	/* a reserves the whole link. */
	fake_params(&pa, 0, 400, TXRX, ATM_OC3_PCR);
	pa.tx.service = NDIS_ATM_SERVICE_CATEGORY_CBR;
	a = condis_vc_create(ad, NULL, &pa);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_EQ(test, condis_vc_activate(a, &pa), NDIS_STATUS_SUCCESS);
	sa = fake_sock(test, a, 1, 100);
	fake_sock_bind(test, sa, a);
	b = fake_active(test, 401, &pb);
	sb = fake_sock(test, b, 1, 100);
	fake_sock_bind(test, sb, b);
	pc = pa;
	pc.vci = 402;
	c = condis_vc_create(ad, NULL, &pc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, condis_vc_activate(c, &pc),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	ill = illegal_ops(ad);
	cnt = ad_read(ad, &ad->status_count);

	/* From BH context, as a miniport's interrupt bottom half. */
	local_bh_disable();
	condis_indicate_vc_status(a, NDIS_STATUS_CLOSING);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, illegal_ops(ad), ill);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->status_count), cnt + 1);
	expect_released(test, sa, ECONNRESET);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	/* Its rate is free again. */
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reserved_rate), 0ULL);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(c, &pc), NDIS_STATUS_SUCCESS);
	/* No send on it; the other VC and its socket carry on. */
	KUNIT_EXPECT_EQ(test, fake_send_one(sa, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&sa->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_EQ(test, vc_state(b), CONDIS_VC_ACTIVE);
	expect_untouched(test, sb);
	expect_send_works(test, sb, 0);

	/* Its socket's close: deactivate is the no-op, delete reaches it. */
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(a), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(a), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, illegal_ops(ad), ill);
}

/* CLOSING on a VC that is not ACTIVE is refused and counted. */
static void vc_status_closing_not_active(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc *c, *d, *vcs[4];
	struct condis_vc_params p;
	struct pending_pair pp;
	struct fake_sock *sc;
	u64 ill, cnt;
	int i;

	c = fake_create(test, 410, &p);
	sc = fake_sock(test, c, 1, 100);
	fake_sock_bind(test, sc, c);
	d = fake_deactivated(test, 411, &p);
	start_pending_pair(test, 412, &pp);

	vcs[0] = c;
	vcs[1] = d;
	vcs[2] = pp.ing;
	vcs[3] = pp.ding;
	for (i = 0; i < ARRAY_SIZE(vcs); i++) {
		enum condis_vc_state st = vc_state(vcs[i]);

		ill = illegal_ops(ad);
		condis_indicate_vc_status(vcs[i], NDIS_STATUS_CLOSING);
		KUNIT_EXPECT_EQ_MSG(test, illegal_ops(ad), ill + 1, "state %d",
				    st);
		KUNIT_EXPECT_EQ(test, vc_state(vcs[i]), st);
	}
	expect_untouched(test, sc);

	/* The pending operations still finish normally. */
	finish_activation(test, &pp);
	finish_deactivation(test, &pp);

	/* Any other status on an ACTIVE VC is counted, and nothing else. */
	ill = illegal_ops(ad);
	cnt = ad_read(ad, &ad->status_count);
	condis_indicate_vc_status(pp.ing, NDIS_STATUS_MEDIA_DISCONNECT);
	KUNIT_EXPECT_EQ(test, vc_state(pp.ing), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, illegal_ops(ad), ill);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->status_count), cnt + 1);
}

/* ---- reset requests ---- */

/*
 * condis_request_reset() runs a reset from a work item; requests while it
 * runs are merged into it.
 */
static void request_reset_runs_once(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;

	vc = fake_active(test, 420, &p);
	s = fake_sock(test, vc, 2, 100);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	mp->reset_mode = FAKE_PEND;
	condis_request_reset(ad);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->reset_called));
	KUNIT_EXPECT_TRUE(test, ad_resetting(ad));
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	condis_request_reset(ad);
	condis_request_reset(ad);
	condis_reset_complete(ad, NDIS_STATUS_SUCCESS);
	flush_work(&ad->reset_work);
	KUNIT_EXPECT_FALSE(test, ad_resetting(ad));
	KUNIT_EXPECT_FALSE(test, work_pending(&ad->reset_work));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 1);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->resets), 1ULL);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);

	/* A request from BH context, the fake completing from a work item. */
	mp->reset_mode = FAKE_PEND_WORK;
	local_bh_disable();
	condis_request_reset(ad);
	local_bh_enable();
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->reset_called));
	flush_work(&ad->reset_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 2);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->resets), 2ULL);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->reset_failures), 0ULL);
	expect_send_works(test, s, 1);
}

/* A miniport without a reset handler: nothing happens, -EOPNOTSUPP. */
static void reset_not_supported(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_miniport_ops *ops;
	struct condis_adapter *ad;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;

	ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	*ops = fake_ops;
	ops->reset = NULL;
	condis_unregister_adapter(mp->ad);
	mp->ad = NULL;
	ad = condis_register_adapter(ops, &mp->info, mp);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ad));
	mp->ad = ad;

	vc = fake_active(test, 430, &p);
	s = fake_sock(test, vc, 1, 100);
	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, ad->dev->ops->ioctl(ad->dev, CONDIS_IOC_RESET,
						  NULL), -EOPNOTSUPP);
	condis_request_reset(ad);
	flush_work(&ad->reset_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 0);
	KUNIT_EXPECT_EQ(test, ad_read(ad, &ad->resets), 0ULL);
	KUNIT_EXPECT_FALSE(test, ad_resetting(ad));
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	expect_send_works(test, s, 0);
}

static struct kunit_case condis_reset_cases[] = {
	KUNIT_CASE(reset_completes_held_sends),
	KUNIT_CASE(reset_send_during_reset_dropped),
	KUNIT_CASE(reset_oid_request_refused),
	KUNIT_CASE(reset_vc_ops_wait),
	KUNIT_CASE(reset_vc_table),
	KUNIT_CASE(reset_finishes_abandoned_ops),
	KUNIT_CASE(reset_vc_not_reprogrammed),
	KUNIT_CASE(reset_hard_errors_halts_vcs),
	KUNIT_CASE(reset_timeout_halts_vcs),
	KUNIT_CASE(reset_fails_waiting_create_refused),
	KUNIT_CASE(reset_soft_errors_is_success),
	KUNIT_CASE(vc_status_closing_active),
	KUNIT_CASE(vc_status_closing_not_active),
	KUNIT_CASE(request_reset_runs_once),
	KUNIT_CASE(reset_not_supported),
	{}
};

static struct kunit_suite condis_reset_suite = {
	.name = "condis_reset",
	.init = fake_init,
	.exit = fake_exit,
	.test_cases = condis_reset_cases,
};

kunit_test_suite(condis_reset_suite);

MODULE_DESCRIPTION("KUnit tests for the CoNDIS shim's adapter reset and per-VC status");
MODULE_LICENSE("GPL");

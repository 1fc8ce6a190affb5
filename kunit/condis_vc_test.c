// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CoNDIS shim's VC state machine (create, activate, deactivate,
 * delete, their completions and bounded waits), its send path and halt,
 * driven by a fake miniport whose handlers each test sets up: they
 * succeed, fail or pend, and a pending operation is completed by the test
 * thread, a kthread, a work item, or never.
 *
 * Cases are named after the cell of the VC state table
 * (condis-semantics.md) they check.
 */

#include "condis_fake_mp.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/*
 * Complete the activation once op->waiters tasks wait for it: the last
 * of them is halt (condis_halt_vcs() waits for a busy, abandoned VC).
 */
static u32 op_complete_when_halt_waits(struct fake_op *op)
{
	if (!fake_poll(nr_waiters(&op->vc->op_done) >= op->waiters))
		return NDIS_STATUS_FAILURE;
	condis_activate_vc_complete(op->vc, NDIS_STATUS_SUCCESS);
	return NDIS_STATUS_SUCCESS;
}

/*
 * Send skbs [from, to); signal progress a few sends in. The pause between
 * sends only widens the window in which they race a deactivation; the
 * checks do not depend on how the race turns out.
 */
static u32 op_sender(struct fake_op *op)
{
	int i;

	for (i = op->from; i < op->to; i++) {
		fake_send_one(op->sock, i);
		if (i == op->from + 4)
			complete(&op->progress);
		usleep_range(50, 100);
	}
	complete(&op->progress);
	return 0;
}

/* Send skb op->from of op->sock; its return value in op->err. */
static u32 op_send_one(struct fake_op *op)
{
	op->err = fake_send_one(op->sock, op->from);
	return 0;
}

/* ---- create ---- */

static void create_vpi_vci_clash(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, q;
	struct condis_vc *vc;

	fake_create(test, 100, &p);
	fake_params(&q, 0, 100, CONDIS_VC_TRANSMIT, 0);
	vc = condis_vc_create(mp->ad, NULL, &q);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EADDRINUSE);
	fake_params(&q, 0, 100, CONDIS_VC_RECEIVE, 0);
	vc = condis_vc_create(mp->ad, NULL, &q);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EADDRINUSE);
	fake_params(&q, 0, 100, TXRX, 0);
	vc = condis_vc_create(mp->ad, NULL, &q);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EADDRINUSE);
	/* The miniport never heard of the refused ones. */
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), 1);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 1U);
	/* Same VCI on another VPI is another VC. */
	fake_params(&q, 1, 100, TXRX, 0);
	vc = condis_vc_create(mp->ad, NULL, &q);
	KUNIT_EXPECT_FALSE(test, IS_ERR(vc));
}

static void create_tx_only_rx_only_share(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *tx, *rx, *vc;
	struct condis_vc_params p;

	fake_params(&p, 0, 101, CONDIS_VC_TRANSMIT, 0);
	tx = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_FALSE(test, IS_ERR(tx));
	fake_params(&p, 0, 101, CONDIS_VC_RECEIVE, 0);
	rx = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_FALSE(test, IS_ERR(rx));
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 2U);
	/* Either direction again clashes. */
	fake_params(&p, 0, 101, CONDIS_VC_TRANSMIT, 0);
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EADDRINUSE);
	fake_params(&p, 0, 101, CONDIS_VC_RECEIVE, 0);
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -EADDRINUSE);
	/* Both activate. */
	if (!IS_ERR(tx) && !IS_ERR(rx)) {
		fake_params(&p, 0, 101, CONDIS_VC_TRANSMIT, 0);
		KUNIT_EXPECT_EQ(test, condis_vc_activate(tx, &p),
				NDIS_STATUS_SUCCESS);
		fake_params(&p, 0, 101, CONDIS_VC_RECEIVE, 0);
		KUNIT_EXPECT_EQ(test, condis_vc_activate(rx, &p),
				NDIS_STATUS_SUCCESS);
	}
}

static void create_max_vcs(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *vcs[FAKE_MAX_VCS], *vc;
	struct condis_vc_params p;
	int i;

	for (i = 0; i < FAKE_MAX_VCS; i++)
		vcs[i] = fake_create(test, 200 + i, &p);
	fake_params(&p, 0, 300, TXRX, 0);
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), FAKE_MAX_VCS);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), (unsigned int)FAKE_MAX_VCS);
	/* Deleting one makes room. */
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vcs[0]), NDIS_STATUS_SUCCESS);
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_FALSE(test, IS_ERR(vc));
}

static void create_miniport_fails(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	fake_params(&p, 0, 110, TXRX, 0);
	mp->create_status = NDIS_STATUS_RESOURCES;
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
	spin_lock_bh(&mp->ad->lock);
	KUNIT_EXPECT_TRUE(test, list_empty(&mp->ad->vcs));
	spin_unlock_bh(&mp->ad->lock);
	/* Nothing left behind: the same VPI/VCI is free. */
	mp->create_status = NDIS_STATUS_SUCCESS;
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_EXPECT_FALSE(test, IS_ERR(vc));
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 1U);
}

/* ---- CREATED ---- */

static void created_activate_sync(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_create(test, 120, &p);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_CREATED);
	p.tx.pcr = 4242;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
	KUNIT_EXPECT_EQ(test, mp->last_params.tx.pcr, 4242U);
	KUNIT_EXPECT_EQ(test, mp->last_params.vci, 120U);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 4242U);
}

/* condis_vc_activate waits; a kthread completes the activation. */
static void created_activate_pending_kthread(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_op *op;

	vc = fake_create(test, 121, &p);
	fv_of(vc)->act_mode = FAKE_PEND;
	fake_start(test, vc, op_complete_activation, NULL, NDIS_STATUS_SUCCESS,
		   &op);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_FALSE(test, vc_abandoned(vc));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
}

/* The fake completes the activation from a work item. */
static void created_activate_pending_work(struct kunit *test)
{
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_create(test, 122, &p);
	fv_of(vc)->act_mode = FAKE_PEND_WORK;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	/* A pending failure comes back as the status; the VC stays CREATED. */
	vc = fake_create(test, 123, &p);
	fv_of(vc)->act_mode = FAKE_PEND_WORK;
	fv_of(vc)->act_status = NDIS_STATUS_CELLRATE_NOT_AVAILABLE;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_CREATED);
}

static void created_activate_fails(struct kunit *test)
{
	static const u32 errs[] = {
		NDIS_STATUS_INVALID_DATA,
		NDIS_STATUS_RESOURCES,
		NDIS_STATUS_CELLRATE_NOT_AVAILABLE,
	};
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_op *op;
	int i;

	vc = fake_create(test, 124, &p);
	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		fv_of(vc)->act_status = errs[i];
		KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), errs[i]);
		KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_CREATED);
	}
	/* Same, pending, completed from a kthread. */
	fv_of(vc)->act_mode = FAKE_PEND;
	reinit_completion(&mp->activate_called);
	fake_start(test, vc, op_complete_activation, NULL,
		   NDIS_STATUS_INVALID_DATA, &op);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p),
			NDIS_STATUS_INVALID_DATA);
	fake_op_wait(test, op);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 4);
	/* Still a usable CREATED VC. */
	fv_of(vc)->act_mode = FAKE_SYNC;
	fv_of(vc)->act_status = NDIS_STATUS_SUCCESS;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
}

static void created_deactivate_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	vc = fake_create(test, 125, &p);
	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_CREATED);
}

static void created_delete(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	vc = fake_create(test, 126, &p);
	fake_hold(test, vc);
	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
	/* Gone: a second delete is refused and the miniport not called. */
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 1);
}

/* ---- ACTIVATING ---- */

static void activating_ops_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct fake_op *op;
	u64 ill;

	vc = fake_create(test, 130, &p);
	s = fake_sock(test, vc, 1, 100);
	fv_of(vc)->act_mode = FAKE_PEND;
	fake_start(test, vc, op_activate, &p, 0, &op);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->activate_called));
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVATING);

	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVATING);
	/* No send while activating. */
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);

	/* Completed from the test thread while the kthread waits. */
	condis_activate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
}

/* The same refusals on a VC stuck ACTIVATING after its wait expired. */
static void activating_abandoned_ops_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_create(test, 131, &p);
	fv_of(vc)->act_mode = FAKE_PEND;	/* and never completed */
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVATING);
	KUNIT_EXPECT_TRUE(test, vc_abandoned(vc));

	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVATING);

	/* Halt still gets rid of it. */
	fake_unregister(mp);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
}

/* ---- ACTIVE ---- */

static void active_reactivate_new_params(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_active(test, 140, &p);
	p.tx.pcr = 2000;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 2000U);
	KUNIT_EXPECT_EQ(test, mp->last_params.tx.pcr, 2000U);
	/* Pending, completed by a work item. */
	fv_of(vc)->act_mode = FAKE_PEND_WORK;
	p.tx.pcr = 3000;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 3000U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 3);
}

static void active_reactivate_fails_keeps_old(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, q;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct fake_op *op;

	vc = fake_active(test, 141, &p);	/* PCR 1000 */
	s = fake_sock(test, vc, 1, 100);
	q = p;
	q.tx.pcr = 999999;
	fv_of(vc)->act_status = NDIS_STATUS_CELLRATE_NOT_AVAILABLE;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &q),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 1000U);

	/* Pending, refused later from a kthread. */
	fv_of(vc)->act_mode = FAKE_PEND;
	reinit_completion(&mp->activate_called);
	fake_start(test, vc, op_complete_activation, NULL,
		   NDIS_STATUS_INVALID_DATA, &op);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &q),
			NDIS_STATUS_INVALID_DATA);
	fake_op_wait(test, op);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 1000U);

	/* Still usable: a send goes through. */
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 1);
	condis_send_complete(vc, skb_dequeue(&mp->sent), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
}

/*
 * The miniport may write the granted rates back into the parameters
 * (condis.h, activate_vc; condis-semantics.md: "the rates are rounded
 * and written back"): they are then the ones in force.
 */
static void active_granted_params_written_back(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_create(test, 142, &p);
	p.flags |= CONDIS_ROUND_DOWN_FLOW;
	p.tx.pcr = ATM_OC3_PCR * 2;
	fv_of(vc)->grant_pcr = ATM_OC3_PCR;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, mp->last_params.tx.pcr, ATM_OC3_PCR * 2U);
	KUNIT_EXPECT_EQ_MSG(test, condis_vc_params(vc)->tx.pcr, ATM_OC3_PCR,
			    "granted PCR not in force");
	/* Same through a pending re-activation. */
	fv_of(vc)->act_mode = FAKE_PEND_WORK;
	fv_of(vc)->grant_pcr = ATM_OC3_PCR / 2;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ_MSG(test, condis_vc_params(vc)->tx.pcr,
			    ATM_OC3_PCR / 2, "granted PCR not in force");
}

static void active_delete_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	vc = fake_active(test, 143, &p);
	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 1U);
}

static void active_deactivate_sync(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	vc = fake_active(test, 144, &p);
	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
}

static void active_deactivate_pending_work(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_active(test, 145, &p);
	fv_of(vc)->deact_mode = FAKE_PEND_WORK;
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_FALSE(test, vc_abandoned(vc));
}

/* ---- DEACTIVATING ---- */

static void deactivating_ops_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct fake_op *op;
	u64 ill;

	vc = fake_active(test, 150, &p);
	s = fake_sock(test, vc, 1, 100);
	fv_of(vc)->deact_mode = FAKE_PEND;
	fake_start(test, vc, op_deactivate, NULL, 0, &op);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->deactivate_called));
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);

	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);
	/* No new send. */
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);

	condis_deactivate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
}

/* ---- DEACTIVATED ---- */

static void deactivated_reactivate(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_deactivated(test, 160, &p);
	p.tx.pcr = 7777;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 7777U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), 2);
	/* And the cycle again, pending both ways. */
	fv_of(vc)->deact_mode = FAKE_PEND_WORK;
	fv_of(vc)->act_mode = FAKE_PEND_WORK;
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
}

static void deactivated_deactivate_noop(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	vc = fake_deactivated(test, 161, &p);
	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
}

static void deactivated_delete(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_deactivated(test, 162, &p);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
}

/*
 * condis_activate_vc_complete()'s kernel-doc: "On failure a new VC goes
 * back to CREATED (or DEACTIVATED)": a DEACTIVATED VC whose re-activation
 * fails is still DEACTIVATED, so deactivating it is still the no-op.
 */
static void deactivated_activate_fails_stays_deactivated(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	vc = fake_deactivated(test, 163, &p);
	fv_of(vc)->act_status = NDIS_STATUS_INVALID_DATA;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p),
			NDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ_MSG(test, vc_state(vc), CONDIS_VC_DEACTIVATED,
			    "failed re-activation left the VC in state %d",
			    vc_state(vc));
	ill = illegal_ops(mp->ad);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_SUCCESS);
}

/* ---- completions in the wrong state ---- */

static void completion_wrong_state_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, pa, pd;
	struct condis_vc *c, *a, *d;
	u64 ill;

	c = fake_create(test, 170, &p);
	a = fake_active(test, 171, &pa);	/* PCR 1000 */
	d = fake_deactivated(test, 172, &pd);
	ill = illegal_ops(mp->ad);

	condis_activate_vc_complete(c, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_CREATED);
	condis_deactivate_vc_complete(c, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 2);

	condis_activate_vc_complete(a, NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, 1000U);
	condis_deactivate_vc_complete(a, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 4);

	condis_activate_vc_complete(d, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(d), CONDIS_VC_DEACTIVATED);
	condis_deactivate_vc_complete(d, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(d), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 6);

	/* A duplicate completion after the real one. */
	fv_of(c)->act_mode = FAKE_PEND_WORK;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(c, &p), NDIS_STATUS_SUCCESS);
	condis_activate_vc_complete(c, NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 7);
	/* The shim's own operations still work on all three. */
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(a), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(d), NDIS_STATUS_SUCCESS);
}

/* ---- change_qos: changes of an active VC through its socket ---- */

/* UBR both ways with a TX PCR cap of @pcr, as SO_ATMQOS passes it. */
static void ubr_qos(struct atm_qos *qos, int pcr)
{
	memset(qos, 0, sizeof(*qos));
	qos->aal = ATM_AAL5;
	qos->txtp.traffic_class = ATM_UBR;
	qos->txtp.max_pcr = pcr;
	qos->txtp.max_sdu = 1500;
	qos->rxtp.traffic_class = ATM_UBR;
	qos->rxtp.max_sdu = 1500;
}

static int change_qos(struct fake_sock *s, int pcr)
{
	struct atm_qos qos;

	ubr_qos(&qos, pcr);
	return s->vcc.dev->ops->change_qos(&s->vcc, &qos, ATM_MF_SET);
}

/* An ACTIVE VC (PCR 1000) whose socket @sp is bound to it. */
static struct condis_vc *qos_vc(struct kunit *test, u32 vci,
				struct fake_sock **sp)
{
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_active(test, vci, &p);
	*sp = fake_sock(test, vc, 1, 100);
	(*sp)->vcc.vci = vci;
	fake_sock_bind(test, *sp, vc);
	return vc;
}

/*
 * A change whose wait expires leaves the VC with its socket: not torn
 * down, no error on the socket; the late completion applies the change.
 * A second change meanwhile is refused.
 */
static void change_timeout_late_success(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s;
	struct condis_vc *vc;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	vc = qos_vc(test, 190, &s);
	KUNIT_EXPECT_EQ(test, change_qos(s, 2000), 0);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 2000U);

	fv_of(vc)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, change_qos(s, 3000), -ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, vc_abandoned(vc));
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVATING);
	KUNIT_EXPECT_EQ(test, change_qos(s, 4000), -EBUSY);
	ill = illegal_ops(mp->ad);

	condis_activate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	flush_work(&vc->cleanup_work);	/* a tear-down would be done now */
	/* Not on: the sends below need the VC and its miniport context. */
	KUNIT_ASSERT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 3000U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 1U);
	KUNIT_EXPECT_PTR_EQ(test, vc->vcc, &s->vcc);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->state_changes), 0);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
	/* Still usable. */
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 1);
	fake_complete(vc, skb_dequeue(&mp->sent), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
}

/* A change whose wait expires and then fails: the old QoS, VC kept. */
static void change_timeout_late_failure(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s;
	struct condis_vc *vc;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	vc = qos_vc(test, 191, &s);
	fv_of(vc)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, change_qos(s, 3000), -ETIMEDOUT);

	condis_activate_vc_complete(vc, NDIS_STATUS_RESOURCES);
	flush_work(&vc->cleanup_work);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(vc)->tx.pcr, 1000U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	KUNIT_EXPECT_PTR_EQ(test, vc->vcc, &s->vcc);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->state_changes), 0);
}

/*
 * The socket of a VC whose change still pends closes: close returns at
 * once, the VC forgets the socket, and the late completion takes the VC
 * down (deactivate, delete) without an illegal operation.
 */
static void change_timeout_then_close(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s;
	struct condis_vc *vc;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	vc = qos_vc(test, 192, &s);
	fv_of(vc)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, change_qos(s, 3000), -ETIMEDOUT);
	ill = illegal_ops(mp->ad);

	condis_vc_get(vc);		/* the socket's, as condis_open() */
	s->vcc.dev->ops->close(&s->vcc);
	KUNIT_EXPECT_NULL(test, s->vcc.dev_data);
	KUNIT_EXPECT_NULL(test, vc->vcc);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);

	condis_activate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->delete_called));
	flush_work(&vc->cleanup_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
}

/*
 * A VC the miniport dropped (CLOSING after a reset: DEACTIVATED, its
 * socket got ECONNRESET) is not brought back by a change of its QoS.
 */
static void change_dropped_vc_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s;
	struct condis_vc *vc;
	int calls;

	vc = qos_vc(test, 193, &s);
	condis_indicate_vc_status(vc, NDIS_STATUS_CLOSING);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->state_changes), 1);
	calls = atomic_read(&mp->n_activate);

	KUNIT_EXPECT_EQ(test, change_qos(s, 2000), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), calls);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -ENOTCONN);
}

/* ---- bounded waits ---- */

/* Timed-out activation completed later with SUCCESS: torn down. */
static void activating_timeout_late_success(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_create(test, 180, &p);
	fake_hold(test, vc);
	fv_of(vc)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVATING);
	KUNIT_EXPECT_TRUE(test, vc_abandoned(vc));
	ill = illegal_ops(mp->ad);

	condis_activate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->delete_called));
	flush_work(&vc->cleanup_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
	KUNIT_EXPECT_TRUE(test, vc->deleted);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
}

/* Timed-out activation that then fails: deleted, never deactivated. */
static void activating_timeout_late_failure(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_create(test, 181, &p);
	fake_hold(test, vc);
	fv_of(vc)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_PENDING);
	ill = illegal_ops(mp->ad);

	condis_activate_vc_complete(vc, NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->delete_called));
	flush_work(&vc->cleanup_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
	KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill);
}

/*
 * Timed-out activation completed with SUCCESS, whose tear-down
 * deactivation times out too: its completion finishes the job.
 */
static void activating_timeout_then_deactivation_timeout(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_create(test, 182, &p);
	fake_hold(test, vc);
	fv_of(vc)->act_mode = FAKE_PEND;
	fv_of(vc)->deact_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_PENDING);

	condis_activate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->deactivate_called));
	/* The shim's work item gives up waiting and abandons it again. */
	KUNIT_EXPECT_TRUE(test, fake_poll(vc_abandoned(vc)));
	flush_work(&vc->cleanup_work);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);

	condis_deactivate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->delete_called));
	flush_work(&vc->cleanup_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
}

/* Timed-out deactivation: refusals meanwhile, then deleted. */
static void deactivating_timeout_late_completion(struct kunit *test)
{
	static const u32 late[] = { NDIS_STATUS_SUCCESS, NDIS_STATUS_FAILURE };
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 ill;
	int i;

	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	for (i = 0; i < ARRAY_SIZE(late); i++) {
		vc = fake_active(test, 183 + i, &p);
		fake_hold(test, vc);
		fv_of(vc)->deact_mode = FAKE_PEND;
		KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc),
				NDIS_STATUS_PENDING);
		KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);
		KUNIT_EXPECT_TRUE(test, vc_abandoned(vc));
		ill = illegal_ops(mp->ad);
		KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p),
				NDIS_STATUS_FAILURE);
		KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc),
				NDIS_STATUS_FAILURE);
		KUNIT_EXPECT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_FAILURE);
		KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 3);

		condis_deactivate_vc_complete(vc, late[i]);
		KUNIT_EXPECT_TRUE(test, fake_called(&mp->delete_called));
		flush_work(&vc->cleanup_work);
		KUNIT_EXPECT_TRUE(test, vc->deleted);
		KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), i + 1);
		KUNIT_EXPECT_EQ(test, nr_vcs(mp->ad), 0U);
		KUNIT_EXPECT_EQ(test, illegal_ops(mp->ad), ill + 3);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 2);
}

/* ---- send ---- */

static void send_not_active_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *c, *d;
	struct fake_sock *sc, *sd;

	c = fake_create(test, 190, &p);
	d = fake_deactivated(test, 191, &p);
	sc = fake_sock(test, c, 1, 100);
	sd = fake_sock(test, d, 1, 100);
	KUNIT_EXPECT_EQ(test, fake_send_one(sc, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&sc->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&sc->stats.tx_err), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&sc->stats.tx), 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(sd, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&sd->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&sd->stats.tx_err), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	/* No VC at all (socket not connected). */
	sc = fake_sock(test, NULL, 1, 100);
	KUNIT_EXPECT_EQ(test, fake_send_one(sc, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&sc->popped[0]), 1);
}

static void send_bad_length_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc, *rx, *aal0;
	struct fake_sock *s;

	vc = fake_active(test, 192, &p);	/* tx.max_sdu 1500 */
	s = fake_sock(test, vc, 1, 1501);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 1);
	s = fake_sock(test, vc, 1, 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 1);
	/* Within the VC's max SDU but over the adapter's. */
	p.tx.max_sdu = 65535;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	s = fake_sock(test, vc, 1, 9189);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);

	/* A receive-only VC does not send. */
	fake_params(&p, 0, 193, CONDIS_VC_RECEIVE, 0);
	rx = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rx));
	KUNIT_EXPECT_EQ(test, condis_vc_activate(rx, &p), NDIS_STATUS_SUCCESS);
	s = fake_sock(test, rx, 1, 100);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);

	/* AAL0: one 52-byte cell, nothing else. */
	fake_params(&p, 0, 194, TXRX, 0);
	p.aal = NDIS_AAL_TYPE_AAL0;
	aal0 = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(aal0));
	KUNIT_EXPECT_EQ(test, condis_vc_activate(aal0, &p), NDIS_STATUS_SUCCESS);
	s = fake_sock(test, aal0, 1, ATM_CELL_PAYLOAD);
	s->vcc.qos.aal = ATM_AAL0;
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	s = fake_sock(test, aal0, 1, ATM_AAL0_SDU);
	s->vcc.qos.aal = ATM_AAL0;
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 1);
	condis_send_complete(aal0, skb_dequeue(&mp->sent), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
}

static void send_accepted_completes_once(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	vc = fake_active(test, 195, &p);
	s = fake_sock(test, vc, 2, 1500);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 1), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 2);
	/* Not given back before the miniport completes it. */
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 2);
	skb = skb_dequeue(&mp->sent);
	KUNIT_EXPECT_PTR_EQ(test, skb, s->skbs[0]);
	/* Completed from BH context, as a miniport's tx poll would. */
	local_bh_disable();
	condis_send_complete(vc, skb, NDIS_STATUS_SUCCESS);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 0);
	/* A failed send is given back too, and counted as an error. */
	skb = skb_dequeue(&mp->sent);
	KUNIT_EXPECT_PTR_EQ(test, skb, s->skbs[1]);
	condis_send_complete(vc, skb, NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[1]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops_unknown), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
}

/*
 * Sends in flight and racing a deactivation that pends: each skb is
 * given back exactly once, whether it was accepted (and completed by the
 * miniport from another thread) or refused.
 */
static void deactivating_sends_exactly_once(struct kunit *test)
{
	const int first = 16;
	struct fake_mp *mp = test->priv;
	struct fake_op *sender, *deact, *compl;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	int i, accepted = 0, refused = 0;

	vc = fake_active(test, 196, &p);
	s = fake_sock(test, vc, FAKE_MAX_SKBS, 64);
	fv_of(vc)->deact_mode = FAKE_PEND;
	/* In flight before the deactivation starts. */
	for (i = 0; i < first; i++)
		KUNIT_EXPECT_EQ(test, fake_send_one(s, i), 0);

	/* The rest race the deactivation. */
	sender = fake_op_alloc(test, vc, op_sender);
	sender->sock = s;
	sender->from = first;
	sender->to = FAKE_MAX_SKBS;
	fake_op_start(test, sender);
	KUNIT_EXPECT_TRUE(test, fake_called(&sender->progress));
	fake_start(test, vc, op_deactivate, NULL, 0, &deact);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->deactivate_called));
	fake_op_wait(test, sender);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);

	/* The miniport drains from another thread, then completes. */
	fake_start(test, vc, op_complete_sends, NULL, NDIS_STATUS_SUCCESS,
		   &compl);
	fake_op_wait(test, compl);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	condis_deactivate_vc_complete(vc, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, deact), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);

	for (i = 0; i < FAKE_MAX_SKBS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->popped[i]), 1,
				    "skb %d (ret %d) popped %d times", i,
				    s->ret[i], atomic_read(&s->popped[i]));
		if (!s->ret[i])
			accepted++;
		else if (s->ret[i] == -ENOTCONN)
			refused++;
	}
	KUNIT_EXPECT_EQ(test, accepted + refused, FAKE_MAX_SKBS);
	KUNIT_EXPECT_GE(test, accepted, first);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), accepted);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), accepted);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), refused);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops_unknown), 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mp->sent));
	kunit_info(test, "%d accepted, %d refused, %d reached the miniport after deactivate_vc\n",
		   accepted, refused, atomic_read(&mp->n_send_deactivating));
}

/*
 * A send still inside the miniport's send handler holds the deactivation
 * off: deactivate_vc is called only once that send returned, so the
 * miniport counts every send that saw the VC active before it drains.
 */
static void deactivate_waits_for_send_inside(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_op *sender, *deact;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	vc = fake_active(test, 197, &p);
	s = fake_sock(test, vc, 1, 64);
	WRITE_ONCE(mp->send_block, true);
	sender = fake_op_alloc(test, vc, op_send_one);
	sender->sock = s;
	fake_op_start(test, sender);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->send_entered));

	fake_start(test, vc, op_deactivate, NULL, 0, &deact);
	/* It waits for the send to leave, or (wrongly) calls the miniport. */
	KUNIT_EXPECT_TRUE(test,
			  fake_poll(completion_done(&mp->deactivate_called) ||
				    (vc_state(vc) == CONDIS_VC_DEACTIVATING &&
				     READ_ONCE(deact->task->__state) ==
				     TASK_UNINTERRUPTIBLE)));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 0);

	WRITE_ONCE(mp->send_release, true);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, sender), 0);
	KUNIT_EXPECT_EQ(test, sender->err, 0);
	/* Given back after deactivate_vc, as a draining NIC would. */
	skb = skb_dequeue(&mp->sent);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	condis_send_complete(vc, skb, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, deact), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->deact_with_send_inside), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
}

/* ---- halt ---- */

static void halt_takes_vcs_down(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *a, *c, *pend, *d;
	struct condis_vc_params p;

	a = fake_active(test, 200, &p);
	c = fake_create(test, 201, &p);
	pend = fake_active(test, 202, &p);
	fv_of(pend)->deact_mode = FAKE_PEND_WORK;
	d = fake_deactivated(test, 203, &p);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);

	fake_unregister(mp);
	/* Deactivated: the two ACTIVE ones; deleted: all four. */
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->after_unreg), 0);
}

/* A deactivation the miniport never completes does not block halt. */
static void halt_deactivation_never_completes(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_active(test, 204, &p);
	fv_of(vc)->deact_mode = FAKE_PEND;
	fake_unregister(mp);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
}

/*
 * A deactivation the miniport never completes, on a VC with sends still
 * in the miniport: halt resets the miniport, which completes them, and
 * deletes the VC only then (it once deleted it at once: the miniport
 * completed the sends into freed memory).
 */
static void halt_stuck_deactivation_completes_sends(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;

	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_active(test, 205, &p);
	s = fake_sock(test, vc, 2, 1500);
	fake_sock_bind(test, s, vc);
	fv_of(vc)->deact_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 1), 0);

	fake_unregister(mp);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->reset_bad_entry), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[1]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->delete_inflight), 0);
}

/*
 * Close of a socket whose VC's deactivation never completes, with sends
 * still in the miniport: close must not return while any of them can
 * still reach the socket (vcc->pop on a freed socket). It resets the
 * adapter, which completes them, and the VC is deleted after.
 */
static void close_stuck_deactivation_completes_sends(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *vc;
	struct fake_sock *s;

	condis_deactivate_timeout_ms = FAKE_SHORT_MS;
	s = fake_open_sock(test, 206, 2, 1500, &vc);
	fv_of(vc)->deact_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 1), 0);

	s->vcc.dev->ops->close(&s->vcc);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[1]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 1);
	KUNIT_EXPECT_PTR_EQ(test, s->vcc.dev_data, NULL);
	/* The late completion (the reset's) lets the VC be deleted. */
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->delete_called));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->live_ctx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->delete_inflight), 0);
}

static u32 op_close(struct fake_op *op)
{
	op->sock->vcc.dev->ops->close(&op->sock->vcc);
	return 0;
}

/*
 * The miniport closes a VC itself (CLOSING) while it still holds sends on
 * it; the socket's close must not delete the VC (and let the socket go)
 * before they are completed: their vcc->pop would reach a freed socket.
 */
static void closing_vc_close_waits_for_sends(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_op *closer;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	s = fake_open_sock(test, 207, 2, 1500, &vc);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 1), 0);
	condis_indicate_vc_status(vc, NDIS_STATUS_CLOSING);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);

	closer = fake_op_alloc(test, vc, op_close);
	closer->sock = s;
	fake_op_start(test, closer);
	/* It waits for the sends, or (wrongly) deletes the VC at once. */
	KUNIT_EXPECT_TRUE(test,
			  fake_poll(completion_done(&mp->delete_called) ||
				    READ_ONCE(closer->task->__state) ==
				    TASK_UNINTERRUPTIBLE));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 0);
	/* Not fake_complete(): the close may free the fake's VC at once. */
	while ((skb = skb_dequeue(&mp->sent)))
		condis_send_complete(vc, skb, NDIS_STATUS_SUCCESS);
	fake_op_wait(test, closer);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[1]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->delete_inflight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_reset), 0);
	KUNIT_EXPECT_PTR_EQ(test, s->vcc.dev_data, NULL);
}

/*
 * Complete the activation once unregister waits for it: a VC operation
 * holds the adapter's ops_rwsem for reading across its bounded wait, and
 * unregister takes it for writing before halting.
 */
static u32 op_complete_when_unregister_waits(struct fake_op *op)
{
	if (!fake_poll(nr_rwsem_waiters(&op->vc->ad->ops_rwsem) >= 1))
		return NDIS_STATUS_FAILURE;
	condis_activate_vc_complete(op->vc, NDIS_STATUS_SUCCESS);
	return NDIS_STATUS_SUCCESS;
}

/*
 * Unregister while a caller (an open) waits for an activation the
 * miniport then completes: unregister waits for it, and must go on as
 * soon as it is complete, not when a bounded wait expires.
 */
static void halt_waits_for_pending_activation(struct kunit *test)
{
	const unsigned int timeout_ms = 2000;
	struct fake_mp *mp = test->priv;
	struct fake_op *act, *compl;
	struct condis_vc_params p;
	struct condis_vc *vc;
	unsigned long t0;
	unsigned int ms;

	condis_deactivate_timeout_ms = timeout_ms;
	vc = fake_create(test, 205, &p);
	fake_hold(test, vc);
	fv_of(vc)->act_mode = FAKE_PEND;
	fake_start(test, vc, op_activate, &p, 0, &act);
	KUNIT_EXPECT_TRUE(test, fake_called(&mp->activate_called));
	compl = fake_op_alloc(test, vc, op_complete_when_unregister_waits);
	fake_op_start(test, compl);

	t0 = jiffies;
	fake_unregister(mp);
	ms = jiffies_to_msecs(jiffies - t0);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, compl), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, act), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_TRUE(test, vc->deleted);
	KUNIT_EXPECT_LT_MSG(test, ms, timeout_ms,
			    "halt sat out its %u ms wait on a completed activation",
			    timeout_ms);
}

/*
 * An activation abandoned by its bounded wait, completed while halt waits
 * for it: halt takes the VC down, and the shim's abandoned-VC work item
 * must not run on it as well (it would use a VC halt has freed).
 */
static void halt_abandoned_activation_completes(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_op *op;
	u64 ill;

	condis_activate_timeout_ms = FAKE_SHORT_MS;
	vc = fake_create(test, 206, &p);
	fv_of(vc)->act_mode = FAKE_PEND;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_PENDING);
	KUNIT_EXPECT_TRUE(test, vc_abandoned(vc));
	/* Our reference keeps the VC (and adapter) memory valid. */
	fake_hold(test, vc);
	ill = illegal_ops(ad);

	op = fake_op_alloc(test, vc, op_complete_when_halt_waits);
	op->waiters = 1;
	fake_op_start(test, op);
	fake_unregister(mp);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_SUCCESS);
	flush_work(&vc->cleanup_work);

	KUNIT_EXPECT_TRUE(test, vc->deleted);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->after_unreg), 0);
	KUNIT_EXPECT_EQ_MSG(test, illegal_ops(ad), ill,
			    "the abandoned-VC work ran on a VC halt took down");
}

static struct kunit_case condis_vc_cases[] = {
	KUNIT_CASE(create_vpi_vci_clash),
	KUNIT_CASE(create_tx_only_rx_only_share),
	KUNIT_CASE(create_max_vcs),
	KUNIT_CASE(create_miniport_fails),
	KUNIT_CASE(created_activate_sync),
	KUNIT_CASE(created_activate_pending_kthread),
	KUNIT_CASE(created_activate_pending_work),
	KUNIT_CASE(created_activate_fails),
	KUNIT_CASE(created_deactivate_refused),
	KUNIT_CASE(created_delete),
	KUNIT_CASE(activating_ops_refused),
	KUNIT_CASE(activating_abandoned_ops_refused),
	KUNIT_CASE(active_reactivate_new_params),
	KUNIT_CASE(active_reactivate_fails_keeps_old),
	KUNIT_CASE(active_granted_params_written_back),
	KUNIT_CASE(active_delete_refused),
	KUNIT_CASE(active_deactivate_sync),
	KUNIT_CASE(active_deactivate_pending_work),
	KUNIT_CASE(deactivating_ops_refused),
	KUNIT_CASE(deactivated_reactivate),
	KUNIT_CASE(deactivated_deactivate_noop),
	KUNIT_CASE(deactivated_delete),
	KUNIT_CASE(deactivated_activate_fails_stays_deactivated),
	KUNIT_CASE(completion_wrong_state_refused),
	KUNIT_CASE(change_timeout_late_success),
	KUNIT_CASE(change_timeout_late_failure),
	KUNIT_CASE(change_timeout_then_close),
	KUNIT_CASE(change_dropped_vc_refused),
	KUNIT_CASE(activating_timeout_late_success),
	KUNIT_CASE(activating_timeout_late_failure),
	KUNIT_CASE(activating_timeout_then_deactivation_timeout),
	KUNIT_CASE(deactivating_timeout_late_completion),
	KUNIT_CASE(send_not_active_refused),
	KUNIT_CASE(send_bad_length_refused),
	KUNIT_CASE(send_accepted_completes_once),
	KUNIT_CASE(deactivating_sends_exactly_once),
	KUNIT_CASE(deactivate_waits_for_send_inside),
	KUNIT_CASE(halt_takes_vcs_down),
	KUNIT_CASE(halt_deactivation_never_completes),
	KUNIT_CASE(halt_stuck_deactivation_completes_sends),
	KUNIT_CASE(close_stuck_deactivation_completes_sends),
	KUNIT_CASE(closing_vc_close_waits_for_sends),
	KUNIT_CASE(halt_waits_for_pending_activation),
	KUNIT_CASE(halt_abandoned_activation_completes),
	{}
};

static struct kunit_suite condis_vc_suite = {
	.name = "condis_vc",
	.init = fake_init,
	.exit = fake_exit,
	.test_cases = condis_vc_cases,
};

kunit_test_suite(condis_vc_suite);

MODULE_DESCRIPTION("KUnit tests for the CoNDIS shim's VC state machine");
MODULE_LICENSE("GPL");

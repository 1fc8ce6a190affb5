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

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Bound on every cross-thread wait of the tests themselves. */
#define FAKE_WAIT_MS		10000
/* Shim bounded waits for the timeout cases. */
#define FAKE_SHORT_MS		50
/* The shim's default bounded waits, the base of every case. */
#define FAKE_DEFAULT_MS		5000
#define FAKE_MAX_VCS		4
#define FAKE_MAX_SKBS		64

/* How a fake handler answers an activate or deactivate. */
enum fake_mode {
	FAKE_SYNC,	/* return the configured status at once */
	FAKE_PEND,	/* return PENDING; the test completes it (or not) */
	FAKE_PEND_WORK,	/* return PENDING; a work item completes it */
};

/**
 * struct fake_mp - the fake miniport of one test
 * @test: the test
 * @parent: bare device standing in for the bus device
 * @ad: the adapter, NULL once unregistered
 * @saved_act_ms: condis_activate_timeout_ms before the test
 * @saved_deact_ms: condis_deactivate_timeout_ms before the test
 * @params_saved: the two are saved, to restore at exit
 * @create_status: what create_vc returns
 * @act_mode: activate_vc mode given to new VCs
 * @act_status: activate_vc status given to new VCs
 * @deact_mode: deactivate_vc mode given to new VCs
 * @deact_status: deactivate_vc status given to new VCs
 * @n_create: create_vc calls
 * @n_delete: delete_vc calls
 * @n_activate: activate_vc calls
 * @n_deactivate: deactivate_vc calls
 * @n_send: send calls
 * @n_send_deactivating: sends received while a deactivation was pending
 * @live_ctx: per-VC contexts created and not deleted
 * @after_unreg: handler calls after condis_unregister_adapter() returned
 * @unregistered: condis_unregister_adapter() returned
 * @activate_called: completed by each activate_vc call
 * @deactivate_called: completed by each deactivate_vc call
 * @delete_called: completed by each delete_vc call
 * @lock: protects @last_params
 * @last_params: the parameters of the last activate_vc call
 * @sent: skbs passed to send, not yet completed
 * @ops: helper threads started by the test
 * @socks: fake sockets to free at exit
 * @held: VC references the test holds, dropped at exit
 * @nr_held: entries in @held
 */
struct fake_mp {
	struct kunit *test;
	struct device *parent;
	struct condis_adapter *ad;
	unsigned int saved_act_ms;
	unsigned int saved_deact_ms;
	bool params_saved;
	u32 create_status;
	enum fake_mode act_mode;
	u32 act_status;
	enum fake_mode deact_mode;
	u32 deact_status;
	atomic_t n_create;
	atomic_t n_delete;
	atomic_t n_activate;
	atomic_t n_deactivate;
	atomic_t n_send;
	atomic_t n_send_deactivating;
	atomic_t live_ctx;
	atomic_t after_unreg;
	bool unregistered;
	struct completion activate_called;
	struct completion deactivate_called;
	struct completion delete_called;
	spinlock_t lock;	/* see above */
	struct condis_vc_params last_params;
	struct sk_buff_head sent;
	struct list_head ops;
	struct list_head socks;
	struct condis_vc *held[8];
	int nr_held;
};

/**
 * struct fake_vc - the fake miniport's per-VC context
 * @mp: the miniport
 * @vc: the shim's VC
 * @act_mode: how activate_vc answers
 * @act_status: the status it returns or completes with
 * @grant_pcr: if set, activate_vc writes this TX PCR back ("granted")
 * @deact_mode: how deactivate_vc answers
 * @deact_status: the status it returns or completes with
 * @deactivating: a deactivation is pending in the fake
 * @work: completes a FAKE_PEND_WORK operation
 * @work_activate: @work completes an activation (else a deactivation)
 * @work_status: the status @work completes with
 */
struct fake_vc {
	struct fake_mp *mp;
	struct condis_vc *vc;
	enum fake_mode act_mode;
	u32 act_status;
	u32 grant_pcr;
	enum fake_mode deact_mode;
	u32 deact_status;
	bool deactivating;
	struct work_struct work;
	bool work_activate;
	u32 work_status;
};

static void fake_note_call(struct fake_mp *mp)
{
	if (READ_ONCE(mp->unregistered))
		atomic_inc(&mp->after_unreg);
}

static void fake_vc_work(struct work_struct *work)
{
	struct fake_vc *fv = container_of(work, struct fake_vc, work);

	if (fv->work_activate) {
		condis_activate_vc_complete(fv->vc, fv->work_status);
	} else {
		WRITE_ONCE(fv->deactivating, false);
		condis_deactivate_vc_complete(fv->vc, fv->work_status);
	}
}

static u32 fake_create_vc(void *priv, struct condis_vc *vc, void **ctx)
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
	atomic_inc(&mp->live_ctx);
	*ctx = fv;
	return NDIS_STATUS_SUCCESS;
}

static void fake_delete_vc(void *priv, void *ctx)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;

	fake_note_call(mp);
	flush_work(&fv->work);
	atomic_inc(&mp->n_delete);
	atomic_dec(&mp->live_ctx);
	kfree(fv);
	complete(&mp->delete_called);
}

static u32 fake_pend(struct fake_vc *fv, enum fake_mode mode, bool activate,
		     u32 status)
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

static u32 fake_activate_vc(void *priv, void *ctx, struct condis_vc_params *p)
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

static u32 fake_deactivate_vc(void *priv, void *ctx)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;
	u32 status;

	fake_note_call(mp);
	atomic_inc(&mp->n_deactivate);
	if (fv->deact_mode != FAKE_SYNC)
		WRITE_ONCE(fv->deactivating, true);
	status = fake_pend(fv, fv->deact_mode, false, fv->deact_status);
	complete(&mp->deactivate_called);
	return status;
}

/* Keep the skb; the test completes it with condis_send_complete(). */
static void fake_send(void *priv, void *ctx, struct sk_buff *skb)
{
	struct fake_mp *mp = priv;
	struct fake_vc *fv = ctx;

	fake_note_call(mp);
	atomic_inc(&mp->n_send);
	if (READ_ONCE(fv->deactivating))
		atomic_inc(&mp->n_send_deactivating);
	skb_queue_tail(&mp->sent, skb);
}

static const struct condis_miniport_ops fake_ops = {
	.owner = THIS_MODULE,
	.create_vc = fake_create_vc,
	.delete_vc = fake_delete_vc,
	.activate_vc = fake_activate_vc,
	.deactivate_vc = fake_deactivate_vc,
	.send = fake_send,
};

static struct fake_vc *fv_of(struct condis_vc *vc)
{
	return vc->ctx;
}

static void fake_parent_release(struct device *dev)
{
	kfree(dev);
}

static int fake_init(struct kunit *test)
{
	struct condis_adapter_info info = {
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
	mp->params_saved = true;
	condis_activate_timeout_ms = FAKE_DEFAULT_MS;
	condis_deactivate_timeout_ms = FAKE_DEFAULT_MS;
	mp->create_status = NDIS_STATUS_SUCCESS;
	mp->act_mode = FAKE_SYNC;
	mp->act_status = NDIS_STATUS_SUCCESS;
	mp->deact_mode = FAKE_SYNC;
	mp->deact_status = NDIS_STATUS_SUCCESS;
	init_completion(&mp->activate_called);
	init_completion(&mp->deactivate_called);
	init_completion(&mp->delete_called);
	spin_lock_init(&mp->lock);
	skb_queue_head_init(&mp->sent);
	INIT_LIST_HEAD(&mp->ops);
	INIT_LIST_HEAD(&mp->socks);
	test->priv = mp;

	/* A bare device stands in for the miniport's bus device. */
	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, parent);
	device_initialize(parent);
	parent->release = fake_parent_release;
	dev_set_name(parent, "condis_vc_kunit");
	err = device_add(parent);
	if (err)
		put_device(parent);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "device_add: %d", err);
	mp->parent = parent;
	info.parent = parent;
	ad = condis_register_adapter(&fake_ops, &info, mp);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(ad), "register: %ld", PTR_ERR(ad));
	mp->ad = ad;
	return 0;
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
	struct fake_sock *sock;
	int from;
	int to;
	int waiters;
	struct completion progress;
};

static int fake_op_thread(void *data)
{
	struct fake_op *op = data;

	op->result = op->fn(op);
	complete_all(&op->done);	/* waited for by the test and by exit */
	return 0;
}

static struct fake_op *fake_op_alloc(struct kunit *test, struct condis_vc *vc,
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

static void fake_op_start(struct kunit *test, struct fake_op *op)
{
	struct fake_mp *mp = test->priv;
	struct task_struct *task;

	task = kthread_run(fake_op_thread, op, "condis_vc_kunit");
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(task), "kthread: %ld",
			       PTR_ERR(task));
	list_add_tail(&op->node, &mp->ops);
}

/* Every helper is bounded (by the shim's own waits or a bounded poll). */
static u32 fake_op_wait(struct kunit *test, struct fake_op *op)
{
	if (!wait_for_completion_timeout(&op->done,
					 msecs_to_jiffies(FAKE_WAIT_MS))) {
		KUNIT_FAIL(test, "helper thread did not finish");
		wait_for_completion(&op->done);
	}
	return op->result;
}

static u32 op_activate(struct fake_op *op)
{
	return condis_vc_activate(op->vc, &op->params);
}

static u32 op_deactivate(struct fake_op *op)
{
	return condis_vc_deactivate(op->vc);
}

/* Complete the activation once the miniport has been asked for it. */
static u32 op_complete_activation(struct fake_op *op)
{
	if (!wait_for_completion_timeout(&op->mp->activate_called,
					 msecs_to_jiffies(FAKE_WAIT_MS)))
		return NDIS_STATUS_FAILURE;
	condis_activate_vc_complete(op->vc, op->status);
	return NDIS_STATUS_SUCCESS;
}

/* Complete every send the miniport holds, with op->status. */
static u32 op_complete_sends(struct fake_op *op)
{
	struct sk_buff *skb;
	u32 n = 0;

	while ((skb = skb_dequeue(&op->mp->sent))) {
		condis_send_complete(op->vc, skb, op->status);
		n++;
	}
	return n;
}

static void fake_start(struct kunit *test, struct condis_vc *vc,
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
static bool fake_called(struct completion *c)
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
static int nr_waiters(struct completion *c)
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

/*
 * Complete the activation once op->waiters tasks wait for it: the last
 * of them is halt (condis_halt_vcs() waits for a busy VC).
 */
static u32 op_complete_when_halt_waits(struct fake_op *op)
{
	if (!fake_poll(nr_waiters(&op->vc->op_done) >= op->waiters))
		return NDIS_STATUS_FAILURE;
	condis_activate_vc_complete(op->vc, NDIS_STATUS_SUCCESS);
	return NDIS_STATUS_SUCCESS;
}

/* Fake sockets for the send path. */
struct fake_sock {
	struct atm_vcc vcc;
	struct k_atm_aal_stats stats;
	struct list_head node;
	int nr;
	struct sk_buff *skbs[FAKE_MAX_SKBS];
	atomic_t popped[FAKE_MAX_SKBS];
	int ret[FAKE_MAX_SKBS];
	atomic_t pops_unknown;
};

static void fake_pop(struct atm_vcc *vcc, struct sk_buff *skb)
{
	struct fake_sock *s = container_of(vcc, struct fake_sock, vcc);
	int i;

	/* Record only: the skbs are freed once, at exit. */
	for (i = 0; i < s->nr; i++) {
		if (s->skbs[i] == skb) {
			atomic_inc(&s->popped[i]);
			return;
		}
	}
	atomic_inc(&s->pops_unknown);
}

static struct fake_sock *fake_sock(struct kunit *test, struct condis_vc *vc,
				   int nr, unsigned int len)
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
	for (i = 0; i < nr; i++) {
		s->skbs[i] = alloc_skb(len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, s->skbs[i]);
		skb_put(s->skbs[i], len);
		s->nr++;
	}
	return s;
}

/* Through the ATM device's ops, as the ATM core sends. */
static int fake_send_one(struct fake_sock *s, int i)
{
	s->ret[i] = s->vcc.dev->ops->send(&s->vcc, s->skbs[i]);
	return s->ret[i];
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

static void fake_unregister(struct fake_mp *mp)
{
	condis_unregister_adapter(mp->ad);
	mp->ad = NULL;
	WRITE_ONCE(mp->unregistered, true);
}

static void fake_exit(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s, *stmp;
	struct fake_op *op;
	int i;

	if (!mp)
		return;
	list_for_each_entry(op, &mp->ops, node)
		wait_for_completion(&op->done);
	if (mp->ad)
		fake_unregister(mp);
	for (i = 0; i < mp->nr_held; i++)
		condis_vc_put(mp->held[i]);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mp->live_ctx), 0,
			    "VCs the halt did not delete");
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mp->after_unreg), 0,
			    "miniport calls after unregister returned");
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
	}
}

/* Keep a VC's memory until exit, to look at it after it is deleted. */
static void fake_hold(struct kunit *test, struct condis_vc *vc)
{
	struct fake_mp *mp = test->priv;

	KUNIT_ASSERT_LT(test, mp->nr_held, (int)ARRAY_SIZE(mp->held));
	condis_vc_get(vc);
	mp->held[mp->nr_held++] = vc;
}

static enum condis_vc_state vc_state(struct condis_vc *vc)
{
	enum condis_vc_state s;

	spin_lock_bh(&vc->lock);
	s = vc->state;
	spin_unlock_bh(&vc->lock);
	return s;
}

static bool vc_abandoned(struct condis_vc *vc)
{
	bool a;

	spin_lock_bh(&vc->lock);
	a = vc->abandoned;
	spin_unlock_bh(&vc->lock);
	return a;
}

static u64 illegal_ops(struct condis_adapter *ad)
{
	u64 n;

	spin_lock_bh(&ad->lock);
	n = ad->illegal_ops;
	spin_unlock_bh(&ad->lock);
	return n;
}

static unsigned int nr_vcs(struct condis_adapter *ad)
{
	unsigned int n;

	spin_lock_bh(&ad->lock);
	n = ad->nr_vcs;
	spin_unlock_bh(&ad->lock);
	return n;
}

static void fake_params(struct condis_vc_params *p, u16 vpi, u32 vci,
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

static struct condis_vc *fake_create(struct kunit *test, u32 vci,
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
static struct condis_vc *fake_active(struct kunit *test, u32 vci,
				     struct condis_vc_params *p)
{
	struct condis_vc *vc = fake_create(test, vci, p);

	KUNIT_ASSERT_EQ(test, condis_vc_activate(vc, p), NDIS_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	return vc;
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

static struct condis_vc *fake_deactivated(struct kunit *test, u32 vci,
					  struct condis_vc_params *p)
{
	struct condis_vc *vc = fake_active(test, vci, p);

	KUNIT_ASSERT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	return vc;
}

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
	struct condis_vc_params p;
	struct condis_vc *c, *a, *d;
	u64 ill;

	c = fake_create(test, 170, &p);
	a = fake_active(test, 171, &p);		/* PCR 1000 */
	d = fake_deactivated(test, 172, &p);
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
 * Halt while a caller (an open) waits for an activation the miniport
 * then completes: halt waits for it too, and must go on as soon as it
 * is complete, not when its own bounded wait expires.
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
	compl = fake_op_alloc(test, vc, op_complete_when_halt_waits);
	compl->waiters = 2;
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
	KUNIT_CASE(activating_timeout_late_success),
	KUNIT_CASE(activating_timeout_late_failure),
	KUNIT_CASE(activating_timeout_then_deactivation_timeout),
	KUNIT_CASE(deactivating_timeout_late_completion),
	KUNIT_CASE(send_not_active_refused),
	KUNIT_CASE(send_bad_length_refused),
	KUNIT_CASE(send_accepted_completes_once),
	KUNIT_CASE(deactivating_sends_exactly_once),
	KUNIT_CASE(halt_takes_vcs_down),
	KUNIT_CASE(halt_deactivation_never_completes),
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

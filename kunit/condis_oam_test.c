// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: F5 OAM cells through the CoNDIS shim. condis_send_oam() (the ATM
 * device's send_oam) copies a PTI 4/5 cell into an skb of its own and
 * hands it to the miniport's send_oam; condis_send_complete() frees that
 * skb instead of giving it to the socket's pop and counts it (oam_tx,
 * oam_dropped); condis_indicate_oam() hands a received cell to the
 * socket's push_oam or counts it dropped. Driven by the fake miniport of
 * condis_fake_mp.h, whose send_oam holds the cells until the test
 * completes them.
 *
 * Everything another context does is waited for (completions, the
 * shim's wait lists), never slept on.
 */

#include "condis_fake_mp.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* A 52-byte Linux AAL0 cell: host-order header, then a 48-byte pattern. */
static void oam_cell(u8 *cell, u16 vpi, u32 vci, u32 pti, u8 seed)
{
	u32 hdr = (vpi << ATM_HDR_VPI_SHIFT) | (vci << ATM_HDR_VCI_SHIFT) |
		  (pti << ATM_HDR_PTI_SHIFT);
	int i;

	memcpy(cell, &hdr, sizeof(hdr));
	for (i = sizeof(hdr); i < ATM_AAL0_SDU; i++)
		cell[i] = seed + i * 7;
}

/* Through the ATM device's ops, as an in-kernel OAM user sends. */
static int send_oam(struct fake_sock *s, u8 *cell)
{
	return s->vcc.dev->ops->send_oam(&s->vcc, cell, 0);
}

static void indicate_oam(struct condis_vc *vc, const u8 *cell)
{
	/* BH context, as a miniport's receive path. */
	local_bh_disable();
	condis_indicate_oam(vc, cell);
	local_bh_enable();
}

static s64 oam_tx(struct condis_adapter *ad)
{
	return atomic64_read(&ad->oam_tx);
}

static s64 oam_rx(struct condis_adapter *ad)
{
	return atomic64_read(&ad->oam_rx);
}

static s64 oam_dropped(struct condis_adapter *ad)
{
	return atomic64_read(&ad->oam_dropped);
}

/* A socket (with no skbs of its own) bound to @vc, as after open. */
static struct fake_sock *oam_sock(struct kunit *test, struct condis_vc *vc)
{
	struct fake_sock *s = fake_sock(test, vc, 0, 0);

	fake_sock_bind(test, s, vc);
	return s;
}

/*
 * Take the OAM cell the fake holds, check it is @cell, copied into an skb
 * of the shim's that belongs to @s, and keep a reference to it, so the
 * test can see the shim drop its own (skb_done()).
 */
static struct sk_buff *take_oam(struct kunit *test, struct fake_sock *s,
				const u8 *cell)
{
	struct fake_mp *mp = test->priv;
	struct sk_buff *skb = skb_dequeue(&mp->oam_sent);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, (unsigned int)ATM_AAL0_SDU);
	KUNIT_EXPECT_EQ(test, memcmp(skb->data, cell, ATM_AAL0_SDU), 0);
	KUNIT_EXPECT_PTR_EQ(test, ATM_SKB(skb)->vcc, &s->vcc);
	KUNIT_EXPECT_EQ(test, refcount_read(&skb->users), 1U);
	return skb_get(skb);
}

/* The shim freed (dropped its reference to) @skb; drop the test's. */
static void skb_done(struct kunit *test, struct sk_buff *skb)
{
	KUNIT_EXPECT_EQ_MSG(test, refcount_read(&skb->users), 1U,
			    "the shim kept the OAM skb");
	kfree_skb(skb);
}

/* Nothing was counted against the socket or the VC's data path. */
static void expect_data_untouched(struct kunit *test, struct fake_sock *s,
				  struct condis_vc *vc)
{
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->st.tx_ok), 0LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->st.tx_err), 0LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->st.tx_bytes), 0LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->ad->tx_bytes), 0LL);
}

static u32 op_reset(struct fake_op *op)
{
	op->err = condis_reset_adapter(op->mp->ad);
	return 0;
}

/* A reset that stays in progress until the test completes it. */
static struct fake_op *oam_reset_pending(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_op *op;

	mp->reset_mode = FAKE_PEND;
	op = fake_op_alloc(test, NULL, op_reset);
	fake_op_start(test, op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->reset_called));
	KUNIT_ASSERT_TRUE(test, READ_ONCE(mp->ad->resetting));
	return op;
}

/* ---- send ---- */

/*
 * A PTI 5 cell on an ACTIVE VC reaches the miniport's send_oam, not send,
 * as a copy; completed with SUCCESS the shim frees it (no pop), counts
 * oam_tx, and leaves the socket's statistics alone.
 */
static void oam_send_completes(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	u8 cell[ATM_AAL0_SDU], sent[ATM_AAL0_SDU];
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	vc = fake_active(test, 500, &p);
	s = fake_sock(test, vc, 1, 100);
	fake_sock_bind(test, s, vc);
	oam_cell(cell, 0, 500, 5, 0x10);
	memcpy(sent, cell, sizeof(sent));

	KUNIT_EXPECT_EQ(test, send_oam(s, cell), 0);
	/* The caller's buffer is the caller's again at once. */
	memset(cell, 0xa5, sizeof(cell));
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 1);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 0LL);
	skb = take_oam(test, s, sent);
	KUNIT_EXPECT_TRUE(test, ATM_SKB(skb)->atm_options & CONDIS_SKB_OAM);

	/* Completed from BH context, as a miniport's TX poll would. */
	local_bh_disable();
	fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
	local_bh_enable();
	skb_done(test, skb);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 1LL);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 0LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	expect_data_untouched(test, s, vc);

	/* The socket's own sends still go through send and back to pop. */
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 1);
	skb = skb_dequeue(&mp->sent);
	KUNIT_ASSERT_PTR_EQ(test, skb, s->skbs[0]);
	fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 1);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 1LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
}

/* A PTI 4 (segment) cell, on an AAL0 VC: send_oam too, never send. */
static void oam_send_aal0_segment(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	fake_params(&p, 0, 501, TXRX, 0);
	p.aal = NDIS_AAL_TYPE_AAL0;
	vc = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vc));
	KUNIT_ASSERT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	s = oam_sock(test, vc);
	s->vcc.qos.aal = ATM_AAL0;
	oam_cell(cell, 0, 501, 4, 0x20);

	KUNIT_EXPECT_EQ(test, send_oam(s, cell), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	skb = take_oam(test, s, cell);
	fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
	skb_done(test, skb);
	KUNIT_EXPECT_EQ(test, oam_tx(mp->ad), 1LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	expect_data_untouched(test, s, vc);
}

/* A cell the miniport could not send: freed, counted in oam_dropped. */
static void oam_send_error_dropped(struct kunit *test)
{
	static const u32 errors[] = {
		NDIS_STATUS_FAILURE, NDIS_STATUS_RESOURCES,
	};
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;
	int i;

	vc = fake_active(test, 510, &p);
	s = oam_sock(test, vc);
	for (i = 0; i < ARRAY_SIZE(errors); i++) {
		oam_cell(cell, 0, 510, 5, i);
		KUNIT_EXPECT_EQ(test, send_oam(s, cell), 0);
		skb = take_oam(test, s, cell);
		fake_complete(vc, skb, errors[i]);
		skb_done(test, skb);
		KUNIT_EXPECT_EQ(test, oam_dropped(ad), (s64)i + 1);
	}
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 0LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	expect_data_untouched(test, s, vc);
}

/* ---- refusals: nothing reaches the miniport ---- */

/* Only PTI 4 and 5 are F5 OAM cells; a receive-only VC sends none. */
static void oam_send_refused_not_oam(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc, *rx;
	u8 cell[ATM_AAL0_SDU];
	struct fake_sock *s;
	struct sk_buff *skb;
	u32 pti;

	vc = fake_active(test, 520, &p);
	s = oam_sock(test, vc);
	for (pti = 0; pti < 8; pti++) {
		int n = atomic_read(&mp->n_send_oam);
		int ret;

		oam_cell(cell, 0, 520, pti, pti);
		/* CLP set or not: only the PTI counts. */
		if (pti & 1) {
			u32 hdr;

			memcpy(&hdr, cell, sizeof(hdr));
			hdr |= ATM_HDR_CLP;
			memcpy(cell, &hdr, sizeof(hdr));
		}
		ret = send_oam(s, cell);
		if (pti == 4 || pti == 5) {
			KUNIT_EXPECT_EQ_MSG(test, ret, 0, "PTI %u", pti);
			KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam),
					n + 1);
			skb = take_oam(test, s, cell);
			fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
			skb_done(test, skb);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "PTI %u", pti);
			KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mp->n_send_oam),
					    n, "PTI %u", pti);
		}
		KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	}
	KUNIT_EXPECT_EQ(test, oam_tx(mp->ad), 2LL);

	fake_params(&p, 0, 521, CONDIS_VC_RECEIVE, 0);
	rx = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rx));
	KUNIT_ASSERT_EQ(test, condis_vc_activate(rx, &p), NDIS_STATUS_SUCCESS);
	s = oam_sock(test, rx);
	oam_cell(cell, 0, 521, 5, 0);
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&rx->inflight), 0);

	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mp->oam_sent));
	KUNIT_EXPECT_EQ(test, oam_tx(mp->ad), 2LL);
	expect_data_untouched(test, s, rx);
}

/* A VC that is not ACTIVE, or a socket without a VC: -ENOTCONN. */
static void oam_send_refused_not_active(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *c, *d, *a;
	struct fake_sock *sc, *sd, *sn;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];

	c = fake_create(test, 530, &p);
	sc = oam_sock(test, c);
	d = fake_deactivated(test, 531, &p);
	sd = oam_sock(test, d);
	a = fake_active(test, 532, &p);
	sn = fake_sock(test, a, 0, 0);
	sn->vcc.dev_data = NULL;	/* not open (or closed) */

	oam_cell(cell, 0, 530, 5, 0);
	KUNIT_EXPECT_EQ(test, send_oam(sc, cell), -ENOTCONN);
	oam_cell(cell, 0, 531, 5, 0);
	KUNIT_EXPECT_EQ(test, send_oam(sd, cell), -ENOTCONN);
	oam_cell(cell, 0, 532, 5, 0);
	KUNIT_EXPECT_EQ(test, send_oam(sn, cell), -ENOTCONN);
	/* A non-OAM cell on no VC: still no VC first. */
	oam_cell(cell, 0, 532, 0, 0);
	KUNIT_EXPECT_EQ(test, send_oam(sn, cell), -ENOTCONN);

	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->inflight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inflight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->inflight), 0);
	KUNIT_EXPECT_EQ(test, oam_tx(mp->ad), 0LL);
	expect_data_untouched(test, sc, c);
	expect_data_untouched(test, sd, d);
	/* The states are unchanged. */
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, vc_state(d), CONDIS_VC_DEACTIVATED);
}

/* A miniport without send_oam: -EOPNOTSUPP, and no fallback to send. */
static void oam_send_not_supported(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;

	ad = fake_reregister(test, &fake_ops_no_oam);
	vc = fake_active(test, 540, &p);
	s = oam_sock(test, vc);
	oam_cell(cell, 0, 540, 5, 0);
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 0LL);
	expect_data_untouched(test, s, vc);
	/* Receiving does not need the miniport's send_oam. */
	s->vcc.push_oam = fake_push_oam;
	indicate_oam(vc, cell);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->oam_pushed), 1);
	KUNIT_EXPECT_EQ(test, oam_rx(ad), 1LL);
}

/*
 * The miniport unregistered (e.g. its module is being removed) while a
 * socket still has the VC: send_oam on it is refused without reading the
 * miniport's ops, which need stay valid only until unregistration
 * (condis_register_adapter()). Here they are freed, as a module's are.
 */
static void oam_send_after_unregister(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	const struct atmdev_ops *dops;
	struct condis_miniport_ops *ops;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	*ops = fake_ops;
	fake_reregister(test, ops);
	vc = fake_active(test, 550, &p);
	s = oam_sock(test, vc);
	/* The ATM device goes with the adapter: keep its (the shim's) ops. */
	dops = s->vcc.dev->ops;
	oam_cell(cell, 0, 550, 5, 0);
	KUNIT_EXPECT_EQ(test, dops->send_oam(&s->vcc, cell, 0), 0);
	skb = take_oam(test, s, cell);
	fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
	skb_done(test, skb);

	fake_unregister(mp);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_TRUE(test, vc->deleted);
	memset(ops, 0, sizeof(*ops));
	kunit_kfree(test, ops);

	KUNIT_EXPECT_EQ(test, dops->send_oam(&s->vcc, cell, 0), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->after_unreg), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
}

/* ---- reset ---- */

/*
 * During a reset send_oam returns -EAGAIN at once: the cell never reaches
 * the miniport and is freed, counted in oam_dropped. After the reset OAM
 * cells go through again.
 */
static void oam_send_during_reset(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;
	struct fake_op *op;

	vc = fake_active(test, 560, &p);
	s = oam_sock(test, vc);
	oam_cell(cell, 0, 560, 5, 0);
	op = oam_reset_pending(test);

	KUNIT_EXPECT_EQ(test, send_oam(s, cell), -EAGAIN);
	/* From BH context too. */
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), -EAGAIN);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mp->oam_sent));
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 2LL);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 0LL);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	expect_data_untouched(test, s, vc);

	condis_reset_complete(ad, NDIS_STATUS_SUCCESS);
	fake_op_wait(test, op);
	KUNIT_EXPECT_EQ(test, op->err, 0);
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 1);
	skb = take_oam(test, s, cell);
	fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
	skb_done(test, skb);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 1LL);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 2LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
}

/* A cell the miniport holds is completed by its reset: freed, dropped. */
static void oam_reset_completes_held(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;
	struct sk_buff *skb;

	vc = fake_active(test, 565, &p);
	s = oam_sock(test, vc);
	oam_cell(cell, 0, 565, 5, 0);
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), 0);
	/* Peek, and keep a reference to watch the shim free it. */
	skb = skb_peek(&mp->oam_sent);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_get(skb);

	KUNIT_EXPECT_EQ(test, condis_reset_adapter(ad), 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mp->oam_sent));
	skb_done(test, skb);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 1LL);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 0LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	expect_data_untouched(test, s, vc);
}

/* ---- receive ---- */

/* push_oam gets the exact cell, once; counted in oam_rx. */
static void oam_indicate_push(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	u8 cell[ATM_AAL0_SDU], cell2[ATM_AAL0_SDU];
	struct condis_vc_params p;
	struct condis_vc *vc;
	struct fake_sock *s;

	vc = fake_active(test, 570, &p);
	s = oam_sock(test, vc);
	s->vcc.push_oam = fake_push_oam;
	oam_cell(cell, 0, 570, 5, 0x30);
	indicate_oam(vc, cell);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->oam_pushed), 1);
	KUNIT_EXPECT_EQ(test, memcmp(s->oam_cell, cell, ATM_AAL0_SDU), 0);
	KUNIT_EXPECT_EQ(test, oam_rx(ad), 1LL);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 0LL);

	oam_cell(cell2, 0, 570, 4, 0x40);
	indicate_oam(vc, cell2);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->oam_pushed), 2);
	KUNIT_EXPECT_EQ(test, memcmp(s->oam_cell, cell2, ATM_AAL0_SDU), 0);
	KUNIT_EXPECT_EQ(test, oam_rx(ad), 2LL);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 0LL);
	/* Receiving counts nothing on the data path. */
	KUNIT_EXPECT_EQ(test, atomic64_read(&vc->st.rx_ok), 0LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.rx), 0);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 0LL);
}

/*
 * No push_oam, no socket, or a VC that is not ACTIVE: nothing is called,
 * the cell is counted in oam_dropped.
 */
static void oam_indicate_dropped(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct condis_vc *vc, *bare;
	struct condis_vc_params p, pb;
	u8 cell[ATM_AAL0_SDU];
	struct fake_sock *s;

	vc = fake_active(test, 580, &p);
	s = oam_sock(test, vc);
	oam_cell(cell, 0, 580, 5, 0);

	indicate_oam(vc, cell);		/* no push_oam */
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 1LL);

	bare = fake_active(test, 581, &pb);	/* no socket */
	indicate_oam(bare, cell);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 2LL);

	s->vcc.push_oam = fake_push_oam;
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	indicate_oam(vc, cell);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 3LL);

	KUNIT_EXPECT_EQ(test, atomic_read(&s->oam_pushed), 0);
	KUNIT_EXPECT_EQ(test, oam_rx(ad), 0LL);

	/* The same socket gets the cells once its VC is ACTIVE again. */
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	indicate_oam(vc, cell);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->oam_pushed), 1);
	KUNIT_EXPECT_EQ(test, oam_rx(ad), 1LL);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 3LL);
}

/* ---- deactivation ---- */

/*
 * A miniport closes a VC once every send it holds is back (the fake in
 * FAKE_PEND_DRAIN): an OAM cell held counts like an SDU, so the
 * deactivation pends until the cell is completed. Meanwhile no OAM cell
 * is sent or indicated on the VC.
 */
static void oam_deactivate_waits_held(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_adapter *ad = mp->ad;
	struct sk_buff *data, *oam;
	struct condis_vc_params p;
	u8 cell[ATM_AAL0_SDU];
	struct condis_vc *vc;
	struct fake_sock *s;
	struct fake_op *op;

	vc = fake_active(test, 590, &p);
	fv_of(vc)->deact_mode = FAKE_PEND_DRAIN;
	s = fake_sock(test, vc, 1, 100);
	fake_sock_bind(test, s, vc);
	s->vcc.push_oam = fake_push_oam;
	oam_cell(cell, 0, 590, 5, 0x50);
	KUNIT_EXPECT_EQ(test, fake_send_one(s, 0), 0);
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 2);

	reinit_completion(&mp->deactivate_called);
	fake_start(test, vc, op_deactivate, NULL, 0, &op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->deactivate_called));
	/* The shim waits for the completion: the fake pended. */
	KUNIT_ASSERT_TRUE(test, fake_poll(nr_waiters(&vc->op_done) == 1));
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);

	/* No new cell goes out, none comes in. */
	KUNIT_EXPECT_EQ(test, send_oam(s, cell), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send_oam), 1);
	indicate_oam(vc, cell);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->oam_pushed), 0);
	KUNIT_EXPECT_EQ(test, oam_dropped(ad), 1LL);

	/* The SDU back: the OAM cell still holds the VC open. */
	data = skb_dequeue(&mp->sent);
	KUNIT_ASSERT_PTR_EQ(test, data, s->skbs[0]);
	fake_complete(vc, data, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->popped[0]), 1);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATING);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 1);
	KUNIT_EXPECT_EQ(test, nr_waiters(&vc->op_done), 1);

	/* The cell back: freed by the shim, and the VC closes. */
	oam = take_oam(test, s, cell);
	fake_complete(vc, oam, NDIS_STATUS_SUCCESS);
	skb_done(test, oam);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&vc->inflight), 0);
	KUNIT_EXPECT_EQ(test, oam_tx(ad), 1LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->pops_unknown), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->stats.tx_err), 0);

	/* With nothing held the same fake closes at once. */
	KUNIT_EXPECT_EQ(test, condis_vc_activate(vc, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(vc), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_deactivate), 2);
}

static struct kunit_case condis_oam_cases[] = {
	KUNIT_CASE(oam_send_completes),
	KUNIT_CASE(oam_send_aal0_segment),
	KUNIT_CASE(oam_send_error_dropped),
	KUNIT_CASE(oam_send_refused_not_oam),
	KUNIT_CASE(oam_send_refused_not_active),
	KUNIT_CASE(oam_send_not_supported),
	KUNIT_CASE(oam_send_after_unregister),
	KUNIT_CASE(oam_send_during_reset),
	KUNIT_CASE(oam_reset_completes_held),
	KUNIT_CASE(oam_indicate_push),
	KUNIT_CASE(oam_indicate_dropped),
	KUNIT_CASE(oam_deactivate_waits_held),
	{}
};

static struct kunit_suite condis_oam_suite = {
	.name = "condis_oam",
	.init = fake_init,
	.exit = fake_exit,
	.test_cases = condis_oam_cases,
};

kunit_test_suite(condis_oam_suite);

MODULE_DESCRIPTION("KUnit tests for the CoNDIS shim's F5 OAM cells");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CoNDIS shim's adapter registration and status indication,
 * driven by a fake miniport with no hardware behind it.
 */

#include "condis_fake_mp.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

static int status_init(struct kunit *test)
{
	static const struct condis_adapter_info info = {
		.type = "fakeatm",
		.esi = { 0x02, 0x00, 0x00, 0xc0, 0xa7, 0x01 },
		.vpi_bits = 8,
		.vci_bits = 16,
		.max_vcs = 64,
		.link_rate = ATM_OC3_PCR,
		.link_up = true,
	};

	return fake_mp_init(test, &info);
}

static void register_test(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct atm_dev *dev = mp->ad->dev;
	struct atm_dev *found;
	static const u8 esi[ESI_LEN] = { 0x02, 0x00, 0x00, 0xc0, 0xa7, 0x01 };

	KUNIT_EXPECT_PTR_EQ(test, condis_adapter_priv(mp->ad), (void *)mp);
	found = atm_dev_lookup(condis_adapter_number(mp->ad));
	KUNIT_ASSERT_PTR_EQ(test, found, dev);
	atm_dev_put(found);
	KUNIT_EXPECT_STREQ(test, dev->type, "fakeatm");
	KUNIT_EXPECT_EQ(test, 0, memcmp(dev->esi, esi, ESI_LEN));
	KUNIT_EXPECT_EQ(test, dev->ci_range.vpi_bits, 8);
	KUNIT_EXPECT_EQ(test, dev->ci_range.vci_bits, 16);
	KUNIT_EXPECT_EQ(test, dev->link_rate, ATM_OC3_PCR);
	KUNIT_EXPECT_EQ(test, dev->signal, ATM_PHY_SIG_FOUND);
	KUNIT_EXPECT_PTR_EQ(test, dev->class_dev.parent, mp->parent);
}

static void bad_info_test(struct kunit *test)
{
	struct condis_adapter_info info = {
		.type = "fakeatm", .vpi_bits = 8, .vci_bits = 16,
		.max_vcs = 1, .link_rate = ATM_OC3_PCR,
	};
	struct condis_miniport_ops bad_ops;
	struct condis_adapter_info bad;

	bad = info;
	bad.max_vcs = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(&fake_ops, &bad,
							      NULL)), -EINVAL);
	bad = info;
	bad.vci_bits = 17;
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(&fake_ops, &bad,
							      NULL)), -EINVAL);
	bad = info;
	bad.link_rate = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(&fake_ops, &bad,
							      NULL)), -EINVAL);
	bad = info;
	bad.type = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(&fake_ops, &bad,
							      NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(NULL, &info,
							      NULL)), -EINVAL);
	/* Every mandatory handler must be there. */
	bad_ops = fake_ops;
	bad_ops.send = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(&bad_ops, &info,
							      NULL)), -EINVAL);
	bad_ops = fake_ops;
	bad_ops.deactivate_vc = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(condis_register_adapter(&bad_ops, &info,
							      NULL)), -EINVAL);
}

static void link_state_test(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct atm_dev *dev = mp->ad->dev;
	struct condis_link_state ls = {
		.media_connect_state = NDIS_MEDIA_CONNECT_STATE_DISCONNECTED,
	};

	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, dev->signal, ATM_PHY_SIG_LOST);
	/* A rate of 0 leaves the rate alone. */
	KUNIT_EXPECT_EQ(test, dev->link_rate, ATM_OC3_PCR);

	ls.media_connect_state = NDIS_MEDIA_CONNECT_STATE_CONNECTED;
	ls.cell_rate = ATM_OC12_PCR;
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, dev->signal, ATM_PHY_SIG_FOUND);
	KUNIT_EXPECT_EQ(test, dev->link_rate, ATM_OC12_PCR);
}

static void media_connect_ndis5_test(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct atm_dev *dev = mp->ad->dev;

	condis_indicate_status(mp->ad, NDIS_STATUS_MEDIA_DISCONNECT, NULL, 0);
	KUNIT_EXPECT_EQ(test, dev->signal, ATM_PHY_SIG_LOST);
	condis_indicate_status(mp->ad, NDIS_STATUS_MEDIA_CONNECT, NULL, 0);
	KUNIT_EXPECT_EQ(test, dev->signal, ATM_PHY_SIG_FOUND);
}

static void malformed_status_test(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct atm_dev *dev = mp->ad->dev;
	struct condis_link_state ls = {
		.media_connect_state = NDIS_MEDIA_CONNECT_STATE_DISCONNECTED,
	};

	/* Short buffer, missing buffer, unknown state, unknown status. */
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &ls,
			       sizeof(ls) - 1);
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, NULL,
			       sizeof(ls));
	ls.media_connect_state = NDIS_MEDIA_CONNECT_STATE_UNKNOWN;
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &ls, sizeof(ls));
	condis_indicate_status(mp->ad, 0xdeadbeef, NULL, 0);
	KUNIT_EXPECT_EQ(test, dev->signal, ATM_PHY_SIG_FOUND);
}

static void outlives_miniport_test(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct atm_dev *dev;
	char *page;
	loff_t pos = 0;
	int n;

	page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* A socket-like reference keeps the ATM device past unregister. */
	dev = atm_dev_lookup(condis_adapter_number(mp->ad));
	KUNIT_ASSERT_NOT_NULL(test, dev);
	fake_unregister(mp);
	KUNIT_EXPECT_TRUE(test, test_bit(ATM_DF_REMOVED, &dev->flags));
	/* The adapter is still there for the ATM core to read. */
	n = dev->ops->proc_read(dev, &pos, page);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(page, "fakeatm"));
	pos = 1;
	KUNIT_EXPECT_EQ(test, dev->ops->proc_read(dev, &pos, page), 0);
	/* The last reference calls dev_close, which frees the adapter. */
	atm_dev_put(dev);
}

static struct kunit_case condis_status_cases[] = {
	KUNIT_CASE(register_test),
	KUNIT_CASE(bad_info_test),
	KUNIT_CASE(link_state_test),
	KUNIT_CASE(media_connect_ndis5_test),
	KUNIT_CASE(malformed_status_test),
	KUNIT_CASE(outlives_miniport_test),
	{}
};

static struct kunit_suite condis_status_suite = {
	.name = "condis_status",
	.init = status_init,
	.exit = fake_exit,
	.test_cases = condis_status_cases,
};

kunit_test_suite(condis_status_suite);

MODULE_DESCRIPTION("KUnit tests for the CoNDIS shim's adapter and status paths");
MODULE_LICENSE("GPL");

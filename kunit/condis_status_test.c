// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CoNDIS shim's adapter registration and status indication,
 * driven by a fake miniport with no hardware behind it.
 */

#include <uapi/linux/condis.h>
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

/*
 * Once unregistered, the miniport may be unloaded: what the ATM core can
 * still call on the device (a socket holds it) must not read the
 * miniport's memory. Here its ops, its strings and its OID list are freed
 * as soon as condis_unregister_adapter() returns: KASAN reports any read
 * of them, and a call through the freed ops is counted by the fake.
 */
static void gone_miniport_memory_test(struct kunit *test)
{
	static const u32 oids[] = { OID_ATM_RCV_CELLS_OK };
	static const u32 queries[] = {
		OID_GEN_CO_VENDOR_DESCRIPTION, OID_GEN_CO_SUPPORTED_LIST,
		OID_ATM_RCV_CELLS_OK, OID_GEN_CO_HARDWARE_STATUS,
	};
	struct fake_mp *mp = test->priv;
	struct condis_adapter_info info = mp->info;
	struct condis_miniport_ops *ops;
	struct condis_oid_req req = {};
	struct condis_adapter *ad;
	struct atm_dev *dev;
	unsigned int i;
	loff_t pos = 0;
	char *page;
	u8 buf[64];

	page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	ops = kmemdup(&fake_ops_oid, sizeof(*ops), GFP_KERNEL);
	info.type = kstrdup("fakegone", GFP_KERNEL);
	info.description = kstrdup("gone miniport", GFP_KERNEL);
	info.miniport_oids = kmemdup(oids, sizeof(oids), GFP_KERNEL);
	info.nr_miniport_oids = ARRAY_SIZE(oids);
	if (!ops || !info.type || !info.description || !info.miniport_oids) {
		kfree(ops);
		kfree(info.type);
		kfree(info.description);
		kfree(info.miniport_oids);
		KUNIT_ASSERT_TRUE_MSG(test, false, "out of memory");
	}
	condis_unregister_adapter(mp->ad);
	mp->ad = condis_register_adapter(ops, &info, mp);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(mp->ad), "register: %ld",
			       PTR_ERR(mp->ad));
	ad = mp->ad;
	/* A socket-like reference keeps the ATM device past unregister. */
	dev = atm_dev_lookup(condis_adapter_number(ad));
	KUNIT_ASSERT_PTR_EQ(test, dev, ad->dev);
	fake_unregister(mp);
	/* The miniport module is gone, and its memory with it. */
	kfree(ops);
	kfree(info.type);
	kfree(info.description);
	kfree(info.miniport_oids);

	/* ATM_GETTYPE, /proc/net/atm/devices: the ATM core's own reads */
	KUNIT_EXPECT_STREQ(test, dev->type, "fakegone");
	KUNIT_EXPECT_GT(test, dev->ops->proc_read(dev, &pos, page), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(page, "condis: fakegone "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(page, " halted"));
	pos = 1;
	KUNIT_EXPECT_EQ(test, dev->ops->proc_read(dev, &pos, page), 0);
	/* Device ioctls that would reach the miniport: the device is gone. */
	KUNIT_EXPECT_EQ(test, dev->ops->ioctl(dev, ATM_SETLOOP,
					      (void __user *)ATM_LM_NONE),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, dev->ops->ioctl(dev, CONDIS_IOC_RESET, NULL),
			-ENODEV);
	/* OID requests (CONDIS_IOC_QUERY, the SONET counters) */
	for (i = 0; i < ARRAY_SIZE(queries); i++) {
		req.oid = queries[i];
		req.buf = buf;
		req.len = sizeof(buf);
		KUNIT_EXPECT_EQ_MSG(test, condis_oid_request(ad, NULL, &req),
				    NDIS_STATUS_ADAPTER_REMOVED,
				    "OID 0x%08x", queries[i]);
		KUNIT_EXPECT_EQ(test, req.bytes_written, 0);
	}
	/* fake_exit() checks that the freed ops were never called. */
	atm_dev_put(dev);
}

static struct kunit_case condis_status_cases[] = {
	KUNIT_CASE(register_test),
	KUNIT_CASE(bad_info_test),
	KUNIT_CASE(link_state_test),
	KUNIT_CASE(media_connect_ndis5_test),
	KUNIT_CASE(malformed_status_test),
	KUNIT_CASE(outlives_miniport_test),
	KUNIT_CASE(gone_miniport_memory_test),
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

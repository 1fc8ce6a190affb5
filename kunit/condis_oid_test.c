// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CoNDIS shim's OID requests (condis_oid_request()) and its
 * admission control (the CBR PCRs and VBR SCRs of transmit VCs summed
 * against the line rate), driven by the fake miniport of condis_fake_mp.h
 * with its oid_request handler, which answers the OIDs of the adapter's
 * miniport_oids list.
 *
 * Every value expected here comes from the fake adapter's description
 * (oid_info) or from what the test did to it, never from the shim.
 */

#include <linux/cred.h>
#include <uapi/linux/condis.h>
#include "condis_fake_mp.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* The fake adapter's line rate, cells/s: a prime, so nothing divides evenly. */
#define OID_LINK_RATE		100003U
/* Its GEN_CO_LINK_SPEED: 100003 cells/s x 424 bit / 100, truncated. */
#define OID_LINK_SPEED		424012U
#define OID_DESC		"fake oid adapter"
#define OID_BASE		0x1234500000ULL
#define OID_UNKNOWN		0x0001ffffU
#define POISON			0xa5

static const u32 oid_mp_oids[] = {
	OID_ATM_RCV_CELLS_OK, OID_ATM_CELLS_HEC_ERROR,
};

static const struct condis_adapter_info oid_info = {
	.type = "fakeoid",
	.esi = { 0x00, 0x20, 0x48, 0x1e, 0x5a, 0x77 },
	.vpi_bits = 7,
	.vci_bits = 14,
	.max_vcs = 13,
	.link_rate = OID_LINK_RATE,
	.link_up = true,
	.aal_types = NDIS_AAL_TYPE_AAL0 | NDIS_AAL_TYPE_AAL5,
	.max_sdu = 9000,
	.service_categories = NDIS_ATM_SERVICE_CATEGORY_CBR |
			      NDIS_ATM_SERVICE_CATEGORY_VBR |
			      NDIS_ATM_SERVICE_CATEGORY_UBR,
	.description = OID_DESC,
	.vendor_driver_version = 0x00030007,
	.miniport_oids = oid_mp_oids,
	.nr_miniport_oids = ARRAY_SIZE(oid_mp_oids),
};

/*
 * The OIDs the shim answers itself (condis-semantics.md's mandatory ones
 * plus the optional ones it implements) and the size of each answer; 0:
 * GEN_CO_SUPPORTED_LIST, whose size depends on the miniport's list.
 */
static const struct {
	u32 oid;
	u32 size;
} shim_oids[] = {
	{ OID_GEN_CO_SUPPORTED_LIST, 0 },
	{ OID_GEN_CO_HARDWARE_STATUS, 4 },
	{ OID_GEN_CO_MEDIA_SUPPORTED, 4 },
	{ OID_GEN_CO_MEDIA_IN_USE, 4 },
	{ OID_GEN_CO_LINK_SPEED, 8 },
	{ OID_GEN_CO_VENDOR_ID, 4 },
	{ OID_GEN_CO_VENDOR_DESCRIPTION, sizeof(OID_DESC) },
	{ OID_GEN_CO_DRIVER_VERSION, 2 },
	{ OID_GEN_CO_PROTOCOL_OPTIONS, 4 },
	{ OID_GEN_CO_MAC_OPTIONS, 4 },
	{ OID_GEN_CO_MEDIA_CONNECT_STATUS, 4 },
	{ OID_GEN_CO_VENDOR_DRIVER_VERSION, 4 },
	{ OID_GEN_CO_MINIMUM_LINK_SPEED, 8 },
	{ OID_GEN_CO_XMIT_PDUS_OK, 8 },
	{ OID_GEN_CO_RCV_PDUS_OK, 8 },
	{ OID_GEN_CO_XMIT_PDUS_ERROR, 8 },
	{ OID_GEN_CO_RCV_PDUS_ERROR, 8 },
	{ OID_GEN_CO_RCV_PDUS_NO_BUFFER, 8 },
	{ OID_GEN_CO_BYTES_XMIT, 8 },
	{ OID_GEN_CO_BYTES_RCV, 8 },
	{ OID_GEN_CO_TRANSMIT_QUEUE_LENGTH, 4 },
	{ OID_ATM_SUPPORTED_SERVICE_CATEGORY, 4 },
	{ OID_ATM_SUPPORTED_AAL_TYPES, 4 },
	{ OID_ATM_HW_CURRENT_ADDRESS, ESI_LEN },
	{ OID_ATM_MAX_ACTIVE_VCS, 4 },
	{ OID_ATM_MAX_ACTIVE_VCI_BITS, 4 },
	{ OID_ATM_MAX_ACTIVE_VPI_BITS, 4 },
	{ OID_ATM_MAX_AAL5_PACKET_SIZE, 4 },
};

/* GEN_CO_SUPPORTED_LIST's size: the shim's OIDs, then the miniport's. */
#define LIST_SIZE	(4 * (ARRAY_SIZE(shim_oids) + ARRAY_SIZE(oid_mp_oids)))

static int oid_init(struct kunit *test)
{
	int err = fake_mp_init_ops(test, &oid_info, &fake_ops_oid);
	struct fake_mp *mp = test->priv;

	mp->oid_base = OID_BASE;
	return err;
}

/*
 * One request. bytes_written and bytes_needed start as garbage, as in a
 * miniport's stack frame: the shim must set both.
 */
static u32 oid_do(struct kunit *test, struct condis_vc *vc, u32 oid, bool set,
		  void *buf, u32 len, struct condis_oid_req *req)
{
	struct fake_mp *mp = test->priv;

	memset(req, 0, sizeof(*req));
	req->oid = oid;
	req->set = set;
	req->buf = buf;
	req->len = len;
	req->bytes_written = 0xdeadbeef;
	req->bytes_needed = 0xdeadbeef;
	return condis_oid_request(mp->ad, vc, req);
}

static bool untouched(const u8 *p, size_t n)
{
	return !memchr_inv(p, POISON, n);
}

/* Query a @size-byte value into @val: SUCCESS, exactly @size bytes written. */
static void query(struct kunit *test, struct condis_vc *vc, u32 oid,
		  void *val, u32 size)
{
	struct condis_oid_req req;
	u8 buf[160];

	memset(buf, POISON, sizeof(buf));
	KUNIT_EXPECT_EQ_MSG(test, oid_do(test, vc, oid, false, buf, sizeof(buf),
					 &req),
			    NDIS_STATUS_SUCCESS, "OID 0x%08x", oid);
	KUNIT_EXPECT_EQ_MSG(test, req.bytes_written, size, "OID 0x%08x", oid);
	KUNIT_EXPECT_EQ_MSG(test, req.bytes_needed, 0U, "OID 0x%08x", oid);
	KUNIT_EXPECT_TRUE_MSG(test, untouched(buf + size, sizeof(buf) - size),
			      "OID 0x%08x wrote past its %u bytes", oid, size);
	memcpy(val, buf, size);
}

static u32 q32(struct kunit *test, struct condis_vc *vc, u32 oid)
{
	u32 v;

	query(test, vc, oid, &v, sizeof(v));
	return v;
}

static u64 q64(struct kunit *test, struct condis_vc *vc, u32 oid)
{
	u64 v;

	query(test, vc, oid, &v, sizeof(v));
	return v;
}

/* A query with a buffer one byte short of @size: BUFFER_TOO_SHORT. */
static void expect_too_short(struct kunit *test, struct condis_vc *vc, u32 oid,
			     u32 len, u32 size)
{
	struct condis_oid_req req;
	u8 buf[160];

	memset(buf, POISON, sizeof(buf));
	KUNIT_EXPECT_EQ_MSG(test, oid_do(test, vc, oid, false, buf, len, &req),
			    NDIS_STATUS_BUFFER_TOO_SHORT,
			    "OID 0x%08x, %u bytes", oid, len);
	KUNIT_EXPECT_EQ_MSG(test, req.bytes_needed, size, "OID 0x%08x", oid);
	KUNIT_EXPECT_EQ_MSG(test, req.bytes_written, 0U, "OID 0x%08x", oid);
	KUNIT_EXPECT_TRUE_MSG(test, untouched(buf, sizeof(buf)),
			      "OID 0x%08x wrote into a short buffer", oid);
}

/* A set of @len (up to 16) bytes: @val, then zeroes. */
static u32 set_val(struct kunit *test, struct condis_vc *vc, u32 oid, u32 val,
		   u32 len, struct condis_oid_req *req)
{
	u8 buf[16] = {};

	memcpy(buf, &val, sizeof(val));
	return oid_do(test, vc, oid, true, buf, min_t(u32, len, sizeof(buf)),
		      req);
}

static struct condis_vc *oid_vc(struct kunit *test, u32 vci, bool activate)
{
	struct condis_vc_params p;

	return activate ? fake_active(test, vci, &p) : fake_create(test, vci, &p);
}

/* ---- the shim's OIDs ---- */

/*
 * Every OID the shim answers: SUCCESS with exactly its size, never passed
 * to the miniport; one byte short (and zero bytes): BUFFER_TOO_SHORT with
 * bytes_needed its size, nothing written.
 */
static void oid_shim_sizes(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	u8 list[LIST_SIZE];
	u8 val[64];
	u32 size;
	int i;

	for (i = 0; i < ARRAY_SIZE(shim_oids); i++) {
		size = shim_oids[i].size;
		if (!size) {
			query(test, NULL, shim_oids[i].oid, list, LIST_SIZE);
			size = LIST_SIZE;
		} else {
			query(test, NULL, shim_oids[i].oid, val, size);
		}
		expect_too_short(test, NULL, shim_oids[i].oid, size - 1, size);
		expect_too_short(test, NULL, shim_oids[i].oid, 0, size);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 0);
}

static void oid_general_values(struct kunit *test)
{
	struct condis_link_speed ls;
	char desc[sizeof(OID_DESC)];
	u16 ver;

	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_HARDWARE_STATUS),
			(u32)CONDIS_HARDWARE_STATUS_READY);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_SUPPORTED),
			(u32)CONDIS_MEDIUM_ATM);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_IN_USE),
			(u32)CONDIS_MEDIUM_ATM);
	query(test, NULL, OID_GEN_CO_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, OID_LINK_SPEED);
	KUNIT_EXPECT_EQ(test, ls.inbound, OID_LINK_SPEED);
	memset(&ls, 0, sizeof(ls));
	query(test, NULL, OID_GEN_CO_MINIMUM_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, OID_LINK_SPEED);
	KUNIT_EXPECT_EQ(test, ls.inbound, OID_LINK_SPEED);
	/* The ESI's OUI (00:20:48) in the top three bytes. */
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_VENDOR_ID),
			0x00204800U);
	query(test, NULL, OID_GEN_CO_VENDOR_DESCRIPTION, desc, sizeof(desc));
	KUNIT_EXPECT_EQ(test, memcmp(desc, OID_DESC, sizeof(OID_DESC)), 0);
	query(test, NULL, OID_GEN_CO_DRIVER_VERSION, &ver, sizeof(ver));
	KUNIT_EXPECT_EQ(test, ver, (u16)0x0500);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 0U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MAC_OPTIONS), 0U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_CONNECT_STATUS),
			(u32)CONDIS_MEDIA_CONNECTED);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_VENDOR_DRIVER_VERSION),
			0x00030007U);
}

static void oid_atm_values(struct kunit *test)
{
	u8 esi[ESI_LEN];

	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_SUPPORTED_SERVICE_CATEGORY),
			(u32)(CONDIS_SERVICE_CBR | CONDIS_SERVICE_VBR |
			      CONDIS_SERVICE_UBR));
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_SUPPORTED_AAL_TYPES),
			(u32)(CONDIS_AAL_TYPE_AAL0 | CONDIS_AAL_TYPE_AAL5));
	query(test, NULL, OID_ATM_HW_CURRENT_ADDRESS, esi, sizeof(esi));
	KUNIT_EXPECT_EQ(test, memcmp(esi, oid_info.esi, ESI_LEN), 0);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_MAX_ACTIVE_VCS), 13U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_MAX_ACTIVE_VCI_BITS), 14U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_MAX_ACTIVE_VPI_BITS), 7U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_MAX_AAL5_PACKET_SIZE),
			9000U);
}

/*
 * What the shim fills in for a sparse description: the type as the
 * description, UBR only, the largest AAL5 SDU; carrier down at
 * registration; no oid_request: a miniport OID is unknown.
 */
static void oid_info_defaults(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_oid_req req;
	char desc[sizeof("fakeoid")];
	u32 list[ARRAY_SIZE(shim_oids)];
	u64 v;

	mp->info.description = NULL;
	mp->info.service_categories = 0;
	mp->info.max_sdu = 0;
	mp->info.link_up = false;
	mp->info.miniport_oids = NULL;
	mp->info.nr_miniport_oids = 0;
	fake_reregister(test, &fake_ops);

	query(test, NULL, OID_GEN_CO_VENDOR_DESCRIPTION, desc, sizeof(desc));
	KUNIT_EXPECT_EQ(test, memcmp(desc, "fakeoid", sizeof(desc)), 0);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_SUPPORTED_SERVICE_CATEGORY),
			(u32)CONDIS_SERVICE_UBR);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_MAX_AAL5_PACKET_SIZE),
			65535U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_CONNECT_STATUS),
			(u32)CONDIS_MEDIA_DISCONNECTED);
	query(test, NULL, OID_GEN_CO_SUPPORTED_LIST, list, sizeof(list));
	KUNIT_EXPECT_EQ(test, oid_do(test, NULL, OID_ATM_RCV_CELLS_OK, false,
				     &v, sizeof(v), &req),
			NDIS_STATUS_INVALID_OID);
	KUNIT_EXPECT_EQ(test, oid_do(test, NULL, OID_UNKNOWN, false, &v,
				     sizeof(v), &req),
			NDIS_STATUS_INVALID_OID);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 0);
}

/* GEN_CO_MEDIA_CONNECT_STATUS and the link speed follow the indications. */
static void oid_link_follows_status(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_link_state st;
	struct condis_link_speed ls;

	condis_indicate_status(mp->ad, NDIS_STATUS_MEDIA_DISCONNECT, NULL, 0);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_CONNECT_STATUS),
			(u32)CONDIS_MEDIA_DISCONNECTED);
	query(test, NULL, OID_GEN_CO_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, OID_LINK_SPEED);
	condis_indicate_status(mp->ad, NDIS_STATUS_MEDIA_CONNECT, NULL, 0);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_CONNECT_STATUS),
			(u32)CONDIS_MEDIA_CONNECTED);

	/* NDIS 6 form, with a new rate: 96000 x 424 / 100 = 407040. */
	st.media_connect_state = NDIS_MEDIA_CONNECT_STATE_DISCONNECTED;
	st.cell_rate = 96000;
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_CONNECT_STATUS),
			(u32)CONDIS_MEDIA_DISCONNECTED);
	query(test, NULL, OID_GEN_CO_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, 407040U);
	KUNIT_EXPECT_EQ(test, ls.inbound, 407040U);
	query(test, NULL, OID_GEN_CO_MINIMUM_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, 407040U);
	/* A rate of 0 leaves the rate as it was. */
	st.media_connect_state = NDIS_MEDIA_CONNECT_STATE_CONNECTED;
	st.cell_rate = 0;
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_MEDIA_CONNECT_STATUS),
			(u32)CONDIS_MEDIA_CONNECTED);
	query(test, NULL, OID_GEN_CO_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, 407040U);
	/* 2 x 10^7 cells/s: the product (8.48 x 10^9) overflows 32 bits. */
	st.cell_rate = 20000000;
	condis_indicate_status(mp->ad, NDIS_STATUS_LINK_STATE, &st, sizeof(st));
	query(test, NULL, OID_GEN_CO_LINK_SPEED, &ls, sizeof(ls));
	KUNIT_EXPECT_EQ(test, ls.outbound, 84800000U);
	KUNIT_EXPECT_EQ(test, ls.inbound, 84800000U);
}

static int count_in(const u32 *list, int n, u32 oid)
{
	int i, c = 0;

	for (i = 0; i < n; i++)
		c += list[i] == oid;
	return c;
}

/*
 * GEN_CO_SUPPORTED_LIST: the shim's OIDs and the miniport's, each once,
 * nothing else (not the NOT_SUPPORTED ones), and each of them answers.
 */
static void oid_supported_list(struct kunit *test)
{
	const int n = LIST_SIZE / 4;
	struct fake_mp *mp = test->priv;
	struct condis_oid_req req;
	u32 list[LIST_SIZE / 4 + 2];
	u8 val[160];
	int i;

	memset(list, POISON, sizeof(list));
	KUNIT_ASSERT_EQ(test, oid_do(test, NULL, OID_GEN_CO_SUPPORTED_LIST,
				     false, list, sizeof(list), &req),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, req.bytes_written, (u32)LIST_SIZE);
	KUNIT_EXPECT_TRUE(test, untouched((u8 *)list + LIST_SIZE,
					  sizeof(list) - LIST_SIZE));
	for (i = 0; i < ARRAY_SIZE(shim_oids); i++)
		KUNIT_EXPECT_EQ_MSG(test, count_in(list, n, shim_oids[i].oid), 1,
				    "shim OID 0x%08x", shim_oids[i].oid);
	for (i = 0; i < ARRAY_SIZE(oid_mp_oids); i++)
		KUNIT_EXPECT_EQ_MSG(test, count_in(list, n, oid_mp_oids[i]), 1,
				    "miniport OID 0x%08x", oid_mp_oids[i]);
	KUNIT_EXPECT_EQ(test, count_in(list, n, OID_ATM_SUPPORTED_VC_RATES), 0);
	KUNIT_EXPECT_EQ(test, count_in(list, n, OID_ATM_GET_NEAREST_FLOW), 0);

	/* Listed means answered: the miniport's through the miniport. */
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, oid_do(test, NULL, list[i], false, val,
						 sizeof(val), &req),
				    NDIS_STATUS_SUCCESS, "listed OID 0x%08x",
				    list[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid),
			(int)ARRAY_SIZE(oid_mp_oids));

	/* Short: 4 x count needed, nothing written. */
	expect_too_short(test, NULL, OID_GEN_CO_SUPPORTED_LIST, LIST_SIZE - 1,
			 LIST_SIZE);
	expect_too_short(test, NULL, OID_GEN_CO_SUPPORTED_LIST, 4, LIST_SIZE);
	/* Per VC: the same list. */
	memset(list, POISON, sizeof(list));
	query(test, oid_vc(test, 30, true), OID_GEN_CO_SUPPORTED_LIST, list,
	      LIST_SIZE);
	KUNIT_EXPECT_EQ(test, count_in(list, n, OID_ATM_CELLS_HEC_ERROR), 1);
}

/* ---- status codes ---- */

static void oid_unknown_and_not_supported(struct kunit *test)
{
	static const u32 unsupported[] = {
		OID_ATM_SUPPORTED_VC_RATES, OID_ATM_GET_NEAREST_FLOW,
	};
	struct fake_mp *mp = test->priv;
	struct condis_oid_req req;
	struct condis_vc *vc;
	u8 buf[64];
	int i;

	vc = oid_vc(test, 31, true);
	/* Unknown: the shim asks the miniport, which does not know it either. */
	KUNIT_EXPECT_EQ(test, oid_do(test, NULL, OID_UNKNOWN, false, buf,
				     sizeof(buf), &req),
			NDIS_STATUS_INVALID_OID);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 1);
	KUNIT_EXPECT_EQ(test, mp->last_oid, OID_UNKNOWN);
	KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
	KUNIT_EXPECT_EQ(test, oid_do(test, vc, OID_UNKNOWN, true, buf,
				     sizeof(buf), &req),
			NDIS_STATUS_INVALID_OID);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 2);
	KUNIT_EXPECT_TRUE(test, mp->last_oid_set);

	/* Known and not supported: never reaches the miniport. */
	for (i = 0; i < ARRAY_SIZE(unsupported); i++) {
		memset(buf, POISON, sizeof(buf));
		KUNIT_EXPECT_EQ(test, oid_do(test, NULL, unsupported[i], false,
					     buf, sizeof(buf), &req),
				NDIS_STATUS_NOT_SUPPORTED);
		KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
		KUNIT_EXPECT_TRUE(test, untouched(buf, sizeof(buf)));
		KUNIT_EXPECT_EQ(test, oid_do(test, vc, unsupported[i], false,
					     buf, sizeof(buf), &req),
				NDIS_STATUS_NOT_SUPPORTED);
		KUNIT_EXPECT_EQ(test, oid_do(test, NULL, unsupported[i], true,
					     buf, sizeof(buf), &req),
				NDIS_STATUS_NOT_SUPPORTED);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 2);
}

static void oid_buffer_too_short(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *vc = oid_vc(test, 32, true);

	/* A u32 OID in 2 bytes, a u64 counter in 4, adapter-wide and per VC. */
	expect_too_short(test, NULL, OID_ATM_MAX_ACTIVE_VCS, 2, 4);
	expect_too_short(test, vc, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH, 2, 4);
	expect_too_short(test, NULL, OID_GEN_CO_XMIT_PDUS_OK, 4, 8);
	expect_too_short(test, vc, OID_GEN_CO_BYTES_XMIT, 4, 8);
	expect_too_short(test, NULL, OID_ATM_HW_CURRENT_ADDRESS, 4, ESI_LEN);
	/* The miniport's answer through condis_oid_put(), the same way. */
	expect_too_short(test, NULL, OID_ATM_RCV_CELLS_OK, 7, 8);
	expect_too_short(test, vc, OID_ATM_CELLS_HEC_ERROR, 2, 8);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 2);
}

static void oid_set_rules(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_oid_req req;
	u32 v;
	int i;

	/* Wrong length: INVALID_LENGTH, 4 bytes needed, nothing applied. */
	v = 1;
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 2, &req),
			NDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, req.bytes_needed, 4U);
	KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 0, &req),
			NDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, req.bytes_needed, 4U);
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 8, &req),
			NDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, req.bytes_needed, 4U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 0U);

	/* Bits 0..2 only: anything else is INVALID_DATA, not applied. */
	v = 0x8;
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 4, &req),
			NDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
	v = 0x80000001;
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 4, &req),
			NDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 0U);
	v = 0x5;
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 4, &req),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, req.bytes_written, 4U);
	KUNIT_EXPECT_EQ(test, req.bytes_needed, 0U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 5U);
	v = 0x2;
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      v, 4, &req),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 2U);

	/* Every other shim OID is query-only: NOT_SUPPORTED. */
	v = 0;
	for (i = 0; i < ARRAY_SIZE(shim_oids); i++) {
		if (shim_oids[i].oid == OID_GEN_CO_PROTOCOL_OPTIONS)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, set_val(test, NULL, shim_oids[i].oid,
						  v, 4, &req),
				    NDIS_STATUS_NOT_SUPPORTED, "set OID 0x%08x",
				    shim_oids[i].oid);
		KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
	}
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_ATM_MAX_ACTIVE_VCS), 13U);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 0);

	/* A set of a miniport OID is the miniport's to refuse. */
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_ATM_RCV_CELLS_OK, v, 8,
				      &req),
			NDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 1);
	KUNIT_EXPECT_TRUE(test, mp->last_oid_set);
	KUNIT_EXPECT_EQ(test, mp->last_oid, OID_ATM_RCV_CELLS_OK);
}

/*
 * What the shim sets is adapter-wide: a set naming a VC must not change
 * it for every VC, it is refused.
 */
static void oid_per_vc_set_refused(struct kunit *test)
{
	struct condis_oid_req req;
	struct condis_vc *a;

	a = oid_vc(test, 43, true);
	KUNIT_EXPECT_EQ(test, set_val(test, a, OID_GEN_CO_PROTOCOL_OPTIONS, 5,
				      4, &req),
			NDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 0U);
	KUNIT_EXPECT_EQ(test, q32(test, a, OID_GEN_CO_PROTOCOL_OPTIONS), 0U);
	/* Adapter-wide, the same set applies. */
	KUNIT_EXPECT_EQ(test, set_val(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS,
				      5, 4, &req),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_PROTOCOL_OPTIONS), 5U);
}

/* ---- who may do what: credentials of an unprivileged user ---- */

#define UID_A	65534
#define UID_B	65533

/*
 * Run as @uid (all ids), without capabilities, until revert_creds() of
 * what this returns.
 */
static const struct cred *as_user(struct kunit *test, uid_t uid)
{
	const struct cred *old;
	struct cred *c;

	c = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->uid = KUIDT_INIT(uid);
	c->euid = c->uid;
	c->suid = c->uid;
	c->fsuid = c->uid;
	cap_clear(c->cap_effective);
	cap_clear(c->cap_permitted);
	cap_clear(c->cap_inheritable);
	cap_clear(c->cap_ambient);
	old = override_creds(c);
	put_cred(c);		/* override_creds() holds its own */
	return old;
}

/* condis_vc_create() for a socket (any: only its presence counts). */
static struct condis_vc *vc_for_sock(struct kunit *test, struct fake_sock *s,
				     const struct condis_vc_params *p)
{
	struct fake_mp *mp = test->priv;

	return condis_vc_create(mp->ad, &s->vcc, p);
}

/*
 * Per-VC counters tell what another user's VC carries: only the user who
 * opened the VC, or CAP_NET_ADMIN, may ask for them.
 */
static void oid_per_vc_other_user(struct kunit *test)
{
	struct fake_sock *s = fake_sock(test, NULL, 0, 0);
	const struct cred *old;
	struct condis_vc_params p;
	struct condis_vc *root_vc, *a_vc = NULL;
	bool own, others, adm_a;

	root_vc = oid_vc(test, 44, true);	/* opened by root */
	old = as_user(test, UID_A);
	fake_params(&p, 0, 45, TXRX, 0);
	a_vc = vc_for_sock(test, s, &p);
	own = !IS_ERR(a_vc) && condis_oid_may_access_vc(a_vc);
	others = condis_oid_may_access_vc(root_vc);
	revert_creds(old);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(a_vc), "create: %ld",
			       PTR_ERR(a_vc));
	KUNIT_EXPECT_TRUE(test, own);
	KUNIT_EXPECT_FALSE(test, others);
	/* Another unprivileged user may not look at A's either. */
	old = as_user(test, UID_B);
	adm_a = condis_oid_may_access_vc(a_vc);
	revert_creds(old);
	KUNIT_EXPECT_FALSE(test, adm_a);
	/* CAP_NET_ADMIN may look at every VC. */
	KUNIT_EXPECT_TRUE(test, condis_oid_may_access_vc(a_vc));
	KUNIT_EXPECT_TRUE(test, condis_oid_may_access_vc(root_vc));
}

/* ---- the miniport's OIDs, adapter-wide and per VC ---- */

static void oid_miniport_vc_ctx(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *a, *b, *d;
	struct condis_vc_params p;

	a = oid_vc(test, 40, true);
	b = oid_vc(test, 41, false);		/* CREATED */
	d = fake_deactivated(test, 42, &p);

	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_ATM_RCV_CELLS_OK), OID_BASE);
	KUNIT_EXPECT_NULL(test, mp->last_oid_ctx);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_ATM_CELLS_HEC_ERROR),
			OID_BASE + 1);
	KUNIT_EXPECT_NULL(test, mp->last_oid_ctx);
	/* Per VC: that VC's context, in any state it exists in. */
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_ATM_RCV_CELLS_OK), OID_BASE + 40);
	KUNIT_EXPECT_PTR_EQ(test, mp->last_oid_ctx, a->ctx);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_ATM_CELLS_HEC_ERROR),
			OID_BASE + 1 + 41);
	KUNIT_EXPECT_PTR_EQ(test, mp->last_oid_ctx, b->ctx);
	KUNIT_EXPECT_EQ(test, q64(test, d, OID_ATM_RCV_CELLS_OK), OID_BASE + 42);
	KUNIT_EXPECT_PTR_EQ(test, mp->last_oid_ctx, d->ctx);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->oid_dead_ctx), 0);
}

/* Receive side of a fake socket: give the skb back at once. */
static void oid_push(struct atm_vcc *vcc, struct sk_buff *skb)
{
	atm_return(vcc, skb->truesize);
	kfree_skb(skb);
}

static void oid_receive(struct condis_vc *vc, unsigned int len)
{
	struct sk_buff *skb;

	local_bh_disable();
	skb = condis_alloc_rx_skb(vc, len);
	if (skb) {
		skb_put(skb, len);
		condis_indicate_receive(vc, skb);
	}
	local_bh_enable();
}

/* Complete every send the fake holds: @fail_vc's first with @fail. */
static void complete_all_sends(struct fake_mp *mp, struct condis_vc *fail_vc,
			       u32 fail)
{
	struct sk_buff *skb;
	struct condis_vc *vc;
	bool failed = false;

	while ((skb = skb_dequeue(&mp->sent))) {
		vc = ATM_SKB(skb)->vcc->dev_data;
		if (vc == fail_vc && !failed) {
			failed = true;
			fake_complete(vc, skb, fail);
		} else {
			fake_complete(vc, skb, NDIS_STATUS_SUCCESS);
		}
	}
}

/*
 * Per-VC counters count that VC only; adapter-wide ones are the ATM
 * device's AAL0 + AAL5 counters (what the ATM core gives a socket as
 * vcc->stats) and the shim's byte counts.
 */
static void oid_per_vc_counters(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct k_atm_dev_stats *ds = &mp->ad->dev->stats;
	struct fake_sock *sa, *sa0, *sb;
	struct condis_vc *a, *b, *c;
	struct condis_vc_params p;
	int i;

	a = fake_active(test, 50, &p);			/* AAL5 */
	fake_params(&p, 0, 51, TXRX, 0);
	p.aal = NDIS_AAL_TYPE_AAL0;
	b = condis_vc_create(mp->ad, NULL, &p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_ASSERT_EQ(test, condis_vc_activate(b, &p), NDIS_STATUS_SUCCESS);
	c = fake_active(test, 52, &p);			/* no traffic */

	sa = fake_sock(test, a, 3, 100);
	sa->vcc.stats = &ds->aal5;
	sa->vcc.push = oid_push;
	sa->vcc.sk.sk_rcvbuf = 1 << 20;
	fake_sock_bind(test, sa, a);
	sa0 = fake_sock(test, a, 1, 0);			/* refused: length 0 */
	sa0->vcc.stats = &ds->aal5;
	sb = fake_sock(test, b, 2, ATM_AAL0_SDU);
	sb->vcc.stats = &ds->aal0;
	sb->vcc.qos.aal = ATM_AAL0;
	fake_sock_bind(test, sb, b);

	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, fake_send_one(sa, i), 0);
	KUNIT_EXPECT_EQ(test, fake_send_one(sa0, 0), -EINVAL);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, fake_send_one(sb, i), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_send), 5);

	/* In flight: per VC and their sum. */
	KUNIT_EXPECT_EQ(test, q32(test, a, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH), 3U);
	KUNIT_EXPECT_EQ(test, q32(test, b, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH), 2U);
	KUNIT_EXPECT_EQ(test, q32(test, c, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH), 0U);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH),
			5U);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_XMIT_PDUS_OK), 0ULL);

	/* B's first send fails in the miniport. */
	complete_all_sends(mp, b, NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, q32(test, NULL, OID_GEN_CO_TRANSMIT_QUEUE_LENGTH),
			0U);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_XMIT_PDUS_OK), 3ULL);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_GEN_CO_XMIT_PDUS_OK), 1ULL);
	KUNIT_EXPECT_EQ(test, q64(test, c, OID_GEN_CO_XMIT_PDUS_OK), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_XMIT_PDUS_OK), 4ULL);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_XMIT_PDUS_ERROR), 1ULL);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_GEN_CO_XMIT_PDUS_ERROR), 1ULL);
	KUNIT_EXPECT_EQ(test, q64(test, c, OID_GEN_CO_XMIT_PDUS_ERROR), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_XMIT_PDUS_ERROR), 2ULL);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_BYTES_XMIT), 300ULL);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_GEN_CO_BYTES_XMIT),
			(u64)ATM_AAL0_SDU);
	KUNIT_EXPECT_EQ(test, q64(test, c, OID_GEN_CO_BYTES_XMIT), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_BYTES_XMIT),
			300ULL + ATM_AAL0_SDU);

	/* Receives: two PDUs on A, a damaged one on B, a drop on A. */
	oid_receive(a, 200);
	oid_receive(a, 300);
	local_bh_disable();
	condis_indicate_receive_error(b, false);
	condis_indicate_receive_error(a, true);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_RCV_PDUS_OK), 2ULL);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_GEN_CO_RCV_PDUS_OK), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_RCV_PDUS_OK), 2ULL);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_BYTES_RCV), 500ULL);
	KUNIT_EXPECT_EQ(test, q64(test, c, OID_GEN_CO_BYTES_RCV), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_BYTES_RCV), 500ULL);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_RCV_PDUS_ERROR), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_GEN_CO_RCV_PDUS_ERROR), 1ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_RCV_PDUS_ERROR), 1ULL);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_RCV_PDUS_NO_BUFFER), 1ULL);
	KUNIT_EXPECT_EQ(test, q64(test, b, OID_GEN_CO_RCV_PDUS_NO_BUFFER), 0ULL);
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_GEN_CO_RCV_PDUS_NO_BUFFER),
			1ULL);

	/* A deactivated VC keeps its counts. */
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(a), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_XMIT_PDUS_OK), 3ULL);
	KUNIT_EXPECT_EQ(test, q64(test, a, OID_GEN_CO_BYTES_RCV), 500ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 0);
}

/*
 * A per-VC request on a VC that is gone (deleted, its miniport context
 * freed; the caller still holds a reference, as the ioctl does between
 * finding the VC and asking): VC_NOT_ACTIVATED, as for a VC the ioctl
 * does not find, and the miniport never sees the freed context.
 */
static void oid_deleted_vc(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_oid_req req;
	struct condis_vc_params p;
	struct condis_vc *vc;
	u64 v = 0;

	vc = fake_deactivated(test, 60, &p);
	fake_hold(test, vc);
	KUNIT_ASSERT_EQ(test, condis_vc_delete(vc), NDIS_STATUS_SUCCESS);

	KUNIT_EXPECT_EQ(test, oid_do(test, vc, OID_ATM_RCV_CELLS_OK, false, &v,
				     sizeof(v), &req),
			NDIS_STATUS_VC_NOT_ACTIVATED);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->oid_dead_ctx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_oid), 0);
	KUNIT_EXPECT_EQ(test, req.bytes_written, 0U);
	KUNIT_EXPECT_EQ(test, oid_do(test, vc, OID_GEN_CO_XMIT_PDUS_OK, false,
				     &v, sizeof(v), &req),
			NDIS_STATUS_VC_NOT_ACTIVATED);
	/* The adapter itself still answers. */
	KUNIT_EXPECT_EQ(test, q64(test, NULL, OID_ATM_RCV_CELLS_OK), OID_BASE);
}

static u32 op_vc_oid(struct fake_op *op)
{
	struct condis_oid_req req = { .oid = OID_ATM_RCV_CELLS_OK };
	u64 v;

	req.buf = &v;
	req.len = sizeof(v);
	op->result = condis_oid_request(op->mp->ad, op->vc, &req);
	op->err = req.bytes_written;
	return op->result;
}

static u32 op_delete(struct fake_op *op)
{
	return condis_vc_delete(op->vc);
}

/*
 * A per-VC request in the miniport while the VC is deleted (a socket
 * closes): delete_vc, which frees the context the request is using, waits
 * until the request is out of the miniport.
 */
static void oid_delete_waits_for_vc_request(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_op *oid, *del;
	struct condis_vc_params p;
	struct condis_vc *vc;

	vc = fake_deactivated(test, 61, &p);
	fake_hold(test, vc);
	WRITE_ONCE(mp->oid_block, true);
	fake_start(test, vc, op_vc_oid, NULL, 0, &oid);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->oid_entered));
	fake_start(test, vc, op_delete, NULL, 0, &del);

	KUNIT_EXPECT_FALSE_MSG(test, wait_for_completion_timeout(&mp->delete_called,
								 msecs_to_jiffies(200)),
			       "delete_vc freed the context of a request in the miniport");
	complete_all(&mp->oid_release);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, oid), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, oid->err, 8);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, del), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_delete), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->oid_dead_ctx), 0);
}

/* ---- admission control ---- */

static u64 reserved(struct condis_adapter *ad)
{
	u64 n;

	spin_lock_bh(&ad->lock);
	n = ad->reserved_rate;
	spin_unlock_bh(&ad->lock);
	return n;
}

static u64 vc_reserved(struct condis_vc *vc)
{
	u64 n;

	spin_lock_bh(&vc->ad->lock);
	n = vc->reserved;
	spin_unlock_bh(&vc->ad->lock);
	return n;
}

static void cbr(struct condis_vc_params *p, u32 vci, u32 pcr)
{
	fake_params(p, 0, vci, TXRX, 0);
	p->tx.service = NDIS_ATM_SERVICE_CATEGORY_CBR;
	p->tx.pcr = pcr;
}

static void vbr(struct condis_vc_params *p, u32 vci, u32 pcr, u32 scr)
{
	fake_params(p, 0, vci, TXRX, 0);
	p->tx.service = NDIS_ATM_SERVICE_CATEGORY_VBR;
	p->tx.pcr = pcr;
	p->tx.scr = scr;
	p->tx.mbs = 32;
}

/* Create a VC with @p and activate it; its status in @status. */
static struct condis_vc *admit(struct kunit *test,
			       const struct condis_vc_params *p, u32 *status)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc *vc;

	vc = condis_vc_create(mp->ad, NULL, p);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(vc), "create: %ld", PTR_ERR(vc));
	*status = condis_vc_activate(vc, p);
	return vc;
}

/* A VC admitted with @p: ACTIVE. */
static struct condis_vc *admitted(struct kunit *test,
				  const struct condis_vc_params *p)
{
	struct condis_vc *vc;
	u32 st;

	vc = admit(test, p, &st);
	KUNIT_EXPECT_EQ_MSG(test, st, NDIS_STATUS_SUCCESS, "VC %u, PCR %u",
			    p->vci, p->tx.pcr);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_ACTIVE);
	return vc;
}

/* A VC refused with @p: CELLRATE_NOT_AVAILABLE, CREATED, nothing held. */
static struct condis_vc *refused(struct kunit *test,
				 const struct condis_vc_params *p)
{
	struct fake_mp *mp = test->priv;
	int calls = atomic_read(&mp->n_activate);
	u64 before = reserved(mp->ad);
	struct condis_vc *vc;
	u32 st;

	vc = admit(test, p, &st);
	KUNIT_EXPECT_EQ_MSG(test, st, NDIS_STATUS_CELLRATE_NOT_AVAILABLE,
			    "VC %u, PCR %u", p->vci, p->tx.pcr);
	KUNIT_EXPECT_EQ(test, vc_state(vc), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, vc_reserved(vc), 0ULL);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), before);
	/* Refused by the shim: the miniport never heard of it. */
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), calls);
	return vc;
}

/* CBR PCRs summing to exactly the line rate fit; one cell/s more does not. */
static void adm_cbr_boundary(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *c;

	cbr(&p, 70, 60000);
	admitted(test, &p);
	cbr(&p, 71, OID_LINK_RATE - 60000 - 500);
	admitted(test, &p);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE - 500);
	cbr(&p, 72, 501);
	c = refused(test, &p);
	/* The refusal held nothing: exactly what is left still fits. */
	cbr(&p, 73, 500);
	admitted(test, &p);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
	cbr(&p, 74, 1);
	refused(test, &p);
	/* The refused VC may try again once there is room, not before. */
	cbr(&p, 72, 1);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(c, &p),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, vc_state(c), CONDIS_VC_CREATED);
}

/* A single VC may take the whole line, not more. */
static void adm_cbr_whole_line(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;

	cbr(&p, 75, OID_LINK_RATE + 1);
	refused(test, &p);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);
	cbr(&p, 76, OID_LINK_RATE);
	admitted(test, &p);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
}

/* VBR reserves its SCR, not its PCR. */
static void adm_vbr_counts_scr(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *a;

	vbr(&p, 77, OID_LINK_RATE, 40000);
	a = admitted(test, &p);
	KUNIT_EXPECT_EQ(test, vc_reserved(a), 40000ULL);
	/* PCRs sum to twice the line, SCRs to exactly the line. */
	vbr(&p, 78, OID_LINK_RATE, OID_LINK_RATE - 40000);
	admitted(test, &p);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
	vbr(&p, 79, 1, 1);
	refused(test, &p);
	cbr(&p, 80, 1);
	refused(test, &p);
}

/* UBR, receive-only VCs reserve nothing, even on a full line. */
static void adm_ubr_rx_reserve_nothing(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p;
	struct condis_vc *vc;

	cbr(&p, 81, OID_LINK_RATE);
	admitted(test, &p);
	/* UBR with a PCR cap of the whole line. */
	fake_params(&p, 0, 82, TXRX, OID_LINK_RATE);
	vc = admitted(test, &p);
	KUNIT_EXPECT_EQ(test, vc_reserved(vc), 0ULL);
	/* Receive-only: its CBR receive side and an unused CBR transmit side. */
	fake_params(&p, 0, 83, CONDIS_VC_RECEIVE, 0);
	p.rx.service = NDIS_ATM_SERVICE_CATEGORY_CBR;
	p.rx.pcr = OID_LINK_RATE;
	p.tx.service = NDIS_ATM_SERVICE_CATEGORY_CBR;
	p.tx.pcr = OID_LINK_RATE;
	vc = admitted(test, &p);
	KUNIT_EXPECT_EQ(test, vc_reserved(vc), 0ULL);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
	/* A CBR receive side on a transmit VC: only the transmit side counts. */
	fake_params(&p, 0, 84, TXRX, 0);
	p.rx.service = NDIS_ATM_SERVICE_CATEGORY_CBR;
	p.rx.pcr = OID_LINK_RATE;
	vc = admitted(test, &p);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
}

/*
 * A stopped VC holds no rate: once its deactivation completes (not
 * before), or the miniport drops it (CLOSING); deleting it after frees
 * nothing twice.
 */
static void adm_release_on_deactivate(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, q;
	struct condis_vc *a, *b;
	struct fake_op *op;

	cbr(&p, 85, OID_LINK_RATE - 100);
	a = admitted(test, &p);
	cbr(&q, 86, 101);
	b = refused(test, &q);

	/* Deactivating: still sending what it holds, still reserved. */
	fv_of(a)->deact_mode = FAKE_PEND;
	reinit_completion(&mp->deactivate_called);
	fake_start(test, a, op_deactivate, NULL, 0, &op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->deactivate_called));
	KUNIT_EXPECT_EQ(test, condis_vc_activate(b, &q),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	WRITE_ONCE(fv_of(a)->deactivating, false);
	condis_deactivate_vc_complete(a, NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_reserved(a), 0ULL);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);

	/* The refused one fits now, and A does not any more. */
	KUNIT_EXPECT_EQ(test, condis_vc_activate(b, &q), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(a), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 101ULL);

	/* B dropped by the miniport: its rate is free again. */
	condis_indicate_vc_status(b, NDIS_STATUS_CLOSING);
	KUNIT_EXPECT_EQ(test, vc_state(b), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);
	KUNIT_EXPECT_EQ(test, condis_vc_delete(b), NDIS_STATUS_SUCCESS);
	cbr(&p, 87, OID_LINK_RATE);
	admitted(test, &p);
}

/*
 * A failed activation frees what it reserved; a pending one holds it
 * until it completes.
 */
static void adm_failed_activation_releases(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, q;
	struct condis_vc *a, *b;
	struct fake_op *op;
	u32 st;

	/* The miniport refuses at once. */
	mp->act_status = NDIS_STATUS_RESOURCES;
	cbr(&p, 88, OID_LINK_RATE);
	a = admit(test, &p, &st);
	KUNIT_EXPECT_EQ(test, st, NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);
	mp->act_status = NDIS_STATUS_SUCCESS;

	/* Pending: held meanwhile, then freed by a failed completion. */
	fv_of(a)->act_mode = FAKE_PEND;
	fv_of(a)->act_status = NDIS_STATUS_SUCCESS;
	reinit_completion(&mp->activate_called);
	fake_start(test, a, op_activate, &p, 0, &op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->activate_called));
	cbr(&q, 89, 1);
	b = refused(test, &q);
	condis_activate_vc_complete(a, NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_CREATED);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(b, &q), NDIS_STATUS_SUCCESS);

	/* A failed re-activation of a DEACTIVATED VC frees it too. */
	KUNIT_EXPECT_EQ(test, condis_vc_deactivate(b), NDIS_STATUS_SUCCESS);
	fv_of(b)->act_status = NDIS_STATUS_FAILURE;
	q.tx.pcr = OID_LINK_RATE;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(b, &q), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, vc_state(b), CONDIS_VC_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);
	fv_of(a)->act_mode = FAKE_SYNC;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
}

/*
 * Changing an active VC's rate: its own reservation counts as free; a
 * change past the line is refused before the miniport hears of it, and
 * the old rate stays reserved and in force.
 */
static void adm_reactivate_over_refused(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, q;
	struct condis_vc *a;
	int calls;

	cbr(&p, 90, 50000);
	a = admitted(test, &p);
	cbr(&q, 91, OID_LINK_RATE - 50000 - 10);
	admitted(test, &q);

	calls = atomic_read(&mp->n_activate);
	p.tx.pcr = 50011;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_activate), calls);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, 50000U);
	KUNIT_EXPECT_EQ(test, vc_reserved(a), 50000ULL);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE - 10);

	/* Up to exactly the line. */
	p.tx.pcr = 50010;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, 50010U);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
	/* CBR to VBR: the SCR is what counts. */
	vbr(&p, 90, OID_LINK_RATE, 20000);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad),
			(u64)OID_LINK_RATE - 50010 + 20000);
}

/* A change the miniport fails leaves the old rate reserved. */
static void adm_reactivate_fails_keeps_old(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, q;
	struct condis_vc *a;

	cbr(&p, 92, 30000);
	a = admitted(test, &p);
	fv_of(a)->act_status = NDIS_STATUS_RESOURCES;

	/* Up, refused by the miniport. */
	p.tx.pcr = 80000;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p), NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, 30000U);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 30000ULL);
	/* Down, refused by the miniport. */
	p.tx.pcr = 1000;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &p), NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, 30000U);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 30000ULL);
	/* What is left is exactly the line minus the old rate. */
	cbr(&q, 93, OID_LINK_RATE - 30000 + 1);
	refused(test, &q);
	cbr(&q, 94, OID_LINK_RATE - 30000);
	admitted(test, &q);
}

/*
 * A change down to a lower rate that pends and then fails: the VC runs at
 * its old rate all along, so the rate it would have freed must not be
 * given to another VC meanwhile, and the old reservation is back after.
 */
static void adm_reactivate_lower_pending_fails(struct kunit *test)
{
	const u32 half = OID_LINK_RATE / 2;
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, lo, q;
	struct condis_vc *a, *b;
	struct fake_op *op;

	cbr(&p, 95, OID_LINK_RATE);
	a = admitted(test, &p);
	fv_of(a)->act_mode = FAKE_PEND;
	cbr(&lo, 95, half);
	reinit_completion(&mp->activate_called);
	fake_start(test, a, op_activate, &lo, 0, &op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->activate_called));

	/* The old rate is in force while the change pends. */
	cbr(&q, 96, OID_LINK_RATE - half);
	b = refused(test, &q);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);

	condis_activate_vc_complete(a, NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_RESOURCES);
	KUNIT_EXPECT_EQ(test, vc_state(a), CONDIS_VC_ACTIVE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, OID_LINK_RATE);
	KUNIT_EXPECT_EQ(test, vc_reserved(a), (u64)OID_LINK_RATE);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(b, &q),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);

	/* The same change succeeding frees the difference once it is done. */
	fv_of(a)->act_mode = FAKE_PEND_WORK;
	KUNIT_EXPECT_EQ(test, condis_vc_activate(a, &lo), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, vc_reserved(a), (u64)half);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)half);
	KUNIT_EXPECT_EQ(test, condis_vc_activate(b, &q), NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
}

/* A change up that pends and fails gives back the extra it held. */
static void adm_reactivate_higher_pending_fails(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct condis_vc_params p, hi, q;
	struct condis_vc *a;
	struct fake_op *op;

	cbr(&p, 97, 10000);
	a = admitted(test, &p);
	fv_of(a)->act_mode = FAKE_PEND;
	cbr(&hi, 97, OID_LINK_RATE);
	reinit_completion(&mp->activate_called);
	fake_start(test, a, op_activate, &hi, 0, &op);
	KUNIT_ASSERT_TRUE(test, fake_called(&mp->activate_called));
	/* The new rate is held while the change pends. */
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), (u64)OID_LINK_RATE);
	cbr(&q, 98, 1);
	refused(test, &q);

	condis_activate_vc_complete(a, NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, fake_op_wait(test, op), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, condis_vc_params(a)->tx.pcr, 10000U);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 10000ULL);
	cbr(&q, 99, OID_LINK_RATE - 10000);
	admitted(test, &q);
}

/*
 * A socket without CAP_NET_ADMIN reserves no rate: CBR and VBR transmit
 * VCs are refused at create, before the miniport hears of them; UBR and
 * receive-only VCs are not. CAP_NET_ADMIN may reserve.
 */
static void adm_unprivileged_no_reservation(struct kunit *test)
{
	struct fake_mp *mp = test->priv;
	struct fake_sock *s = fake_sock(test, NULL, 0, 0);
	struct condis_vc_params p[4];
	struct condis_vc *vc[4];
	const struct cred *old;
	int i;

	cbr(&p[0], 60, 1000);
	vbr(&p[1], 61, 2000, 1000);
	fake_params(&p[2], 0, 62, TXRX, 0);		/* UBR */
	fake_params(&p[3], 0, 63, CONDIS_VC_RECEIVE, 0);
	old = as_user(test, UID_A);
	for (i = 0; i < ARRAY_SIZE(vc); i++)
		vc[i] = vc_for_sock(test, s, &p[i]);
	revert_creds(old);

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[0]), -EPERM);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[1]), -EPERM);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[2]), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[3]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mp->n_create), 2);
	KUNIT_EXPECT_EQ(test, reserved(mp->ad), 0ULL);

	/* With CAP_NET_ADMIN. */
	cbr(&p[0], 64, 1000);
	vc[0] = vc_for_sock(test, s, &p[0]);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[0]), 0);
}

/*
 * A user without CAP_NET_ADMIN holds at most condis_max_user_vcs VCs
 * through sockets, per adapter; another user has a quota of their own, a
 * deleted VC frees its place, CAP_NET_ADMIN is not counted.
 */
static void adm_unprivileged_quota(struct kunit *test)
{
	struct fake_sock *s = fake_sock(test, NULL, 0, 0);
	unsigned int saved = condis_max_user_vcs;
	struct condis_vc_params p;
	struct condis_vc *vc[4];
	const struct cred *old;
	int i;

	condis_max_user_vcs = 2;
	old = as_user(test, UID_A);
	for (i = 0; i < 3; i++) {
		fake_params(&p, 0, 70 + i, TXRX, 0);
		vc[i] = vc_for_sock(test, s, &p);
	}
	revert_creds(old);
	old = as_user(test, UID_B);
	fake_params(&p, 0, 73, TXRX, 0);
	vc[3] = vc_for_sock(test, s, &p);
	revert_creds(old);

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[0]), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[1]), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[2]), -EDQUOT);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[3]), 0);

	/* A deleted VC frees its place. */
	if (!IS_ERR(vc[0]))
		KUNIT_EXPECT_EQ(test, condis_vc_delete(vc[0]),
				NDIS_STATUS_SUCCESS);
	old = as_user(test, UID_A);
	fake_params(&p, 0, 72, TXRX, 0);
	vc[2] = vc_for_sock(test, s, &p);
	revert_creds(old);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vc[2]), 0);

	/* Not counted: CAP_NET_ADMIN. */
	for (i = 0; i < 3; i++) {
		fake_params(&p, 0, 74 + i, TXRX, 0);
		KUNIT_EXPECT_EQ(test,
				PTR_ERR_OR_ZERO(vc_for_sock(test, s, &p)), 0);
	}
	condis_max_user_vcs = saved;
}

static struct kunit_case condis_oid_cases[] = {
	KUNIT_CASE(oid_shim_sizes),
	KUNIT_CASE(oid_general_values),
	KUNIT_CASE(oid_atm_values),
	KUNIT_CASE(oid_info_defaults),
	KUNIT_CASE(oid_link_follows_status),
	KUNIT_CASE(oid_supported_list),
	KUNIT_CASE(oid_unknown_and_not_supported),
	KUNIT_CASE(oid_buffer_too_short),
	KUNIT_CASE(oid_set_rules),
	KUNIT_CASE(oid_per_vc_set_refused),
	KUNIT_CASE(oid_per_vc_other_user),
	KUNIT_CASE(oid_miniport_vc_ctx),
	KUNIT_CASE(oid_per_vc_counters),
	KUNIT_CASE(oid_deleted_vc),
	KUNIT_CASE(oid_delete_waits_for_vc_request),
	KUNIT_CASE(adm_cbr_boundary),
	KUNIT_CASE(adm_cbr_whole_line),
	KUNIT_CASE(adm_vbr_counts_scr),
	KUNIT_CASE(adm_ubr_rx_reserve_nothing),
	KUNIT_CASE(adm_release_on_deactivate),
	KUNIT_CASE(adm_failed_activation_releases),
	KUNIT_CASE(adm_reactivate_over_refused),
	KUNIT_CASE(adm_reactivate_fails_keeps_old),
	KUNIT_CASE(adm_reactivate_lower_pending_fails),
	KUNIT_CASE(adm_reactivate_higher_pending_fails),
	KUNIT_CASE(adm_unprivileged_no_reservation),
	KUNIT_CASE(adm_unprivileged_quota),
	{}
};

static struct kunit_suite condis_oid_suite = {
	.name = "condis_oid",
	.init = oid_init,
	.exit = fake_exit,
	.test_cases = condis_oid_cases,
};

kunit_test_suite(condis_oid_suite);

MODULE_DESCRIPTION("KUnit tests for the CoNDIS shim's OID requests and admission control");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: coatm register decoding and ring index arithmetic, including
 * the hostile values a broken or malicious device could report.
 */

#include <kunit/test.h>
#include "../drivers/coatm/coatm_hw.h"
#include "../drivers/coatm/coatm_ring.h"

#define GOOD_CAPS	(COATM_CAP_AAL0 | COATM_CAP_AAL5 | COATM_CAP_UBR | \
			 COATM_CAP_CBR)

static void identity_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0, coatm_hw_check_identity(COATM_ID_VALUE,
							 COATM_VERSION_CURRENT));
	/* A newer minor version is compatible. */
	KUNIT_EXPECT_EQ(test, 0, coatm_hw_check_identity(COATM_ID_VALUE,
							 COATM_VERSION_CURRENT + 7));
	KUNIT_EXPECT_EQ(test, -ENODEV,
			coatm_hw_check_identity(COATM_ID_VALUE, 0x00020000));
	KUNIT_EXPECT_EQ(test, -ENODEV,
			coatm_hw_check_identity(~0u, ~0u));
	KUNIT_EXPECT_EQ(test, -ENODEV, coatm_hw_check_identity(0, 0));
}

/* Decode capabilities given field by field. */
static int decode(u32 caps, u32 vcs, u32 vpi, u32 vci, u32 rate,
		  struct coatm_caps *c)
{
	return coatm_hw_decode_caps(caps, COATM_VC_CAPS(vcs, vpi, vci), rate, c);
}

static void caps_good_test(struct kunit *test)
{
	const u32 oc3 = COATM_LINE_RATE_OC3;
	struct coatm_caps c = {};

	KUNIT_ASSERT_EQ(test, 0, decode(GOOD_CAPS, 4096, 8, 16, oc3, &c));
	KUNIT_EXPECT_EQ(test, c.max_vcs, 4096u);
	KUNIT_EXPECT_EQ(test, c.vpi_bits, 8);
	KUNIT_EXPECT_EQ(test, c.vci_bits, 16);
	KUNIT_EXPECT_EQ(test, c.line_rate, oc3);
	KUNIT_EXPECT_EQ(test, c.caps, (u32)GOOD_CAPS);

	/* Limits are accepted. */
	KUNIT_EXPECT_EQ(test, 0, decode(GOOD_CAPS, 0xffff, COATM_MAX_VPI_BITS,
					COATM_MAX_VCI_BITS, COATM_LINE_RATE_MAX,
					&c));
	KUNIT_EXPECT_EQ(test, c.max_vcs, 0xffffu);
	KUNIT_EXPECT_EQ(test, 0, decode(GOOD_CAPS, 1, 0, 1, 1, &c));
}

static void caps_hostile_test(struct kunit *test)
{
	const u32 oc3 = COATM_LINE_RATE_OC3;
	struct coatm_caps c = { .max_vcs = 1234 };

	/* Dead device: all ones. */
	KUNIT_EXPECT_EQ(test, -EINVAL, coatm_hw_decode_caps(~0u, ~0u, ~0u, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS, 0, 8, 16, oc3, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS, 16,
					      COATM_MAX_VPI_BITS + 1, 16, oc3,
					      &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS, 16, 8,
					      COATM_MAX_VCI_BITS + 1, oc3, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS, 16, 8, 0, oc3, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS & ~COATM_CAP_AAL5,
					      16, 8, 16, oc3, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS & ~COATM_CAP_UBR,
					      16, 8, 16, oc3, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS, 16, 8, 16, 0, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, decode(GOOD_CAPS, 16, 8, 16,
					      COATM_LINE_RATE_MAX + 1, &c));
	/* Failure leaves the output untouched. */
	KUNIT_EXPECT_EQ(test, c.max_vcs, 1234u);
}

static void esi_test(struct kunit *test)
{
	static const u8 want[COATM_ESI_LEN] = { 0x52, 0x54, 0x00, 0x12,
						0x34, 0x56 };
	u8 esi[COATM_ESI_LEN];

	/* Only bits 15:0 of ESI_HI carry the ESI. */
	coatm_hw_decode_esi(0x12005452, 0xffff5634, esi);
	KUNIT_EXPECT_EQ(test, 0, memcmp(esi, want, COATM_ESI_LEN));
}

static void ring_size_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, coatm_ring_size_valid(2, 4096));
	KUNIT_EXPECT_TRUE(test, coatm_ring_size_valid(4096, 4096));
	KUNIT_EXPECT_FALSE(test, coatm_ring_size_valid(8192, 4096));
	KUNIT_EXPECT_FALSE(test, coatm_ring_size_valid(0, 4096));
	KUNIT_EXPECT_FALSE(test, coatm_ring_size_valid(1, 4096));
	KUNIT_EXPECT_FALSE(test, coatm_ring_size_valid(48, 4096));
	KUNIT_EXPECT_FALSE(test, coatm_ring_size_valid(~0u, ~0u));
}

static void ring_arith_test(struct kunit *test)
{
	const u32 size = 256;

	KUNIT_EXPECT_EQ(test, coatm_ring_used(0, 0), 0u);
	KUNIT_EXPECT_EQ(test, coatm_ring_space(size, 0, 0), size);
	KUNIT_EXPECT_EQ(test, coatm_ring_used(10, 3), 7u);
	KUNIT_EXPECT_EQ(test, coatm_ring_space(size, 10, 3), size - 7);
	KUNIT_EXPECT_EQ(test, coatm_ring_space(size, 256, 0), 0u);
	/* Across the 32-bit wrap. */
	KUNIT_EXPECT_EQ(test, coatm_ring_used(5, 0xfffffffb), 10u);
	KUNIT_EXPECT_EQ(test, coatm_ring_space(size, 5, 0xfffffffb), size - 10);
	KUNIT_EXPECT_EQ(test, coatm_ring_slot(size, 0), 0u);
	KUNIT_EXPECT_EQ(test, coatm_ring_slot(size, 255), 255u);
	KUNIT_EXPECT_EQ(test, coatm_ring_slot(size, 256), 0u);
	KUNIT_EXPECT_EQ(test, coatm_ring_slot(size, 0xffffffff), 255u);
	KUNIT_EXPECT_EQ(test, coatm_ring_slot(size, 0xfffffffb + 10), 5u);
}

static void ring_advance_hostile_test(struct kunit *test)
{
	/* Forward by at most what is outstanding. */
	KUNIT_EXPECT_TRUE(test, coatm_ring_advance_valid(100, 100, 8));
	KUNIT_EXPECT_TRUE(test, coatm_ring_advance_valid(100, 108, 8));
	KUNIT_EXPECT_FALSE(test, coatm_ring_advance_valid(100, 109, 8));
	/* Backwards is never valid. */
	KUNIT_EXPECT_FALSE(test, coatm_ring_advance_valid(100, 99, 8));
	KUNIT_EXPECT_FALSE(test, coatm_ring_advance_valid(100, 0, 8));
	/* Across the wrap. */
	KUNIT_EXPECT_TRUE(test, coatm_ring_advance_valid(0xfffffffe, 2, 4));
	KUNIT_EXPECT_FALSE(test, coatm_ring_advance_valid(0xfffffffe, 3, 4));
	/* A dead device reads all-ones. */
	KUNIT_EXPECT_FALSE(test, coatm_ring_advance_valid(0, ~0u, 4096));
	/* Nothing outstanding: only "no change" is valid. */
	KUNIT_EXPECT_TRUE(test, coatm_ring_advance_valid(7, 7, 0));
	KUNIT_EXPECT_FALSE(test, coatm_ring_advance_valid(7, 8, 0));
}

static struct kunit_case coatm_hw_cases[] = {
	KUNIT_CASE(identity_test),
	KUNIT_CASE(caps_good_test),
	KUNIT_CASE(caps_hostile_test),
	KUNIT_CASE(esi_test),
	KUNIT_CASE(ring_size_test),
	KUNIT_CASE(ring_arith_test),
	KUNIT_CASE(ring_advance_hostile_test),
	{}
};

static struct kunit_suite coatm_hw_suite = {
	.name = "coatm_hw",
	.test_cases = coatm_hw_cases,
};

kunit_test_suite(coatm_hw_suite);

MODULE_DESCRIPTION("KUnit tests for coatm register decoding and rings");
MODULE_LICENSE("GPL");

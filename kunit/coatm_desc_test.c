// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: coatm descriptor encoding and decoding, and the RX completion
 * checks against the hostile values a broken device could write.
 */

#include <kunit/test.h>
#include "../drivers/coatm/coatm_desc.h"

static void tx_desc_layout_test(struct kunit *test)
{
	struct coatm_tx_desc d;
	const u8 *b = (const u8 *)&d;

	memset(&d, 0xee, sizeof(d));
	coatm_tx_desc_fill(&d, 0x1122334455667788ull, 9180, 0x0abc, 0, 0x0f);
	/* Little endian, at the offsets the register map gives. */
	KUNIT_EXPECT_EQ(test, b[0], 0x88);
	KUNIT_EXPECT_EQ(test, b[7], 0x11);
	KUNIT_EXPECT_EQ(test, b[8], 9180 & 0xff);
	KUNIT_EXPECT_EQ(test, b[9], 9180 >> 8);
	KUNIT_EXPECT_EQ(test, b[12], 0xbc);
	KUNIT_EXPECT_EQ(test, b[13], 0x0a);
	KUNIT_EXPECT_EQ(test, b[14], 0);	/* flags: AAL5 */
	/* Status and reserved words are cleared for the device. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d.status), 0u);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(d.rsvd2), 0ull);
	KUNIT_EXPECT_EQ(test, d.cell_hdr, 0);

	coatm_tx_desc_fill(&d, 0x1000, 48, 7, COATM_TXF_AAL0, 0xff);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(d.flags), (u16)COATM_TXF_AAL0);
	/* Only PTI and CLP make it into the cell header byte. */
	KUNIT_EXPECT_EQ(test, d.cell_hdr, 0x0f);
	KUNIT_EXPECT_EQ(test, b[18], 0x0f);

	/* An OAM cell on an AAL5 VC: the flag and its PTI. */
	coatm_tx_desc_fill(&d, 0x1000, 48, 7, COATM_TXF_OAM,
			   COATM_PTI_OAM_E2E << 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(d.flags), (u16)COATM_TXF_OAM);
	KUNIT_EXPECT_EQ(test, d.cell_hdr, COATM_PTI_OAM_E2E << 1);
}

static void oam_pti_test(struct kunit *test)
{
	u8 pti;

	for (pti = 0; pti < 8; pti++)
		KUNIT_EXPECT_EQ(test, coatm_cell_is_oam(pti << 1 | 1),
				pti == 4 || pti == 5);
}

static void tx_status_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(COATM_TXS_DONE |
						      COATM_TXS_OK),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(COATM_TXS_DONE |
						      COATM_TXS_BAD_VC),
			NDIS_STATUS_VC_NOT_ACTIVATED);
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(COATM_TXS_DONE |
						      COATM_TXS_BAD_LEN),
			NDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(COATM_TXS_DONE |
						      COATM_TXS_DMA_ERR),
			NDIS_STATUS_FAILURE);
	/* Not marked done, or garbage: never a success. */
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(0), NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(COATM_TXS_OK),
			NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(COATM_TXS_DONE | 0x7f),
			NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, coatm_tx_status_to_ndis(~0u), NDIS_STATUS_FAILURE);
}

static void aal0_header_test(struct kunit *test)
{
	u32 hdr = 5 << ATM_HDR_VPI_SHIFT | 1234 << ATM_HDR_VCI_SHIFT |
		  3 << ATM_HDR_PTI_SHIFT | ATM_HDR_CLP;

	KUNIT_EXPECT_EQ(test, coatm_aal0_cell_hdr(hdr), 3 << 1 | 1);
	KUNIT_EXPECT_EQ(test, coatm_aal0_linux_hdr(5, 1234, 3 << 1 | 1), hdr);
	/* Out-of-range inputs are masked, not spread into other fields. */
	KUNIT_EXPECT_EQ(test, coatm_aal0_linux_hdr(0, 0, 0xff),
			(u32)(ATM_HDR_PTI_MASK | ATM_HDR_CLP));
	KUNIT_EXPECT_EQ(test, coatm_aal0_linux_hdr(0x1ff, 0, 0) &
			~ATM_HDR_VPI_MASK, 0u);
	KUNIT_EXPECT_EQ(test, coatm_aal0_linux_hdr(0, 0x1ffff, 0) &
			~ATM_HDR_VCI_MASK, 0u);
}

static void rxc_decode_test(struct kunit *test)
{
	static const u8 raw[COATM_RXC_DESC_SIZE] = {
		0x34, 0x12, 0, 0,	/* buf_id 0x1234 */
		0xdc, 0x05, 0, 0,	/* len 1500 */
		0x07, 0x00,		/* vc 7 */
		0x01, 0x00,		/* flags EOP */
		0xaa, 0xbb, 0x0d, 0x21,	/* uu, cpi, cell_hdr, frag */
	};
	struct coatm_rxc c;

	coatm_rxc_decode((const struct coatm_rxc_desc *)raw, &c);
	KUNIT_EXPECT_EQ(test, c.buf_id, 0x1234u);
	KUNIT_EXPECT_EQ(test, c.len, 1500u);
	KUNIT_EXPECT_EQ(test, c.vc, 7);
	KUNIT_EXPECT_EQ(test, c.flags, (u16)COATM_RXC_EOP);
	KUNIT_EXPECT_EQ(test, c.cell_hdr, 0x0d);
	KUNIT_EXPECT_EQ(test, c.frag, 0x21);
}

static void rxc_check_test(struct kunit *test)
{
	const u32 nbufs = 512, bsize = 4096, vcs = 4096;
	struct coatm_rxc good = { .buf_id = 511, .len = 4096, .vc = 4095,
				  .flags = COATM_RXC_EOP };
	struct coatm_rxc c;

	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&good, nbufs, bsize, vcs),
			COATM_RXC_OK);

	c = good;
	c.buf_id = nbufs;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_BUF);
	c.buf_id = ~0u;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_BUF);

	c = good;
	c.len = bsize + 1;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_LEN);
	c.len = ~0u;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_LEN);

	c = good;
	c.vc = vcs;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_VC);
	c.vc = 0xffff;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_VC);

	/* An AAL0 cell is 48 bytes, unless it carries no data. */
	c = good;
	c.flags = COATM_RXC_AAL0 | COATM_RXC_EOP;
	c.len = 48;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_OK);
	c.len = 47;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_BAD_LEN);
	c.flags |= COATM_RXC_DISCARD;
	c.len = 0;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_OK);

	/* A zero-length buffer (only pad and trailer) is legal. */
	c = good;
	c.len = 0;
	KUNIT_EXPECT_EQ(test, coatm_rxc_check(&c, nbufs, bsize, vcs),
			COATM_RXC_OK);
}

static void cmd_status_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, coatm_cmd_status_to_ndis(COATM_CMDS_OK),
			NDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, coatm_cmd_status_to_ndis(COATM_CMDS_EXISTS),
			NDIS_STATUS_VC_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, coatm_cmd_status_to_ndis(COATM_CMDS_INVALID),
			NDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, coatm_cmd_status_to_ndis(COATM_CMDS_NO_RATE),
			NDIS_STATUS_CELLRATE_NOT_AVAILABLE);
	KUNIT_EXPECT_EQ(test, coatm_cmd_status_to_ndis(COATM_CMDS_NOT_OPEN),
			NDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, coatm_cmd_status_to_ndis(~0u),
			NDIS_STATUS_FAILURE);
}

static struct kunit_case coatm_desc_cases[] = {
	KUNIT_CASE(oam_pti_test),
	KUNIT_CASE(tx_desc_layout_test),
	KUNIT_CASE(tx_status_test),
	KUNIT_CASE(aal0_header_test),
	KUNIT_CASE(rxc_decode_test),
	KUNIT_CASE(rxc_check_test),
	KUNIT_CASE(cmd_status_test),
	{}
};

static struct kunit_suite coatm_desc_suite = {
	.name = "coatm_desc",
	.test_cases = coatm_desc_cases,
};

kunit_test_suite(coatm_desc_suite);

MODULE_DESCRIPTION("KUnit tests for coatm descriptors and RX checks");
MODULE_LICENSE("GPL");

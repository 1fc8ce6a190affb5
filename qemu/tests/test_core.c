// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests of the coatm device core (qemu/coatm_core.c).
 *
 * Each test drives the core through its public API with fake host
 * callbacks that record every interrupt, and prints one TAP line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "coatm_core.h"

#define MAX_NOTES 16
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What the fake host saw. */
struct fake_host {
	unsigned int notes;			/* notify() calls */
	unsigned int note_vec[MAX_NOTES];
	unsigned int level_calls;		/* set_level() calls */
	bool level;				/* last level set */
};

static void fake_notify(void *opaque, unsigned int vector)
{
	struct fake_host *h = opaque;

	if (h->notes < MAX_NOTES)
		h->note_vec[h->notes] = vector;
	h->notes++;
}

static void fake_set_level(void *opaque, bool level)
{
	struct fake_host *h = opaque;

	h->level_calls++;
	h->level = level;
}

static const struct coatm_core_ops fake_ops = {
	.notify = fake_notify,
	.set_level = fake_set_level,
};

static const struct coatm_core_config default_cfg = {
	.esi = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
	.line_rate = COATM_LINE_RATE_OC3,
	.max_vcs = 4096,
	.vpi_bits = 8,
	.vci_bits = 16,
	.vectors = COATM_NUM_VECTORS,
	.link_up = true,
};

/* ---- tiny TAP harness ---- */

static int test_failed;

static void check(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	test_failed = 1;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define CHECK(cond) check((cond), __FILE__, __LINE__, "%s", #cond)
#define CHECK_EQ(a, b) do {						\
	unsigned long long a_ = (a), b_ = (b);				\
	check(a_ == b_, __FILE__, __LINE__, "%s == %s: 0x%llx != 0x%llx", \
	      #a, #b, a_, b_);						\
} while (0)

static struct coatm_core core;
static struct fake_host host;

static void setup(const struct coatm_core_config *cfg)
{
	memset(&host, 0, sizeof(host));
	CHECK_EQ(coatm_core_init(&core, cfg, &fake_ops, &host), 0);
	coatm_core_reset(&core);
	memset(&host, 0, sizeof(host));
}

static uint32_t rd(uint64_t off)
{
	uint32_t val = 0xdeadbeef;

	CHECK_EQ(coatm_core_mmio_read(&core, off, &val), COATM_MMIO_OK);
	return val;
}

static void wr(uint64_t off, uint32_t val)
{
	CHECK_EQ(coatm_core_mmio_write(&core, off, val), COATM_MMIO_OK);
}

/* ---- tests ---- */

static void test_identity(void)
{
	setup(&default_cfg);
	CHECK_EQ(rd(COATM_REG_ID), COATM_ID_VALUE);
	CHECK_EQ(rd(COATM_REG_VERSION), COATM_VERSION_CURRENT);
	CHECK_EQ(COATM_VERSION_MAJOR(rd(COATM_REG_VERSION)), 1);
	CHECK_EQ(rd(COATM_REG_LINE_RATE), 353207);
	CHECK_EQ(rd(COATM_REG_ESI_LO), 0x12005452);
	CHECK_EQ(rd(COATM_REG_ESI_HI), 0x5634);
}

static void test_caps_from_config(void)
{
	struct coatm_core_config cfg = default_cfg;
	uint32_t base = COATM_CAP_AAL0 | COATM_CAP_AAL5 | COATM_CAP_UBR |
			COATM_CAP_CBR | COATM_CAP_VBR |
			COATM_CAP_PHY_LOOPBACK;
	uint32_t v;

	setup(&default_cfg);
	CHECK_EQ(rd(COATM_REG_CAPS), base | COATM_CAP_MSIX);
	v = rd(COATM_REG_VC_CAPS);
	CHECK_EQ(COATM_VC_CAPS_MAX_VCS(v), 4096);
	CHECK_EQ(COATM_VC_CAPS_VPI_BITS(v), 8);
	CHECK_EQ(COATM_VC_CAPS_VCI_BITS(v), 16);

	cfg.vectors = 0;
	cfg.max_vcs = 65535;
	cfg.vpi_bits = COATM_MAX_VPI_BITS;
	cfg.vci_bits = 10;
	cfg.line_rate = 96000;
	setup(&cfg);
	CHECK_EQ(rd(COATM_REG_CAPS), base);
	CHECK_EQ(rd(COATM_REG_VC_CAPS), 0x0a0cffff);
	CHECK_EQ(rd(COATM_REG_LINE_RATE), 96000);
}

static void test_init_rejects_bad_config(void)
{
	struct coatm_core_config cfg;

	cfg = default_cfg;
	cfg.max_vcs = 0;
	CHECK(coatm_core_init(&core, &cfg, &fake_ops, &host) < 0);
	cfg.max_vcs = 65536;
	CHECK(coatm_core_init(&core, &cfg, &fake_ops, &host) < 0);
	cfg = default_cfg;
	cfg.vpi_bits = COATM_MAX_VPI_BITS + 1;
	CHECK(coatm_core_init(&core, &cfg, &fake_ops, &host) < 0);
	cfg = default_cfg;
	cfg.vci_bits = COATM_MAX_VCI_BITS + 1;
	CHECK(coatm_core_init(&core, &cfg, &fake_ops, &host) < 0);
	cfg = default_cfg;
	cfg.vectors = COATM_NUM_VECTORS + 1;
	CHECK(coatm_core_init(&core, &cfg, &fake_ops, &host) < 0);
}

static void test_readonly_registers(void)
{
	static const uint64_t ro[] = {
		COATM_REG_ID, COATM_REG_VERSION, COATM_REG_CAPS,
		COATM_REG_VC_CAPS, COATM_REG_STATUS, COATM_REG_LINE_RATE,
		COATM_REG_ESI_LO, COATM_REG_ESI_HI,
	};
	uint32_t before[ARRAY_SIZE(ro)];
	size_t i;

	setup(&default_cfg);
	for (i = 0; i < ARRAY_SIZE(ro); i++)
		before[i] = rd(ro[i]);
	for (i = 0; i < ARRAY_SIZE(ro); i++)
		CHECK_EQ(coatm_core_mmio_write(&core, ro[i], 0xffffffff),
			 COATM_MMIO_READ_ONLY);
	for (i = 0; i < ARRAY_SIZE(ro); i++)
		CHECK_EQ(rd(ro[i]), before[i]);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(host.notes, 0);
}

static void test_scratch_round_trip(void)
{
	static const uint32_t pat[] = { 0xa5a5a5a5, 0x5a5a5a5a, 0, 0xffffffff,
					0x12345678 };
	size_t i;

	setup(&default_cfg);
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0);
	for (i = 0; i < ARRAY_SIZE(pat); i++) {
		wr(COATM_REG_SCRATCH, pat[i]);
		CHECK_EQ(rd(COATM_REG_SCRATCH), pat[i]);
	}
}

static void test_ctrl_and_status(void)
{
	setup(&default_cfg);
	CHECK_EQ(rd(COATM_REG_STATUS), COATM_STATUS_LINK_UP);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_CTRL), COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_STATUS),
		 COATM_STATUS_LINK_UP | COATM_STATUS_ENABLED);
	/* Undefined bits are dropped. */
	wr(COATM_REG_CTRL, 0xfffffff8 | COATM_CTRL_PHY_LOOPBACK);
	CHECK_EQ(rd(COATM_REG_CTRL), COATM_CTRL_PHY_LOOPBACK);
	CHECK_EQ(rd(COATM_REG_STATUS), COATM_STATUS_LINK_UP);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_RESET_BUSY, 0);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE | COATM_CTRL_PHY_LOOPBACK);
	CHECK_EQ(rd(COATM_REG_CTRL), COATM_CTRL_MASK);
}

static void test_reset_defaults(void)
{
	struct coatm_core_config cfg = default_cfg;

	cfg.link_up = false;
	setup(&cfg);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);

	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE | COATM_CTRL_PHY_LOOPBACK);
	wr(COATM_REG_SCRATCH, 0xcafef00d);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_set_link(&core, true);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK(host.level);

	/* RESET with other bits: reset wins, self-clears. */
	wr(COATM_REG_CTRL, COATM_CTRL_RESET | COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0);
	CHECK_EQ(rd(COATM_REG_STATUS), COATM_STATUS_LINK_UP);
	CHECK_EQ(rd(COATM_REG_ESI_LO), 0x12005452);
	CHECK_EQ(rd(COATM_REG_ESI_HI), 0x5634);
	CHECK_EQ(rd(COATM_REG_CAPS) & COATM_CAP_MSIX, COATM_CAP_MSIX);
	CHECK(!host.level);

	/* The host's reset (coatm_core_reset) does the same. */
	wr(COATM_REG_SCRATCH, 1);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_reset(&core);
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
	CHECK_EQ(rd(COATM_REG_STATUS), COATM_STATUS_LINK_UP);
	CHECK(!host.level);
}

static void test_int_cause_rw1c(void)
{
	setup(&default_cfg);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_set_link(&core, false);
	coatm_core_set_link(&core, true);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);

	/* Writing 0, or 1 to a clear bit, changes nothing. */
	wr(COATM_REG_INT_CAUSE, 0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	wr(COATM_REG_INT_CAUSE, COATM_INT_ERROR);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK(host.level);

	/* Writing 1 clears, and drops the INTx level. */
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK(!host.level);

	/* A write can never set a cause. */
	wr(COATM_REG_INT_CAUSE, 0xffffffff);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK(!host.level);
}

static void test_mask_gates_notify_and_level(void)
{
	setup(&default_cfg);
	/* Everything masked after reset: cause latches, nothing fires. */
	coatm_core_set_link(&core, false);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK_EQ(host.notes, 0);
	CHECK(!host.level);
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);

	/* Masking ERROR only does not gate LINK. */
	wr(COATM_REG_INT_MASK, COATM_INT_ERROR);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ERROR);
	coatm_core_set_link(&core, true);
	CHECK_EQ(host.notes, 1);
	CHECK_EQ(host.note_vec[0], COATM_VEC_MISC);
	CHECK(host.level);

	/* Masking a pending cause drops the level, without an edge. */
	wr(COATM_REG_INT_MASK, COATM_INT_ALL);
	CHECK(!host.level);
	CHECK_EQ(host.notes, 1);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);

	/* Undefined mask bits read back 0. */
	wr(COATM_REG_INT_MASK, 0xffffffff);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
}

static void test_unmask_while_pending_fires(void)
{
	setup(&default_cfg);
	coatm_core_set_link(&core, false);
	CHECK_EQ(host.notes, 0);
	CHECK(!host.level);

	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(host.notes, 1);
	CHECK_EQ(host.note_vec[0], COATM_VEC_MISC);
	CHECK(host.level);

	/* Rewriting the same mask is no new unmask: no second edge. */
	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(host.notes, 1);

	/* Unmasking with nothing pending fires nothing. */
	wr(COATM_REG_INT_CAUSE, COATM_INT_ALL);
	wr(COATM_REG_INT_MASK, COATM_INT_ALL);
	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(host.notes, 1);
	CHECK(!host.level);
}

static void test_link_change_only_on_change(void)
{
	setup(&default_cfg);
	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP,
		 COATM_STATUS_LINK_UP);

	/* Same state again: no cause, no edge. */
	coatm_core_set_link(&core, true);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(host.notes, 0);

	/* Down: cause and one edge, even while not enabled. */
	CHECK_EQ(rd(COATM_REG_CTRL) & COATM_CTRL_ENABLE, 0);
	coatm_core_set_link(&core, false);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP, 0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK_EQ(host.notes, 1);
	coatm_core_set_link(&core, false);
	CHECK_EQ(host.notes, 1);

	/* Up again while the cause is still set: no new edge. */
	coatm_core_set_link(&core, true);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP,
		 COATM_STATUS_LINK_UP);
	CHECK_EQ(host.notes, 1);

	/* Once acknowledged, the next change interrupts again. */
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);
	coatm_core_set_link(&core, false);
	CHECK_EQ(host.notes, 2);
	CHECK_EQ(host.note_vec[1], COATM_VEC_MISC);
}

static void test_intx_only_never_notifies(void)
{
	struct coatm_core_config cfg = default_cfg;

	cfg.vectors = 0;
	setup(&cfg);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_set_link(&core, false);
	CHECK_EQ(host.notes, 0);
	CHECK(host.level);
	CHECK(host.level_calls > 0);
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);
	CHECK(!host.level);
}

static void test_bad_offsets(void)
{
	static const uint64_t unknown[] = { 0x030, 0x100, 0xffc, 0x1000 };
	static const uint64_t unaligned[] = { 0x001, 0x002, 0x003, 0x02d,
					      0x02e };
	uint32_t val;
	size_t i;

	setup(&default_cfg);
	wr(COATM_REG_SCRATCH, 0x11223344);
	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		val = 0xdeadbeef;
		CHECK_EQ(coatm_core_mmio_read(&core, unknown[i], &val),
			 COATM_MMIO_UNKNOWN);
		CHECK_EQ(val, 0);
		CHECK_EQ(coatm_core_mmio_write(&core, unknown[i], 0xffffffff),
			 COATM_MMIO_UNKNOWN);
	}
	for (i = 0; i < ARRAY_SIZE(unaligned); i++) {
		val = 0xdeadbeef;
		CHECK_EQ(coatm_core_mmio_read(&core, unaligned[i], &val),
			 COATM_MMIO_UNALIGNED);
		CHECK_EQ(val, 0);
		CHECK_EQ(coatm_core_mmio_write(&core, unaligned[i], 0xffffffff),
			 COATM_MMIO_UNALIGNED);
	}
	/* None of those writes reached a register. */
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0x11223344);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(host.notes, 0);
	CHECK(coatm_mmio_status_str(COATM_MMIO_UNKNOWN)[0] != '?');
}

static void test_rx_counted_and_dropped(void)
{
	static const uint8_t frame[53];

	setup(&default_cfg);
	coatm_core_link_rx(&core, frame, sizeof(frame));
	coatm_core_link_rx(&core, frame, sizeof(frame));
	CHECK_EQ(core.rx_dropped, 2);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(host.notes, 0);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "identity registers", test_identity },
	{ "caps and vc caps from config", test_caps_from_config },
	{ "init rejects bad config", test_init_rejects_bad_config },
	{ "read-only registers ignore writes", test_readonly_registers },
	{ "scratch round trip", test_scratch_round_trip },
	{ "ctrl and status", test_ctrl_and_status },
	{ "reset restores defaults, keeps link and esi", test_reset_defaults },
	{ "int cause is rw1c", test_int_cause_rw1c },
	{ "mask gates notify and level", test_mask_gates_notify_and_level },
	{ "unmask while pending fires", test_unmask_while_pending_fires },
	{ "link change raises cause only on change",
	  test_link_change_only_on_change },
	{ "intx only: no msi-x notify", test_intx_only_never_notifies },
	{ "unknown and unaligned offsets", test_bad_offsets },
	{ "rx frames counted and dropped", test_rx_counted_and_dropped },
};

int main(void)
{
	size_t n = ARRAY_SIZE(tests);
	size_t i;
	int failed = 0;

	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		test_failed = 0;
		tests[i].fn();
		printf("%s %zu - %s\n", test_failed ? "not ok" : "ok", i + 1,
		       tests[i].name);
		failed += test_failed;
	}
	printf("%zu passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests of the coatm device core (qemu/coatm_*.c).
 *
 * Each test drives the core through its public API and prints one TAP
 * line. The fake host gives each device a flat byte array as guest
 * memory for DMA, a shared fake clock with timers the tests fire by
 * hand, and records every interrupt and link frame. A small "driver"
 * below programs the rings, posts commands, TX descriptors and RX
 * buffers, and reaps events and completions. Two devices can be wired
 * back to back (link_tx of one is link_rx of the other); PHY loopback
 * sends a device's cells to itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coatm_core.h"
#include "coatm_sar.h"

#define MAX_NOTES 64
#define MAX_FRAMES 64
#define MAX_WRITES 8192
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Guest memory map of each fake device */
#define MEM_SIZE	(16u << 20)
#define SB_ADDR		0x1000u
#define RING_ADDR(r)	(0x10000u + (r) * 0x20000u)
#define TXDATA_ADDR	0x100000u	/* 32 slots of 64 KiB */
#define TXDATA_SLOTS	32u
#define RXBUF_ADDR	0x400000u
#define RXBUF_AREA	(MEM_SIZE - RXBUF_ADDR)
#define MAX_BUFS	8192u
#define BAD_ADDR	0xf0000000ull	/* outside guest memory */

/* The fake clock, shared by all devices */
static int64_t fake_now;

struct dev;

/* What the fake host saw. */
struct fake_host {
	struct dev *dev;
	unsigned int notes;			/* notify() calls */
	unsigned int note_vec[MAX_NOTES];
	unsigned int vec_count[COATM_NUM_VECTORS];
	unsigned int level_calls;		/* set_level() calls */
	bool level;				/* last level set */
	uint8_t *mem;
	bool check_sb;				/* status block vs notify */
	unsigned int sb_mismatch;
	bool armed[COATM_NUM_TIMERS];
	int64_t expire[COATM_NUM_TIMERS];
	unsigned int frames;			/* link_tx() calls */
	size_t frame_len[MAX_FRAMES];
	int64_t frame_time[MAX_FRAMES];
	uint16_t frame_vci[MAX_FRAMES];		/* its first cell's VCI */
	uint8_t frame0[COATM_CELL_SIZE];	/* first cell of last frame */
	struct dev *peer;			/* link_tx() goes there */
	unsigned int sched;			/* engines asked for, bits */
	unsigned int sched_calls;		/* schedule() calls */
	unsigned int writes;			/* DMA writes, in order */
	uint64_t write_addr[MAX_WRITES];
};

/* A device and the test's driver state for it */
struct dev {
	struct coatm_core core;
	struct fake_host host;
	uint32_t size[COATM_NUM_RINGS];
	uint32_t tx_tail, rxf_tail, cmd_tail, rxc_head, evt_head;
	uint32_t tx_cbr_tail, tx_vbr_tail;
	uint32_t buf_size;
	uint32_t nslots;
	uint32_t free_slots[MAX_BUFS];
	uint32_t nfree;
	uint32_t tag;
};

static struct dev A, B;

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

/* ---- little endian ---- */

static void st16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void st32(uint8_t *p, uint32_t v)
{
	st16(p, v & 0xffff);
	st16(p + 2, v >> 16);
}

static void st64(uint8_t *p, uint64_t v)
{
	st32(p, (uint32_t)v);
	st32(p + 4, v >> 32);
}

static uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t ld32(const uint8_t *p)
{
	return ld16(p) | (uint32_t)ld16(p + 2) << 16;
}

/* ---- fake host ---- */

static uint32_t drd(struct dev *d, uint64_t off);

static uint32_t sb_word(struct fake_host *h, unsigned int off)
{
	return ld32(h->mem + SB_ADDR + off);
}

static void fake_notify(void *opaque, unsigned int vector)
{
	struct fake_host *h = opaque;
	struct coatm_core *c = &h->dev->core;

	if (h->notes < MAX_NOTES)
		h->note_vec[h->notes] = vector;
	h->notes++;
	if (vector < COATM_NUM_VECTORS)
		h->vec_count[vector]++;
	/* What an interrupt announces is in the status block already. */
	if (h->check_sb &&
	    (sb_word(h, COATM_SB_TX_HEAD) != c->ring[COATM_RING_TX].head ||
	     sb_word(h, COATM_SB_RXF_HEAD) != c->ring[COATM_RING_RXF].head ||
	     sb_word(h, COATM_SB_RXC_TAIL) != c->ring[COATM_RING_RXC].tail ||
	     sb_word(h, COATM_SB_CMD_HEAD) != c->ring[COATM_RING_CMD].head ||
	     sb_word(h, COATM_SB_EVT_TAIL) != c->ring[COATM_RING_EVT].tail ||
	     sb_word(h, COATM_SB_TX_CBR_HEAD) !=
	     c->ring[COATM_RING_TX_CBR].head ||
	     sb_word(h, COATM_SB_TX_VBR_HEAD) !=
	     c->ring[COATM_RING_TX_VBR].head))
		h->sb_mismatch++;
}

static void fake_set_level(void *opaque, bool level)
{
	struct fake_host *h = opaque;

	h->level_calls++;
	h->level = level;
}

static int fake_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct fake_host *h = opaque;

	if (addr >= MEM_SIZE || len > MEM_SIZE - addr)
		return -1;
	memcpy(buf, h->mem + addr, len);
	return 0;
}

static int fake_dma_write(void *opaque, uint64_t addr, const void *buf,
			  size_t len)
{
	struct fake_host *h = opaque;

	if (addr >= MEM_SIZE || len > MEM_SIZE - addr)
		return -1;
	memcpy(h->mem + addr, buf, len);
	if (h->writes < MAX_WRITES)
		h->write_addr[h->writes] = addr;
	h->writes++;
	return 0;
}

static void fake_link_tx(void *opaque, const void *buf, size_t len)
{
	struct fake_host *h = opaque;
	struct coatm_cell_hdr ch = { 0 };

	if (h->frames < MAX_FRAMES) {
		h->frame_len[h->frames] = len;
		h->frame_time[h->frames] = fake_now;
		if (len >= COATM_CELL_SIZE)
			coatm_cell_hdr_decode(buf, &ch, false);
		h->frame_vci[h->frames] = ch.vci;
	}
	h->frames++;
	if (len >= COATM_CELL_SIZE)
		memcpy(h->frame0, buf, COATM_CELL_SIZE);
	if (h->peer)
		coatm_core_link_rx(&h->peer->core, buf, len);
}

static int64_t fake_now_ns(void *opaque)
{
	(void)opaque;
	return fake_now;
}

static void fake_timer_mod(void *opaque, int id, int64_t expire)
{
	struct fake_host *h = opaque;

	h->armed[id] = true;
	h->expire[id] = expire;
}

static void fake_timer_del(void *opaque, int id)
{
	struct fake_host *h = opaque;

	h->armed[id] = false;
}

static void fake_schedule(void *opaque, int engine)
{
	struct fake_host *h = opaque;

	h->sched |= 1u << engine;
	h->sched_calls++;
}

static const struct coatm_core_ops fake_ops = {
	.notify = fake_notify,
	.set_level = fake_set_level,
	.dma_read = fake_dma_read,
	.dma_write = fake_dma_write,
	.link_tx = fake_link_tx,
	.now_ns = fake_now_ns,
	.timer_mod = fake_timer_mod,
	.timer_del = fake_timer_del,
	.schedule = fake_schedule,
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

static void dev_setup(struct dev *d, const struct coatm_core_config *cfg)
{
	uint8_t *mem = d->host.mem;

	coatm_core_fini(&d->core);
	memset(d, 0, sizeof(*d));
	if (!mem)
		mem = calloc(1, MEM_SIZE);
	else
		memset(mem, 0, MEM_SIZE);
	d->host.mem = mem;
	d->host.dev = d;
	CHECK_EQ(coatm_core_init(&d->core, cfg, &fake_ops, &d->host), 0);
	coatm_core_reset(&d->core);
	d->host.notes = 0;
	d->host.level_calls = 0;
	d->host.level = false;
}

static void setup(const struct coatm_core_config *cfg)
{
	fake_now = 1000000;
	dev_setup(&A, cfg);
}

static uint32_t drd(struct dev *d, uint64_t off)
{
	uint32_t val = 0xdeadbeef;

	CHECK_EQ(coatm_core_mmio_read(&d->core, off, &val), COATM_MMIO_OK);
	return val;
}

static void dwr(struct dev *d, uint64_t off, uint32_t val)
{
	CHECK_EQ(coatm_core_mmio_write(&d->core, off, val), COATM_MMIO_OK);
}

static uint32_t rd(uint64_t off)
{
	return drd(&A, off);
}

static void wr(uint64_t off, uint32_t val)
{
	dwr(&A, off, val);
}

static uint64_t cnt(struct dev *d, unsigned int n)
{
	uint64_t lo = drd(d, COATM_REG_COUNTER_LO(n));

	return lo | (uint64_t)drd(d, COATM_REG_COUNTER_HI(n)) << 32;
}

/*
 * Run the engines the doorbells woke, on both devices (a device's TX
 * may wake its peer's engines through RX), until none is left: what a
 * host's bottom halves do once the vCPU lets go. The clock stands still.
 */
static void drain(void)
{
	struct dev *devs[2] = { &A, &B };
	bool ran;
	int i, e;

	do {
		ran = false;
		for (i = 0; i < 2; i++) {
			for (e = 0; e < COATM_NUM_ENGINES; e++) {
				if (!(devs[i]->host.sched & (1u << e)))
					continue;
				devs[i]->host.sched &= ~(1u << e);
				coatm_core_run_engine(&devs[i]->core, e);
				ran = true;
			}
		}
	} while (ran);
}

/* Fire due timers in order until @until (the clock ends there). */
static void run_until(struct dev *d, int64_t until)
{
	drain();
	for (;;) {
		int i, best = -1;

		for (i = 0; i < COATM_NUM_TIMERS; i++) {
			if (d->host.armed[i] && d->host.expire[i] <= until &&
			    (best < 0 || d->host.expire[i] < d->host.expire[best]))
				best = i;
		}
		if (best < 0)
			break;
		if (fake_now < d->host.expire[best])
			fake_now = d->host.expire[best];
		d->host.armed[best] = false;
		coatm_core_timer_fired(&d->core, best);
		drain();
	}
	if (fake_now < until)
		fake_now = until;
}

/* Descriptors wait on one of the TX rings. */
static bool tx_busy(struct dev *d)
{
	static const int rings[] = {
		COATM_RING_TX, COATM_RING_TX_CBR, COATM_RING_TX_VBR,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rings); i++) {
		if (d->core.ring[rings[i]].head != d->core.ring[rings[i]].tail)
			return true;
	}
	return false;
}

/* Fire the TX timer until the TX rings are empty (or nothing is armed). */
static void run_tx(struct dev *d)
{
	drain();
	while (tx_busy(d) && d->host.armed[COATM_TIMER_TX])
		run_until(d, d->host.expire[COATM_TIMER_TX]);
}

/* ---- the test's driver ---- */

struct ring_cfg {
	uint32_t tx, rxf, rxc, cmd, evt;
	uint32_t tx_cbr, tx_vbr;	/* 0: the class ring is not set up */
	uint32_t buf_size;
};

static const struct ring_cfg std_rings = {
	.tx = 32, .rxf = 256, .rxc = 512, .cmd = 16, .evt = 16,
	.tx_cbr = 32, .tx_vbr = 32,
	.buf_size = 2048,
};

static void ring_program(struct dev *d, int r, uint32_t size)
{
	dwr(d, COATM_RING_REG(r, COATM_RING_BASE_LO), RING_ADDR(r));
	dwr(d, COATM_RING_REG(r, COATM_RING_BASE_HI), 0);
	dwr(d, COATM_RING_REG(r, COATM_RING_SIZE), size);
	d->size[r] = size;
}

/* Program rings, status block and buffer size; unmask; enable. */
static void dev_start(struct dev *d, const struct ring_cfg *rc, uint32_t ctrl)
{
	uint32_t i;

	ring_program(d, COATM_RING_TX, rc->tx);
	ring_program(d, COATM_RING_RXF, rc->rxf);
	ring_program(d, COATM_RING_RXC, rc->rxc);
	ring_program(d, COATM_RING_CMD, rc->cmd);
	ring_program(d, COATM_RING_EVT, rc->evt);
	ring_program(d, COATM_RING_TX_CBR, rc->tx_cbr);
	ring_program(d, COATM_RING_TX_VBR, rc->tx_vbr);
	dwr(d, COATM_REG_RX_BUF_SIZE, rc->buf_size);
	dwr(d, COATM_REG_STATUS_BLOCK_LO, SB_ADDR);
	dwr(d, COATM_REG_STATUS_BLOCK_HI, 0);
	d->buf_size = rc->buf_size;
	d->nslots = RXBUF_AREA / rc->buf_size;
	if (d->nslots > MAX_BUFS)
		d->nslots = MAX_BUFS;
	for (i = 0; i < d->nslots; i++)
		d->free_slots[i] = d->nslots - 1 - i;
	d->nfree = d->nslots;
	dwr(d, COATM_REG_INT_MASK, 0);
	dwr(d, COATM_REG_CTRL, ctrl | COATM_CTRL_ENABLE);
	CHECK_EQ(drd(d, COATM_REG_CTRL), ctrl | COATM_CTRL_ENABLE);
	d->host.check_sb = true;
}

/* After a device reset: the driver's indices start again from 0. */
static void dev_restart(struct dev *d)
{
	d->tx_tail = d->rxf_tail = d->cmd_tail = 0;
	d->tx_cbr_tail = d->tx_vbr_tail = 0;
	d->rxc_head = d->evt_head = 0;
	dev_start(d, &std_rings, 0);
}

static uint64_t buf_addr(struct dev *d, uint32_t slot)
{
	return RXBUF_ADDR + (uint64_t)slot * d->buf_size;
}

/* Post up to @n RX buffers; returns how many. */
static uint32_t rx_post(struct dev *d, uint32_t n)
{
	uint32_t head = drd(d, COATM_RING_REG(COATM_RING_RXF, COATM_RING_HEAD));
	uint32_t posted = 0;
	uint8_t *e;

	while (posted < n && d->nfree &&
	       d->rxf_tail - head < d->size[COATM_RING_RXF]) {
		uint32_t slot = d->free_slots[--d->nfree];

		e = d->host.mem + RING_ADDR(COATM_RING_RXF) +
		    (d->rxf_tail % d->size[COATM_RING_RXF]) *
		    COATM_RXF_DESC_SIZE;
		st64(e, buf_addr(d, slot));
		st32(e + 8, slot);
		st32(e + 12, 0);
		d->rxf_tail++;
		posted++;
	}
	dwr(d, COATM_RING_REG(COATM_RING_RXF, COATM_RING_TAIL), d->rxf_tail);
	return posted;
}

static void rx_fill(struct dev *d)
{
	rx_post(d, UINT32_MAX);
}

struct rxc {
	uint32_t buf_id;
	uint32_t len;
	uint16_t vc;
	uint16_t flags;
	uint8_t uu, cpi, cell_hdr, frag;
};

/* Reap every RX completion (at most @max kept); buffers go back free. */
static unsigned int rxc_take(struct dev *d, struct rxc *out, unsigned int max)
{
	uint32_t tail;
	unsigned int n = 0;

	drain();	/* the driver reaps after the device ran */
	tail = drd(d, COATM_RING_REG(COATM_RING_RXC, COATM_RING_TAIL));
	CHECK_EQ(tail, d->core.ring[COATM_RING_RXC].tail);
	while (d->rxc_head != tail) {
		const uint8_t *e = d->host.mem + RING_ADDR(COATM_RING_RXC) +
			(d->rxc_head % d->size[COATM_RING_RXC]) *
			COATM_RXC_DESC_SIZE;
		struct rxc c = {
			.buf_id = ld32(e), .len = ld32(e + 4),
			.vc = ld16(e + 8), .flags = ld16(e + 10),
			.uu = e[12], .cpi = e[13], .cell_hdr = e[14],
			.frag = e[15],
		};

		if (n < max)
			out[n] = c;
		n++;
		if (c.buf_id < d->nslots && d->nfree < MAX_BUFS)
			d->free_slots[d->nfree++] = c.buf_id;
		d->rxc_head++;
	}
	dwr(d, COATM_RING_REG(COATM_RING_RXC, COATM_RING_HEAD), d->rxc_head);
	return n;
}

struct cmd {
	uint16_t opcode, vc;
	uint16_t vpi, vci;
	uint8_t aal, dir, svc;
	uint32_t pcr, scr, mbs, max_sdu;
};

static void cmd_post(struct dev *d, const struct cmd *c, uint32_t tag)
{
	uint8_t *e = d->host.mem + RING_ADDR(COATM_RING_CMD) +
		     (d->cmd_tail % d->size[COATM_RING_CMD]) *
		     COATM_CMD_DESC_SIZE;

	memset(e, 0, COATM_CMD_DESC_SIZE);
	st16(e, c->opcode);
	st16(e + 2, c->vc);
	st32(e + 4, tag);
	st16(e + 8, c->vpi);
	st16(e + 10, c->vci);
	e[12] = c->aal;
	e[13] = c->dir;
	e[14] = c->svc;
	st32(e + 16, c->pcr);
	st32(e + 20, c->scr);
	st32(e + 24, c->mbs);
	st32(e + 28, c->max_sdu);
	d->cmd_tail++;
	dwr(d, COATM_RING_REG(COATM_RING_CMD, COATM_RING_TAIL), d->cmd_tail);
}

struct evt {
	uint16_t type, vc;
	uint32_t tag, status, data;
};

static bool evt_get(struct dev *d, struct evt *ev)
{
	uint32_t tail;
	const uint8_t *e;

	drain();	/* the driver reaps after the device ran */
	tail = drd(d, COATM_RING_REG(COATM_RING_EVT, COATM_RING_TAIL));
	if (d->evt_head == tail)
		return false;
	e = d->host.mem + RING_ADDR(COATM_RING_EVT) +
	    (d->evt_head % d->size[COATM_RING_EVT]) * COATM_EVT_DESC_SIZE;
	ev->type = ld16(e);
	ev->vc = ld16(e + 2);
	ev->tag = ld32(e + 4);
	ev->status = ld32(e + 8);
	ev->data = ld32(e + 12);
	d->evt_head++;
	dwr(d, COATM_RING_REG(COATM_RING_EVT, COATM_RING_HEAD), d->evt_head);
	return true;
}

/* Run one command to completion; returns its status, *data its data. */
static uint32_t cmd_do(struct dev *d, const struct cmd *c, uint32_t *data)
{
	uint32_t tag = ++d->tag;
	struct evt ev;

	cmd_post(d, c, tag);
	if (!evt_get(d, &ev)) {
		check(false, __FILE__, __LINE__, "command %u: no event",
		      c->opcode);
		return UINT32_MAX;
	}
	CHECK_EQ(ev.type, COATM_EVT_CMD_DONE);
	CHECK_EQ(ev.tag, tag);
	CHECK_EQ(ev.vc, c->vc);
	if (data)
		*data = ev.data;
	return ev.status;
}

static struct cmd open_cmd(uint16_t vc, uint16_t vpi, uint16_t vci,
			   uint8_t aal, uint8_t dir)
{
	struct cmd c = {
		.opcode = COATM_CMD_OPEN, .vc = vc, .vpi = vpi, .vci = vci,
		.aal = aal, .dir = dir, .svc = COATM_SVC_UBR,
	};

	return c;
}

static uint32_t vc_open(struct dev *d, uint16_t vc, uint16_t vpi,
			uint16_t vci, uint8_t aal, uint8_t dir)
{
	struct cmd c = open_cmd(vc, vpi, vci, aal, dir);

	return cmd_do(d, &c, NULL);
}

/* Open TX VC @vc on VPI 0, VCI @vci as CBR at @pcr cells/s */
static uint32_t vc_open_cbr(struct dev *d, uint16_t vc, uint16_t vci,
			    uint32_t pcr)
{
	struct cmd c = open_cmd(vc, 0, vci, COATM_AAL5, COATM_DIR_TX);

	c.svc = COATM_SVC_CBR;
	c.pcr = pcr;
	return cmd_do(d, &c, NULL);
}

static uint32_t vc_close(struct dev *d, uint16_t vc)
{
	struct cmd c = { .opcode = COATM_CMD_CLOSE, .vc = vc };

	return cmd_do(d, &c, NULL);
}

/* The driver's TAIL of TX ring @r */
static uint32_t *txq_tail(struct dev *d, int r)
{
	if (r == COATM_RING_TX_CBR)
		return &d->tx_cbr_tail;
	if (r == COATM_RING_TX_VBR)
		return &d->tx_vbr_tail;
	return &d->tx_tail;
}

/* Queue one TX descriptor on TX ring @r; returns its ring index. */
static uint32_t txq_post(struct dev *d, int r, uint16_t vc, uint64_t addr,
			 uint32_t len, uint16_t flags, uint8_t uu, uint8_t cpi,
			 uint8_t cell_hdr)
{
	uint32_t *tail = txq_tail(d, r);
	uint32_t idx = *tail;
	uint8_t *e = d->host.mem + RING_ADDR(r) +
		     (idx % d->size[r]) * COATM_TX_DESC_SIZE;

	memset(e, 0, COATM_TX_DESC_SIZE);
	st64(e, addr);
	st32(e + 8, len);
	st16(e + 12, vc);
	st16(e + 14, flags);
	e[16] = uu;
	e[17] = cpi;
	e[18] = cell_hdr;
	(*tail)++;
	dwr(d, COATM_RING_REG(r, COATM_RING_TAIL), *tail);
	return idx;
}

/* Queue one TX descriptor on ring 0; returns its ring index. */
static uint32_t tx_post_addr(struct dev *d, uint16_t vc, uint64_t addr,
			     uint32_t len, uint16_t flags, uint8_t uu,
			     uint8_t cpi, uint8_t cell_hdr)
{
	return txq_post(d, COATM_RING_TX, vc, addr, len, flags, uu, cpi,
			cell_hdr);
}

static uint32_t tx_post(struct dev *d, uint16_t vc, const uint8_t *data,
			uint32_t len, uint16_t flags, uint8_t uu, uint8_t cpi,
			uint8_t cell_hdr)
{
	uint64_t addr = TXDATA_ADDR +
			(uint64_t)(d->tx_tail % TXDATA_SLOTS) * 65536;

	if (data)
		memcpy(d->host.mem + addr, data, len > 65536 ? 65536 : len);
	return tx_post_addr(d, vc, addr, len, flags, uu, cpi, cell_hdr);
}

/* The status the device wrote in TX descriptor @idx of ring @r, once run */
static uint32_t txq_status(struct dev *d, int r, uint32_t idx)
{
	drain();
	return ld32(d->host.mem + RING_ADDR(r) +
		    (idx % d->size[r]) * COATM_TX_DESC_SIZE + 20);
}

static uint32_t tx_status(struct dev *d, uint32_t idx)
{
	return txq_status(d, COATM_RING_TX, idx);
}

static void fill_pattern(uint8_t *p, uint32_t len, uint32_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seed + (i >> 8));
}

/* Build cells of an AAL5 PDU for vpi/vci into @out; returns cell count. */
static uint32_t make_aal5(uint8_t *out, uint16_t vpi, uint16_t vci,
			  const uint8_t *sdu, uint32_t len, bool nni)
{
	static uint8_t pdu[COATM_AAL5_MAX_PDU];
	struct coatm_cell_hdr h = { .vpi = vpi, .vci = vci };
	uint32_t cells, i;

	memcpy(pdu, sdu, len);
	cells = coatm_aal5_encap(pdu, len, 0, 0);
	for (i = 0; i < cells; i++) {
		h.pti = i == cells - 1 ? 1 : 0;
		coatm_cell_hdr_encode(out + i * COATM_CELL_SIZE, &h, nni);
		memcpy(out + i * COATM_CELL_SIZE + 5, pdu + i * 48, 48);
	}
	return cells;
}

static void make_cell(uint8_t *out, uint16_t vpi, uint16_t vci, uint8_t pti,
		      uint8_t clp, uint8_t fill)
{
	struct coatm_cell_hdr h = { .vpi = vpi, .vci = vci, .pti = pti,
				    .clp = clp };

	coatm_cell_hdr_encode(out, &h, false);
	memset(out + 5, fill, 48);
}

/* ---- tests ---- */

static void test_identity(void)
{
	setup(&default_cfg);
	CHECK_EQ(rd(COATM_REG_ID), COATM_ID_VALUE);
	CHECK_EQ(rd(COATM_REG_VERSION), COATM_VERSION_CURRENT);
	CHECK_EQ(COATM_VERSION_MAJOR(rd(COATM_REG_VERSION)), 1);
	/* 1.1: the TX class rings; 1.2: RXC_FRAG */
	CHECK_EQ(COATM_VERSION_MINOR(rd(COATM_REG_VERSION)), 2);
	CHECK(rd(COATM_REG_CAPS) & COATM_CAP_RXC_FRAG);
	CHECK_EQ(rd(COATM_REG_LINE_RATE), 353207);
	CHECK_EQ(rd(COATM_REG_ESI_LO), 0x12005452);
	CHECK_EQ(rd(COATM_REG_ESI_HI), 0x5634);
}

static void test_caps_from_config(void)
{
	struct coatm_core_config cfg = default_cfg;
	uint32_t base = COATM_CAP_AAL0 | COATM_CAP_AAL5 | COATM_CAP_UBR |
			COATM_CAP_CBR | COATM_CAP_VBR |
			COATM_CAP_PHY_LOOPBACK | COATM_CAP_TX_CLASS_RINGS |
			COATM_CAP_RXC_FRAG;
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
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg.max_vcs = 65536;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg = default_cfg;
	cfg.vpi_bits = COATM_MAX_VPI_BITS + 1;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg = default_cfg;
	cfg.vci_bits = COATM_MAX_VCI_BITS + 1;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg = default_cfg;
	cfg.vectors = COATM_NUM_VECTORS + 1;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	/* All vectors or none */
	cfg.vectors = 1;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg.vectors = COATM_NUM_VECTORS - 1;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg = default_cfg;
	cfg.line_rate = 0;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg.line_rate = COATM_LINE_RATE_MAX + 1;
	CHECK(coatm_core_init(&A.core, &cfg, &fake_ops, &A.host) < 0);
	cfg.line_rate = COATM_LINE_RATE_MAX;
	setup(&cfg);
	CHECK_EQ(rd(COATM_REG_LINE_RATE), COATM_LINE_RATE_MAX);
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
		CHECK_EQ(coatm_core_mmio_write(&A.core, ro[i], 0xffffffff),
			 COATM_MMIO_READ_ONLY);
	for (i = 0; i < ARRAY_SIZE(ro); i++)
		CHECK_EQ(rd(ro[i]), before[i]);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(A.host.notes, 0);
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
	coatm_core_set_link(&A.core, true);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK(A.host.level);

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
	CHECK(!A.host.level);

	/* The host's reset (coatm_core_reset) does the same. */
	wr(COATM_REG_SCRATCH, 1);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_reset(&A.core);
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
	CHECK_EQ(rd(COATM_REG_STATUS), COATM_STATUS_LINK_UP);
	CHECK(!A.host.level);
}

static void test_int_cause_rw1c(void)
{
	setup(&default_cfg);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_set_link(&A.core, false);
	coatm_core_set_link(&A.core, true);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);

	/* Writing 0, or 1 to a clear bit, changes nothing. */
	wr(COATM_REG_INT_CAUSE, 0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	wr(COATM_REG_INT_CAUSE, COATM_INT_ERROR);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK(A.host.level);

	/* Writing 1 clears, and drops the INTx level. */
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK(!A.host.level);

	/* A write can never set a cause. */
	wr(COATM_REG_INT_CAUSE, 0xffffffff);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK(!A.host.level);
}

static void test_mask_gates_notify_and_level(void)
{
	setup(&default_cfg);
	/* Everything masked after reset: cause latches, nothing fires. */
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK_EQ(A.host.notes, 0);
	CHECK(!A.host.level);
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);

	/* Masking ERROR only does not gate LINK. */
	wr(COATM_REG_INT_MASK, COATM_INT_ERROR);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ERROR);
	coatm_core_set_link(&A.core, true);
	CHECK_EQ(A.host.notes, 1);
	CHECK_EQ(A.host.note_vec[0], COATM_VEC_MISC);
	CHECK(A.host.level);

	/* Masking a pending cause drops the level, without an edge. */
	wr(COATM_REG_INT_MASK, COATM_INT_ALL);
	CHECK(!A.host.level);
	CHECK_EQ(A.host.notes, 1);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);

	/* Undefined mask bits read back 0. */
	wr(COATM_REG_INT_MASK, 0xffffffff);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
}

static void test_unmask_while_pending_fires(void)
{
	setup(&default_cfg);
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(A.host.notes, 0);
	CHECK(!A.host.level);

	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(A.host.notes, 1);
	CHECK_EQ(A.host.note_vec[0], COATM_VEC_MISC);
	CHECK(A.host.level);

	/* Rewriting the same mask is no new unmask: no second edge. */
	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(A.host.notes, 1);

	/* Unmasking with nothing pending fires nothing. */
	wr(COATM_REG_INT_CAUSE, COATM_INT_ALL);
	wr(COATM_REG_INT_MASK, COATM_INT_ALL);
	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(A.host.notes, 1);
	CHECK(!A.host.level);
}

static void test_link_change_only_on_change(void)
{
	setup(&default_cfg);
	wr(COATM_REG_INT_MASK, 0);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP,
		 COATM_STATUS_LINK_UP);

	/* Same state again: no cause, no edge. */
	coatm_core_set_link(&A.core, true);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(A.host.notes, 0);

	/* Down: cause and one edge, even while not enabled. */
	CHECK_EQ(rd(COATM_REG_CTRL) & COATM_CTRL_ENABLE, 0);
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP, 0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	CHECK_EQ(A.host.notes, 1);
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(A.host.notes, 1);

	/* Up again while the cause is still set: no new edge. */
	coatm_core_set_link(&A.core, true);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP,
		 COATM_STATUS_LINK_UP);
	CHECK_EQ(A.host.notes, 1);

	/* Once acknowledged, the next change interrupts again. */
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(A.host.notes, 2);
	CHECK_EQ(A.host.note_vec[1], COATM_VEC_MISC);
}

static void test_intx_only_never_notifies(void)
{
	struct coatm_core_config cfg = default_cfg;

	cfg.vectors = 0;
	setup(&cfg);
	wr(COATM_REG_INT_MASK, 0);
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(A.host.notes, 0);
	CHECK(A.host.level);
	CHECK(A.host.level_calls > 0);
	wr(COATM_REG_INT_CAUSE, COATM_INT_LINK);
	CHECK(!A.host.level);
}

static void test_bad_offsets(void)
{
	static const uint64_t unknown[] = { 0x03c, 0x04c, 0x0fc, 0x114, 0x194,
					    0x1b4, 0x1d8, 0x1e0, 0x1fc, 0x270,
					    0xffc, 0x1000 };
	static const uint64_t unaligned[] = { 0x001, 0x002, 0x003, 0x02d,
					      0x02e };
	uint32_t val;
	size_t i;

	setup(&default_cfg);
	wr(COATM_REG_SCRATCH, 0x11223344);
	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		val = 0xdeadbeef;
		CHECK_EQ(coatm_core_mmio_read(&A.core, unknown[i], &val),
			 COATM_MMIO_UNKNOWN);
		CHECK_EQ(val, 0);
		CHECK_EQ(coatm_core_mmio_write(&A.core, unknown[i], 0xffffffff),
			 COATM_MMIO_UNKNOWN);
	}
	for (i = 0; i < ARRAY_SIZE(unaligned); i++) {
		val = 0xdeadbeef;
		CHECK_EQ(coatm_core_mmio_read(&A.core, unaligned[i], &val),
			 COATM_MMIO_UNALIGNED);
		CHECK_EQ(val, 0);
		CHECK_EQ(coatm_core_mmio_write(&A.core, unaligned[i], 0xffffffff),
			 COATM_MMIO_UNALIGNED);
	}
	/* None of those writes reached a register. */
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0x11223344);
	CHECK_EQ(rd(COATM_REG_CTRL), 0);
	CHECK_EQ(rd(COATM_REG_INT_MASK), COATM_INT_ALL);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(A.host.notes, 0);
	CHECK(coatm_mmio_status_str(COATM_MMIO_UNKNOWN)[0] != '?');
}

static void test_rx_counted_and_dropped(void)
{
	static const uint8_t frame[2 * COATM_CELL_SIZE];

	setup(&default_cfg);
	coatm_core_link_rx(&A.core, frame, sizeof(frame));
	coatm_core_link_rx(&A.core, frame, COATM_CELL_SIZE);
	/* Disabled: frames are dropped, their cells counted. */
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 3);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CELLS), 0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), 0);
	CHECK_EQ(A.host.notes, 0);
}

/* ---- SAR primitives ---- */

static void test_crc32_check_value(void)
{
	CHECK_EQ(coatm_crc32("123456789", 9), 0xfc891918);
	CHECK_EQ(coatm_crc32("", 0), 0);
	/* The running form gives the same. */
	CHECK_EQ(~coatm_crc32_update(coatm_crc32_update(COATM_CRC32_INIT,
							"1234", 4),
				     "56789", 5), 0xfc891918);
}

/* CPCS-PDU of 40 data bytes, UU 0, CPI 0, Length 40: CRC of 44 bytes */
static uint32_t aal5_vector_crc(const uint8_t *data)
{
	uint8_t pdu[48];

	CHECK_EQ(coatm_aal5_encap(memcpy(pdu, data, 40), 40, 0, 0), 1);
	CHECK_EQ(pdu[42], 0);
	CHECK_EQ(pdu[43], 40);
	CHECK_EQ(coatm_crc32(pdu, 44),
		 (uint32_t)pdu[44] << 24 | pdu[45] << 16 | pdu[46] << 8 |
		 pdu[47]);
	return coatm_crc32(pdu, 44);
}

static void test_aal5_crc_vectors(void)
{
	uint8_t data[40];
	int i;

	memset(data, 0, sizeof(data));
	CHECK_EQ(aal5_vector_crc(data), 0x864d7f99);
	memset(data, 0xff, sizeof(data));
	CHECK_EQ(aal5_vector_crc(data), 0xc55e457a);
	for (i = 0; i < 40; i++)
		data[i] = i + 1;
	CHECK_EQ(aal5_vector_crc(data), 0xbf671ed0);
}

/* Reference CRC-32 (poly 0x04c11db7, MSB first), one bit at a time */
static uint32_t ref_crc32_update(uint32_t crc, const uint8_t *p, size_t len)
{
	int bit;

	while (len--) {
		crc ^= (uint32_t)*p++ << 24;
		for (bit = 0; bit < 8; bit++)
			crc = crc & 0x80000000u ? crc << 1 ^ 0x04c11db7u
						: crc << 1;
	}
	return crc;
}

/* Reference HEC (ITU-T I.432), one bit at a time */
static uint8_t ref_hec(const uint8_t *hdr)
{
	uint8_t crc = 0;
	int i, bit;

	for (i = 0; i < 4; i++) {
		crc ^= hdr[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc & 0x80) ? (uint8_t)((crc << 1) ^ 0x07)
					   : (uint8_t)(crc << 1);
	}
	return crc ^ 0x55;
}

/* xorshift32: the same pseudo-random bytes on every run */
static uint32_t rng_state = 2463534242u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void fill_random(uint8_t *p, size_t len)
{
	while (len--)
		*p++ = (uint8_t)rng();
}

/* The sliced CRC-32 against the bitwise one: every length, alignment, split */
static void test_crc32_table_vs_bitwise(void)
{
	static const size_t big[] = { 1500, 9180, 9188, 65535, 65568,
				      COATM_AAL5_MAX_PDU };
	static uint8_t buf[COATM_AAL5_MAX_PDU + 8];
	uint32_t want, got, init;
	size_t len, off, cut, i;

	fill_random(buf, sizeof(buf));
	for (len = 0; len <= 200; len++) {
		for (off = 0; off < 8; off++) {
			init = off ? rng() : COATM_CRC32_INIT;
			want = ref_crc32_update(init, buf + off, len);
			got = coatm_crc32_update(init, buf + off, len);
			if (want != got) {
				check(false, __FILE__, __LINE__,
				      "len %zu off %zu: 0x%08x != 0x%08x",
				      len, off, got, want);
				return;
			}
		}
		/* fed in two pieces, cut anywhere */
		cut = len ? rng() % (len + 1) : 0;
		got = coatm_crc32_update(coatm_crc32_update(COATM_CRC32_INIT,
							    buf, cut),
					 buf + cut, len - cut);
		CHECK_EQ(got, ref_crc32_update(COATM_CRC32_INIT, buf, len));
	}
	for (i = 0; i < ARRAY_SIZE(big); i++) {
		off = i % 8;
		CHECK_EQ(coatm_crc32(buf + off, big[i]),
			 ~ref_crc32_update(COATM_CRC32_INIT, buf + off,
					   big[i]));
	}
	/* 48-byte cells, as reassembly feeds them */
	got = COATM_CRC32_INIT;
	for (i = 0; i < 191; i++)
		got = coatm_crc32_update(got, buf + i * 48, 48);
	CHECK_EQ(got, ref_crc32_update(COATM_CRC32_INIT, buf, 191 * 48));
}

/* The table HEC against the bitwise one */
static void test_hec_table_vs_bitwise(void)
{
	uint8_t h[4];
	unsigned int i, pos, v;

	for (pos = 0; pos < 4; pos++) {
		for (v = 0; v < 256; v++) {
			fill_random(h, sizeof(h));
			h[pos] = v;
			CHECK_EQ(coatm_hec(h), ref_hec(h));
		}
	}
	for (i = 0; i < 100000; i++) {
		fill_random(h, sizeof(h));
		if (coatm_hec(h) != ref_hec(h)) {
			CHECK_EQ(coatm_hec(h), ref_hec(h));
			return;
		}
	}
}

static void test_hec_and_headers(void)
{
	static const uint8_t zero[4] = { 0, 0, 0, 0 };
	static const uint8_t idle[4] = { 0, 0, 0, 1 };
	struct coatm_cell_hdr h = { .gfc = 0, .vpi = 0xab, .vci = 0x1234,
				    .pti = 5, .clp = 1 }, g;
	uint8_t cell[5];

	CHECK_EQ(coatm_hec(zero), 0x55);
	CHECK_EQ(coatm_hec(idle), 0x52);

	/* UNI: GFC 4 | VPI 8 | VCI 16 | PTI 3 | CLP 1 */
	coatm_cell_hdr_encode(cell, &h, false);
	CHECK_EQ(cell[0], 0x0a);
	CHECK_EQ(cell[1], 0xb1);
	CHECK_EQ(cell[2], 0x23);
	CHECK_EQ(cell[3], 0x4b);
	CHECK_EQ(cell[4], coatm_hec(cell));
	CHECK(coatm_cell_hdr_decode(cell, &g, false));
	CHECK_EQ(g.vpi, 0xab);
	CHECK_EQ(g.vci, 0x1234);
	CHECK_EQ(g.pti, 5);
	CHECK_EQ(g.clp, 1);
	cell[4] ^= 1;
	CHECK(!coatm_cell_hdr_decode(cell, &g, false));

	/* NNI: VPI 12, no GFC */
	h.vpi = 0xfed;
	coatm_cell_hdr_encode(cell, &h, true);
	CHECK_EQ(cell[0], 0xfe);
	CHECK_EQ(cell[1], 0xd1);
	CHECK(coatm_cell_hdr_decode(cell, &g, true));
	CHECK_EQ(g.vpi, 0xfed);
	CHECK_EQ(g.vci, 0x1234);

	CHECK_EQ(coatm_aal5_cells(40), 1);
	CHECK_EQ(coatm_aal5_cells(41), 2);
	CHECK_EQ(coatm_aal5_cells(65535), 1366);
	CHECK(coatm_aal5_len_ok(1, 40));
	CHECK(coatm_aal5_len_ok(1, 1));
	CHECK(!coatm_aal5_len_ok(1, 41));
	CHECK(!coatm_aal5_len_ok(1, 0));
	CHECK(coatm_aal5_len_ok(2, 41));
	CHECK(!coatm_aal5_len_ok(2, 40));
}

/* ---- configuration ---- */

static void expect_enable_fails(const char *what)
{
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	check(!(rd(COATM_REG_CTRL) & COATM_CTRL_ENABLE), __FILE__, __LINE__,
	      "enabled with %s", what);
	check(rd(COATM_REG_ERROR) & COATM_ERROR_RING_CONFIG, __FILE__,
	      __LINE__, "no RING_CONFIG for %s", what);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_ERROR);
	wr(COATM_REG_ERROR, COATM_ERROR_RING_CONFIG);
	wr(COATM_REG_INT_CAUSE, COATM_INT_ERROR);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
}

static void test_ring_config_validation(void)
{
	static const struct {
		int ring;
		uint32_t reg, val;
		const char *what;
	} bad[] = {
		{ COATM_RING_TX, COATM_RING_SIZE, 1, "size 1" },
		{ COATM_RING_TX, COATM_RING_SIZE, 3, "size 3" },
		{ COATM_RING_TX, COATM_RING_SIZE, 8192, "size 8192" },
		{ COATM_RING_TX, COATM_RING_BASE_LO, 0x10010, "tx base" },
		{ COATM_RING_CMD, COATM_RING_BASE_LO, 0x10010, "cmd base" },
		{ COATM_RING_RXF, COATM_RING_BASE_LO, 0x10008, "rxf base" },
		{ COATM_RING_EVT, COATM_RING_BASE_LO, 0x10004, "evt base" },
		{ COATM_RING_TX_CBR, COATM_RING_BASE_LO, 0x10010,
		  "tx cbr base" },
		{ COATM_RING_TX_VBR, COATM_RING_SIZE, 3, "tx vbr size 3" },
		{ COATM_RING_TX_VBR, COATM_RING_SIZE, 8192,
		  "tx vbr size 8192" },
		{ COATM_RING_RXC, COATM_RING_SIZE, 0, "rxf without rxc" },
		{ COATM_RING_RXC, COATM_RING_SIZE, 128, "rxc < rxf" },
		{ COATM_RING_EVT, COATM_RING_SIZE, 0, "cmd without evt" },
	};
	static const uint32_t bad_buf[] = { 0, 32, 100, 65600, 131072 };
	size_t i;

	setup(&default_cfg);
	/* Nothing configured is a valid (idle) configuration. */
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_CTRL), COATM_CTRL_ENABLE);
	wr(COATM_REG_CTRL, 0);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		setup(&default_cfg);
		ring_program(&A, COATM_RING_TX, 32);
		ring_program(&A, COATM_RING_RXF, 256);
		ring_program(&A, COATM_RING_RXC, 256);
		ring_program(&A, COATM_RING_CMD, 16);
		ring_program(&A, COATM_RING_EVT, 16);
		ring_program(&A, COATM_RING_TX_CBR, 32);
		ring_program(&A, COATM_RING_TX_VBR, 32);
		wr(COATM_RING_REG(bad[i].ring, bad[i].reg), bad[i].val);
		expect_enable_fails(bad[i].what);
	}
	for (i = 0; i < ARRAY_SIZE(bad_buf); i++) {
		setup(&default_cfg);
		wr(COATM_REG_RX_BUF_SIZE, bad_buf[i]);
		expect_enable_fails("bad rx buffer size");
	}

	/* Good sizes, the extremes included, enable. */
	setup(&default_cfg);
	ring_program(&A, COATM_RING_TX, 2);
	ring_program(&A, COATM_RING_RXF, 4096);
	ring_program(&A, COATM_RING_RXC, 4096);
	wr(COATM_REG_RX_BUF_SIZE, 65536);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_CTRL), COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);

	/* While enabled, ring setup is locked. */
	CHECK_EQ(coatm_core_mmio_write(&A.core, COATM_RING_REG(COATM_RING_TX,
							      COATM_RING_SIZE),
				       4), COATM_MMIO_LOCKED);
	CHECK_EQ(coatm_core_mmio_write(&A.core, COATM_RING_REG(COATM_RING_TX,
							      COATM_RING_BASE_LO),
				       0), COATM_MMIO_LOCKED);
	CHECK_EQ(coatm_core_mmio_write(&A.core, COATM_REG_RX_BUF_SIZE, 64),
		 COATM_MMIO_LOCKED);
	CHECK_EQ(coatm_core_mmio_write(&A.core, COATM_REG_STATUS_BLOCK_LO, 64),
		 COATM_MMIO_LOCKED);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_SIZE)), 2);
	CHECK_EQ(rd(COATM_REG_RX_BUF_SIZE), 65536);
	CHECK_EQ(rd(COATM_REG_STATUS_BLOCK_LO), 0);
	/* ... and open again once disabled */
	wr(COATM_REG_CTRL, 0);
	wr(COATM_REG_RX_BUF_SIZE, 64);
	CHECK_EQ(rd(COATM_REG_RX_BUF_SIZE), 64);
}

static void test_reset_clears_data_path(void)
{
	uint8_t cells[3 * COATM_CELL_SIZE], sdu[100];
	int i;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	wr(COATM_REG_INT_MOD_TX, COATM_INT_MOD(5, 100));
	CHECK_EQ(vc_open(&A, 7, 0, 40, COATM_AAL5, COATM_DIR_RX), 0);
	rx_fill(&A);
	/* A PDU in reassembly, a timer armed, counters moving */
	fill_pattern(sdu, sizeof(sdu), 1);
	make_aal5(cells, 0, 40, sdu, sizeof(sdu), false);
	coatm_core_link_rx(&A.core, cells, 2 * COATM_CELL_SIZE);
	CHECK(cnt(&A, COATM_CNT_RX_CELLS) == 2);
	coatm_core_set_cmd_delay_us(&A.core, 10);
	cmd_post(&A, &(struct cmd){ .opcode = 99 }, 1);
	drain();
	CHECK(A.host.armed[COATM_TIMER_CMD]);
	wr(COATM_REG_ERROR, 0);
	coatm_core_set_link(&A.core, false);

	wr(COATM_REG_CTRL, COATM_CTRL_RESET);
	for (i = 0; i < COATM_NUM_RINGS; i++) {
		CHECK_EQ(rd(COATM_RING_REG(i, COATM_RING_BASE_LO)), 0);
		CHECK_EQ(rd(COATM_RING_REG(i, COATM_RING_SIZE)), 0);
		CHECK_EQ(rd(COATM_RING_REG(i, COATM_RING_HEAD)), 0);
		CHECK_EQ(rd(COATM_RING_REG(i, COATM_RING_TAIL)), 0);
	}
	for (i = 0; i < COATM_NUM_COUNTERS; i++)
		CHECK_EQ(cnt(&A, i), 0);
	for (i = 0; i < COATM_NUM_TIMERS; i++)
		CHECK(!A.host.armed[i]);
	CHECK_EQ(rd(COATM_REG_INT_MOD_TX), 0);
	CHECK_EQ(rd(COATM_REG_RX_BUF_SIZE), 2048);
	CHECK_EQ(rd(COATM_REG_STATUS_BLOCK_LO), 0);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP, 0);
	/* Knobs are the host's: they survive. */
	CHECK_EQ(A.core.cmd_delay_us, 10);
	coatm_core_set_cmd_delay_us(&A.core, 0);

	/* The VC table is empty again: handle 7 and its VPI/VCI are free. */
	A.rxc_head = A.evt_head = A.cmd_tail = A.rxf_tail = A.tx_tail = 0;
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 7, 0, 40, COATM_AAL5, COATM_DIR_RX), 0);
	CHECK_EQ(vc_open(&A, 8, 0, 41, COATM_AAL5, COATM_DIR_RX), 0);
	/* No reassembly state left over: a whole PDU arrives fine. */
	rx_fill(&A);
	coatm_core_link_rx(&A.core, cells, sizeof(cells));
	{
		struct rxc c[4];

		CHECK_EQ(rxc_take(&A, c, 4), 1);
		CHECK_EQ(c[0].len, 100);
		CHECK_EQ(c[0].flags, COATM_RXC_EOP);
	}
	CHECK_EQ(A.host.sb_mismatch, 0);
}

static void test_hostile_index_writes(void)
{
	static const struct {
		int ring;
		uint32_t reg;
		uint32_t err;
	} own[] = {
		{ COATM_RING_TX, COATM_RING_TAIL, COATM_ERROR_TX_DESC },
		{ COATM_RING_RXF, COATM_RING_TAIL, COATM_ERROR_RX_DESC },
		{ COATM_RING_CMD, COATM_RING_TAIL, COATM_ERROR_CMD },
		{ COATM_RING_RXC, COATM_RING_HEAD, COATM_ERROR_RX_DESC },
		{ COATM_RING_EVT, COATM_RING_HEAD, COATM_ERROR_CMD },
		{ COATM_RING_TX_CBR, COATM_RING_TAIL, COATM_ERROR_TX_DESC },
		{ COATM_RING_TX_VBR, COATM_RING_TAIL, COATM_ERROR_TX_DESC },
	};
	/* The indices the device owns: read-only to the driver */
	static const uint32_t device_owned[] = {
		COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD),
		COATM_RING_REG(COATM_RING_RXC, COATM_RING_TAIL),
		COATM_RING_REG(COATM_RING_EVT, COATM_RING_TAIL),
		COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD),
		COATM_RING_REG(COATM_RING_TX_VBR, COATM_RING_HEAD),
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(own); i++) {
		uint64_t reg = COATM_RING_REG(own[i].ring, own[i].reg);
		uint32_t size;

		setup(&default_cfg);
		dev_start(&A, &std_rings, 0);
		size = A.size[own[i].ring];
		/* One more than SIZE between head and tail */
		CHECK_EQ(coatm_core_mmio_write(&A.core, reg, size + 1),
			 COATM_MMIO_BAD_INDEX);
		CHECK_EQ(rd(COATM_REG_ERROR), own[i].err);
		CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_ERROR);
		CHECK_EQ(rd(reg), 0);
		/* Backwards is just as far. */
		CHECK_EQ(coatm_core_mmio_write(&A.core, reg,
					       (uint32_t)-(size + 1)),
			 COATM_MMIO_BAD_INDEX);
		CHECK_EQ(rd(reg), 0);
	}

	/* The device's own indices are read-only to the driver. */
	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	for (i = 0; i < ARRAY_SIZE(device_owned); i++)
		CHECK_EQ(coatm_core_mmio_write(&A.core, device_owned[i], 3),
			 COATM_MMIO_READ_ONLY);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD)), 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_EVT, COATM_RING_TAIL)), 0);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	/* A full ring is allowed: exactly SIZE entries */
	wr(COATM_RING_REG(COATM_RING_RXF, COATM_RING_TAIL), 256);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	/* An unused ring takes no entries at all. */
	setup(&default_cfg);
	CHECK_EQ(coatm_core_mmio_write(&A.core,
				       COATM_RING_REG(COATM_RING_TX,
						      COATM_RING_TAIL), 1),
		 COATM_MMIO_BAD_INDEX);
	CHECK_EQ(coatm_core_mmio_write(&A.core,
				       COATM_RING_REG(COATM_RING_TX_VBR,
						      COATM_RING_TAIL), 1),
		 COATM_MMIO_BAD_INDEX);
	CHECK_EQ(rd(COATM_REG_ERROR), COATM_ERROR_TX_DESC);
}

static void test_doorbells_while_disabled(void)
{
	struct cmd c = open_cmd(2, 0, 33, COATM_AAL5, COATM_DIR_TX);
	uint8_t data[48], cell[COATM_CELL_SIZE];
	struct evt ev;
	uint32_t idx;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	wr(COATM_REG_CTRL, 0);

	/* Commands go before TX on enable: OPEN, then a PDU on it. */
	cmd_post(&A, &c, 77);
	memset(data, 1, sizeof(data));
	idx = tx_post(&A, 2, data, 10, 0, 0, 0, 0);
	run_until(&A, fake_now + 1000000);
	CHECK(!evt_get(&A, &ev));
	CHECK_EQ(tx_status(&A, idx), 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_TAIL)), 1);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 0);
	/* Cells arriving now are dropped and counted. */
	make_cell(cell, 0, 32, 0, 0, 0);
	coatm_core_link_rx(&A.core, cell, sizeof(cell));
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 1);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CELLS), 0);
	CHECK_EQ(A.host.frames, 0);

	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 77);
	CHECK_EQ(ev.status, COATM_CMDS_OK);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE | COATM_TXS_OK);
	CHECK_EQ(A.host.frames, 1);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/* ---- commands ---- */

static void test_cmd_open_checks(void)
{
	struct cmd c;
	uint32_t data;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);

#define EXPECT_OPEN(field_setup, status) do {				\
	c = open_cmd(10, 1, 100, COATM_AAL5, COATM_DIR_TX);		\
	field_setup;							\
	CHECK_EQ(cmd_do(&A, &c, NULL), status);				\
} while (0)

	/* INVALID: every field out of range, one at a time */
	EXPECT_OPEN(c.vc = 4096, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.vc = 0xffff, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.vpi = 256, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.aal = 1, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.aal = 3, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.dir = 0, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.dir = 4, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.dir = COATM_DIR_TX | 8, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.svc = 3, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.svc = COATM_SVC_CBR, COATM_CMDS_INVALID);  /* pcr 0 */
	EXPECT_OPEN((c.svc = COATM_SVC_CBR, c.pcr = COATM_LINE_RATE_OC3 + 1),
		    COATM_CMDS_INVALID);
	EXPECT_OPEN((c.svc = COATM_SVC_VBR, c.pcr = 1000, c.scr = 0,
		     c.mbs = 1), COATM_CMDS_INVALID);
	EXPECT_OPEN((c.svc = COATM_SVC_VBR, c.pcr = 1000, c.scr = 1001,
		     c.mbs = 1), COATM_CMDS_INVALID);
	EXPECT_OPEN((c.svc = COATM_SVC_VBR, c.pcr = 1000, c.scr = 100,
		     c.mbs = 0), COATM_CMDS_INVALID);
	EXPECT_OPEN((c.svc = COATM_SVC_VBR, c.pcr = 0,
		     c.scr = COATM_LINE_RATE_OC3 + 1, c.mbs = 1),
		    COATM_CMDS_INVALID);
	EXPECT_OPEN(c.pcr = COATM_LINE_RATE_OC3 + 1, COATM_CMDS_INVALID);
	EXPECT_OPEN(c.max_sdu = 65536, COATM_CMDS_INVALID);
	/* max_sdu is not looked at for AAL0 */
	EXPECT_OPEN((c.vc = 11, c.aal = COATM_AAL0, c.max_sdu = 70000),
		    COATM_CMDS_OK);
	/* NNI-size VPI and too wide VCI with narrower caps */
	{
		struct coatm_core_config cfg = default_cfg;

		cfg.vpi_bits = 12;
		cfg.vci_bits = 10;
		setup(&cfg);
		dev_start(&A, &std_rings, 0);
		EXPECT_OPEN(c.vpi = 4095, COATM_CMDS_OK);
		EXPECT_OPEN((c.vc = 12, c.vpi = 4096), COATM_CMDS_INVALID);
		EXPECT_OPEN((c.vc = 12, c.vci = 1024), COATM_CMDS_INVALID);
		EXPECT_OPEN((c.vc = 12, c.vci = 1023), COATM_CMDS_OK);
	}

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	/* Granted PCR: UBR gets the line rate, CBR its PCR, VBR PCR or line */
	c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	CHECK_EQ(cmd_do(&A, &c, &data), COATM_CMDS_OK);
	CHECK_EQ(data, COATM_LINE_RATE_OC3);
	c = open_cmd(2, 0, 101, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 5000;
	CHECK_EQ(cmd_do(&A, &c, &data), COATM_CMDS_OK);
	CHECK_EQ(data, 5000);
	c = open_cmd(3, 0, 102, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_VBR;
	c.scr = 100;
	c.mbs = 1;
	CHECK_EQ(cmd_do(&A, &c, &data), COATM_CMDS_OK);
	CHECK_EQ(data, COATM_LINE_RATE_OC3);

	/* EXISTS: the handle, or VPI/VCI in the same direction */
	c = open_cmd(1, 5, 5, COATM_AAL5, COATM_DIR_RX);
	CHECK_EQ(cmd_do(&A, &c, &data), COATM_CMDS_EXISTS);
	CHECK_EQ(data, 0);
	c = open_cmd(4, 0, 100, COATM_AAL5, COATM_DIR_TX);
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_EXISTS);
	c = open_cmd(4, 0, 100, COATM_AAL5, COATM_DIR_TX | COATM_DIR_RX);
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_EXISTS);
	/* A TX-only and an RX-only handle share VPI/VCI */
	c = open_cmd(4, 0, 100, COATM_AAL0, COATM_DIR_RX);
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	c = open_cmd(5, 0, 100, COATM_AAL5, COATM_DIR_RX);
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_EXISTS);
	/* After a close, the VPI/VCI is free again. */
	CHECK_EQ(vc_close(&A, 4), COATM_CMDS_OK);
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);

	/* Unknown opcodes, CLOSE/MODIFY of closed or impossible handles */
	c.opcode = 0;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_INVALID);
	c.opcode = 4;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_INVALID);
	CHECK_EQ(vc_close(&A, 9), COATM_CMDS_NOT_OPEN);
	CHECK_EQ(vc_close(&A, 4096), COATM_CMDS_INVALID);
	c = open_cmd(9, 0, 100, COATM_AAL5, COATM_DIR_TX);
	c.opcode = COATM_CMD_MODIFY;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_NOT_OPEN);
	CHECK_EQ(A.host.sb_mismatch, 0);
#undef EXPECT_OPEN
}

static void test_cmd_admission(void)
{
	struct coatm_core_config cfg = default_cfg;
	struct cmd c;

	cfg.line_rate = 10000;
	setup(&cfg);
	dev_start(&A, &std_rings, 0);

	c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 6000;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	c = open_cmd(2, 0, 101, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_VBR;
	c.pcr = 10000;
	c.scr = 4001;
	c.mbs = 10;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_NO_RATE);
	c.scr = 4000;	/* exactly the line rate in all */
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	/* Nothing left: CBR of 1 fails, UBR and RX-only pass. */
	c = open_cmd(3, 0, 102, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 1;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_NO_RATE);
	c.dir = COATM_DIR_RX;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	c = open_cmd(4, 0, 103, COATM_AAL5, COATM_DIR_TX);
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	/* Closing gives the rate back. */
	CHECK_EQ(vc_close(&A, 1), COATM_CMDS_OK);
	c = open_cmd(5, 0, 104, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 6000;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	c.vc = 6;
	c.vci = 105;
	c.pcr = 1;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_NO_RATE);
}

static void test_cmd_modify(void)
{
	struct coatm_core_config cfg = default_cfg;
	struct cmd c;
	uint32_t data;

	cfg.line_rate = 10000;
	setup(&cfg);
	dev_start(&A, &std_rings, 0);
	c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 4000;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	c = open_cmd(2, 0, 101, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 5000;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);

	/* Its own rate counts once: 5000 -> 6000 fits, 6001 does not. */
	c.opcode = COATM_CMD_MODIFY;
	c.pcr = 6001;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_NO_RATE);
	CHECK_EQ(A.core.vcs.vc[2].p.pcr, 5000);
	c.pcr = 6000;
	CHECK_EQ(cmd_do(&A, &c, &data), COATM_CMDS_OK);
	CHECK_EQ(data, 6000);
	CHECK_EQ(A.core.vcs.vc[2].p.pcr, 6000);

	/* VPI/VCI/AAL/dir must match; bad traffic fields fail; old stays */
	c.vci = 102;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_INVALID);
	c.vci = 101;
	c.aal = COATM_AAL0;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_INVALID);
	c.aal = COATM_AAL5;
	c.dir = COATM_DIR_TX | COATM_DIR_RX;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_INVALID);
	c.dir = COATM_DIR_TX;
	c.svc = COATM_SVC_VBR;
	c.scr = 7000;
	c.pcr = 6000;
	c.mbs = 2;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_INVALID);
	CHECK_EQ(A.core.vcs.vc[2].p.service, COATM_SVC_CBR);
	CHECK_EQ(A.core.vcs.vc[2].p.pcr, 6000);
	/* To UBR: the reservation is freed. */
	c.svc = COATM_SVC_UBR;
	c.pcr = 0;
	c.scr = 0;
	CHECK_EQ(cmd_do(&A, &c, &data), COATM_CMDS_OK);
	CHECK_EQ(data, 10000);
	c = open_cmd(3, 0, 103, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 6000;
	CHECK_EQ(cmd_do(&A, &c, NULL), COATM_CMDS_OK);
	CHECK_EQ(A.core.vcs.reserved, 10000);
}

/* CLOSE gives back the buffers reassembly holds, before its event. */
static void test_cmd_close_returns_buffers(void)
{
	struct ring_cfg rc = std_rings;
	uint8_t cells[4 * COATM_CELL_SIZE], sdu[150];
	struct rxc c[8];
	struct evt ev;
	uint32_t writes, i, evt_write = 0, last_rxc_write = 0;

	rc.buf_size = 64;
	setup(&default_cfg);
	dev_start(&A, &rc, 0);
	CHECK_EQ(vc_open(&A, 3, 0, 50, COATM_AAL5, COATM_DIR_RX), 0);
	rx_fill(&A);
	fill_pattern(sdu, sizeof(sdu), 3);
	CHECK_EQ(make_aal5(cells, 0, 50, sdu, sizeof(sdu), false), 4);
	/* Three of four cells: 144 bytes in three 64-byte buffers */
	coatm_core_link_rx(&A.core, cells, 3 * COATM_CELL_SIZE);
	CHECK_EQ(rxc_take(&A, c, 8), 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_RXF, COATM_RING_HEAD)), 3);

	writes = A.host.writes;
	CHECK_EQ(vc_close(&A, 3), COATM_CMDS_OK);
	CHECK_EQ(rxc_take(&A, c, 8), 3);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(c[i].len, 0);
		CHECK_EQ(c[i].vc, 3);
		CHECK_EQ(c[i].flags, COATM_RXC_DISCARD |
			 (i == 2 ? COATM_RXC_EOP : 0));
		CHECK_EQ(c[i].frag, i);
	}
	/* In DMA order, the completions came before the event. */
	for (i = writes; i < A.host.writes && i < MAX_WRITES; i++) {
		uint64_t a = A.host.write_addr[i];

		if (a >= RING_ADDR(COATM_RING_RXC) &&
		    a < RING_ADDR(COATM_RING_RXC) + 0x20000)
			last_rxc_write = i;
		if (a >= RING_ADDR(COATM_RING_EVT) &&
		    a < RING_ADDR(COATM_RING_EVT) + 0x20000)
			evt_write = i;
	}
	CHECK(last_rxc_write > 0);
	CHECK(evt_write > last_rxc_write);

	/* The rest of the PDU now finds no VC. */
	coatm_core_link_rx(&A.core, cells + 3 * COATM_CELL_SIZE,
			   COATM_CELL_SIZE);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_INVALID_VC), 1);
	CHECK(!evt_get(&A, &ev));
	/* Reopened, a whole PDU is fine. */
	CHECK_EQ(vc_open(&A, 3, 0, 50, COATM_AAL5, COATM_DIR_RX), 0);
	coatm_core_link_rx(&A.core, cells, sizeof(cells));
	CHECK_EQ(rxc_take(&A, c, 8), 3);
	CHECK_EQ(c[0].len + c[1].len + c[2].len, 150);
	CHECK_EQ(c[2].flags, COATM_RXC_EOP);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/* CLOSE completes only once TX is past what was queued for the VC. */
static void test_cmd_close_and_tx(void)
{
	struct cmd c;
	struct evt ev;
	uint8_t data[48] = { 0 };
	uint32_t i0, i1, i2, i3;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 10;		/* 100 ms a cell */
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL5, COATM_DIR_TX), 0);

	/* VC 1: one sent, one waiting for shaping, then one of VC 2 */
	i0 = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	i1 = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	i2 = tx_post(&A, 2, data, 10, 0, 0, 0, 0);
	CHECK_EQ(tx_status(&A, i0), COATM_TXS_DONE);
	CHECK_EQ(tx_status(&A, i1), 0);
	CHECK(A.host.armed[COATM_TIMER_TX]);
	run_until(&A, fake_now + 10000);	/* the link is free again */
	CHECK_EQ(tx_status(&A, i1), 0);

	/* Closing VC 1: its waiting descriptor is not held by shaping. */
	CHECK_EQ(vc_close(&A, 1), COATM_CMDS_OK);
	CHECK_EQ(tx_status(&A, i1), COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK_EQ(tx_status(&A, i2), COATM_TXS_DONE | COATM_TXS_OK);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_ERR), 1);

	/* Closing VC 2 waits while VC 1' shaping holds the ring. */
	c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	c.svc = COATM_SVC_CBR;
	c.pcr = 10;
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	fake_now += 1000000000;
	i0 = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	i1 = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	i2 = tx_post(&A, 2, data, 10, 0, 0, 0, 0);
	CHECK_EQ(tx_status(&A, i0), COATM_TXS_DONE);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 2 }, 5);
	CHECK(!evt_get(&A, &ev));
	/* Queued after the close: completes BAD_VC, later. */
	i3 = tx_post(&A, 2, data, 10, 0, 0, 0, 0);
	run_until(&A, fake_now + 99999999);
	CHECK(!evt_get(&A, &ev));
	CHECK_EQ(tx_status(&A, i1), 0);
	run_until(&A, fake_now + 1);
	CHECK_EQ(tx_status(&A, i1), COATM_TXS_DONE | COATM_TXS_OK);
	CHECK_EQ(tx_status(&A, i2), COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK_EQ(tx_status(&A, i3), COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 5);
	CHECK_EQ(ev.status, COATM_CMDS_OK);

	/* With tx-stall, a CLOSE with TX queued waits for the unstall. */
	coatm_core_set_tx_stall(&A.core, true);
	i0 = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 1 }, 6);
	CHECK(!evt_get(&A, &ev));
	coatm_core_set_tx_stall(&A.core, false);
	CHECK_EQ(tx_status(&A, i0), COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 6);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

static void test_event_ring_full(void)
{
	struct ring_cfg rc = std_rings;
	struct evt ev;
	uint32_t i, tags = 0;

	rc.evt = 2;
	setup(&default_cfg);
	dev_start(&A, &rc, 0);
	for (i = 0; i < 5; i++)
		cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE,
					    .vc = i }, 100 + i);
	drain();
	/* Two events fit; three commands wait, no error. */
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_CMD, COATM_RING_HEAD)), 2);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_EVT, COATM_RING_TAIL)), 2);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	/* Each returned event lets one more command complete. */
	for (i = 0; i < 5; i++) {
		CHECK(evt_get(&A, &ev));
		CHECK_EQ(ev.tag, 100 + i);
		CHECK_EQ(ev.status, COATM_CMDS_NOT_OPEN);
		tags++;
	}
	CHECK(!evt_get(&A, &ev));
	CHECK_EQ(tags, 5);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_CMD, COATM_RING_HEAD)), 5);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

static void test_status_block(void)
{
	uint8_t data[100];
	const uint8_t *sb;

	setup(&default_cfg);
	dev_start(&A, &std_rings, COATM_CTRL_PHY_LOOPBACK);
	sb = A.host.mem + SB_ADDR;
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5,
			 COATM_DIR_TX | COATM_DIR_RX), 0);
	CHECK_EQ(ld32(sb + COATM_SB_CMD_HEAD), 1);
	CHECK_EQ(ld32(sb + COATM_SB_EVT_TAIL), 1);
	rx_post(&A, 5);
	fill_pattern(data, sizeof(data), 9);
	tx_post(&A, 1, data, sizeof(data), 0, 0, 0, 0);
	drain();
	CHECK_EQ(ld32(sb + COATM_SB_TX_HEAD), 1);
	CHECK_EQ(ld32(sb + COATM_SB_RXF_HEAD), 1);
	CHECK_EQ(ld32(sb + COATM_SB_RXC_TAIL), 1);
	/* The class rings' heads, then nothing: 28 bytes are the device's */
	CHECK_EQ(ld32(sb + COATM_SB_TX_CBR_HEAD), 0);
	CHECK_EQ(ld32(sb + COATM_SB_TX_VBR_HEAD), 0);
	CHECK_EQ(ld32(sb + 28), 0);
	/* Interrupts on their vectors, each after its status block write */
	CHECK(A.host.vec_count[COATM_VEC_MISC] >= 1);
	CHECK_EQ(A.host.vec_count[COATM_VEC_TX], 1);
	CHECK_EQ(A.host.vec_count[COATM_VEC_RX], 1);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_EVENT | COATM_INT_TX_DONE |
		 COATM_INT_RX_DONE);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/* ---- data path ---- */

/* Send one SDU through PHY loopback and check what comes back. */
static void round_trip(struct dev *d, uint16_t vc, uint32_t len,
		       uint32_t seed)
{
	static uint8_t sdu[65536], got[65536];
	static struct rxc c[MAX_BUFS];
	uint64_t tx_cells = cnt(d, COATM_CNT_TX_CELLS);
	uint64_t rx_cells = cnt(d, COATM_CNT_RX_CELLS);
	uint64_t rx_pdus = cnt(d, COATM_CNT_RX_PDUS);
	uint64_t tx_err = cnt(d, COATM_CNT_TX_ERR);
	uint32_t cells = coatm_aal5_cells(len);
	uint32_t nbufs = (cells * 48 + d->buf_size - 1) / d->buf_size;
	uint32_t idx, n, i, off = 0, rest = len;
	bool ok = true;

	fill_pattern(sdu, len, seed);
	rx_fill(d);
	idx = tx_post(d, vc, sdu, len, 0, (uint8_t)len, (uint8_t)(len >> 8),
		      0);
	run_tx(d);
	n = rxc_take(d, c, MAX_BUFS);
	if (len == 0) {
		CHECK_EQ(tx_status(d, idx), COATM_TXS_DONE | COATM_TXS_BAD_LEN);
		CHECK_EQ(cnt(d, COATM_CNT_TX_ERR), tx_err + 1);
		CHECK_EQ(n, 0);
		return;
	}
	CHECK_EQ(tx_status(d, idx), COATM_TXS_DONE | COATM_TXS_OK);
	CHECK_EQ(cnt(d, COATM_CNT_TX_CELLS), tx_cells + cells);
	CHECK_EQ(cnt(d, COATM_CNT_RX_CELLS), rx_cells + cells);
	CHECK_EQ(cnt(d, COATM_CNT_RX_PDUS), rx_pdus + 1);
	check(n == nbufs, __FILE__, __LINE__,
	      "len %u buf %u: %u completions, want %u", len, d->buf_size, n,
	      nbufs);
	for (i = 0; i < n && i < nbufs; i++) {
		uint32_t want = rest < d->buf_size ? rest : d->buf_size;
		uint16_t flags = i == nbufs - 1 ? COATM_RXC_EOP : 0;

		/* RXC_FRAG: each buffer's place in the PDU, mod 256 */
		if (c[i].len != want || c[i].flags != flags || c[i].vc != vc ||
		    c[i].frag != (uint8_t)i || c[i].buf_id >= d->nslots) {
			ok = false;
			break;
		}
		memcpy(got + off, d->host.mem + buf_addr(d, c[i].buf_id),
		       c[i].len);
		off += c[i].len;
		rest -= c[i].len;
	}
	check(ok, __FILE__, __LINE__, "len %u buf %u: completion %u wrong", len,
	      d->buf_size, i);
	if (ok && n == nbufs) {
		CHECK_EQ(c[n - 1].uu, (uint8_t)len);
		CHECK_EQ(c[n - 1].cpi, (uint8_t)(len >> 8));
		check(off == len && !memcmp(got, sdu, len), __FILE__, __LINE__,
		      "len %u buf %u: data differs", len, d->buf_size);
	}
}

static void test_round_trip(void)
{
	static const uint32_t buf_sizes[] = { 64, 2048, 65536 };
	static const uint32_t more[] = { 1490, 1491, 1492, 1493, 1494, 1495,
		1496, 1497, 1498, 1499, 1500, 1501, 1502, 1503, 1504, 1505,
		1506, 1507, 1508, 1509, 1510, 9180, 65527, 65528, 65535 };
	size_t b, i;
	uint32_t len;

	for (b = 0; b < ARRAY_SIZE(buf_sizes); b++) {
		struct ring_cfg rc = std_rings;

		rc.buf_size = buf_sizes[b];
		rc.rxf = rc.rxc = buf_sizes[b] == 65536 ? 128 : 4096;
		setup(&default_cfg);
		dev_start(&A, &rc, COATM_CTRL_PHY_LOOPBACK);
		CHECK_EQ(vc_open(&A, 9, 0, 200, COATM_AAL5,
				 COATM_DIR_TX | COATM_DIR_RX), 0);
		for (len = 0; len <= 200; len++)
			round_trip(&A, 9, len, len + (uint32_t)b);
		for (i = 0; i < ARRAY_SIZE(more); i++)
			round_trip(&A, 9, more[i], (uint32_t)(i + b));
		CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 0);
		CHECK_EQ(cnt(&A, COATM_CNT_RX_CRC_ERR), 0);
		CHECK_EQ(rd(COATM_REG_ERROR), 0);
		CHECK_EQ(A.host.sb_mismatch, 0);
		CHECK_EQ(A.host.frames, 0);	/* loopback: nothing on the wire */
	}
}

/* DMA writes of @d into its RX buffer area since write @from */
static unsigned int rxbuf_writes(struct dev *d, unsigned int from)
{
	unsigned int i, n = 0;

	for (i = from; i < d->host.writes && i < MAX_WRITES; i++)
		n += d->host.write_addr[i] >= RXBUF_ADDR;
	return n;
}

/* AAL5 reassembly writes each RX buffer with one DMA, not one per cell. */
static void test_rx_one_dma_per_buffer(void)
{
	static const uint32_t buf_sizes[] = { 64, 2048, 4096, 65536 };
	static const uint32_t lens[] = { 1, 40, 41, 1500, 9180 };
	size_t b, i;

	for (b = 0; b < ARRAY_SIZE(buf_sizes); b++) {
		struct ring_cfg rc = std_rings;

		rc.buf_size = buf_sizes[b];
		rc.rxf = rc.rxc = 4096;
		setup(&default_cfg);
		dev_start(&A, &rc, COATM_CTRL_PHY_LOOPBACK);
		CHECK_EQ(vc_open(&A, 9, 0, 200, COATM_AAL5,
				 COATM_DIR_TX | COATM_DIR_RX), 0);
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			uint32_t bytes = coatm_aal5_cells(lens[i]) * 48;
			uint32_t nbufs = (bytes + rc.buf_size - 1) / rc.buf_size;
			unsigned int w0 = A.host.writes;

			round_trip(&A, 9, lens[i], (uint32_t)i);
			check(rxbuf_writes(&A, w0) == nbufs, __FILE__, __LINE__,
			      "len %u buf %u: %u buffer writes, want %u",
			      lens[i], rc.buf_size, rxbuf_writes(&A, w0),
			      nbufs);
		}
	}
}

/* Cells of two VCs interleaved in one frame reassemble apart. */
static void test_rx_interleaved_vcs(void)
{
	static uint8_t cells[2][40 * COATM_CELL_SIZE];
	static uint8_t frame[80 * COATM_CELL_SIZE], sdu[2][1500];
	struct ring_cfg rc = std_rings;
	struct rxc c[16];
	uint32_t n[2], v, i, k = 0, off[2] = { 0, 0 };
	unsigned int got;

	setup(&default_cfg);
	rc.buf_size = 256;
	dev_start(&A, &rc, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_RX), 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL5, COATM_DIR_RX), 0);
	rx_fill(&A);
	for (v = 0; v < 2; v++) {
		fill_pattern(sdu[v], 1000 + 300 * v, v + 5);
		n[v] = make_aal5(cells[v], 0, 100 + v, sdu[v], 1000 + 300 * v,
				 false);
	}
	/* 21 and 28 cells, one of each in turn while both last */
	for (i = 0; i < n[0] || i < n[1]; i++) {
		for (v = 0; v < 2; v++) {
			if (i < n[v])
				memcpy(frame + k++ * COATM_CELL_SIZE,
				       cells[v] + i * COATM_CELL_SIZE,
				       COATM_CELL_SIZE);
		}
	}
	coatm_core_link_rx(&A.core, frame, k * COATM_CELL_SIZE);
	got = rxc_take(&A, c, 16);
	CHECK_EQ(got, 4 + 6);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_PDUS), 2);
	for (i = 0; i < got && i < 16; i++) {
		v = c[i].vc - 1;
		CHECK(v < 2);
		if (v >= 2)
			break;
		CHECK(!memcmp(A.host.mem + buf_addr(&A, c[i].buf_id),
			      sdu[v] + off[v], c[i].len));
		off[v] += c[i].len;
	}
	CHECK_EQ(off[0], 1000);
	CHECK_EQ(off[1], 1300);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
}

/* Two devices back to back: AAL0 keeps PTI and CLP; PTI >= 4 dropped. */
static void test_aal0_back_to_back(void)
{
	uint8_t data[48];
	struct rxc c[16];
	uint32_t i, n;

	fake_now = 1000000;
	dev_setup(&A, &default_cfg);
	dev_setup(&B, &default_cfg);
	A.host.peer = &B;
	dev_start(&A, &std_rings, 0);
	dev_start(&B, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 2, 34, COATM_AAL0, COATM_DIR_TX), 0);
	CHECK_EQ(vc_open(&B, 5, 2, 34, COATM_AAL0, COATM_DIR_RX), 0);
	rx_fill(&B);
	for (i = 0; i < 8; i++) {
		fill_pattern(data, 48, i);
		tx_post(&A, 1, data, 48, COATM_TXF_AAL0, 0, 0, (uint8_t)i);
		run_tx(&A);
	}
	n = rxc_take(&B, c, 16);
	CHECK_EQ(n, 8);
	for (i = 0; i < n && i < 8; i++) {
		fill_pattern(data, 48, i);
		CHECK_EQ(c[i].vc, 5);
		CHECK_EQ(c[i].len, 48);
		CHECK_EQ(c[i].flags, COATM_RXC_AAL0 | COATM_RXC_EOP);
		CHECK_EQ(c[i].cell_hdr, i);
		CHECK(!memcmp(B.host.mem + buf_addr(&B, c[i].buf_id), data, 48));
	}
	CHECK_EQ(cnt(&A, COATM_CNT_TX_PDUS), 8);
	CHECK_EQ(cnt(&B, COATM_CNT_RX_PDUS), 8);
	CHECK_EQ(A.host.frames, 8);
	CHECK_EQ(A.host.frame_len[0], COATM_CELL_SIZE);
	/* An OAM cell (PTI 4) with a bad CRC-10 goes out, is not delivered. */
	tx_post(&A, 1, data, 48, COATM_TXF_AAL0, 0, 0, 4 << 1);
	run_tx(&A);
	CHECK_EQ(rxc_take(&B, c, 16), 0);
	CHECK_EQ(cnt(&B, COATM_CNT_RX_DROP_CELLS), 1);
	CHECK_EQ(cnt(&B, COATM_CNT_RX_CELLS), 9);
	CHECK_EQ(B.host.sb_mismatch, 0);
}

/* NNI cells (12-bit VPI) between two devices */
static void test_nni_back_to_back(void)
{
	struct coatm_core_config cfg = default_cfg;
	static uint8_t sdu[3000];
	struct rxc c[4];

	cfg.vpi_bits = 12;
	fake_now = 1000000;
	dev_setup(&A, &cfg);
	dev_setup(&B, &cfg);
	A.host.peer = &B;
	dev_start(&A, &std_rings, 0);
	dev_start(&B, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 4095, 65535, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK_EQ(vc_open(&B, 2, 4095, 65535, COATM_AAL5, COATM_DIR_RX), 0);
	rx_fill(&B);
	fill_pattern(sdu, sizeof(sdu), 5);
	tx_post(&A, 1, sdu, sizeof(sdu), 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(A.host.frame0[0], 0xff);	/* VPI 11:4, no GFC */
	CHECK_EQ(A.host.frame0[1], 0xff);
	CHECK_EQ(rxc_take(&B, c, 4), 2);
	CHECK_EQ(c[0].len + c[1].len, 3000);
	CHECK(!memcmp(B.host.mem + buf_addr(&B, c[0].buf_id), sdu, 2048));
	CHECK(!memcmp(B.host.mem + buf_addr(&B, c[1].buf_id), sdu + 2048,
		      952));
}

/* Big PDUs leave as frames of at most 1024 cells; link down eats them. */
static void test_frames_and_link_down(void)
{
	static uint8_t sdu[65535];
	uint32_t idx;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	idx = tx_post(&A, 1, sdu, sizeof(sdu), 0, 0, 0, 0);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE);
	CHECK_EQ(A.host.frames, 2);
	CHECK_EQ(A.host.frame_len[0], 1024 * COATM_CELL_SIZE);
	CHECK_EQ(A.host.frame_len[1], 342 * COATM_CELL_SIZE);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_CELLS), 1366);

	coatm_core_set_link(&A.core, false);
	run_until(&A, fake_now + 1000000000);
	idx = tx_post(&A, 1, sdu, 100, 0, 0, 0, 0);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE);
	CHECK_EQ(A.host.frames, 2);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_CELLS), 1369);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_PDUS), 2);
}

static void test_rx_cell_errors(void)
{
	uint8_t f[4 * COATM_CELL_SIZE];
	struct rxc c[4];

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL0, COATM_DIR_RX), 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL5, COATM_DIR_TX), 0);
	rx_fill(&A);

	/* No VC: wrong VCI, wrong VPI, and a TX-only VPI/VCI */
	make_cell(f, 0, 99, 0, 0, 1);
	make_cell(f + 53, 1, 100, 0, 0, 1);
	make_cell(f + 106, 0, 101, 0, 0, 1);
	make_cell(f + 159, 0, 100, 0, 1, 1);
	coatm_core_link_rx(&A.core, f, sizeof(f));
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CELLS), 4);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_INVALID_VC), 3);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 3);
	CHECK_EQ(rxc_take(&A, c, 4), 1);
	CHECK_EQ(c[0].cell_hdr, 1);

	/* Bad HEC: counted, not a received cell */
	make_cell(f, 0, 100, 0, 0, 1);
	f[4] ^= 0x10;
	coatm_core_link_rx(&A.core, f, COATM_CELL_SIZE);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_HEC_ERR), 1);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CELLS), 4);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 4);
	CHECK_EQ(rxc_take(&A, c, 4), 0);

	/* A frame that is not whole cells is dropped entirely. */
	make_cell(f, 0, 100, 0, 0, 1);
	coatm_core_link_rx(&A.core, f, COATM_CELL_SIZE + 1);
	coatm_core_link_rx(&A.core, f, 52);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_FRAME_ERR), 2);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CELLS), 4);
	CHECK_EQ(rxc_take(&A, c, 4), 0);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
}

/* Cells of one AAL5 PDU with the trailer's length replaced, CRC good */
static uint32_t make_aal5_len(uint8_t *out, uint16_t vci, uint32_t cells,
			      uint16_t trailer_len)
{
	static uint8_t pdu[4 * 48];
	struct coatm_cell_hdr h = { .vpi = 0, .vci = vci };
	uint32_t i, crc;
	uint8_t *tr = pdu + cells * 48 - 8;

	fill_pattern(pdu, cells * 48, 1);
	tr[0] = tr[1] = 0;
	tr[2] = trailer_len >> 8;
	tr[3] = trailer_len & 0xff;
	crc = coatm_crc32(pdu, cells * 48 - 4);
	tr[4] = crc >> 24;
	tr[5] = crc >> 16;
	tr[6] = crc >> 8;
	tr[7] = crc;
	for (i = 0; i < cells; i++) {
		h.pti = i == cells - 1;
		coatm_cell_hdr_encode(out + i * 53, &h, false);
		memcpy(out + i * 53 + 5, pdu + i * 48, 48);
	}
	return cells * 53;
}

static void test_rx_length_errors(void)
{
	static const struct {
		uint32_t cells;
		uint16_t len;
	} bad[] = { { 1, 0 }, { 1, 41 }, { 2, 40 }, { 2, 89 }, { 3, 1 } };
	static uint8_t f[8 * 53], sdu[200];
	struct cmd cmd;
	struct rxc c[8];
	size_t i;
	uint32_t n;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	cmd = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_RX);
	cmd.max_sdu = 100;
	CHECK_EQ(cmd_do(&A, &cmd, NULL), 0);
	rx_fill(&A);

	/* A good length is accepted (the trailer maker is right) */
	coatm_core_link_rx(&A.core, f, make_aal5_len(f, 100, 2, 41));
	CHECK_EQ(rxc_take(&A, c, 8), 1);
	CHECK_EQ(c[0].len, 41);
	CHECK_EQ(c[0].flags, COATM_RXC_EOP);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		coatm_core_link_rx(&A.core, f, make_aal5_len(f, 100, bad[i].cells,
							     bad[i].len));
		CHECK_EQ(rxc_take(&A, c, 8), 1);
		CHECK_EQ(c[0].len, 0);
		CHECK_EQ(c[0].flags, COATM_RXC_EOP | COATM_RXC_LEN_ERR);
	}
	CHECK_EQ(cnt(&A, COATM_CNT_RX_LEN_ERR), ARRAY_SIZE(bad));
	CHECK_EQ(cnt(&A, COATM_CNT_RX_PDUS), 1);

	/* Longer than max_sdu 100 allows (155 bytes): 4th cell gives up */
	fill_pattern(sdu, sizeof(sdu), 2);
	n = make_aal5(f, 0, 100, sdu, 180, false);	/* 4 cells */
	CHECK_EQ(n, 4);
	coatm_core_link_rx(&A.core, f, 3 * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 0);
	coatm_core_link_rx(&A.core, f + 3 * 53, 53);
	CHECK_EQ(rxc_take(&A, c, 8), 1);
	CHECK_EQ(c[0].flags, COATM_RXC_EOP | COATM_RXC_LEN_ERR);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_LEN_ERR), ARRAY_SIZE(bad) + 1);
	/* A 5-cell one: the rest is discarded up to its end */
	n = make_aal5(f, 0, 100, sdu, 200, false);
	CHECK_EQ(n, 5);
	coatm_core_link_rx(&A.core, f, 5 * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 1);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 3);	/* 4th of both, 5th */
	/* A trailer length over max_sdu within the cell bound */
	n = make_aal5(f, 0, 100, sdu, 101, false);
	coatm_core_link_rx(&A.core, f, n * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 1);
	CHECK_EQ(c[0].flags, COATM_RXC_EOP | COATM_RXC_LEN_ERR);
	/* and then a good one again */
	n = make_aal5(f, 0, 100, sdu, 100, false);
	coatm_core_link_rx(&A.core, f, n * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 1);
	CHECK_EQ(c[0].len, 100);
	CHECK_EQ(c[0].flags, COATM_RXC_EOP);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_PDUS), 2);
}

static void test_rx_corrupt_crc_error(void)
{
	struct ring_cfg rc = std_rings;
	static uint8_t sdu[200];
	struct rxc c[8];
	uint32_t i;

	rc.buf_size = 64;
	setup(&default_cfg);
	dev_start(&A, &rc, COATM_CTRL_PHY_LOOPBACK);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5,
			 COATM_DIR_TX | COATM_DIR_RX), 0);
	rx_fill(&A);
	coatm_core_set_rx_corrupt(&A.core, 2);
	for (i = 0; i < 2; i++) {
		tx_post(&A, 1, sdu, sizeof(sdu), 0, 0, 0, 0);
		run_tx(&A);
		CHECK_EQ(rxc_take(&A, c, 8), 4);	/* 240 bytes */
		CHECK_EQ(c[0].flags, COATM_RXC_CRC_ERR);
		CHECK_EQ(c[3].flags, COATM_RXC_CRC_ERR | COATM_RXC_EOP);
		CHECK_EQ(c[0].len + c[3].len, 0);
		rx_fill(&A);
	}
	CHECK_EQ(A.core.rx_corrupt, 0);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CRC_ERR), 2);
	tx_post(&A, 1, sdu, sizeof(sdu), 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(rxc_take(&A, c, 8), 4);
	CHECK_EQ(c[3].flags, COATM_RXC_EOP);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_PDUS), 1);
}

static void test_rx_nobuf(void)
{
	struct ring_cfg rc = std_rings;
	uint8_t f[4 * 53], sdu[100];
	struct rxc c[8];

	rc.buf_size = 64;
	setup(&default_cfg);
	dev_start(&A, &rc, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_RX), 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL0, COATM_DIR_RX), 0);
	fill_pattern(sdu, sizeof(sdu), 4);
	CHECK_EQ(make_aal5(f, 0, 100, sdu, 100, false), 3);

	/* One buffer for a PDU that needs three: dropped when it runs out */
	rx_post(&A, 1);
	coatm_core_link_rx(&A.core, f, 3 * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 1);
	CHECK_EQ(c[0].flags, COATM_RXC_DISCARD | COATM_RXC_EOP);
	CHECK_EQ(c[0].len, 0);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_NOBUF), 1);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 2);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_RX_NOBUF);
	CHECK_EQ(A.host.vec_count[COATM_VEC_RX], 2);	/* NOBUF, RX_DONE */
	CHECK_EQ(rd(COATM_REG_ERROR), 0);

	/* None at all: once per PDU */
	coatm_core_link_rx(&A.core, f, 3 * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 0);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_NOBUF), 2);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 5);
	make_cell(f + 3 * 53, 0, 101, 0, 0, 7);
	coatm_core_link_rx(&A.core, f + 3 * 53, 53);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_NOBUF), 3);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_DROP_CELLS), 6);

	/* Buffers posted: it works again, from the next PDU on. */
	rx_fill(&A);
	coatm_core_link_rx(&A.core, f + 53, 2 * 53);	/* tail of one */
	CHECK_EQ(rxc_take(&A, c, 8), 2);	/* is no good PDU */
	CHECK_EQ(c[1].flags, COATM_RXC_EOP | COATM_RXC_CRC_ERR);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_CRC_ERR), 1);
	coatm_core_link_rx(&A.core, f, 3 * 53);
	CHECK_EQ(rxc_take(&A, c, 8), 3);
	CHECK_EQ(c[0].len, 64);
	CHECK_EQ(c[1].len, 36);
	CHECK_EQ(c[2].len, 0);		/* pad and trailer only */
	CHECK_EQ(c[2].flags, COATM_RXC_EOP);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_PDUS), 1);
}

static void test_rxc_overflow(void)
{
	struct ring_cfg rc = std_rings;
	uint8_t f[3 * 53];
	int i;

	rc.rxf = 2;
	rc.rxc = 2;
	setup(&default_cfg);
	dev_start(&A, &rc, 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL0, COATM_DIR_RX), 0);
	for (i = 0; i < 3; i++)
		make_cell(f + i * 53, 0, 101, 0, 0, i);
	rx_post(&A, 2);
	coatm_core_link_rx(&A.core, f, 2 * 53);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_RXC, COATM_RING_TAIL)), 2);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	/* The driver posts more buffers but never reaps completions. */
	rx_post(&A, 2);
	coatm_core_link_rx(&A.core, f + 2 * 53, 53);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_RXC, COATM_RING_TAIL)), 2);
	CHECK_EQ(rd(COATM_REG_ERROR), COATM_ERROR_RX_DESC);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_ERROR);
}

static void test_tx_errors(void)
{
	static const struct {
		uint16_t vc;
		uint32_t len;
		uint16_t flags;
		uint32_t status;
	} d[] = {
		{ 9, 10, 0, COATM_TXS_BAD_VC },		/* not open */
		{ 3, 10, 0, COATM_TXS_BAD_VC },		/* RX only */
		{ 4096, 10, 0, COATM_TXS_BAD_VC },	/* >= max VCs */
		{ 1, 0, 0, COATM_TXS_BAD_LEN },
		{ 1, 65536, 0, COATM_TXS_BAD_LEN },
		{ 1, 48, COATM_TXF_AAL0, COATM_TXS_BAD_LEN },
		{ 2, 47, COATM_TXF_AAL0, COATM_TXS_BAD_LEN },
		{ 2, 49, COATM_TXF_AAL0, COATM_TXS_BAD_LEN },
		{ 2, 48, 0, COATM_TXS_BAD_LEN },
		{ 1, 65535, 0, COATM_TXS_OK },
		{ 2, 48, COATM_TXF_AAL0, COATM_TXS_OK },
	};
	uint32_t idx[ARRAY_SIZE(d)], i;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL0, COATM_DIR_TX), 0);
	CHECK_EQ(vc_open(&A, 3, 0, 102, COATM_AAL5, COATM_DIR_RX), 0);
	for (i = 0; i < ARRAY_SIZE(d); i++)
		idx[i] = tx_post(&A, d[i].vc, NULL, d[i].len, d[i].flags, 0, 0,
				 0);
	run_tx(&A);
	for (i = 0; i < ARRAY_SIZE(d); i++)
		check(tx_status(&A, idx[i]) == (COATM_TXS_DONE | d[i].status),
		      __FILE__, __LINE__, "descriptor %u: status 0x%x", i,
		      tx_status(&A, idx[i]));
	CHECK_EQ(cnt(&A, COATM_CNT_TX_ERR), ARRAY_SIZE(d) - 2);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_PDUS), 2);
	/* Data that cannot be read: DMA_ERR in the status, not ERROR */
	i = tx_post_addr(&A, 1, BAD_ADDR, 100, 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(tx_status(&A, i), COATM_TXS_DONE | COATM_TXS_DMA_ERR);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_ERR), ARRAY_SIZE(d) - 1);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/* CBR: 10 one-cell PDUs at PCR 1000 leave 1 ms apart. */
static void test_cbr_shaping(void)
{
	struct cmd c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	int64_t t0, done_at[10];
	uint8_t data[40] = { 0 };
	uint32_t idx[10], i, j;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	c.svc = COATM_SVC_CBR;
	c.pcr = 1000;
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	t0 = fake_now;
	for (i = 0; i < 10; i++) {
		idx[i] = tx_post(&A, 1, data, 40, 0, 0, 0, 0);
		done_at[i] = -1;
	}
	for (j = 0; j < 100; j++) {
		for (i = 0; i < 10; i++) {
			if (done_at[i] < 0 && tx_status(&A, idx[i]))
				done_at[i] = fake_now;
		}
		if (!A.host.armed[COATM_TIMER_TX])
			break;
		run_until(&A, A.host.expire[COATM_TIMER_TX]);
	}
	CHECK_EQ(A.host.frames, 10);
	for (i = 0; i < 10; i++) {
		CHECK_EQ(A.host.frame_time[i], t0 + i * 1000000);
		CHECK_EQ(done_at[i], t0 + i * 1000000);
	}
	/* TX_DONE once per completion (no moderation) */
	CHECK_EQ(A.host.vec_count[COATM_VEC_TX], 1);	/* cause not cleared */
	CHECK_EQ(A.core.mod_tx.pending, 0);
}

/* VBR: MBS cells at PCR, then SCR spacing */
static void test_vbr_shaping(void)
{
	struct cmd c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	static const int64_t want_ms[] = { 0, 1, 2, 12, 22, 32 };
	uint8_t data[40] = { 0 };
	int64_t t0;
	uint32_t i;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	c.svc = COATM_SVC_VBR;
	c.pcr = 1000;
	c.scr = 100;
	c.mbs = 3;
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	t0 = fake_now;
	for (i = 0; i < ARRAY_SIZE(want_ms); i++)
		tx_post(&A, 1, data, 40, 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(A.host.frames, ARRAY_SIZE(want_ms));
	for (i = 0; i < ARRAY_SIZE(want_ms); i++)
		CHECK_EQ(A.host.frame_time[i], t0 + want_ms[i] * 1000000);
}

/*
 * One backlogged CBR VC at @pct % of the line rate (100: a UBR VC, paced
 * by the link alone), @len-byte PDUs, while every TX timer fires 50..200
 * us late: the cell rate over n PDUs, as a fraction of PCR.
 */
static double cbr_late_rate(uint32_t pct, uint32_t len)
{
	struct cmd c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	uint32_t pcr = (uint32_t)((uint64_t)COATM_LINE_RATE_OC3 * pct / 100);
	uint32_t cells = coatm_aal5_cells(len);
	/* at least 200 ms of traffic, so that 200 us is 0.1 % of it */
	uint32_t n = (uint32_t)((uint64_t)pcr / 5 / cells) + 1;
	int64_t t_first = -1, t_last = -1;
	uint32_t sent = 0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	c.svc = pct < 100 ? COATM_SVC_CBR : COATM_SVC_UBR;
	c.pcr = pct < 100 ? pcr : 0;
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	while (t_last < 0) {
		uint32_t head = A.core.ring[COATM_RING_TX].head;

		/* The driver keeps the ring full. */
		while (A.tx_tail - head < A.size[COATM_RING_TX])
			tx_post_addr(&A, 1, TXDATA_ADDR, len, 0, 0, 0, 0);
		drain();
		if (A.host.frames > sent) {
			if (t_first < 0)
				t_first = fake_now;
			sent = A.host.frames;
			if (sent > n)	/* PDU n + 1 went at this time */
				t_last = fake_now;
			continue;
		}
		if (!A.host.armed[COATM_TIMER_TX]) {
			check(false, __FILE__, __LINE__, "tx timer not armed");
			return 0;
		}
		/* The timer fires late. */
		fake_now = A.host.expire[COATM_TIMER_TX] + 50000 +
			   rng() % 150001;
		A.host.armed[COATM_TIMER_TX] = false;
		coatm_core_timer_fired(&A.core, COATM_TIMER_TX);
	}
	return (double)n * cells * 1e9 / (double)(t_last - t_first) / pcr;
}

/* CBR and the link keep their rate when the host's timers fire late. */
static void test_cbr_late_timers(void)
{
	static const uint32_t pcts[] = { 10, 50, 90, 100 };
	static const uint32_t lens[] = { 40, 1500, 9180 };
	size_t i, j;
	double r;

	for (i = 0; i < ARRAY_SIZE(pcts); i++) {
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			r = cbr_late_rate(pcts[i], lens[j]);
			printf("# %s at %u%% of the line, %u-byte PDUs, "
			       "timers 50-200 us late: %.2f%% of the rate\n",
			       pcts[i] < 100 ? "cbr" : "ubr", pcts[i],
			       lens[j], r * 100);
			check(r > 0.99 && r < 1.01, __FILE__, __LINE__,
			      "%u%% of the line, %u-byte PDUs: %.2f%%",
			      pcts[i], lens[j], r * 100);
		}
	}
}

/*
 * The tolerance bounds the catch-up: a timer late by up to COATM_CDVT_NS
 * lets out what is owed at once, one later than that starts afresh.
 */
static void test_gcra_tolerance(void)
{
	struct cmd c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	uint8_t data[40] = { 0 };
	unsigned int f0;
	int64_t due;
	int i;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	c.svc = COATM_SVC_CBR;
	c.pcr = 10000;		/* 100 us a cell */
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	for (i = 0; i < 30; i++)
		tx_post(&A, 1, data, 40, 0, 0, 0, 0);
	drain();
	/* A VC that never sent starts now: one PDU, not a burst */
	CHECK_EQ(A.host.frames, 1);
	due = A.host.expire[COATM_TIMER_TX];
	CHECK_EQ(due, fake_now + 100000);

	/* 500 us late: the PDU due and the five owed since go at once. */
	fake_now = due + 500000;
	A.host.armed[COATM_TIMER_TX] = false;
	coatm_core_timer_fired(&A.core, COATM_TIMER_TX);
	CHECK_EQ(A.host.frames, 1 + 6);
	/* ... and the schedule goes on from where it was */
	CHECK_EQ(A.host.expire[COATM_TIMER_TX], due + 600000);

	/* Later than the tolerance: one PDU, the schedule starts again. */
	due = A.host.expire[COATM_TIMER_TX];
	fake_now = due + COATM_CDVT_NS + 1;
	f0 = A.host.frames;
	A.host.armed[COATM_TIMER_TX] = false;
	coatm_core_timer_fired(&A.core, COATM_TIMER_TX);
	CHECK_EQ(A.host.frames, f0 + 1);
	CHECK_EQ(A.host.expire[COATM_TIMER_TX], fake_now + 100000);
}

/* UBR: the line rate, n cells at a time */
static void test_ubr_line_rate(void)
{
	static uint8_t data[1000];
	int64_t t0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	t0 = fake_now;
	tx_post(&A, 1, data, 1000, 0, 0, 0, 0);	/* 21 cells */
	tx_post(&A, 1, data, 1, 0, 0, 0, 0);
	tx_post(&A, 1, data, 1, 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(A.host.frames, 3);
	CHECK_EQ(A.host.frame_time[1],
		 t0 + 21 * 1000000000ll / COATM_LINE_RATE_OC3);
	CHECK_EQ(A.host.frame_time[2],
		 A.host.frame_time[1] + 1000000000ll / COATM_LINE_RATE_OC3);
}

/* ---- TX class rings ---- */

/* The CBR and VBR rings take descriptors as ring 0 does. */
static void test_tx_class_rings(void)
{
	uint32_t c[2], v[3], i;
	const uint8_t *sb;

	setup(&default_cfg);
	CHECK(rd(COATM_REG_CAPS) & COATM_CAP_TX_CLASS_RINGS);
	CHECK(COATM_VERSION_MINOR(rd(COATM_REG_VERSION)) >= 1);
	dev_start(&A, &std_rings, 0);
	sb = A.host.mem + SB_ADDR;
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_BASE_LO)),
		 RING_ADDR(COATM_RING_TX_CBR));
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_VBR, COATM_RING_SIZE)), 32);
	/* Any VC on any TX ring: a UBR one here */
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	for (i = 0; i < 2; i++)
		c[i] = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 100, 0,
				0, 0, 0);
	for (i = 0; i < 3; i++)
		v[i] = txq_post(&A, COATM_RING_TX_VBR, 1, TXDATA_ADDR, 100, 0,
				0, 0, 0);
	/* A doorbell only records TAIL and wakes the TX engine. */
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_TAIL)), 2);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_VBR, COATM_RING_TAIL)), 3);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD)), 0);
	CHECK(A.host.sched & (1u << COATM_ENGINE_TX));
	CHECK_EQ(A.host.frames, 0);
	run_tx(&A);
	for (i = 0; i < 2; i++)
		CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, c[i]),
			 COATM_TXS_DONE | COATM_TXS_OK);
	for (i = 0; i < 3; i++)
		CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, v[i]),
			 COATM_TXS_DONE | COATM_TXS_OK);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD)), 2);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_VBR, COATM_RING_HEAD)), 3);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 0);
	CHECK_EQ(ld32(sb + COATM_SB_TX_CBR_HEAD), 2);
	CHECK_EQ(ld32(sb + COATM_SB_TX_VBR_HEAD), 3);
	CHECK_EQ(ld32(sb + COATM_SB_TX_HEAD), 0);
	CHECK_EQ(A.host.frames, 5);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_PDUS), 5);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_CELLS), 5 * 3);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_TX_DONE);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/*
 * A CBR VC at 1 % of the line rate, backlogged on the CBR ring, beside a
 * UBR VC that keeps ring 0 full: neither holds the other back. The UBR
 * PDUs queued behind the CBR backlog go at once, at the line rate; the
 * CBR PDUs keep their GCRA schedule (late by at most the UBR PDU on the
 * wire) and the UBR VC takes the rest of the line.
 */
static void test_tx_class_isolation(void)
{
	/* PDUs of 10 (CBR) and 21 (UBR) cells */
	enum { NCBR = 8, CBR_LEN = 472, UBR_LEN = 1000 };
	const uint32_t line = COATM_LINE_RATE_OC3, pcr = line / 100;
	int64_t t0, due, batch_done = -1, done_at[NCBR];
	uint32_t idx[NCBR], batch, ubr_done = 0, i, step;
	uint64_t cells;
	double r;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open_cbr(&A, 1, 100, pcr), 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK_EQ(coatm_aal5_cells(CBR_LEN), 10);
	CHECK_EQ(coatm_aal5_cells(UBR_LEN), 21);
	t0 = fake_now;
	for (i = 0; i < NCBR; i++) {
		idx[i] = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR,
				  CBR_LEN, 0, 0, 0, 0);
		done_at[i] = -1;
	}
	/* Then a ring full of UBR PDUs, posted after the CBR backlog */
	for (batch = 0; batch < A.size[COATM_RING_TX]; batch++)
		tx_post_addr(&A, 2, TXDATA_ADDR, UBR_LEN, 0, 0, 0, 0);

	for (step = 0; step < 100000 && done_at[NCBR - 1] < 0; step++) {
		/* The driver keeps ring 0 full. */
		while (A.tx_tail - A.core.ring[COATM_RING_TX].head <
		       A.size[COATM_RING_TX])
			tx_post_addr(&A, 2, TXDATA_ADDR, UBR_LEN, 0, 0, 0, 0);
		drain();
		for (i = 0; i < NCBR; i++) {
			if (done_at[i] < 0 &&
			    txq_status(&A, COATM_RING_TX_CBR, idx[i]))
				done_at[i] = fake_now;
		}
		ubr_done = A.core.ring[COATM_RING_TX].head;
		if (batch_done < 0 && ubr_done >= batch)
			batch_done = fake_now;
		if (done_at[NCBR - 1] >= 0)
			break;
		if (!A.host.armed[COATM_TIMER_TX]) {
			check(false, __FILE__, __LINE__, "tx timer not armed");
			return;
		}
		run_until(&A, A.host.expire[COATM_TIMER_TX]);
	}

	/* The first UBR batch: right after the first CBR PDU, back to back */
	CHECK_EQ(batch_done, t0 + coatm_cells_ns(10, line) +
		 (batch - 1) * coatm_cells_ns(21, line));
	CHECK(batch_done < done_at[1]);
	/* CBR PDU k: due k PDU times after the first, late by < 1 UBR PDU */
	for (i = 0; i < NCBR; i++) {
		due = t0 + i * coatm_cells_ns(10, pcr);
		check(done_at[i] >= due &&
		      done_at[i] - due <= coatm_cells_ns(21, line),
		      __FILE__, __LINE__, "cbr pdu %u at %lld ns, due %lld",
		      i, (long long)(done_at[i] - t0), (long long)(due - t0));
	}
	r = (NCBR - 1) * 10 * 1e9 / (double)(done_at[NCBR - 1] - done_at[0]) /
	    pcr;
	/* UBR took the rest: the link never idled until the last CBR PDU. */
	cells = cnt(&A, COATM_CNT_TX_CELLS);
	CHECK_EQ(cells, NCBR * 10 + (uint64_t)ubr_done * 21);
	CHECK(cells >= (uint64_t)(done_at[NCBR - 1] - t0) * line /
		       1000000000);
	printf("# cbr at 1%% of the line beside saturating ubr: %.2f%% of "
	       "its pcr; ubr %.2f%% of the line\n", r * 100,
	       ubr_done * 21 * 1e9 / line /
	       (double)(done_at[NCBR - 1] - t0) * 100);
	check(r > 0.99 && r < 1.01, __FILE__, __LINE__, "cbr at %.2f%%",
	      r * 100);

	/* Nothing left behind: the UBR ring drains too. */
	run_tx(&A);
	CHECK_EQ(A.core.ring[COATM_RING_TX].head, A.tx_tail);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_ERR), 0);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/*
 * Heads eligible together go by the class of their ring: CBR, then VBR,
 * then UBR. The ring decides, not the VC's service, and a VC's own
 * shaping applies whatever ring it is queued on.
 */
static void test_tx_class_priority(void)
{
	const int64_t cell = coatm_cells_ns(1, COATM_LINE_RATE_OC3);
	struct cmd c = open_cmd(2, 0, 101, COATM_AAL5, COATM_DIR_TX);
	uint32_t ic, iv, iu, i0, i1;
	int64_t t0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open_cbr(&A, 1, 100, 10000), 0);	/* 100 us a cell */
	c.svc = COATM_SVC_VBR;
	c.pcr = 10000;
	c.scr = 1000;
	c.mbs = 10;
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	CHECK_EQ(vc_open(&A, 3, 0, 102, COATM_AAL5, COATM_DIR_TX), 0);
	drain();

	/* Lowest class posted first; the engine runs once all are there. */
	t0 = fake_now;
	iu = txq_post(&A, COATM_RING_TX, 3, TXDATA_ADDR, 40, 0, 0, 0, 0);
	iv = txq_post(&A, COATM_RING_TX_VBR, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	ic = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	drain();
	CHECK_EQ(A.host.frames, 1);
	CHECK_EQ(A.host.frame_vci[0], 100);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, ic), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, iv), 0);
	CHECK_EQ(tx_status(&A, iu), 0);
	/* The link paces the others: VBR next, then UBR */
	run_tx(&A);
	CHECK_EQ(A.host.frames, 3);
	CHECK_EQ(A.host.frame_vci[1], 101);
	CHECK_EQ(A.host.frame_vci[2], 102);
	CHECK_EQ(A.host.frame_time[1], t0 + cell);
	CHECK_EQ(A.host.frame_time[2], t0 + 2 * cell);

	/*
	 * The UBR VC on the CBR ring goes before the CBR VC on ring 0,
	 * whose descriptors there still go at its PCR.
	 */
	fake_now += 1000000000;
	t0 = fake_now;
	i0 = tx_post_addr(&A, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	i1 = tx_post_addr(&A, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	ic = txq_post(&A, COATM_RING_TX_CBR, 3, TXDATA_ADDR, 40, 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, ic), COATM_TXS_DONE);
	CHECK_EQ(tx_status(&A, i0), COATM_TXS_DONE);
	CHECK_EQ(tx_status(&A, i1), COATM_TXS_DONE);
	CHECK_EQ(A.host.frames, 6);
	CHECK_EQ(A.host.frame_vci[3], 102);
	CHECK_EQ(A.host.frame_time[3], t0);
	CHECK_EQ(A.host.frame_vci[4], 100);
	CHECK_EQ(A.host.frame_time[4], t0 + cell);
	CHECK_EQ(A.host.frame_vci[5], 100);
	CHECK_EQ(A.host.frame_time[5], t0 + cell + 100000);

	/*
	 * A MODIFY to UBR while a descriptor of the VC waits on the CBR
	 * ring: it stays there and goes at once, at the VC's new service.
	 */
	CHECK_EQ(vc_close(&A, 1), 0);
	CHECK_EQ(vc_open_cbr(&A, 1, 100, 10), 0);	/* 100 ms a cell */
	fake_now += 1000000000;
	i0 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	i1 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	run_until(&A, fake_now + 1000000);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i0), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i1), 0);
	c = open_cmd(1, 0, 100, COATM_AAL5, COATM_DIR_TX);
	c.opcode = COATM_CMD_MODIFY;
	CHECK_EQ(cmd_do(&A, &c, NULL), 0);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i1), COATM_TXS_DONE);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_ERR), 0);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/*
 * The head-of-line case that remains: two VCs of one class on one ring
 * complete in ring order, so a slow CBR VC's descriptor holds a fast
 * one's behind it. It holds nothing on the other rings.
 */
static void test_tx_class_same_ring_hol(void)
{
	const int64_t cell = coatm_cells_ns(1, COATM_LINE_RATE_OC3);
	uint32_t i0, i1, i2, iu;
	int64_t t0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open_cbr(&A, 1, 100, 100), 0);	/* 10 ms a cell */
	CHECK_EQ(vc_open_cbr(&A, 2, 101, 10000), 0);
	CHECK_EQ(vc_open(&A, 3, 0, 102, COATM_AAL5, COATM_DIR_TX), 0);
	t0 = fake_now;
	i0 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	i1 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	i2 = txq_post(&A, COATM_RING_TX_CBR, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	iu = tx_post_addr(&A, 3, TXDATA_ADDR, 40, 0, 0, 0, 0);
	run_until(&A, t0 + cell);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i0), COATM_TXS_DONE);
	CHECK_EQ(tx_status(&A, iu), COATM_TXS_DONE);
	/* VC 2 is eligible, but waits behind VC 1 on its ring. */
	run_until(&A, t0 + 10000000 - 1);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i1), 0);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i2), 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD)), 1);
	run_tx(&A);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i1), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, i2), COATM_TXS_DONE);
	CHECK_EQ(A.host.frames, 4);
	CHECK_EQ(A.host.frame_vci[2], 100);
	CHECK_EQ(A.host.frame_time[2], t0 + 10000000);
	CHECK_EQ(A.host.frame_vci[3], 101);
	CHECK_EQ(A.host.frame_time[3], t0 + 10000000 + cell);
}

/*
 * CLOSE waits until every TX ring has passed the closed VC's descriptors
 * queued on it when the close ran, on the class rings too: behind another
 * VC's shaping on the same ring, but not for rings that hold none of its
 * descriptors, nor for what was queued after it.
 */
static void test_tx_class_close_fence(void)
{
	const int64_t cell = coatm_cells_ns(1, COATM_LINE_RATE_OC3);
	uint32_t a0, a1, a2, b0, b1, c0;
	struct evt ev;
	int64_t t0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open_cbr(&A, 1, 100, 4), 0);	/* 250 ms a cell */
	CHECK_EQ(vc_open_cbr(&A, 2, 101, 5), 0);	/* 200 ms a cell */
	CHECK_EQ(vc_open(&A, 3, 0, 102, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK_EQ(vc_open(&A, 4, 0, 103, COATM_AAL5, COATM_DIR_TX), 0);
	t0 = fake_now;
	/* VC 1 on the CBR ring, VC 2 (CBR too) on the VBR ring */
	a0 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	a1 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	b0 = txq_post(&A, COATM_RING_TX_VBR, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	b1 = txq_post(&A, COATM_RING_TX_VBR, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	run_until(&A, t0 + cell);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, a0), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, b0), COATM_TXS_DONE);

	/* Closing VC 4, which has nothing queued, waits for no one. */
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 4 }, 8);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 8);
	CHECK_EQ(ev.status, COATM_CMDS_OK);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, a1), 0);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, b1), 0);

	/* VC 3's descriptor behind VC 1's shaping: its close waits for a1. */
	c0 = txq_post(&A, COATM_RING_TX_CBR, 3, TXDATA_ADDR, 40, 0, 0, 0, 0);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 3 }, 9);
	CHECK(!evt_get(&A, &ev));
	a2 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	/* The VBR ring moves on; it holds nothing of VC 3's. */
	run_until(&A, t0 + cell + 200000000);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, b1), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, a1), 0);
	CHECK(!evt_get(&A, &ev));
	run_until(&A, t0 + 250000000 - 1);
	CHECK(!evt_get(&A, &ev));
	run_until(&A, t0 + 250000000);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, a1), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, c0),
		 COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 9);
	CHECK_EQ(ev.vc, 3);
	CHECK_EQ(ev.status, COATM_CMDS_OK);
	/* Queued after the close: not waited for */
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, a2), 0);
	run_tx(&A);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, a2), COATM_TXS_DONE);

	/* Closing a VC waiting on a class ring: BAD_VC at once */
	fake_now += 1000000000;
	b0 = txq_post(&A, COATM_RING_TX_VBR, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	b1 = txq_post(&A, COATM_RING_TX_VBR, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	drain();
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, b0), COATM_TXS_DONE);
	CHECK_EQ(vc_close(&A, 2), COATM_CMDS_OK);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, b1),
		 COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK_EQ(A.host.sb_mismatch, 0);

	/*
	 * A ring left with TAIL != HEAD and then SIZE 0 is not set up: it
	 * is never served, and a close does not wait for it.
	 */
	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	wr(COATM_REG_CTRL, 0);
	wr(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_TAIL), 1);
	wr(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_SIZE), 0);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK_EQ(rd(COATM_REG_CTRL), COATM_CTRL_ENABLE);
	CHECK_EQ(vc_open(&A, 3, 0, 102, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK_EQ(vc_close(&A, 3), COATM_CMDS_OK);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD)), 0);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	CHECK_EQ(A.host.frames, 0);
}

/*
 * A bad descriptor at the head of a class ring completes at once with
 * its error, whatever waits on the other rings; a ring whose descriptor
 * cannot be read holds up no other ring.
 */
static void test_tx_class_errors(void)
{
	uint32_t v0, v1, e0, e1, e2, iu;
	int64_t t0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open_cbr(&A, 1, 100, 10), 0);	/* 100 ms a cell */
	t0 = fake_now;
	v0 = txq_post(&A, COATM_RING_TX_VBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	v1 = txq_post(&A, COATM_RING_TX_VBR, 1, TXDATA_ADDR, 40, 0, 0, 0, 0);
	drain();
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, v0), COATM_TXS_DONE);
	e0 = txq_post(&A, COATM_RING_TX_CBR, 9, TXDATA_ADDR, 40, 0, 0, 0, 0);
	e1 = txq_post(&A, COATM_RING_TX_CBR, 4096, TXDATA_ADDR, 40, 0, 0, 0,
		      0);
	e2 = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 0, 0, 0, 0, 0);
	drain();
	CHECK_EQ(fake_now, t0);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, e0),
		 COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, e1),
		 COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, e2),
		 COATM_TXS_DONE | COATM_TXS_BAD_LEN);
	CHECK_EQ(ld32(A.host.mem + SB_ADDR + COATM_SB_TX_CBR_HEAD), 3);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_ERR), 3);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, v1), 0);
	CHECK(A.host.armed[COATM_TIMER_TX]);
	CHECK_EQ(A.host.expire[COATM_TIMER_TX], t0 + 100000000);
	CHECK_EQ(A.host.frames, 1);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);

	/* The CBR ring outside memory: ERROR.DMA, ring 0 still goes. */
	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL5, COATM_DIR_TX), 0);
	wr(COATM_REG_CTRL, 0);
	wr(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_BASE_HI), 0x10);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	wr(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_TAIL), 1);
	iu = tx_post_addr(&A, 2, TXDATA_ADDR, 40, 0, 0, 0, 0);
	drain();
	CHECK(rd(COATM_REG_ERROR) & COATM_ERROR_DMA);
	CHECK_EQ(tx_status(&A, iu), COATM_TXS_DONE | COATM_TXS_OK);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_CBR, COATM_RING_HEAD)), 0);
}

static void test_moderation(void)
{
	uint8_t f[53];
	int i;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 2, 0, 101, COATM_AAL0, COATM_DIR_RX), 0);
	rx_fill(&A);
	make_cell(f, 0, 101, 0, 0, 1);

	/* Count 4, no timer: RX_DONE after the 4th and the 8th */
	wr(COATM_REG_INT_MOD_RX, COATM_INT_MOD(4, 0));
	CHECK_EQ(rd(COATM_REG_INT_MOD_RX), 0x4);
	for (i = 1; i <= 10; i++) {
		coatm_core_link_rx(&A.core, f, 53);
		CHECK_EQ(!!(rd(COATM_REG_INT_CAUSE) & COATM_INT_RX_DONE),
			 i % 4 == 0);
		wr(COATM_REG_INT_CAUSE, COATM_INT_RX_DONE);
	}
	CHECK_EQ(A.host.vec_count[COATM_VEC_RX], 2);
	CHECK(!A.host.armed[COATM_TIMER_MOD_RX]);
	/* Lowering the count below what is pending raises at once. */
	wr(COATM_REG_INT_MOD_RX, COATM_INT_MOD(2, 0));
	CHECK_EQ(A.host.vec_count[COATM_VEC_RX], 3);
	wr(COATM_REG_INT_CAUSE, COATM_INT_RX_DONE);

	/* Count 100, 50 us: the time limit from the first pending one */
	wr(COATM_REG_INT_MOD_RX, COATM_INT_MOD(100, 50));
	coatm_core_link_rx(&A.core, f, 53);
	CHECK(A.host.armed[COATM_TIMER_MOD_RX]);
	run_until(&A, fake_now + 20000);
	coatm_core_link_rx(&A.core, f, 53);
	run_until(&A, fake_now + 29999);
	CHECK_EQ(A.host.vec_count[COATM_VEC_RX], 3);
	run_until(&A, fake_now + 1);
	CHECK_EQ(A.host.vec_count[COATM_VEC_RX], 4);
	CHECK_EQ(A.core.mod_rx.pending, 0);
	rx_fill(&A);
	rxc_take(&A, NULL, 0);

	/* TX: count 3, 1 ms */
	wr(COATM_REG_INT_MOD_TX, COATM_INT_MOD(3, 1000));
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	for (i = 0; i < 4; i++)
		tx_post(&A, 1, f, 10, 0, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(A.host.vec_count[COATM_VEC_TX], 1);	/* after 3 */
	CHECK_EQ(A.core.mod_tx.pending, 1);
	wr(COATM_REG_INT_CAUSE, COATM_INT_TX_DONE);
	run_until(&A, fake_now + 1000000);
	CHECK_EQ(A.host.vec_count[COATM_VEC_TX], 2);
	CHECK_EQ(A.core.mod_tx.pending, 0);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

static void test_counters_latch(void)
{
	setup(&default_cfg);
	A.core.counter[COATM_CNT_RX_CELLS] = 0x100000002ull;
	CHECK_EQ(rd(COATM_REG_COUNTER_LO(COATM_CNT_RX_CELLS)), 2);
	/* HI is the word latched by the LO read, not the live one */
	A.core.counter[COATM_CNT_RX_CELLS] = 0x5ffffffffull;
	CHECK_EQ(rd(COATM_REG_COUNTER_HI(COATM_CNT_RX_CELLS)), 1);
	CHECK_EQ(rd(COATM_REG_COUNTER_HI(COATM_CNT_RX_CELLS)), 1);
	CHECK_EQ(rd(COATM_REG_COUNTER_LO(COATM_CNT_RX_CELLS)), 0xffffffff);
	CHECK_EQ(rd(COATM_REG_COUNTER_HI(COATM_CNT_RX_CELLS)), 5);
	/* Each counter latches its own word. */
	A.core.counter[COATM_CNT_TX_CELLS] = 0x700000000ull;
	CHECK_EQ(rd(COATM_REG_COUNTER_LO(COATM_CNT_TX_CELLS)), 0);
	CHECK_EQ(rd(COATM_REG_COUNTER_HI(COATM_CNT_RX_CELLS)), 5);
	CHECK_EQ(rd(COATM_REG_COUNTER_HI(COATM_CNT_TX_CELLS)), 7);
	CHECK_EQ(coatm_core_mmio_write(&A.core,
				       COATM_REG_COUNTER_LO(COATM_CNT_TX_CELLS),
				       0), COATM_MMIO_READ_ONLY);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_CELLS), 0x700000000ull);
}

static void test_cmd_delay(void)
{
	struct evt ev;
	int64_t t0;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	coatm_core_set_cmd_delay_us(&A.core, 100);
	t0 = fake_now;
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 1 }, 1);
	CHECK(!evt_get(&A, &ev));
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_CMD, COATM_RING_HEAD)), 0);
	CHECK(A.host.armed[COATM_TIMER_CMD]);
	run_until(&A, t0 + 99999);
	CHECK(!evt_get(&A, &ev));
	run_until(&A, t0 + 100000);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 1);
	/* Each command counts from its own doorbell. */
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 1 }, 2);
	run_until(&A, t0 + 150000);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 1 }, 3);
	run_until(&A, t0 + 199999);
	CHECK(!evt_get(&A, &ev));
	run_until(&A, t0 + 200000);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 2);
	CHECK(!evt_get(&A, &ev));
	run_until(&A, t0 + 250000);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 3);
	/* Back to 0: at once again */
	coatm_core_set_cmd_delay_us(&A.core, 0);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 1 }, 4);
	CHECK(evt_get(&A, &ev));
	/* Lowering the delay releases commands already waiting. */
	coatm_core_set_cmd_delay_us(&A.core, 1000);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 1 }, 5);
	run_until(&A, fake_now + 10);
	CHECK(!evt_get(&A, &ev));
	coatm_core_set_cmd_delay_us(&A.core, 0);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 5);
	CHECK(!A.host.armed[COATM_TIMER_CMD]);
}

static void test_cmd_stall(void)
{
	struct evt ev;
	int i;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	coatm_core_set_cmd_stall(&A.core, true);
	for (i = 0; i < 3; i++)
		cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE }, i);
	run_until(&A, fake_now + 1000000000);
	CHECK(!evt_get(&A, &ev));
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_CMD, COATM_RING_HEAD)), 0);
	coatm_core_set_cmd_stall(&A.core, false);
	for (i = 0; i < 3; i++) {
		CHECK(evt_get(&A, &ev));
		CHECK_EQ(ev.tag, i);
	}
}

/*
 * A doorbell only records the index: the engines run when the host runs
 * them, and registers read in between show the state before.
 */
static void test_doorbell_defers(void)
{
	static struct coatm_core_ops inline_ops;
	uint8_t data[10] = { 0 };
	unsigned int w0, s0;
	struct evt ev;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	drain();
	w0 = A.host.writes;
	s0 = A.host.sched_calls;

	/* Two TX doorbells: one request to the host, nothing done yet */
	tx_post_addr(&A, 1, TXDATA_ADDR, 10, 0, 0, 0, 0);
	tx_post_addr(&A, 1, TXDATA_ADDR, 10, 0, 0, 0, 0);
	CHECK_EQ(A.host.sched_calls, s0 + 1);
	CHECK_EQ(A.host.sched, 1u << COATM_ENGINE_TX);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_TAIL)), 2);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 0);
	CHECK_EQ(A.host.frames, 0);
	CHECK_EQ(A.host.writes, w0);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE) & COATM_INT_TX_DONE, 0);
	/* Running an engine nobody asked for does nothing. */
	coatm_core_run_engine(&A.core, COATM_ENGINE_CMD);
	coatm_core_run_engine(&A.core, COATM_NUM_ENGINES);
	coatm_core_run_engine(&A.core, -1);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 0);
	run_tx(&A);	/* the engines, then the line-rate timer */
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 2);
	CHECK_EQ(A.host.frames, 2);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_TX_DONE);
	CHECK_EQ(ld32(A.host.mem + SB_ADDR + COATM_SB_TX_HEAD), 2);

	/* A command waits the same way; the next doorbell asks again. */
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE, .vc = 9 }, 7);
	CHECK_EQ(A.host.sched_calls, s0 + 2);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_CMD, COATM_RING_TAIL)), 2);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_CMD, COATM_RING_HEAD)), 1);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_EVT, COATM_RING_TAIL)), 1);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.tag, 7);
	CHECK_EQ(ev.status, COATM_CMDS_NOT_OPEN);

	/* A reset between the doorbell and the engine: nothing runs. */
	tx_post_addr(&A, 1, TXDATA_ADDR, 10, 0, 0, 0, 0);
	wr(COATM_REG_CTRL, COATM_CTRL_RESET);
	w0 = A.host.writes;
	coatm_core_run_engine(&A.core, COATM_ENGINE_TX);
	A.host.sched = 0;
	CHECK_EQ(A.host.frames, 2);
	CHECK_EQ(A.host.writes, w0);
	/* ... and after it, a doorbell asks the host again. */
	s0 = A.host.sched_calls;
	dev_restart(&A);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK(A.host.sched_calls > s0);
	s0 = A.host.sched_calls;
	tx_post_addr(&A, 1, TXDATA_ADDR, 10, 0, 0, 0, 0);
	CHECK_EQ(A.host.sched_calls, s0 + 1);
	/* Falling off the bus with work pending: nothing runs either. */
	coatm_core_set_dead(&A.core, true);
	coatm_core_run_engine(&A.core, COATM_ENGINE_TX);
	A.host.sched = 0;
	CHECK_EQ(A.host.frames, 2);
	coatm_core_set_dead(&A.core, false);

	/* A host without schedule() runs the engines in the doorbell. */
	inline_ops = fake_ops;
	inline_ops.schedule = NULL;
	setup(&default_cfg);
	A.core.ops = &inline_ops;
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 1);
	CHECK_EQ(A.host.frames, 1);
	CHECK_EQ(A.host.sched_calls, 0);
	CHECK_EQ(A.host.sb_mismatch, 0);
}

static void test_tx_stall(void)
{
	uint8_t data[10] = { 0 };
	uint32_t idx, ic, iv;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	coatm_core_set_tx_stall(&A.core, true);
	idx = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	/* A stalled engine serves no ring, bad descriptors included. */
	ic = txq_post(&A, COATM_RING_TX_CBR, 1, TXDATA_ADDR, 10, 0, 0, 0, 0);
	iv = txq_post(&A, COATM_RING_TX_VBR, 9, TXDATA_ADDR, 10, 0, 0, 0, 0);
	run_until(&A, fake_now + 1000000000);
	CHECK_EQ(tx_status(&A, idx), 0);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, ic), 0);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, iv), 0);
	CHECK_EQ(A.host.frames, 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX, COATM_RING_HEAD)), 0);
	CHECK_EQ(rd(COATM_RING_REG(COATM_RING_TX_VBR, COATM_RING_HEAD)), 0);
	coatm_core_set_tx_stall(&A.core, false);
	run_tx(&A);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_CBR, ic), COATM_TXS_DONE);
	CHECK_EQ(txq_status(&A, COATM_RING_TX_VBR, iv),
		 COATM_TXS_DONE | COATM_TXS_BAD_VC);
	CHECK_EQ(A.host.frames, 2);
}

static void test_oam_crc10(void)
{
	uint8_t cell[48];

	/* CRC-10/ATM (I.610) check value */
	CHECK_EQ(coatm_crc10_bits((const uint8_t *)"123456789", 72), 0x199);
	fill_pattern(cell, 48, 3);
	coatm_oam_crc10_set(cell);
	CHECK(coatm_oam_crc10_ok(cell));
	/* A valid cell leaves no remainder over all its 384 bits. */
	CHECK_EQ(coatm_crc10_bits(cell, 384), 0);
	cell[10] ^= 0x20;
	CHECK(!coatm_oam_crc10_ok(cell));
}

/* An F5 loopback cell and its answer, as they come back in RX. */
static void oam_check(struct dev *d, const struct rxc *c, uint16_t vc,
		      uint8_t li)
{
	const uint8_t *p = d->host.mem + buf_addr(d, c->buf_id);

	CHECK_EQ(c->vc, vc);
	CHECK_EQ(c->len, 48);
	CHECK_EQ(c->flags, COATM_RXC_OAM | COATM_RXC_EOP);
	CHECK_EQ(c->cell_hdr, COATM_PTI_OAM_E2E << 1);
	CHECK_EQ(p[0], COATM_OAM_LOOPBACK);
	CHECK_EQ(p[1], li);
	CHECK_EQ(p[2], 0xca);
	CHECK_EQ(p[5], 0xfe);
	CHECK(coatm_oam_crc10_ok(p));
}

static void test_oam_loopback(void)
{
	uint8_t lb[48];
	struct rxc c[4];
	uint32_t idx;

	fake_now = 1000000;
	dev_setup(&A, &default_cfg);
	dev_setup(&B, &default_cfg);
	A.host.peer = &B;
	B.host.peer = &A;
	dev_start(&A, &std_rings, 0);
	dev_start(&B, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 40, COATM_AAL5,
			 COATM_DIR_TX | COATM_DIR_RX), 0);
	CHECK_EQ(vc_open(&B, 2, 0, 40, COATM_AAL5, COATM_DIR_RX), 0);
	rx_fill(&A);
	rx_fill(&B);
	memset(lb, 0x6a, sizeof(lb));
	lb[0] = COATM_OAM_LOOPBACK;
	lb[1] = COATM_OAM_LB_INDICATION;
	lb[2] = 0xca;		/* correlation tag */
	lb[5] = 0xfe;
	lb[46] = lb[47] = 0;	/* the device writes the CRC-10 */
	idx = tx_post(&A, 1, lb, 48, COATM_TXF_OAM, 0, 0,
		      COATM_PTI_OAM_E2E << 1);
	run_tx(&A);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE);
	/* B, the VC's end point, delivers the request and answers it. */
	CHECK_EQ(rxc_take(&B, c, 4), 1);
	oam_check(&B, &c[0], 2, 1);
	CHECK_EQ(rxc_take(&A, c, 4), 1);
	oam_check(&A, &c[0], 1, 0);
	CHECK_EQ(cnt(&A, COATM_CNT_TX_OAM), 1);
	CHECK_EQ(cnt(&B, COATM_CNT_RX_OAM), 1);
	CHECK_EQ(cnt(&B, COATM_CNT_TX_OAM), 1);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_OAM), 1);
	/* The answer (indication 0) is not answered again. */
	CHECK_EQ(cnt(&A, COATM_CNT_TX_OAM), 1);
	/* An OAM descriptor needs PTI 4 or 5 and 48 bytes. */
	idx = tx_post(&A, 1, lb, 48, COATM_TXF_OAM, 0, 0, 0);
	run_tx(&A);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE | COATM_TXS_BAD_LEN);
	idx = tx_post(&A, 1, lb, 40, COATM_TXF_OAM, 0, 0,
		      COATM_PTI_OAM_E2E << 1);
	run_tx(&A);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE | COATM_TXS_BAD_LEN);
}

static void test_reset_unwedges(void)
{
	uint8_t data[10] = { 0 };
	uint32_t idx;

	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	coatm_core_set_tx_stall(&A.core, true);
	coatm_core_set_cmd_stall(&A.core, true);
	idx = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	run_until(&A, fake_now + 1000000000);
	CHECK_EQ(tx_status(&A, idx), 0);
	/* A device reset cures the wedge; the descriptor is forgotten. */
	wr(COATM_REG_CTRL, COATM_CTRL_RESET);
	CHECK(!A.core.tx_stall);
	CHECK(!A.core.cmd_stall);
	CHECK_EQ(A.host.frames, 0);
	dev_restart(&A);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	idx = tx_post(&A, 1, data, 10, 0, 0, 0, 0);
	CHECK_EQ(tx_status(&A, idx), COATM_TXS_DONE);
	CHECK_EQ(A.host.frames, 1);
}

static void test_dead(void)
{
	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	coatm_core_set_dead(&A.core, true);
	CHECK_EQ(rd(COATM_REG_ID), 0xffffffff);
	CHECK_EQ(rd(COATM_REG_STATUS), 0xffffffff);
	wr(COATM_REG_SCRATCH, 0x1234);
	CHECK(!A.host.level);
	coatm_core_inject_error(&A.core, COATM_ERROR_DMA);
	CHECK(!A.host.level);
	/* Back on the bus: power-on state, the VC forgotten. */
	coatm_core_set_dead(&A.core, false);
	CHECK_EQ(rd(COATM_REG_ID), COATM_ID_VALUE);
	CHECK_EQ(rd(COATM_REG_SCRATCH), 0);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_ENABLED, 0);
	dev_restart(&A);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
}

static void test_inject_error(void)
{
	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	coatm_core_inject_error(&A.core, COATM_ERROR_DMA | COATM_ERROR_CMD);
	CHECK_EQ(rd(COATM_REG_ERROR), COATM_ERROR_DMA | COATM_ERROR_CMD);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_ERROR);
	CHECK(A.host.level);
}

static void test_refuse_open(void)
{
	setup(&default_cfg);
	dev_start(&A, &std_rings, 0);
	coatm_core_set_refuse_open(&A.core, 2);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX),
		 COATM_CMDS_NO_RESOURCES);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX),
		 COATM_CMDS_NO_RESOURCES);
	CHECK_EQ(vc_open(&A, 1, 0, 100, COATM_AAL5, COATM_DIR_TX), 0);
	CHECK_EQ(A.core.refuse_open, 0);
}

/*
 * refuse-rings: the next N enables with good rings fail as bad ones do;
 * an enable with bad rings does not use one up; the knob outlives a
 * device reset (the driver resets before it enables).
 */
static void test_refuse_rings(void)
{
	setup(&default_cfg);
	coatm_core_set_refuse_rings(&A.core, 2);
	wr(COATM_REG_CTRL, COATM_CTRL_RESET);
	CHECK_EQ(A.core.refuse_rings, 2);
	wr(COATM_REG_INT_MASK, 0);
	/* Bad rings (RXF without RXC): refused, no refusal used. */
	ring_program(&A, COATM_RING_RXF, 256);
	expect_enable_fails("bad rings with refuse-rings");
	CHECK_EQ(A.core.refuse_rings, 2);
	CHECK(!A.host.level);
	ring_program(&A, COATM_RING_TX, 32);
	ring_program(&A, COATM_RING_RXC, 256);
	ring_program(&A, COATM_RING_CMD, 16);
	ring_program(&A, COATM_RING_EVT, 16);
	wr(COATM_REG_INT_MASK, COATM_INT_ALL);
	expect_enable_fails("refuse-rings 2");
	CHECK_EQ(A.core.refuse_rings, 1);
	/* Unmasked, the refusal interrupts. */
	wr(COATM_REG_INT_MASK, 0);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK(!(rd(COATM_REG_STATUS) & COATM_STATUS_ENABLED));
	CHECK_EQ(rd(COATM_REG_ERROR), COATM_ERROR_RING_CONFIG);
	CHECK(A.host.level);
	CHECK_EQ(A.core.refuse_rings, 0);
	wr(COATM_REG_ERROR, COATM_ERROR_RING_CONFIG);
	wr(COATM_REG_INT_CAUSE, COATM_INT_ERROR);
	/* Used up: the same rings enable. */
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	CHECK(rd(COATM_REG_STATUS) & COATM_STATUS_ENABLED);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
}

static void test_hostile_rxc(void)
{
	struct coatm_core_config cfg = default_cfg;
	struct rxc c[8];
	uint8_t f[53];
	int i;

	cfg.max_vcs = 16;
	setup(&cfg);
	dev_start(&A, &std_rings, 0);
	CHECK_EQ(vc_open(&A, 0, 0, 100, COATM_AAL0, COATM_DIR_RX), 0);
	rx_fill(&A);
	make_cell(f, 0, 100, 0, 0, 1);
	coatm_core_set_hostile_rxc(&A.core, 4);
	for (i = 0; i < 5; i++)
		coatm_core_link_rx(&A.core, f, 53);
	CHECK_EQ(rxc_take(&A, c, 8), 5);
	CHECK_EQ(c[0].buf_id, UINT32_MAX);
	CHECK(c[1].len > A.buf_size);
	CHECK(c[2].vc >= 16);
	CHECK(c[3].vc < 16 && c[3].vc != 0);
	CHECK(!A.core.vcs.vc[c[3].vc].open);
	/* The fifth is honest again. */
	CHECK(c[4].buf_id < A.nslots);
	CHECK_EQ(c[4].len, 48);
	CHECK_EQ(c[4].vc, 0);
	CHECK_EQ(A.core.hostile_rxc, 0);
}

static void test_link_events(void)
{
	struct ring_cfg rc = std_rings;
	struct evt ev;

	rc.evt = 2;
	setup(&default_cfg);
	/* Not enabled: no event, INT_LINK as always */
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(rd(COATM_REG_INT_CAUSE), COATM_INT_LINK);
	dev_start(&A, &rc, 0);
	coatm_core_set_link(&A.core, true);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.type, COATM_EVT_LINK);
	CHECK_EQ(ev.status, 1);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_EVENT);
	coatm_core_set_link(&A.core, false);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.type, COATM_EVT_LINK);
	CHECK_EQ(ev.status, 0);
	CHECK_EQ(rd(COATM_REG_STATUS) & COATM_STATUS_LINK_UP, 0);
	/* A full ring loses the event and says so. */
	coatm_core_set_link(&A.core, true);
	coatm_core_set_link(&A.core, false);
	CHECK_EQ(rd(COATM_REG_ERROR), 0);
	coatm_core_set_link(&A.core, true);
	CHECK_EQ(rd(COATM_REG_ERROR), COATM_ERROR_EVT_OVERFLOW);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.status, 1);
	CHECK(evt_get(&A, &ev));
	CHECK_EQ(ev.status, 0);
	CHECK(!evt_get(&A, &ev));
	CHECK_EQ(A.host.sb_mismatch, 0);
}

/* Thousands of VCs: lookup by VPI/VCI finds each one. */
static void test_many_vcs(void)
{
	struct coatm_core_config cfg = default_cfg;
	struct ring_cfg rc = std_rings;
	uint8_t f[53];
	struct rxc c[4];
	uint32_t h, n = 5000;

	cfg.max_vcs = 65535;
	rc.cmd = 256;
	rc.evt = 256;
	setup(&cfg);
	dev_start(&A, &rc, 0);
	for (h = 0; h < n; h++) {
		struct cmd cmd = open_cmd(h, h % 256, 32 + h, COATM_AAL0,
					  COATM_DIR_RX);

		if (cmd_do(&A, &cmd, NULL) != COATM_CMDS_OK) {
			check(false, __FILE__, __LINE__, "open %u", h);
			break;
		}
	}
	rx_fill(&A);
	for (h = 0; h < n; h += 37) {
		make_cell(f, h % 256, 32 + h, 0, 0, (uint8_t)h);
		coatm_core_link_rx(&A.core, f, 53);
		if (rxc_take(&A, c, 4) != 1 || c[0].vc != h) {
			check(false, __FILE__, __LINE__, "cell for %u", h);
			break;
		}
		rx_fill(&A);
	}
	/* Close every other one: their cells find no VC. */
	for (h = 0; h < n; h += 2)
		CHECK_EQ(vc_close(&A, h), COATM_CMDS_OK);
	for (h = 0; h < 100; h++) {
		make_cell(f, h % 256, 32 + h, 0, 0, 0);
		coatm_core_link_rx(&A.core, f, 53);
	}
	CHECK_EQ(rxc_take(&A, c, 0), 50);
	CHECK_EQ(cnt(&A, COATM_CNT_RX_INVALID_VC), 50);
	/* 65535 handles: the last one works */
	{
		struct cmd cmd = open_cmd(65534, 255, 65535, COATM_AAL0,
					  COATM_DIR_RX);

		CHECK_EQ(cmd_do(&A, &cmd, NULL), COATM_CMDS_OK);
		make_cell(f, 255, 65535, 0, 0, 0);
		rx_fill(&A);
		coatm_core_link_rx(&A.core, f, 53);
		CHECK_EQ(rxc_take(&A, c, 4), 1);
		CHECK_EQ(c[0].vc, 65534);
	}
}

static void test_dma_errors(void)
{
	struct ring_cfg rc = std_rings;
	struct evt ev;

	setup(&default_cfg);
	/* An event ring outside memory: ERROR.DMA */
	dev_start(&A, &rc, 0);
	wr(COATM_REG_CTRL, 0);
	wr(COATM_RING_REG(COATM_RING_EVT, COATM_RING_BASE_HI), 0x10);
	wr(COATM_REG_CTRL, COATM_CTRL_ENABLE);
	cmd_post(&A, &(struct cmd){ .opcode = COATM_CMD_CLOSE }, 1);
	drain();
	CHECK(rd(COATM_REG_ERROR) & COATM_ERROR_DMA);
	CHECK(rd(COATM_REG_INT_CAUSE) & COATM_INT_ERROR);
	(void)ev;
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
	{ "rx frames dropped and counted while disabled",
	  test_rx_counted_and_dropped },
	{ "crc-32/bzip2 check value", test_crc32_check_value },
	{ "aal5 crc-32 vectors", test_aal5_crc_vectors },
	{ "hec and cell headers (uni, nni)", test_hec_and_headers },
	{ "sliced crc-32 matches the bitwise one", test_crc32_table_vs_bitwise },
	{ "table hec matches the bitwise one", test_hec_table_vs_bitwise },
	{ "ring config validated on enable, locked while enabled",
	  test_ring_config_validation },
	{ "reset clears the data path", test_reset_clears_data_path },
	{ "hostile index writes set ERROR", test_hostile_index_writes },
	{ "doorbells while disabled run on enable",
	  test_doorbells_while_disabled },
	{ "open checks, EXISTS, shared vpi/vci, INVALID",
	  test_cmd_open_checks },
	{ "admission NO_RATE boundary", test_cmd_admission },
	{ "modify keeps old parameters on failure", test_cmd_modify },
	{ "close returns held buffers before its event",
	  test_cmd_close_returns_buffers },
	{ "close completes after tx queued for it", test_cmd_close_and_tx },
	{ "event ring full: commands wait", test_event_ring_full },
	{ "status block before interrupts, vectors", test_status_block },
	{ "aal5 round trip, all lengths, rx buffers 64/2048/65536",
	  test_round_trip },
	{ "aal5 rx writes each buffer with one dma", test_rx_one_dma_per_buffer },
	{ "aal5 rx, two vcs interleaved in one frame", test_rx_interleaved_vcs },
	{ "aal0 back to back keeps pti/clp, oam dropped",
	  test_aal0_back_to_back },
	{ "nni cells back to back", test_nni_back_to_back },
	{ "frames of at most 1024 cells, link down", test_frames_and_link_down },
	{ "invalid vc, hec and frame errors counted", test_rx_cell_errors },
	{ "aal5 length errors", test_rx_length_errors },
	{ "rx-corrupt gives crc errors", test_rx_corrupt_crc_error },
	{ "no rx buffer: drop and recovery", test_rx_nobuf },
	{ "rx completion ring overflow sets ERROR", test_rxc_overflow },
	{ "tx descriptor errors", test_tx_errors },
	{ "cbr shaping: 1 ms apart at pcr 1000", test_cbr_shaping },
	{ "cbr and ubr within 1% of their rate with late timers",
	  test_cbr_late_timers },
	{ "gcra tolerance bounds the catch-up", test_gcra_tolerance },
	{ "vbr shaping: burst then scr", test_vbr_shaping },
	{ "ubr at line rate", test_ubr_line_rate },
	{ "tx class rings: doorbell, head, status block, caps, version",
	  test_tx_class_rings },
	{ "tx class rings: cbr at its pcr beside saturating ubr",
	  test_tx_class_isolation },
	{ "tx class rings: cbr, vbr, ubr among eligible heads",
	  test_tx_class_priority },
	{ "tx class rings: same-ring head-of-line stays in order",
	  test_tx_class_same_ring_hol },
	{ "tx class rings: close waits for the closed VC's descriptors only",
	  test_tx_class_close_fence },
	{ "tx class rings: bad descriptors at once, dma error isolated",
	  test_tx_class_errors },
	{ "interrupt moderation by count and time", test_moderation },
	{ "counters latch the high word", test_counters_latch },
	{ "cmd-delay-us", test_cmd_delay },
	{ "cmd-stall", test_cmd_stall },
	{ "doorbells defer the engines to the host", test_doorbell_defers },
	{ "tx-stall", test_tx_stall },
	{ "oam crc-10: check value, set, verify", test_oam_crc10 },
	{ "oam f5 loopback answered by the far end", test_oam_loopback },
	{ "a device reset un-wedges tx-stall and cmd-stall", test_reset_unwedges },
	{ "dead: all-ones, silent, back in power-on state", test_dead },
	{ "raise-error latches ERROR and interrupts", test_inject_error },
	{ "refuse-open refuses the next N OPENs", test_refuse_open },
	{ "refuse-rings refuses the next N enables", test_refuse_rings },
	{ "hostile-rxc garbles completions", test_hostile_rxc },
	{ "link events in the event ring", test_link_events },
	{ "5000 vcs looked up by vpi/vci", test_many_vcs },
	{ "dma errors set ERROR", test_dma_errors },
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
		fflush(stdout);
		failed += test_failed;
	}
	printf("%zu passed, %d failed\n", n - failed, failed);
	coatm_core_fini(&A.core);
	coatm_core_fini(&B.core);
	free(A.host.mem);
	free(B.host.mem);
	return failed ? 1 : 0;
}

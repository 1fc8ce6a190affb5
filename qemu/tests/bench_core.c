// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host micro-benchmark of the coatm device core: make -C qemu/tests bench
 *
 * Two cores wired back to back (link_tx of A is link_rx of B), a UBR
 * AAL5 VC from A to B, and a minimal driver on each side: A posts one
 * TX descriptor at a time, B keeps its RX free ring full (4096-byte
 * buffers, the driver's default) and reaps the completions. The fake
 * clock jumps ahead by a second per PDU so that shaping never waits:
 * what is measured is the device model's CPU time per PDU, TX and RX
 * together, for several SDU sizes. Each figure is the median of RUNS
 * runs of N PDUs, in CPU time of the process (the host is shared),
 * with the DMA calls per PDU of both cores (each is a pci_dma_read or
 * pci_dma_write in QEMU, far dearer there than the memcpy here).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coatm_core.h"
#include "coatm_sar.h"

#define MEM_SIZE        (4u << 20)
#define SB_ADDR         0x1000u
#define RING_ADDR(r)    (0x10000u + (r) * 0x20000u)
#define TXDATA_ADDR     0x100000u
#define RXBUF_ADDR      0x200000u
#define RXBUF_SIZE      4096u
#define RXF_SIZE        256u
#define RXC_SIZE        512u
#define RUNS            7

static int64_t fake_now;
static uint64_t dma_ops;        /* dma_read + dma_write calls, both cores */

struct bdev {
    struct coatm_core core;
    uint8_t *mem;
    struct bdev *peer;
    /* deferred engines queued by schedule(), drained by the loop */
    unsigned int sched;
    uint32_t tx_tail, rxf_tail, cmd_tail, rxc_head, evt_head;
};

static struct bdev A, B;

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

static uint32_t ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static int b_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    struct bdev *d = opaque;

    if (addr >= MEM_SIZE || len > MEM_SIZE - addr) {
        return -1;
    }
    memcpy(buf, d->mem + addr, len);
    dma_ops++;
    return 0;
}

static int b_dma_write(void *opaque, uint64_t addr, const void *buf,
                       size_t len)
{
    struct bdev *d = opaque;

    if (addr >= MEM_SIZE || len > MEM_SIZE - addr) {
        return -1;
    }
    memcpy(d->mem + addr, buf, len);
    dma_ops++;
    return 0;
}

static void b_link_tx(void *opaque, const void *buf, size_t len)
{
    struct bdev *d = opaque;

    coatm_core_link_rx(&d->peer->core, buf, len);
}

static int64_t b_now_ns(void *opaque)
{
    (void)opaque;
    return fake_now;
}

static void b_timer_mod(void *opaque, int id, int64_t expire)
{
    (void)opaque;
    (void)id;
    (void)expire;
}

static void b_timer_del(void *opaque, int id)
{
    (void)opaque;
    (void)id;
}

static void b_schedule(void *opaque, int engine)
{
    struct bdev *d = opaque;

    d->sched |= 1u << engine;
}

static const struct coatm_core_ops b_ops = {
    .dma_read = b_dma_read,
    .dma_write = b_dma_write,
    .link_tx = b_link_tx,
    .now_ns = b_now_ns,
    .timer_mod = b_timer_mod,
    .timer_del = b_timer_del,
    .schedule = b_schedule,
};

static void wr(struct bdev *d, uint64_t off, uint32_t val)
{
    if (coatm_core_mmio_write(&d->core, off, val) != COATM_MMIO_OK) {
        fprintf(stderr, "bench: write 0x%x failed\n", (unsigned)off);
        exit(1);
    }
}

/* Run the engines the doorbells woke, as QEMU's bottom halves would. */
static void drain(void)
{
    struct bdev *devs[2] = { &A, &B };
    bool ran;
    int i, e;

    do {
        ran = false;
        for (i = 0; i < 2; i++) {
            for (e = 0; e < COATM_NUM_ENGINES; e++) {
                if (devs[i]->sched & (1u << e)) {
                    devs[i]->sched &= ~(1u << e);
                    coatm_core_run_engine(&devs[i]->core, e);
                    ran = true;
                }
            }
        }
    } while (ran);
}

static void ring(struct bdev *d, int r, uint32_t size)
{
    wr(d, COATM_RING_REG(r, COATM_RING_BASE_LO), RING_ADDR(r));
    wr(d, COATM_RING_REG(r, COATM_RING_BASE_HI), 0);
    wr(d, COATM_RING_REG(r, COATM_RING_SIZE), size);
}

static void rx_refill(struct bdev *d)
{
    uint32_t head = d->core.ring[COATM_RING_RXF].head;
    uint32_t slot;
    uint8_t *e;

    if (d->rxf_tail - head == RXF_SIZE) {
        return;
    }
    while (d->rxf_tail - head < RXF_SIZE) {
        slot = d->rxf_tail % RXF_SIZE;
        e = d->mem + RING_ADDR(COATM_RING_RXF) + slot * COATM_RXF_DESC_SIZE;
        st64(e, RXBUF_ADDR + (uint64_t)slot * RXBUF_SIZE);
        st32(e + 8, slot);
        st32(e + 12, 0);
        d->rxf_tail++;
    }
    wr(d, COATM_RING_REG(COATM_RING_RXF, COATM_RING_TAIL), d->rxf_tail);
}

static void dev_init(struct bdev *d, struct bdev *peer)
{
    static const struct coatm_core_config cfg = {
        .esi = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
        .line_rate = COATM_LINE_RATE_OC3,
        .max_vcs = 4096,
        .vpi_bits = 8,
        .vci_bits = 16,
        .vectors = COATM_NUM_VECTORS,
        .link_up = true,
    };

    memset(d, 0, sizeof(*d));
    d->mem = calloc(1, MEM_SIZE);
    d->peer = peer;
    if (!d->mem || coatm_core_init(&d->core, &cfg, &b_ops, d) < 0) {
        fprintf(stderr, "bench: init failed\n");
        exit(1);
    }
    coatm_core_reset(&d->core);
    ring(d, COATM_RING_TX, 256);
    ring(d, COATM_RING_RXF, RXF_SIZE);
    ring(d, COATM_RING_RXC, RXC_SIZE);
    ring(d, COATM_RING_CMD, 16);
    ring(d, COATM_RING_EVT, 16);
    wr(d, COATM_REG_RX_BUF_SIZE, RXBUF_SIZE);
    wr(d, COATM_REG_STATUS_BLOCK_LO, SB_ADDR);
    wr(d, COATM_REG_INT_MASK, 0);
    wr(d, COATM_REG_CTRL, COATM_CTRL_ENABLE);
}

static void vc_open(struct bdev *d, uint8_t dir)
{
    uint8_t *e = d->mem + RING_ADDR(COATM_RING_CMD) +
                 (d->cmd_tail % 16) * COATM_CMD_DESC_SIZE;
    uint8_t *ev;

    memset(e, 0, COATM_CMD_DESC_SIZE);
    st16(e, COATM_CMD_OPEN);
    st16(e + 2, 1);
    st16(e + 10, 100);
    e[12] = COATM_AAL5;
    e[13] = dir;
    e[14] = COATM_SVC_UBR;
    d->cmd_tail++;
    wr(d, COATM_RING_REG(COATM_RING_CMD, COATM_RING_TAIL), d->cmd_tail);
    drain();
    ev = d->mem + RING_ADDR(COATM_RING_EVT) +
         (d->evt_head % 16) * COATM_EVT_DESC_SIZE;
    if (d->core.ring[COATM_RING_EVT].tail != d->evt_head + 1 ||
        ld32(ev + 8) != COATM_CMDS_OK) {
        fprintf(stderr, "bench: open failed\n");
        exit(1);
    }
    d->evt_head++;
    wr(d, COATM_RING_REG(COATM_RING_EVT, COATM_RING_HEAD), d->evt_head);
}

/* Send @n PDUs of @len bytes A -> B; returns ns per PDU. */
static double run(uint32_t len, unsigned int n, double *dma_per_pdu)
{
    uint64_t ops0 = dma_ops;
    struct timespec t0, t1;
    uint32_t rxc_tail, good = 0;
    unsigned int i;
    uint8_t *e;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (i = 0; i < n; i++) {
        fake_now += 1000000000;
        e = A.mem + RING_ADDR(COATM_RING_TX) +
            (A.tx_tail % 256) * COATM_TX_DESC_SIZE;
        memset(e, 0, COATM_TX_DESC_SIZE);
        st64(e, TXDATA_ADDR);
        st32(e + 8, len);
        st16(e + 12, 1);
        A.tx_tail++;
        wr(&A, COATM_RING_REG(COATM_RING_TX, COATM_RING_TAIL), A.tx_tail);
        drain();
        /* B's driver: reap completions, give the buffers back */
        rxc_tail = B.core.ring[COATM_RING_RXC].tail;
        while (B.rxc_head != rxc_tail) {
            e = B.mem + RING_ADDR(COATM_RING_RXC) +
                (B.rxc_head % RXC_SIZE) * COATM_RXC_DESC_SIZE;
            if ((e[10] | e[11] << 8) == COATM_RXC_EOP) {
                good++;
            }
            B.rxc_head++;
        }
        wr(&B, COATM_RING_REG(COATM_RING_RXC, COATM_RING_HEAD), B.rxc_head);
        rx_refill(&B);
        drain();
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    if (good != n || A.core.ring[COATM_RING_TX].head != A.tx_tail) {
        fprintf(stderr, "bench: %u of %u PDUs of %u bytes arrived\n",
                good, n, len);
        exit(1);
    }
    *dma_per_pdu = (double)(dma_ops - ops0) / n;
    return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static const uint32_t sizes[] = { 64, 1500, 9180 };
    unsigned int scale = argc > 1 ? (unsigned int)atoi(argv[1]) : 1;
    double t[RUNS], dma;
    unsigned int s, r, n;
    uint32_t i;

    if (!scale) {
        scale = 1;
    }
    fake_now = 1000000;
    dev_init(&A, &B);
    dev_init(&B, &A);
    vc_open(&A, COATM_DIR_TX);
    vc_open(&B, COATM_DIR_RX);
    rx_refill(&B);
    for (i = 0; i < COATM_AAL5_MAX_SDU; i++) {
        A.mem[TXDATA_ADDR + i] = (uint8_t)(i * 7 + (i >> 8));
    }

    printf("# coatm core, TX+RX through two cores back to back, "
           "median of %d runs\n", RUNS);
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        n = scale * (sizes[s] > 1500 ? 2000 : 20000);
        run(sizes[s], n / 10, &dma);  /* warm up */
        for (r = 0; r < RUNS; r++) {
            t[r] = run(sizes[s], n, &dma);
        }
        qsort(t, RUNS, sizeof(t[0]), cmp_double);
        printf("%5u B: %8.2f us/PDU  %6.1f DMA ops/PDU  "
               "(%u PDUs a run, min %.2f, max %.2f)\n",
               sizes[s], t[RUNS / 2] / 1000, dma, n, t[0] / 1000,
               t[RUNS - 1] / 1000);
    }
    coatm_core_fini(&A.core);
    coatm_core_fini(&B.core);
    free(A.mem);
    free(B.mem);
    return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coatm PCI ATM NIC: the TX engine, independent of QEMU.
 *
 * There are three TX rings, one per service class: COATM_RING_TX_CBR,
 * COATM_RING_TX_VBR and COATM_RING_TX (UBR). The driver rings a
 * ring's doorbell by writing its TAIL; that only records the index and
 * asks the host to run the engine (coatm_kick()), which it does later
 * from a context of its own, and the TX timer runs it when shaping lets
 * a head descriptor go.
 *
 * The scheduler looks at the head descriptor of each ring (SIZE 0: the
 * ring is not served). A head that fails its checks (VC open for TX,
 * length and AAL) completes at once with its error status. Among the
 * other heads, those eligible now (the later of their VC's eligible time
 * and the link's) compete, and the one on the ring of the highest class
 * goes: CBR, then VBR, then UBR. The ring decides the priority; the VC's
 * own shaping applies whatever ring its descriptor is on (MODIFY may
 * change a VC's service while descriptors are queued). The descriptor
 * chosen is sent: DMA into one staging buffer, AAL5 pad and trailer,
 * cells out as link frames of at most COATM_FRAME_MAX_CELLS cells (or
 * back into the device's own RX path with CTRL.PHY_LOOPBACK). Only then
 * is its status written and its ring's HEAD advanced, so each ring
 * completes in its own order. If no head is eligible, the engine arms
 * the TX timer for the earliest time one will be and stops. tx-stall
 * stops every ring.
 *
 * Shaping is PDU-granular GCRA on the core's clock (coatm_vc.c): a PDU
 * of n cells may go at the VC's theoretical arrival time, and moves it
 * on by n cell times at the VC's rate from that time (not from now, up to
 * COATM_CDVT_NS late: a late timer costs no rate); the link does the same
 * at the line rate, for all rings together.
 *
 * So VCs on different rings never hold each other back: a CBR VC shaped
 * to a low PCR keeps its rate beside saturating UBR traffic, which takes
 * the rest of the line. Head-of-line blocking remains within a ring: a
 * descriptor of a VC that is not yet eligible holds back every other
 * descriptor queued behind it on the same ring (two CBR VCs of different
 * PCRs, say). A closed VC does not block: its descriptors complete at
 * once with BAD_VC, whatever its shaping said.
 */
#include <string.h>

#include "coatm_int.h"

struct coatm_tx_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t vc;
    uint16_t flags;
    uint8_t uu;
    uint8_t cpi;
    uint8_t cell_hdr;
};

void coatm_tx_reset(struct coatm_core *core)
{
    core->link_tat = COATM_TAT_IDLE;
    core->tx_running = false;
    core->tx_again = false;
}

static void coatm_tx_desc_parse(const uint8_t *p, struct coatm_tx_desc *d)
{
    d->addr = coatm_ld64(p + 0);
    d->len = coatm_ld32(p + 8);
    d->vc = coatm_ld16(p + 12);
    d->flags = coatm_ld16(p + 14);
    d->uu = p[16];
    d->cpi = p[17];
    d->cell_hdr = p[18];
}

/* COATM_TXS_OK if @d can be sent; its VC in *@vcp. */
static uint32_t coatm_tx_check(struct coatm_core *core,
                               const struct coatm_tx_desc *d,
                               struct coatm_vc **vcp)
{
    struct coatm_vc *vc = coatm_vc_get(&core->vcs, d->vc);
    bool aal0 = d->flags & COATM_TXF_AAL0;
    uint8_t pti = (d->cell_hdr >> 1) & 7;

    if (!vc || !vc->open || !(vc->p.dir & COATM_DIR_TX)) {
        return COATM_TXS_BAD_VC;
    }
    if (d->flags & COATM_TXF_OAM) {
        /* One F5 OAM cell, on a VC of either AAL */
        if (d->len != COATM_CELL_PAYLOAD ||
            (pti != COATM_PTI_OAM_SEGMENT && pti != COATM_PTI_OAM_E2E)) {
            return COATM_TXS_BAD_LEN;
        }
        *vcp = vc;
        return COATM_TXS_OK;
    }
    if (aal0 != (vc->p.aal == COATM_AAL0)) {
        return COATM_TXS_BAD_LEN;
    }
    if (aal0 ? d->len != COATM_CELL_PAYLOAD :
        (d->len == 0 || d->len > COATM_AAL5_MAX_SDU)) {
        return COATM_TXS_BAD_LEN;
    }
    *vcp = vc;
    return COATM_TXS_OK;
}

/* Cells go to the link, or back to our own receive path. */
static void coatm_tx_emit(struct coatm_core *core, const uint8_t *frame,
                          size_t cells)
{
    size_t len = cells * COATM_CELL_SIZE;

    if (core->ctrl & COATM_CTRL_PHY_LOOPBACK) {
        coatm_rx_frame(core, frame, len);
    } else if (core->link_up && core->ops->link_tx) {
        core->ops->link_tx(core->opaque, frame, len);
    }
    /* A link that is down takes the cells too: they vanish. */
}

static uint32_t coatm_tx_send(struct coatm_core *core, struct coatm_vc *vc,
                              const struct coatm_tx_desc *d, uint32_t cells,
                              int64_t now)
{
    struct coatm_cell_hdr h = { .vpi = vc->p.vpi, .vci = vc->p.vci };
    bool oam = d->flags & COATM_TXF_OAM;
    bool aal0 = oam || (d->flags & COATM_TXF_AAL0);
    bool nni = core->cfg.vpi_bits > 8;
    uint32_t i, n = 0;
    uint8_t *f;

    /* Data that cannot be read is reported in the status, not ERROR. */
    if (!core->ops->dma_read ||
        core->ops->dma_read(core->opaque, d->addr, core->tx_pdu,
                            d->len) < 0) {
        return COATM_TXS_DMA_ERR;
    }
    if (aal0) {
        h.pti = (d->cell_hdr >> 1) & 7;
        h.clp = d->cell_hdr & 1;
        if (oam) {
            coatm_oam_crc10_set(core->tx_pdu);
            coatm_count(core, COATM_CNT_TX_OAM, 1);
        }
    } else {
        coatm_aal5_encap(core->tx_pdu, d->len, d->uu, d->cpi);
    }
    for (i = 0; i < cells; i++) {
        if (!aal0) {
            h.pti = i == cells - 1 ? COATM_PTI_AUU : 0;
        }
        f = core->tx_frame + n * COATM_CELL_SIZE;
        coatm_cell_hdr_encode(f, &h, nni);
        memcpy(f + COATM_CELL_HDR_SIZE, core->tx_pdu + i * COATM_CELL_PAYLOAD,
               COATM_CELL_PAYLOAD);
        if (++n == COATM_FRAME_MAX_CELLS || i == cells - 1) {
            coatm_tx_emit(core, core->tx_frame, n);
            n = 0;
        }
    }

    coatm_vc_charge(vc, now, cells);
    core->link_tat = coatm_gcra_next(core->link_tat, now, cells,
                                     core->cfg.line_rate);
    coatm_count(core, COATM_CNT_TX_CELLS, cells);
    coatm_count(core, COATM_CNT_TX_PDUS, 1);
    return COATM_TXS_OK;
}

/* The head descriptor of one TX ring, read once per engine run */
struct coatm_tx_head {
    bool loaded;            /* addr and d hold the descriptor at HEAD */
    bool failed;            /* reading it failed: left until the next run */
    uint64_t addr;
    struct coatm_tx_desc d;
    struct coatm_vc *vc;    /* with status: what coatm_tx_check() said */
    uint32_t status;
};

/*
 * The next descriptor to complete: a head that fails its checks, else
 * the head eligible at @now on the ring of the highest class. Returns
 * its index in coatm_tx_ring() order, or -1 with *@wake the earliest
 * time a head gets eligible (INT64_MAX if no head waits).
 */
static int coatm_tx_pick(struct coatm_core *core,
                         struct coatm_tx_head *head, int64_t now,
                         int64_t *wake)
{
    uint8_t raw[COATM_TX_DESC_SIZE];
    struct coatm_tx_head *h;
    struct coatm_ring *ring;
    unsigned int i;
    int64_t t;
    int r;

    *wake = INT64_MAX;
    for (i = 0; i < COATM_NUM_TX_RINGS; i++) {
        r = coatm_tx_ring(i);
        ring = &core->ring[r];
        h = &head[i];
        if (!ring->size || ring->head == ring->tail || h->failed) {
            continue;
        }
        if (!h->loaded) {
            h->addr = coatm_ring_entry(core, r, ring->head);
            if (coatm_dma_read(core, h->addr, raw, sizeof(raw)) < 0) {
                /* ERROR.DMA; tried again when the engine runs again */
                h->failed = true;
                continue;
            }
            coatm_tx_desc_parse(raw, &h->d);
            h->loaded = true;
        }
        h->status = coatm_tx_check(core, &h->d, &h->vc);
        if (h->status != COATM_TXS_OK) {
            return i;
        }
        t = coatm_vc_eligible(h->vc);
        if (core->link_tat > t) {
            t = core->link_tat;
        }
        if (t <= now) {
            return i;
        }
        if (t < *wake) {
            *wake = t;
        }
    }
    return -1;
}

static void coatm_tx_run_once(struct coatm_core *core)
{
    struct coatm_tx_head head[COATM_NUM_TX_RINGS], *h;
    struct coatm_ring *ring;
    uint32_t status, cells, done = 0;
    bool waiting = false;
    int64_t now, wake;
    uint8_t st[4];
    int i;

    memset(head, 0, sizeof(head));
    while (coatm_enabled(core) && !core->tx_stall) {
        now = coatm_now(core);
        i = coatm_tx_pick(core, head, now, &wake);
        if (i < 0) {
            if (wake != INT64_MAX) {
                coatm_timer_arm(core, COATM_TIMER_TX, wake);
                waiting = true;
            }
            break;
        }
        h = &head[i];
        ring = &core->ring[coatm_tx_ring(i)];
        status = h->status;
        if (status == COATM_TXS_OK) {
            cells = (h->d.flags & (COATM_TXF_AAL0 | COATM_TXF_OAM)) ?
                    1 : coatm_aal5_cells(h->d.len);
            status = coatm_tx_send(core, h->vc, &h->d, cells, now);
        }
        if (status != COATM_TXS_OK) {
            coatm_count(core, COATM_CNT_TX_ERR, 1);
        }
        coatm_st32(st, COATM_TXS_DONE | status);
        coatm_dma_write(core, h->addr + 20, st, sizeof(st));
        ring->head++;
        h->loaded = false;
        coatm_sb_dirty(core);
        done++;
    }
    if (!waiting) {
        coatm_timer_cancel(core, COATM_TIMER_TX);
    }
    if (done) {
        coatm_sb_flush(core);
        coatm_moder_add(core, false, done);
    }
}

void coatm_tx_oam_reply(struct coatm_core *core,
                        const struct coatm_cell_hdr *h, const uint8_t *payload)
{
    bool nni = core->cfg.vpi_bits > 8;
    uint8_t f[COATM_CELL_SIZE];

    /*
     * The reply goes out at once, ahead of queued descriptors, as a
     * SAR's OAM engine would; it is one cell and is not shaped.
     */
    coatm_cell_hdr_encode(f, h, nni);
    memcpy(f + COATM_CELL_HDR_SIZE, payload, COATM_CELL_PAYLOAD);
    coatm_oam_crc10_set(f + COATM_CELL_HDR_SIZE);
    coatm_tx_emit(core, f, 1);
    coatm_count(core, COATM_CNT_TX_CELLS, 1);
    coatm_count(core, COATM_CNT_TX_OAM, 1);
}

void coatm_tx_run(struct coatm_core *core)
{
    if (core->tx_running) {
        core->tx_again = true;
        return;
    }
    core->tx_running = true;
    do {
        core->tx_again = false;
        coatm_tx_run_once(core);
    } while (core->tx_again);
    core->tx_running = false;
    coatm_cmd_tx_progress(core);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coatm PCI ATM NIC: the TX engine, independent of QEMU.
 *
 * The driver rings the doorbell by writing TX TAIL; that only records the
 * index and asks the host to run the engine (coatm_kick()), which it does
 * later from a context of its own, and the TX timer runs it when shaping
 * lets the head descriptor go. It takes descriptors strictly in
 * ring order. The head descriptor is checked (VC open for TX, length and
 * AAL), then sent once both its VC's shaping and the link allow it:
 * DMA into one staging buffer, AAL5 pad and trailer, cells out as link
 * frames of at most COATM_FRAME_MAX_CELLS cells (or back into the
 * device's own RX path with CTRL.PHY_LOOPBACK). Only then is its status
 * written and TX HEAD advanced.
 *
 * Shaping is PDU-granular GCRA on the core's clock (coatm_vc.c): a PDU
 * of n cells may go at the VC's theoretical arrival time, and moves it
 * on by n cell times at the VC's rate from that time (not from now, up to
 * COATM_CDVT_NS late: a late timer costs no rate); the link does the same
 * at the line rate. If the head descriptor is not yet eligible, the
 * engine arms the TX timer for the moment it will be and stops.
 *
 * Head-of-line blocking across VCs is accepted: one TX ring, completed
 * in order, so a descriptor of a slow CBR or VBR VC at the head holds
 * back descriptors of every other VC queued behind it. A driver that
 * wants independent VCs keeps a slow VC from filling the ring. A closed
 * VC does not block: its descriptors complete at once with BAD_VC,
 * whatever its shaping said.
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

static void coatm_tx_run_once(struct coatm_core *core)
{
    struct coatm_ring *tx = &core->ring[COATM_RING_TX];
    uint8_t raw[COATM_TX_DESC_SIZE], st[4];
    struct coatm_tx_desc d;
    struct coatm_vc *vc = NULL;
    uint32_t status, cells, done = 0;
    bool waiting = false;
    uint64_t addr;
    int64_t now, t;

    while (coatm_enabled(core) && !core->tx_stall && tx->head != tx->tail) {
        addr = coatm_ring_entry(core, COATM_RING_TX, tx->head);
        if (coatm_dma_read(core, addr, raw, sizeof(raw)) < 0) {
            break;      /* ERROR.DMA; tried again at the next doorbell */
        }
        coatm_tx_desc_parse(raw, &d);
        status = coatm_tx_check(core, &d, &vc);
        if (status == COATM_TXS_OK) {
            cells = (d.flags & (COATM_TXF_AAL0 | COATM_TXF_OAM)) ?
                    1 : coatm_aal5_cells(d.len);
            now = coatm_now(core);
            t = coatm_vc_eligible(vc);
            if (core->link_tat > t) {
                t = core->link_tat;
            }
            if (t > now) {
                coatm_timer_arm(core, COATM_TIMER_TX, t);
                waiting = true;
                break;
            }
            status = coatm_tx_send(core, vc, &d, cells, now);
        }
        if (status != COATM_TXS_OK) {
            coatm_count(core, COATM_CNT_TX_ERR, 1);
        }
        coatm_st32(st, COATM_TXS_DONE | status);
        coatm_dma_write(core, addr + 20, st, sizeof(st));
        tx->head++;
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

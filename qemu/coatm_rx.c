// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coatm PCI ATM NIC: the RX engine, independent of QEMU.
 *
 * A link frame is a whole number of cells. Each cell's HEC is checked,
 * its VPI/VCI looked up among the VCs open for RX, and its payload
 * written to host memory: an AAL0 cell fills one RX buffer of its own;
 * AAL5 cells go one after the other into the RX buffers the VC holds,
 * taken from the RXF ring as they are needed (a cell may straddle two),
 * while the running CRC-32 is kept. The payload is gathered in a staging
 * buffer first and each RX buffer written with one DMA when it is full,
 * at the end of the PDU, at the end of the frame or when a cell of
 * another VC comes: one DMA per buffer, not per cell, and nothing staged
 * survives the call that brought the frame. The end-of-PDU cell carries
 * the trailer: a good PDU returns its buffers with their SDU byte
 * counts, a bad one with an error flag.
 *
 * Held buffers live in one pool (COATM_HELD_MAX entries) shared by all
 * VCs, as a list per VC: reassembly costs no memory for VCs that are
 * idle, and nothing is allocated per cell or PDU.
 */
#include <string.h>

#include "coatm_int.h"

/* Largest reassembly accepted for a VC: max SDU + pad + trailer */
#define COATM_REASM_SLACK       (COATM_CELL_PAYLOAD - 1 + COATM_AAL5_TRAILER)

struct coatm_rxc {
    uint32_t buf_id;
    uint32_t len;
    uint16_t vc;
    uint16_t flags;
    uint8_t uu;
    uint8_t cpi;
    uint8_t cell_hdr;
    uint8_t frag;
};

void coatm_rx_reset(struct coatm_core *core)
{
    uint32_t i;

    for (i = 0; i < COATM_HELD_MAX; i++) {
        core->held[i].next = i + 1 < COATM_HELD_MAX ? i + 1 : COATM_HELD_NONE;
    }
    core->held_free = 0;
    core->rx_buf = COATM_RX_BUF_SIZE_DEFAULT;
    core->rx_batch = 0;
    core->rx_nobuf = false;
    core->rx_stage_len = 0;
}

/* Write the staged bytes to the end of their VC's last held buffer. */
static void coatm_rx_stage_flush(struct coatm_core *core)
{
    const struct coatm_reasm *ra;
    const struct coatm_held *b;

    if (!core->rx_stage_len) {
        return;
    }
    ra = &core->vcs.vc[core->rx_stage_vc].rx;
    b = &core->held[ra->last];
    coatm_dma_write(core, b->addr + ra->off - core->rx_stage_len,
                    core->rx_stage, core->rx_stage_len);
    core->rx_stage_len = 0;
}

/* A handle that is not open, for hostile-rxc */
static uint16_t coatm_rx_closed_handle(struct coatm_core *core)
{
    uint32_t i;

    for (i = 0; i < core->cfg.max_vcs; i++) {
        if (!core->vcs.vc[i].open) {
            return i;
        }
    }
    return core->cfg.max_vcs;
}

/* hostile-rxc: make one field of @c wrong, a different one each time. */
static void coatm_rx_garble(struct coatm_core *core, struct coatm_rxc *c)
{
    core->hostile_rxc--;
    switch (core->hostile_seq++ % 4) {
    case 0:
        c->buf_id = UINT32_MAX;
        break;
    case 1:
        c->len = core->rx_buf + 1;
        break;
    case 2:
        c->vc = core->cfg.max_vcs;
        break;
    default:
        c->vc = coatm_rx_closed_handle(core);
        break;
    }
}

/* Write one RX completion. A full RXC ring is the driver's fault. */
static void coatm_rxc_put(struct coatm_core *core, struct coatm_rxc *c)
{
    struct coatm_ring *rxc = &core->ring[COATM_RING_RXC];
    uint8_t e[COATM_RXC_DESC_SIZE];

    if (!rxc->size || rxc->tail - rxc->head >= rxc->size) {
        coatm_set_error(core, COATM_ERROR_RX_DESC);
        return;
    }
    if (core->hostile_rxc) {
        coatm_rx_garble(core, c);
    }
    coatm_st32(e + 0, c->buf_id);
    coatm_st32(e + 4, c->len);
    coatm_st16(e + 8, c->vc);
    coatm_st16(e + 10, c->flags);
    e[12] = c->uu;
    e[13] = c->cpi;
    e[14] = c->cell_hdr;
    e[15] = c->frag;
    coatm_dma_write(core, coatm_ring_entry(core, COATM_RING_RXC, rxc->tail),
                    e, sizeof(e));
    rxc->tail++;
    core->rx_batch++;
    coatm_sb_dirty(core);
}

void coatm_rx_flush(struct coatm_core *core)
{
    uint32_t n;

    coatm_rx_stage_flush(core);
    n = core->rx_batch;
    coatm_sb_flush(core);
    core->rx_batch = 0;
    coatm_moder_add(core, true, n);
    if (core->rx_nobuf) {
        core->rx_nobuf = false;
        coatm_raise(core, COATM_INT_RX_NOBUF);
    }
}

/* Take the buffer at RXF HEAD. */
static bool coatm_rxf_take(struct coatm_core *core, uint64_t *addr,
                           uint32_t *buf_id)
{
    struct coatm_ring *rxf = &core->ring[COATM_RING_RXF];
    uint8_t d[COATM_RXF_DESC_SIZE];

    if (rxf->head == rxf->tail) {
        return false;
    }
    if (coatm_dma_read(core, coatm_ring_entry(core, COATM_RING_RXF,
                                              rxf->head),
                       d, sizeof(d)) < 0) {
        return false;
    }
    *addr = coatm_ld64(d);
    *buf_id = coatm_ld32(d + 8);
    rxf->head++;
    coatm_sb_dirty(core);
    return true;
}

static void coatm_rx_nobuf(struct coatm_core *core)
{
    coatm_count(core, COATM_CNT_RX_NOBUF, 1);
    core->rx_nobuf = true;
}

static void coatm_reasm_clear(struct coatm_reasm *ra)
{
    ra->first = COATM_HELD_NONE;
    ra->last = COATM_HELD_NONE;
    ra->nbufs = 0;
    ra->cells = 0;
    ra->off = 0;
}

/*
 * Return every buffer VC @handle holds, in order, the last with EOP.
 * With @sdu_len, a good PDU: each buffer's length counts the SDU bytes
 * in it. Otherwise all lengths are 0 and @flags tells why.
 */
static void coatm_rx_return(struct coatm_core *core, uint32_t handle,
                            struct coatm_vc *vc, uint16_t flags,
                            uint32_t sdu_len, uint8_t uu, uint8_t cpi)
{
    struct coatm_reasm *ra = &vc->rx;
    struct coatm_rxc c;
    uint32_t i = ra->first, next;
    uint8_t frag = 0;

    /* The data goes to memory before the completions that announce it. */
    if (core->rx_stage_len && core->rx_stage_vc == handle) {
        coatm_rx_stage_flush(core);
    }
    while (i != COATM_HELD_NONE) {
        next = core->held[i].next;
        memset(&c, 0, sizeof(c));
        c.buf_id = core->held[i].buf_id;
        c.len = sdu_len < core->rx_buf ? sdu_len : core->rx_buf;
        sdu_len -= c.len;
        c.vc = handle;
        c.flags = flags;
        c.frag = frag++;
        if (next == COATM_HELD_NONE) {
            c.flags |= COATM_RXC_EOP;
            c.uu = uu;
            c.cpi = cpi;
        }
        coatm_rxc_put(core, &c);
        core->held[i].next = core->held_free;
        core->held_free = i;
        i = next;
    }
    coatm_reasm_clear(ra);
}

void coatm_rx_vc_discard(struct coatm_core *core, uint32_t handle)
{
    struct coatm_vc *vc = coatm_vc_get(&core->vcs, handle);

    if (vc) {
        coatm_rx_return(core, handle, vc, COATM_RXC_DISCARD, 0, 0, 0);
        vc->rx.discard = false;
    }
}

void coatm_rx_discard_all(struct coatm_core *core)
{
    uint32_t i;

    for (i = 0; i < core->cfg.max_vcs; i++) {
        if (core->vcs.vc[i].rx.first != COATM_HELD_NONE) {
            coatm_rx_vc_discard(core, i);
        }
    }
}

/*
 * Append 48 payload bytes to VC @handle's buffers (through the staging
 * buffer); false if out of buffers.
 */
static bool coatm_reasm_write(struct coatm_core *core, uint32_t handle,
                              struct coatm_reasm *ra, const uint8_t *payload)
{
    struct coatm_held *b;
    uint32_t done = 0, n, i;

    if (core->rx_stage_len && core->rx_stage_vc != handle) {
        coatm_rx_stage_flush(core);
    }
    core->rx_stage_vc = handle;
    while (done < COATM_CELL_PAYLOAD) {
        if (ra->last == COATM_HELD_NONE || ra->off == core->rx_buf) {
            i = core->held_free;
            if (i == COATM_HELD_NONE) {
                return false;
            }
            b = &core->held[i];
            if (!coatm_rxf_take(core, &b->addr, &b->buf_id)) {
                return false;
            }
            core->held_free = b->next;
            b->next = COATM_HELD_NONE;
            if (ra->last == COATM_HELD_NONE) {
                ra->first = i;
            } else {
                core->held[ra->last].next = i;
            }
            ra->last = i;
            ra->nbufs++;
            ra->off = 0;
        }
        n = COATM_CELL_PAYLOAD - done;
        if (n > core->rx_buf - ra->off) {
            n = core->rx_buf - ra->off;
        }
        memcpy(core->rx_stage + core->rx_stage_len, payload + done, n);
        core->rx_stage_len += n;
        ra->off += n;
        done += n;
        if (ra->off == core->rx_buf) {
            coatm_rx_stage_flush(core);
        }
    }
    return true;
}

/* The PDU is dropped: discard its cells up to the end-of-PDU one. */
static void coatm_reasm_drop(struct coatm_core *core, uint32_t handle,
                             struct coatm_vc *vc, uint16_t flags, bool eop)
{
    coatm_rx_return(core, handle, vc, flags, 0, 0, 0);
    coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
    vc->rx.discard = !eop;
}

static void coatm_rx_aal5(struct coatm_core *core, uint32_t handle,
                          struct coatm_vc *vc, const struct coatm_cell_hdr *h,
                          const uint8_t *payload)
{
    struct coatm_reasm *ra = &vc->rx;
    bool eop = h->pti & COATM_PTI_AUU;
    struct coatm_aal5_trailer t;
    uint8_t bad[COATM_CELL_PAYLOAD];

    if (ra->discard) {
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
        ra->discard = !eop;
        return;
    }
    if (ra->cells == 0) {
        ra->crc = COATM_CRC32_INIT;
        if (core->rx_corrupt) {
            core->rx_corrupt--;
            memcpy(bad, payload, sizeof(bad));
            bad[0] ^= 0xff;
            payload = bad;
        }
    }
    if ((ra->cells + 1) * COATM_CELL_PAYLOAD >
        vc->p.max_sdu + COATM_REASM_SLACK) {
        /* Longer than any PDU the VC accepts: give up on it now. */
        coatm_count(core, COATM_CNT_RX_LEN_ERR, 1);
        coatm_reasm_drop(core, handle, vc, COATM_RXC_LEN_ERR, eop);
        return;
    }
    if (!coatm_reasm_write(core, handle, ra, payload)) {
        coatm_rx_nobuf(core);
        coatm_reasm_drop(core, handle, vc, COATM_RXC_DISCARD, eop);
        return;
    }
    ra->cells++;
    if (!eop) {
        ra->crc = coatm_crc32_update(ra->crc, payload, COATM_CELL_PAYLOAD);
        return;
    }

    ra->crc = coatm_crc32_update(ra->crc, payload, COATM_CELL_PAYLOAD - 4);
    coatm_aal5_trailer_parse(payload, &t);
    if (~ra->crc != t.crc) {
        coatm_count(core, COATM_CNT_RX_CRC_ERR, 1);
        coatm_rx_return(core, handle, vc, COATM_RXC_CRC_ERR, 0, 0, 0);
    } else if (!coatm_aal5_len_ok(ra->cells, t.len) ||
               t.len > vc->p.max_sdu) {
        coatm_count(core, COATM_CNT_RX_LEN_ERR, 1);
        coatm_rx_return(core, handle, vc, COATM_RXC_LEN_ERR, 0, 0, 0);
    } else {
        coatm_count(core, COATM_CNT_RX_PDUS, 1);
        coatm_rx_return(core, handle, vc, 0, t.len, t.uu, t.cpi);
    }
}

static void coatm_rx_aal0(struct coatm_core *core, uint32_t handle,
                          const struct coatm_cell_hdr *h,
                          const uint8_t *payload, uint16_t flags)
{
    struct coatm_rxc c = { 0 };
    uint64_t addr;

    if (!coatm_rxf_take(core, &addr, &c.buf_id)) {
        coatm_rx_nobuf(core);
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
        return;
    }
    coatm_dma_write(core, addr, payload, COATM_CELL_PAYLOAD);
    c.len = COATM_CELL_PAYLOAD;
    c.vc = handle;
    c.flags = flags | COATM_RXC_EOP;
    c.cell_hdr = (uint8_t)(h->pti << 1 | h->clp);
    coatm_rxc_put(core, &c);
    coatm_count(core, COATM_CNT_RX_PDUS, 1);
}

/*
 * An F5 OAM cell: checked, answered if it is an end-to-end loopback
 * request (this device is the VC's end point), and delivered.
 */
static void coatm_rx_oam(struct coatm_core *core, uint32_t handle,
                         const struct coatm_vc *vc,
                         const struct coatm_cell_hdr *h,
                         const uint8_t *payload)
{
    uint8_t reply[COATM_CELL_PAYLOAD];
    uint16_t flags = COATM_RXC_OAM;

    if (!coatm_oam_crc10_ok(payload)) {
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
        return;
    }
    coatm_count(core, COATM_CNT_RX_OAM, 1);
    if (h->pti == COATM_PTI_OAM_E2E && payload[0] == COATM_OAM_LOOPBACK &&
        (payload[1] & COATM_OAM_LB_INDICATION)) {
        memcpy(reply, payload, sizeof(reply));
        reply[1] &= ~COATM_OAM_LB_INDICATION;
        coatm_tx_oam_reply(core, h, reply);
    }
    if (vc->p.aal == COATM_AAL0) {
        flags |= COATM_RXC_AAL0;
    }
    coatm_rx_aal0(core, handle, h, payload, flags);
}

static void coatm_rx_cell(struct coatm_core *core, const uint8_t *cell)
{
    struct coatm_cell_hdr h;
    struct coatm_vc *vc;
    int handle;

    if (!coatm_cell_hdr_decode(cell, &h, core->cfg.vpi_bits > 8)) {
        coatm_count(core, COATM_CNT_RX_HEC_ERR, 1);
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
        return;
    }
    coatm_count(core, COATM_CNT_RX_CELLS, 1);
    handle = coatm_vc_lookup(&core->vcs, COATM_VC_HASH_RX, h.vpi, h.vci);
    if (handle < 0) {
        coatm_count(core, COATM_CNT_RX_INVALID_VC, 1);
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
        return;
    }
    vc = &core->vcs.vc[handle];
    if (h.pti == COATM_PTI_OAM_SEGMENT || h.pti == COATM_PTI_OAM_E2E) {
        coatm_rx_oam(core, handle, vc, &h, cell + COATM_CELL_HDR_SIZE);
        return;
    }
    if (h.pti >= COATM_PTI_OAM) {
        /* Resource management and reserved cells are not handled. */
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, 1);
        return;
    }
    if (vc->p.aal == COATM_AAL0) {
        coatm_rx_aal0(core, handle, &h, cell + COATM_CELL_HDR_SIZE,
                      COATM_RXC_AAL0);
    } else {
        coatm_rx_aal5(core, handle, vc, &h, cell + COATM_CELL_HDR_SIZE);
    }
}

void coatm_rx_frame(struct coatm_core *core, const uint8_t *buf, size_t len)
{
    size_t off;

    if (!coatm_enabled(core)) {
        coatm_count(core, COATM_CNT_RX_DROP_CELLS, len / COATM_CELL_SIZE);
        return;
    }
    if (len % COATM_CELL_SIZE) {
        coatm_count(core, COATM_CNT_RX_FRAME_ERR, 1);
        return;
    }
    for (off = 0; off < len; off += COATM_CELL_SIZE) {
        coatm_rx_cell(core, buf + off);
    }
    coatm_rx_flush(core);
}

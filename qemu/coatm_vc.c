// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coatm PCI ATM NIC: the VC table, independent of QEMU.
 *
 * See coatm_vc.h.
 */
#include <stdlib.h>
#include <string.h>

#include "coatm_vc.h"

#define NS_PER_SEC 1000000000ull

static uint32_t coatm_vc_key_hash(const struct coatm_vc_hash *h,
                                  uint16_t vpi, uint16_t vci)
{
    uint32_t k = ((uint32_t)vpi << 16 | vci) * 0x9e3779b1u;

    return (k ^ (k >> 16)) & h->mask;
}

static void coatm_vc_hash_add(struct coatm_vc_table *t, int which,
                              uint32_t handle)
{
    struct coatm_vc_hash *h = &t->hash[which];
    const struct coatm_vc *vc = &t->vc[handle];
    uint32_t b = coatm_vc_key_hash(h, vc->p.vpi, vc->p.vci);

    h->next[handle] = h->bucket[b];
    h->bucket[b] = handle + 1;
}

static void coatm_vc_hash_del(struct coatm_vc_table *t, int which,
                              uint32_t handle)
{
    struct coatm_vc_hash *h = &t->hash[which];
    const struct coatm_vc *vc = &t->vc[handle];
    uint32_t *link = &h->bucket[coatm_vc_key_hash(h, vc->p.vpi, vc->p.vci)];

    while (*link) {
        if (*link == handle + 1) {
            *link = h->next[handle];
            h->next[handle] = 0;
            return;
        }
        link = &h->next[*link - 1];
    }
}

int coatm_vc_lookup(const struct coatm_vc_table *t, int which,
                    uint16_t vpi, uint16_t vci)
{
    const struct coatm_vc_hash *h = &t->hash[which];
    uint32_t n = h->bucket[coatm_vc_key_hash(h, vpi, vci)];

    while (n) {
        const struct coatm_vc *vc = &t->vc[n - 1];

        if (vc->p.vpi == vpi && vc->p.vci == vci) {
            return (int)(n - 1);
        }
        n = h->next[n - 1];
    }
    return -1;
}

int coatm_vc_table_init(struct coatm_vc_table *t, uint32_t nvcs,
                        uint32_t line_rate, uint32_t vpi_bits,
                        uint32_t vci_bits)
{
    uint32_t nbuckets = 16;
    int i;

    memset(t, 0, sizeof(*t));
    while (nbuckets < nvcs) {
        nbuckets <<= 1;
    }
    t->nvcs = nvcs;
    t->line_rate = line_rate;
    t->vpi_bits = vpi_bits;
    t->vci_bits = vci_bits;
    t->vc = calloc(nvcs, sizeof(*t->vc));
    if (!t->vc) {
        goto fail;
    }
    for (i = 0; i < 2; i++) {
        t->hash[i].mask = nbuckets - 1;
        t->hash[i].bucket = calloc(nbuckets, sizeof(uint32_t));
        t->hash[i].next = calloc(nvcs, sizeof(uint32_t));
        if (!t->hash[i].bucket || !t->hash[i].next) {
            goto fail;
        }
    }
    coatm_vc_table_reset(t);
    return 0;

fail:
    coatm_vc_table_fini(t);
    return -1;
}

void coatm_vc_table_fini(struct coatm_vc_table *t)
{
    int i;

    free(t->vc);
    for (i = 0; i < 2; i++) {
        free(t->hash[i].bucket);
        free(t->hash[i].next);
    }
    memset(t, 0, sizeof(*t));
}

static void coatm_vc_clear(struct coatm_vc *vc)
{
    memset(vc, 0, sizeof(*vc));
    vc->rx.first = COATM_HELD_NONE;
    vc->rx.last = COATM_HELD_NONE;
}

void coatm_vc_table_reset(struct coatm_vc_table *t)
{
    uint32_t i;

    for (i = 0; i < t->nvcs; i++) {
        coatm_vc_clear(&t->vc[i]);
    }
    for (i = 0; i < 2; i++) {
        memset(t->hash[i].bucket, 0,
               (t->hash[i].mask + 1) * sizeof(uint32_t));
        memset(t->hash[i].next, 0, t->nvcs * sizeof(uint32_t));
    }
    t->reserved = 0;
}

struct coatm_vc *coatm_vc_get(struct coatm_vc_table *t, uint32_t handle)
{
    return handle < t->nvcs ? &t->vc[handle] : NULL;
}

int64_t coatm_cells_ns(uint32_t cells, uint32_t rate)
{
    /* cells < 2^32 and 1e9 < 2^30: the product fits in 62 bits */
    return (int64_t)((uint64_t)cells * NS_PER_SEC / rate);
}

/*
 * Check the traffic fields of @p and fill in @eff (a copy of @p with
 * the defaults applied), the rate admission counts and the granted PCR.
 */
static uint32_t coatm_vc_check_traffic(const struct coatm_vc_table *t,
                                       const struct coatm_vc_params *p,
                                       struct coatm_vc_params *eff,
                                       uint32_t *reserved, uint32_t *granted)
{
    *eff = *p;
    if (p->pcr > t->line_rate || p->scr > t->line_rate) {
        return COATM_CMDS_INVALID;
    }
    switch (p->service) {
    case COATM_SVC_UBR:
        /* UBR is shaped to the line rate only. */
        eff->pcr = t->line_rate;
        *reserved = 0;
        *granted = t->line_rate;
        break;
    case COATM_SVC_CBR:
        if (p->pcr == 0) {
            return COATM_CMDS_INVALID;
        }
        *reserved = p->pcr;
        *granted = p->pcr;
        break;
    case COATM_SVC_VBR:
        eff->pcr = p->pcr ? p->pcr : t->line_rate;
        if (p->scr == 0 || p->scr > eff->pcr || p->mbs < 1) {
            return COATM_CMDS_INVALID;
        }
        *reserved = p->scr;
        *granted = eff->pcr;
        break;
    default:
        return COATM_CMDS_INVALID;
    }
    if (p->aal == COATM_AAL5) {
        if (p->max_sdu > COATM_AAL5_MAX_SDU) {
            return COATM_CMDS_INVALID;
        }
        if (p->max_sdu == 0) {
            eff->max_sdu = COATM_AAL5_MAX_SDU;
        }
    } else {
        eff->max_sdu = COATM_CELL_PAYLOAD;
    }
    return COATM_CMDS_OK;
}

/* VBR burst tolerance (MBS - 1) * (1/SCR - 1/PCR), in ns */
static int64_t coatm_vc_bt(const struct coatm_vc_params *p)
{
    int64_t ts, tp;

    if (p->service != COATM_SVC_VBR) {
        return 0;
    }
    ts = coatm_cells_ns(1, p->scr);
    tp = coatm_cells_ns(1, p->pcr);
    /* mbs - 1 < 2^32 and ts - tp <= 1e9 < 2^30: fits in int64 */
    return (int64_t)(p->mbs - 1) * (ts - tp);
}

uint32_t coatm_vc_open(struct coatm_vc_table *t, uint32_t handle,
                       const struct coatm_vc_params *p, uint32_t *granted)
{
    struct coatm_vc_params eff;
    struct coatm_vc *vc = coatm_vc_get(t, handle);
    uint32_t st, reserved, g;

    if (!vc) {
        return COATM_CMDS_INVALID;
    }
    if (vc->open) {
        return COATM_CMDS_EXISTS;
    }
    if (p->vpi >= (1u << t->vpi_bits) || p->vci >= (1u << t->vci_bits) ||
        (p->aal != COATM_AAL0 && p->aal != COATM_AAL5) ||
        !p->dir || (p->dir & ~(COATM_DIR_TX | COATM_DIR_RX))) {
        return COATM_CMDS_INVALID;
    }
    st = coatm_vc_check_traffic(t, p, &eff, &reserved, &g);
    if (st != COATM_CMDS_OK) {
        return st;
    }
    if (!(p->dir & COATM_DIR_TX)) {
        reserved = 0;   /* only TX bandwidth is reserved */
    }
    if (((p->dir & COATM_DIR_RX) &&
         coatm_vc_lookup(t, COATM_VC_HASH_RX, p->vpi, p->vci) >= 0) ||
        ((p->dir & COATM_DIR_TX) &&
         coatm_vc_lookup(t, COATM_VC_HASH_TX, p->vpi, p->vci) >= 0)) {
        return COATM_CMDS_EXISTS;
    }
    if (t->reserved + reserved > t->line_rate) {
        return COATM_CMDS_NO_RATE;
    }

    /* The TX fence of the handle's last life stays. */
    vc->open = true;
    vc->p = eff;
    vc->reserved = reserved;
    vc->granted_pcr = g;
    vc->bt_ns = coatm_vc_bt(&eff);
    vc->tat_pcr = COATM_TAT_IDLE;
    vc->tat_scr = COATM_TAT_IDLE;
    memset(&vc->rx, 0, sizeof(vc->rx));
    vc->rx.first = COATM_HELD_NONE;
    vc->rx.last = COATM_HELD_NONE;
    t->reserved += reserved;
    if (p->dir & COATM_DIR_TX) {
        coatm_vc_hash_add(t, COATM_VC_HASH_TX, handle);
    }
    if (p->dir & COATM_DIR_RX) {
        coatm_vc_hash_add(t, COATM_VC_HASH_RX, handle);
    }
    *granted = g;
    return COATM_CMDS_OK;
}

uint32_t coatm_vc_modify(struct coatm_vc_table *t, uint32_t handle,
                         const struct coatm_vc_params *p,
                         uint32_t *granted)
{
    struct coatm_vc_params eff;
    struct coatm_vc *vc = coatm_vc_get(t, handle);
    uint32_t st, reserved, g;

    if (!vc) {
        return COATM_CMDS_INVALID;
    }
    if (!vc->open) {
        return COATM_CMDS_NOT_OPEN;
    }
    if (p->vpi != vc->p.vpi || p->vci != vc->p.vci || p->aal != vc->p.aal ||
        p->dir != vc->p.dir) {
        return COATM_CMDS_INVALID;
    }
    st = coatm_vc_check_traffic(t, p, &eff, &reserved, &g);
    if (st != COATM_CMDS_OK) {
        return st;
    }
    if (!(p->dir & COATM_DIR_TX)) {
        reserved = 0;   /* only TX bandwidth is reserved */
    }
    if (t->reserved - vc->reserved + reserved > t->line_rate) {
        return COATM_CMDS_NO_RATE;
    }
    t->reserved = t->reserved - vc->reserved + reserved;
    vc->p = eff;
    vc->reserved = reserved;
    vc->granted_pcr = g;
    vc->bt_ns = coatm_vc_bt(&eff);
    *granted = g;
    return COATM_CMDS_OK;
}

uint32_t coatm_vc_close(struct coatm_vc_table *t, uint32_t handle)
{
    struct coatm_vc *vc = coatm_vc_get(t, handle);

    if (!vc) {
        return COATM_CMDS_INVALID;
    }
    if (!vc->open) {
        return COATM_CMDS_NOT_OPEN;
    }
    t->reserved -= vc->reserved;
    if (vc->p.dir & COATM_DIR_TX) {
        coatm_vc_hash_del(t, COATM_VC_HASH_TX, handle);
    }
    if (vc->p.dir & COATM_DIR_RX) {
        coatm_vc_hash_del(t, COATM_VC_HASH_RX, handle);
    }
    vc->open = false;
    vc->reserved = 0;
    return COATM_CMDS_OK;
}

int64_t coatm_vc_eligible(const struct coatm_vc *vc)
{
    int64_t t;

    switch (vc->p.service) {
    case COATM_SVC_CBR:
        return vc->tat_pcr;
    case COATM_SVC_VBR:
        t = vc->tat_scr - vc->bt_ns;
        return t > vc->tat_pcr ? t : vc->tat_pcr;
    default:
        return INT64_MIN;
    }
}

int64_t coatm_gcra_next(int64_t tat, int64_t now, uint32_t cells,
                        uint32_t rate)
{
    /*
     * Not max(tat, now): that would add each late timer's lateness to
     * the schedule for good. Up to the tolerance, what is late is owed.
     */
    if (tat < now - COATM_CDVT_NS) {
        tat = now;
    }
    return tat + coatm_cells_ns(cells, rate);
}

void coatm_vc_charge(struct coatm_vc *vc, int64_t now, uint32_t cells)
{
    switch (vc->p.service) {
    case COATM_SVC_CBR:
        vc->tat_pcr = coatm_gcra_next(vc->tat_pcr, now, cells, vc->p.pcr);
        break;
    case COATM_SVC_VBR:
        vc->tat_pcr = coatm_gcra_next(vc->tat_pcr, now, cells, vc->p.pcr);
        vc->tat_scr = coatm_gcra_next(vc->tat_scr, now, cells, vc->p.scr);
        break;
    default:
        break;
    }
}

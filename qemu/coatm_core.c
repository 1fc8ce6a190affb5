// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coatm PCI ATM NIC: device logic, independent of QEMU.
 *
 * Registers, interrupts, rings, the status block, counters, interrupt
 * moderation, timers, and the command/event engine. See coatm_core.h
 * for the contract with the host and coatm_regs.h for the register map.
 */
#include <stdlib.h>
#include <string.h>

#include "coatm_int.h"

#define COATM_CAPS_BASE (COATM_CAP_AAL0 | COATM_CAP_AAL5 | COATM_CAP_UBR | \
                         COATM_CAP_CBR | COATM_CAP_VBR | \
                         COATM_CAP_PHY_LOOPBACK | COATM_CAP_TX_CLASS_RINGS | \
                         COATM_CAP_RXC_FRAG)

#define COATM_RING_END  COATM_RING_REG(COATM_NUM_RINGS, 0)
#define COATM_CNT_END   COATM_REG_COUNTER_LO(COATM_NUM_COUNTERS)

/* Cause bits of each MSI-X vector. */
static const uint32_t coatm_vec_causes[COATM_NUM_VECTORS] = {
    [COATM_VEC_MISC] = COATM_VEC_MISC_CAUSES,
    [COATM_VEC_TX] = COATM_VEC_TX_CAUSES,
    [COATM_VEC_RX] = COATM_VEC_RX_CAUSES,
};

/* Entry size of each ring */
static const uint32_t coatm_ring_esize[COATM_NUM_RINGS] = {
    [COATM_RING_TX] = COATM_TX_DESC_SIZE,
    [COATM_RING_RXF] = COATM_RXF_DESC_SIZE,
    [COATM_RING_RXC] = COATM_RXC_DESC_SIZE,
    [COATM_RING_CMD] = COATM_CMD_DESC_SIZE,
    [COATM_RING_EVT] = COATM_EVT_DESC_SIZE,
    [COATM_RING_TX_CBR] = COATM_TX_DESC_SIZE,
    [COATM_RING_TX_VBR] = COATM_TX_DESC_SIZE,
};

/* ERROR bit for a bad index written to each ring */
static const uint32_t coatm_ring_error[COATM_NUM_RINGS] = {
    [COATM_RING_TX] = COATM_ERROR_TX_DESC,
    [COATM_RING_RXF] = COATM_ERROR_RX_DESC,
    [COATM_RING_RXC] = COATM_ERROR_RX_DESC,
    [COATM_RING_CMD] = COATM_ERROR_CMD,
    [COATM_RING_EVT] = COATM_ERROR_CMD,
    [COATM_RING_TX_CBR] = COATM_ERROR_TX_DESC,
    [COATM_RING_TX_VBR] = COATM_ERROR_TX_DESC,
};

/* Device-to-driver rings: the device produces at TAIL. */
static bool coatm_ring_to_driver(int r)
{
    return r == COATM_RING_RXC || r == COATM_RING_EVT;
}

uint32_t coatm_core_caps(const struct coatm_core *core)
{
    uint32_t caps = COATM_CAPS_BASE;

    if (core->cfg.vectors > 0) {
        caps |= COATM_CAP_MSIX;
    }
    return caps;
}

/* Interrupts */

bool coatm_core_irq_level(const struct coatm_core *core)
{
    return (core->int_cause & ~core->int_mask) != 0;
}

static void coatm_update_level(struct coatm_core *core)
{
    if (core->ops->set_level) {
        core->ops->set_level(core->opaque, coatm_core_irq_level(core));
    }
}

/* Send one MSI-X edge for each vector that owns a bit of @bits. */
static void coatm_notify(struct coatm_core *core, uint32_t bits)
{
    unsigned int v;

    if (!bits || !core->ops->notify) {
        return;
    }
    for (v = 0; v < COATM_NUM_VECTORS && v < core->cfg.vectors; v++) {
        if (bits & coatm_vec_causes[v]) {
            core->ops->notify(core->opaque, v);
        }
    }
}

/* The device sets cause bits: edge for the newly set, unmasked ones. */
void coatm_raise(struct coatm_core *core, uint32_t bits)
{
    uint32_t fresh = bits & ~core->int_cause;

    core->int_cause |= bits;
    coatm_notify(core, fresh & ~core->int_mask);
    coatm_update_level(core);
}

void coatm_set_error(struct coatm_core *core, uint32_t bits)
{
    core->error |= bits;
    coatm_raise(core, COATM_INT_ERROR);
}

static void coatm_write_mask(struct coatm_core *core, uint32_t val)
{
    uint32_t unmasked = core->int_mask & ~val;

    core->int_mask = val & COATM_INT_ALL;
    /* A pending cause whose mask is lifted interrupts now. */
    coatm_notify(core, unmasked & core->int_cause);
    coatm_update_level(core);
}

static void coatm_write_cause(struct coatm_core *core, uint32_t val)
{
    core->int_cause &= ~val;
    coatm_update_level(core);
}

/* Host services */

int64_t coatm_now(struct coatm_core *core)
{
    return core->ops->now_ns ? core->ops->now_ns(core->opaque) : 0;
}

int coatm_dma_read(struct coatm_core *core, uint64_t addr, void *buf,
                   size_t len)
{
    if (!core->ops->dma_read ||
        core->ops->dma_read(core->opaque, addr, buf, len) < 0) {
        coatm_set_error(core, COATM_ERROR_DMA);
        return -1;
    }
    return 0;
}

int coatm_dma_write(struct coatm_core *core, uint64_t addr, const void *buf,
                    size_t len)
{
    if (!core->ops->dma_write ||
        core->ops->dma_write(core->opaque, addr, buf, len) < 0) {
        coatm_set_error(core, COATM_ERROR_DMA);
        return -1;
    }
    return 0;
}

void coatm_timer_arm(struct coatm_core *core, int id, int64_t expire)
{
    if (core->timer_armed[id] && core->timer_expire[id] == expire) {
        return;
    }
    core->timer_armed[id] = true;
    core->timer_expire[id] = expire;
    if (core->ops->timer_mod) {
        core->ops->timer_mod(core->opaque, id, expire);
    }
}

void coatm_timer_cancel(struct coatm_core *core, int id)
{
    if (!core->timer_armed[id]) {
        return;
    }
    core->timer_armed[id] = false;
    if (core->ops->timer_del) {
        core->ops->timer_del(core->opaque, id);
    }
}

void coatm_count(struct coatm_core *core, unsigned int cnt, uint64_t n)
{
    core->counter[cnt] += n;
}

uint64_t coatm_ring_entry(const struct coatm_core *core, int ring,
                          uint32_t idx)
{
    const struct coatm_ring *r = &core->ring[ring];

    return r->base + (uint64_t)(idx & (r->size - 1)) * coatm_ring_esize[ring];
}

/* Status block */

void coatm_sb_dirty(struct coatm_core *core)
{
    core->sb_dirty = true;
}

void coatm_sb_flush(struct coatm_core *core)
{
    uint8_t sb[COATM_SB_TX_VBR_HEAD + 4];

    if (!core->sb_dirty) {
        return;
    }
    core->sb_dirty = false;
    if (!core->sb_addr) {
        return;
    }
    coatm_st32(sb + COATM_SB_TX_HEAD, core->ring[COATM_RING_TX].head);
    coatm_st32(sb + COATM_SB_RXF_HEAD, core->ring[COATM_RING_RXF].head);
    coatm_st32(sb + COATM_SB_RXC_TAIL, core->ring[COATM_RING_RXC].tail);
    coatm_st32(sb + COATM_SB_CMD_HEAD, core->ring[COATM_RING_CMD].head);
    coatm_st32(sb + COATM_SB_EVT_TAIL, core->ring[COATM_RING_EVT].tail);
    coatm_st32(sb + COATM_SB_TX_CBR_HEAD, core->ring[COATM_RING_TX_CBR].head);
    coatm_st32(sb + COATM_SB_TX_VBR_HEAD, core->ring[COATM_RING_TX_VBR].head);
    coatm_dma_write(core, core->sb_addr, sb, sizeof(sb));
}

/* Interrupt moderation */

static struct coatm_moder *coatm_moder(struct coatm_core *core, bool rx)
{
    return rx ? &core->mod_rx : &core->mod_tx;
}

/*
 * Raise the cause once COUNT completions are pending (COUNT 0: at
 * once), else make sure the USECS timer runs (USECS 0: no timer).
 */
static void coatm_moder_check(struct coatm_core *core, bool rx)
{
    struct coatm_moder *m = coatm_moder(core, rx);
    int timer = rx ? COATM_TIMER_MOD_RX : COATM_TIMER_MOD_TX;
    uint32_t count = COATM_INT_MOD_COUNT(m->reg);
    uint32_t usecs = COATM_INT_MOD_USECS(m->reg);

    if (!m->pending) {
        coatm_timer_cancel(core, timer);
        return;
    }
    if (m->pending >= count) {
        m->pending = 0;
        coatm_timer_cancel(core, timer);
        coatm_raise(core, rx ? COATM_INT_RX_DONE : COATM_INT_TX_DONE);
        return;
    }
    if (!usecs) {
        coatm_timer_cancel(core, timer);
    } else if (!core->timer_armed[timer]) {
        coatm_timer_arm(core, timer,
                        coatm_now(core) + (int64_t)usecs * 1000);
    }
}

void coatm_moder_add(struct coatm_core *core, bool rx, uint32_t n)
{
    if (n) {
        coatm_moder(core, rx)->pending += n;
        coatm_moder_check(core, rx);
    }
}

static void coatm_moder_expired(struct coatm_core *core, bool rx)
{
    struct coatm_moder *m = coatm_moder(core, rx);

    if (m->pending) {
        m->pending = 0;
        coatm_raise(core, rx ? COATM_INT_RX_DONE : COATM_INT_TX_DONE);
    }
}

/* Events and commands */

static bool coatm_evt_space(const struct coatm_core *core)
{
    const struct coatm_ring *evt = &core->ring[COATM_RING_EVT];

    return evt->tail - evt->head < evt->size;
}

/* Write one event; the caller checked there is space. */
static void coatm_evt_put(struct coatm_core *core, uint16_t type,
                          uint16_t vc, uint32_t tag, uint32_t status,
                          uint32_t data)
{
    struct coatm_ring *evt = &core->ring[COATM_RING_EVT];
    uint8_t e[COATM_EVT_DESC_SIZE];

    coatm_st16(e + 0, type);
    coatm_st16(e + 2, vc);
    coatm_st32(e + 4, tag);
    coatm_st32(e + 8, status);
    coatm_st32(e + 12, data);
    coatm_dma_write(core, coatm_ring_entry(core, COATM_RING_EVT, evt->tail),
                    e, sizeof(e));
    evt->tail++;
    coatm_sb_dirty(core);
}

/* Every TX ring's HEAD has reached the fence the pending CLOSE set. */
static bool coatm_close_fence_passed(const struct coatm_core *core)
{
    unsigned int i;

    for (i = 0; i < COATM_NUM_TX_RINGS; i++) {
        if ((int32_t)(core->ring[coatm_tx_ring(i)].head -
                      core->close_fence[i]) < 0) {
            return false;
        }
    }
    return true;
}

/*
 * Where a CLOSE of VC @handle waits for TX ring @r to be: just past the
 * last descriptor of that VC queued on it, so a close waits for the VC's
 * own descriptors only, not for other VCs' shaping. A descriptor that
 * cannot be read counts as one of the VC's.
 */
static uint32_t coatm_close_fence(struct coatm_core *core, int r,
                                  uint32_t handle)
{
    const struct coatm_ring *tx = &core->ring[r];
    uint32_t idx, fence = tx->head;
    uint8_t vc[2];

    for (idx = tx->head; idx != tx->tail; idx++) {
        if (coatm_dma_read(core, coatm_ring_entry(core, r, idx) + 12,
                           vc, sizeof(vc)) < 0 ||
            coatm_ld16(vc) == handle) {
            fence = idx + 1;
        }
    }
    return fence;
}

/*
 * CLOSE: return the VC's RX buffers, close it, then wait until the TX
 * engine has been past every descriptor of the VC that was queued, on any
 * TX ring, when the close ran (they complete with BAD_VC as they reach
 * their ring's head); only then is the command done. Returns false while
 * it waits.
 */
static bool coatm_cmd_close(struct coatm_core *core, uint32_t handle,
                            uint32_t *status)
{
    const struct coatm_ring *tx;
    struct coatm_vc *vc;
    unsigned int i;

    if (!core->close_pending) {
        vc = coatm_vc_get(&core->vcs, handle);
        if (!vc) {
            *status = COATM_CMDS_INVALID;
            return true;
        }
        if (!vc->open) {
            *status = COATM_CMDS_NOT_OPEN;
            return true;
        }
        coatm_rx_vc_discard(core, handle);
        coatm_rx_flush(core);
        coatm_vc_close(&core->vcs, handle);
        core->close_pending = true;
        for (i = 0; i < COATM_NUM_TX_RINGS; i++) {
            tx = &core->ring[coatm_tx_ring(i)];
            /* A ring not set up is never served: nothing to wait for. */
            core->close_fence[i] = tx->size ?
                coatm_close_fence(core, coatm_tx_ring(i), handle) : tx->head;
        }
        coatm_tx_run(core);
    }
    if (!coatm_close_fence_passed(core)) {
        return false;
    }
    core->close_pending = false;
    *status = COATM_CMDS_OK;
    return true;
}

/* Execute the command in @d; returns false if it must wait. */
static bool coatm_cmd_exec(struct coatm_core *core, const uint8_t *d)
{
    struct coatm_vc_params p;
    uint16_t opcode = coatm_ld16(d + 0);
    uint16_t handle = coatm_ld16(d + 2);
    uint32_t tag = coatm_ld32(d + 4);
    uint32_t status, granted = 0;

    p.vpi = coatm_ld16(d + 8);
    p.vci = coatm_ld16(d + 10);
    p.aal = d[12];
    p.dir = d[13];
    p.service = d[14];
    p.pcr = coatm_ld32(d + 16);
    p.scr = coatm_ld32(d + 20);
    p.mbs = coatm_ld32(d + 24);
    p.max_sdu = coatm_ld32(d + 28);

    switch (opcode) {
    case COATM_CMD_OPEN:
        if (core->refuse_open) {
            core->refuse_open--;
            status = COATM_CMDS_NO_RESOURCES;
            break;
        }
        status = coatm_vc_open(&core->vcs, handle, &p, &granted);
        break;
    case COATM_CMD_MODIFY:
        status = coatm_vc_modify(&core->vcs, handle, &p, &granted);
        if (status == COATM_CMDS_OK) {
            /* New rates: re-evaluate a descriptor waiting for shaping. */
            coatm_tx_run(core);
        }
        break;
    case COATM_CMD_CLOSE:
        if (!coatm_cmd_close(core, handle, &status)) {
            return false;
        }
        break;
    default:
        status = COATM_CMDS_INVALID;
        break;
    }
    if (status != COATM_CMDS_OK) {
        granted = 0;
    }
    coatm_evt_put(core, COATM_EVT_CMD_DONE, handle, tag, status, granted);
    return true;
}

static void coatm_cmd_run_once(struct coatm_core *core)
{
    struct coatm_ring *cmd = &core->ring[COATM_RING_CMD];
    uint8_t d[COATM_CMD_DESC_SIZE];
    uint32_t done = 0;
    int64_t due;

    coatm_timer_cancel(core, COATM_TIMER_CMD);
    while (coatm_enabled(core) && !core->cmd_stall && cmd->head != cmd->tail) {
        if (core->cmd_delay_us) {
            due = core->cmd_stamp[cmd->head % COATM_RING_SIZE_MAX] +
                  (int64_t)core->cmd_delay_us * 1000;
            if (coatm_now(core) < due) {
                coatm_timer_arm(core, COATM_TIMER_CMD, due);
                break;
            }
        }
        /* A full event ring: wait for the driver to write EVT HEAD. */
        if (!coatm_evt_space(core)) {
            break;
        }
        if (coatm_dma_read(core, coatm_ring_entry(core, COATM_RING_CMD,
                                                  cmd->head),
                           d, sizeof(d)) < 0) {
            break;
        }
        if (!coatm_cmd_exec(core, d)) {
            break;
        }
        cmd->head++;
        coatm_sb_dirty(core);
        done++;
    }
    if (done) {
        coatm_sb_flush(core);
        coatm_raise(core, COATM_INT_EVENT);
    }
}

static void coatm_cmd_run(struct coatm_core *core)
{
    if (core->cmd_running) {
        core->cmd_again = true;
        return;
    }
    core->cmd_running = true;
    do {
        core->cmd_again = false;
        coatm_cmd_run_once(core);
    } while (core->cmd_again);
    core->cmd_running = false;
}

void coatm_cmd_tx_progress(struct coatm_core *core)
{
    if (core->close_pending && coatm_close_fence_passed(core)) {
        coatm_cmd_run(core);
    }
}

static void coatm_link_event(struct coatm_core *core)
{
    if (!coatm_enabled(core) || !core->ring[COATM_RING_EVT].size) {
        return;
    }
    if (!coatm_evt_space(core)) {
        /* STATUS and INT_LINK still tell; the event itself is lost. */
        coatm_set_error(core, COATM_ERROR_EVT_OVERFLOW);
        return;
    }
    coatm_evt_put(core, COATM_EVT_LINK, 0, 0, core->link_up ? 1 : 0, 0);
    coatm_sb_flush(core);
    coatm_raise(core, COATM_INT_EVENT);
}

/* Init, reset */

/* Power-on state, without calling the host. */
static void coatm_reset_state(struct coatm_core *core)
{
    core->ctrl = 0;
    core->int_cause = 0;
    core->int_mask = COATM_INT_ALL;
    core->scratch = 0;
    core->error = 0;
    core->rx_buf_size = COATM_RX_BUF_SIZE_DEFAULT;
    core->sb_addr = 0;
    core->sb_dirty = false;
    memset(core->ring, 0, sizeof(core->ring));
    memset(&core->mod_tx, 0, sizeof(core->mod_tx));
    memset(&core->mod_rx, 0, sizeof(core->mod_rx));
    memset(core->counter, 0, sizeof(core->counter));
    memset(core->counter_latch, 0, sizeof(core->counter_latch));
    memset(core->timer_armed, 0, sizeof(core->timer_armed));
    core->engine_pending = 0;
    coatm_vc_table_reset(&core->vcs);
    memset(core->cmd_stamp, 0, COATM_RING_SIZE_MAX * sizeof(int64_t));
    core->close_pending = false;
    memset(core->close_fence, 0, sizeof(core->close_fence));
    coatm_tx_reset(core);
    coatm_rx_reset(core);
}

int coatm_core_init(struct coatm_core *core,
                    const struct coatm_core_config *cfg,
                    const struct coatm_core_ops *ops, void *opaque)
{
    if (cfg->max_vcs < 1 || cfg->max_vcs > 0xffff ||
        cfg->vpi_bits > COATM_MAX_VPI_BITS ||
        cfg->vci_bits > COATM_MAX_VCI_BITS ||
        (cfg->vectors != 0 && cfg->vectors != COATM_NUM_VECTORS) ||
        cfg->line_rate < 1 || cfg->line_rate > COATM_LINE_RATE_MAX) {
        return -1;
    }

    memset(core, 0, sizeof(*core));
    core->cfg = *cfg;
    core->ops = ops;
    core->opaque = opaque;
    core->link_up = cfg->link_up;
    if (coatm_vc_table_init(&core->vcs, cfg->max_vcs, cfg->line_rate,
                            cfg->vpi_bits, cfg->vci_bits) < 0) {
        goto fail;
    }
    core->tx_pdu = malloc(COATM_AAL5_MAX_PDU);
    core->tx_frame = malloc(COATM_FRAME_MAX_CELLS * COATM_CELL_SIZE);
    core->cmd_stamp = calloc(COATM_RING_SIZE_MAX, sizeof(int64_t));
    core->held = calloc(COATM_HELD_MAX, sizeof(*core->held));
    core->rx_stage = malloc(COATM_RX_BUF_SIZE_MAX);
    if (!core->tx_pdu || !core->tx_frame || !core->cmd_stamp ||
        !core->held || !core->rx_stage) {
        goto fail;
    }
    /* Reset state without touching the host's interrupt lines yet. */
    coatm_reset_state(core);
    return 0;

fail:
    coatm_core_fini(core);
    return -1;
}

void coatm_core_fini(struct coatm_core *core)
{
    coatm_vc_table_fini(&core->vcs);
    free(core->tx_pdu);
    free(core->tx_frame);
    free(core->cmd_stamp);
    free(core->held);
    free(core->rx_stage);
    core->tx_pdu = NULL;
    core->tx_frame = NULL;
    core->cmd_stamp = NULL;
    core->held = NULL;
    core->rx_stage = NULL;
}

void coatm_core_reset(struct coatm_core *core)
{
    int i;

    for (i = 0; i < COATM_NUM_TIMERS; i++) {
        coatm_timer_cancel(core, i);
    }
    core->cmd_stall = false;
    core->tx_stall = false;
    coatm_reset_state(core);
    coatm_update_level(core);
}

/* Registers */

static uint32_t coatm_status(const struct coatm_core *core)
{
    uint32_t st = 0;

    if (core->link_up) {
        st |= COATM_STATUS_LINK_UP;
    }
    if (core->ctrl & COATM_CTRL_ENABLE) {
        st |= COATM_STATUS_ENABLED;
    }
    /* The model resets instantly: RESET_BUSY is never set. */
    return st;
}

static bool coatm_ring_config_ok(const struct coatm_core *core, int r)
{
    const struct coatm_ring *ring = &core->ring[r];
    uint32_t used = ring->tail - ring->head;

    if (!ring->size) {
        return true;
    }
    return ring->size >= 2 && ring->size <= COATM_RING_SIZE_MAX &&
           !(ring->size & (ring->size - 1)) &&
           !(ring->base % coatm_ring_esize[r]) && used <= ring->size;
}

/* What CTRL.ENABLE checks before the device starts. */
static bool coatm_config_ok(const struct coatm_core *core)
{
    const struct coatm_ring *rxf = &core->ring[COATM_RING_RXF];
    const struct coatm_ring *rxc = &core->ring[COATM_RING_RXC];
    int r;

    for (r = 0; r < COATM_NUM_RINGS; r++) {
        if (!coatm_ring_config_ok(core, r)) {
            return false;
        }
    }
    if (rxf->size && rxc->size < rxf->size) {
        return false;
    }
    /* Commands complete only through events. */
    if (core->ring[COATM_RING_CMD].size &&
        !core->ring[COATM_RING_EVT].size) {
        return false;
    }
    return core->rx_buf_size >= COATM_RX_BUF_SIZE_MIN &&
           core->rx_buf_size <= COATM_RX_BUF_SIZE_MAX &&
           !(core->rx_buf_size % 64);
}

static void coatm_write_ctrl(struct coatm_core *core, uint32_t val)
{
    uint32_t new = val & COATM_CTRL_MASK;
    bool refuse;

    if (val & COATM_CTRL_RESET) {
        coatm_core_reset(core);
        return;
    }
    if (!(new & COATM_CTRL_ENABLE) || coatm_enabled(core)) {
        core->ctrl = new;
        return;
    }
    refuse = !coatm_config_ok(core);
    if (!refuse && core->refuse_rings) {
        core->refuse_rings--;   /* fault knob: good rings taken for bad */
        refuse = true;
    }
    if (refuse) {
        core->ctrl = new & ~COATM_CTRL_ENABLE;
        coatm_set_error(core, COATM_ERROR_RING_CONFIG);
        return;
    }
    if (core->rx_buf != core->rx_buf_size) {
        /* Buffers held for reassembly have the old size. */
        coatm_rx_discard_all(core);
        coatm_rx_flush(core);
        core->rx_buf = core->rx_buf_size;
    }
    core->ctrl = new;
    /* Doorbells rung while disabled take effect now. */
    coatm_kick(core, COATM_ENGINE_CMD);
    coatm_kick(core, COATM_ENGINE_TX);
}

static enum coatm_mmio_status coatm_ring_read(struct coatm_core *core,
                                              uint64_t off, uint32_t *val)
{
    const struct coatm_ring *ring;
    int r = (off - COATM_RING_BASE_OFF) / COATM_RING_STRIDE;

    ring = &core->ring[r];
    switch ((off - COATM_RING_BASE_OFF) % COATM_RING_STRIDE) {
    case COATM_RING_BASE_LO:
        *val = (uint32_t)ring->base;
        break;
    case COATM_RING_BASE_HI:
        *val = ring->base >> 32;
        break;
    case COATM_RING_SIZE:
        *val = ring->size;
        break;
    case COATM_RING_HEAD:
        *val = ring->head;
        break;
    case COATM_RING_TAIL:
        *val = ring->tail;
        break;
    default:
        return COATM_MMIO_UNKNOWN;
    }
    return COATM_MMIO_OK;
}

/* The driver moved the index it owns of ring @r to @val. */
static enum coatm_mmio_status coatm_ring_index(struct coatm_core *core, int r,
                                               uint32_t val)
{
    struct coatm_ring *ring = &core->ring[r];
    uint32_t old, n;
    int64_t now;

    if (coatm_ring_to_driver(r)) {
        if (ring->tail - val > ring->size) {
            coatm_set_error(core, coatm_ring_error[r]);
            return COATM_MMIO_BAD_INDEX;
        }
        ring->head = val;
        if (r == COATM_RING_EVT) {
            coatm_kick(core, COATM_ENGINE_CMD);
        }
        return COATM_MMIO_OK;
    }

    if (val - ring->head > ring->size) {
        coatm_set_error(core, coatm_ring_error[r]);
        return COATM_MMIO_BAD_INDEX;
    }
    old = ring->tail;
    ring->tail = val;
    switch (r) {
    case COATM_RING_TX:
    case COATM_RING_TX_CBR:
    case COATM_RING_TX_VBR:
        coatm_kick(core, COATM_ENGINE_TX);
        break;
    case COATM_RING_CMD:
        /*
         * Stamp the new commands with their doorbell time. At most
         * COATM_RING_SIZE_MAX are outstanding, so slots do not collide.
         */
        n = val - old;
        if (n <= COATM_RING_SIZE_MAX) {
            now = coatm_now(core);
            for (; old != val; old++) {
                core->cmd_stamp[old % COATM_RING_SIZE_MAX] = now;
            }
        }
        coatm_kick(core, COATM_ENGINE_CMD);
        break;
    default:
        /* RXF: buffers are taken when cells need them. */
        break;
    }
    return COATM_MMIO_OK;
}

static enum coatm_mmio_status coatm_ring_write(struct coatm_core *core,
                                               uint64_t off, uint32_t val)
{
    struct coatm_ring *ring;
    int r = (off - COATM_RING_BASE_OFF) / COATM_RING_STRIDE;
    uint32_t reg = (off - COATM_RING_BASE_OFF) % COATM_RING_STRIDE;

    ring = &core->ring[r];
    switch (reg) {
    case COATM_RING_BASE_LO:
    case COATM_RING_BASE_HI:
    case COATM_RING_SIZE:
        if (coatm_enabled(core)) {
            return COATM_MMIO_LOCKED;
        }
        if (reg == COATM_RING_BASE_LO) {
            ring->base = (ring->base & ~0xffffffffull) | val;
        } else if (reg == COATM_RING_BASE_HI) {
            ring->base = (ring->base & 0xffffffffull) | (uint64_t)val << 32;
        } else {
            ring->size = val;
        }
        return COATM_MMIO_OK;
    case COATM_RING_HEAD:
        if (!coatm_ring_to_driver(r)) {
            return COATM_MMIO_READ_ONLY;
        }
        return coatm_ring_index(core, r, val);
    case COATM_RING_TAIL:
        if (coatm_ring_to_driver(r)) {
            return COATM_MMIO_READ_ONLY;
        }
        return coatm_ring_index(core, r, val);
    default:
        return COATM_MMIO_UNKNOWN;
    }
}

enum coatm_mmio_status coatm_core_mmio_read(struct coatm_core *core,
                                            uint64_t off, uint32_t *val)
{
    const uint8_t *esi = core->cfg.esi;
    unsigned int n;

    *val = 0;
    if (core->dead) {
        *val = 0xffffffff;      /* what a read of a missing device gives */
        return COATM_MMIO_OK;
    }
    if (off & 3) {
        return COATM_MMIO_UNALIGNED;
    }
    if (off >= COATM_RING_BASE_OFF && off < COATM_RING_END) {
        return coatm_ring_read(core, off, val);
    }
    if (off >= COATM_REG_COUNTER_LO(0) && off < COATM_CNT_END) {
        n = (off - COATM_REG_COUNTER_LO(0)) / 8;
        if (off == COATM_REG_COUNTER_LO(n)) {
            *val = (uint32_t)core->counter[n];
            core->counter_latch[n] = core->counter[n] >> 32;
        } else {
            *val = core->counter_latch[n];
        }
        return COATM_MMIO_OK;
    }

    switch (off) {
    case COATM_REG_ID:
        *val = COATM_ID_VALUE;
        break;
    case COATM_REG_VERSION:
        *val = COATM_VERSION_CURRENT;
        break;
    case COATM_REG_CAPS:
        *val = coatm_core_caps(core);
        break;
    case COATM_REG_VC_CAPS:
        *val = COATM_VC_CAPS(core->cfg.max_vcs, core->cfg.vpi_bits,
                             core->cfg.vci_bits);
        break;
    case COATM_REG_CTRL:
        *val = core->ctrl;
        break;
    case COATM_REG_STATUS:
        *val = coatm_status(core);
        break;
    case COATM_REG_INT_CAUSE:
        *val = core->int_cause;
        break;
    case COATM_REG_INT_MASK:
        *val = core->int_mask;
        break;
    case COATM_REG_LINE_RATE:
        *val = core->cfg.line_rate;
        break;
    case COATM_REG_ESI_LO:
        *val = (uint32_t)esi[0] | (uint32_t)esi[1] << 8 |
               (uint32_t)esi[2] << 16 | (uint32_t)esi[3] << 24;
        break;
    case COATM_REG_ESI_HI:
        *val = (uint32_t)esi[4] | (uint32_t)esi[5] << 8;
        break;
    case COATM_REG_SCRATCH:
        *val = core->scratch;
        break;
    case COATM_REG_INT_MOD_TX:
        *val = core->mod_tx.reg;
        break;
    case COATM_REG_INT_MOD_RX:
        *val = core->mod_rx.reg;
        break;
    case COATM_REG_RX_BUF_SIZE:
        *val = core->rx_buf_size;
        break;
    case COATM_REG_STATUS_BLOCK_LO:
        *val = (uint32_t)core->sb_addr;
        break;
    case COATM_REG_STATUS_BLOCK_HI:
        *val = core->sb_addr >> 32;
        break;
    case COATM_REG_ERROR:
        *val = core->error;
        break;
    default:
        return COATM_MMIO_UNKNOWN;
    }
    return COATM_MMIO_OK;
}

enum coatm_mmio_status coatm_core_mmio_write(struct coatm_core *core,
                                             uint64_t off, uint32_t val)
{
    if (core->dead) {
        return COATM_MMIO_OK;
    }
    if (off & 3) {
        return COATM_MMIO_UNALIGNED;
    }
    if (off >= COATM_RING_BASE_OFF && off < COATM_RING_END) {
        return coatm_ring_write(core, off, val);
    }
    if (off >= COATM_REG_COUNTER_LO(0) && off < COATM_CNT_END) {
        return COATM_MMIO_READ_ONLY;
    }

    switch (off) {
    case COATM_REG_CTRL:
        coatm_write_ctrl(core, val);
        break;
    case COATM_REG_INT_CAUSE:
        coatm_write_cause(core, val);
        break;
    case COATM_REG_INT_MASK:
        coatm_write_mask(core, val);
        break;
    case COATM_REG_SCRATCH:
        core->scratch = val;
        break;
    case COATM_REG_INT_MOD_TX:
        core->mod_tx.reg = val;
        coatm_moder_check(core, false);
        break;
    case COATM_REG_INT_MOD_RX:
        core->mod_rx.reg = val;
        coatm_moder_check(core, true);
        break;
    case COATM_REG_RX_BUF_SIZE:
    case COATM_REG_STATUS_BLOCK_LO:
    case COATM_REG_STATUS_BLOCK_HI:
        if (coatm_enabled(core)) {
            return COATM_MMIO_LOCKED;
        }
        if (off == COATM_REG_RX_BUF_SIZE) {
            core->rx_buf_size = val;
        } else if (off == COATM_REG_STATUS_BLOCK_LO) {
            core->sb_addr = (core->sb_addr & ~0xffffffffull) | val;
        } else {
            core->sb_addr = (core->sb_addr & 0xffffffffull) |
                            (uint64_t)val << 32;
        }
        break;
    case COATM_REG_ERROR:
        core->error &= ~val;
        break;
    case COATM_REG_ID:
    case COATM_REG_VERSION:
    case COATM_REG_CAPS:
    case COATM_REG_VC_CAPS:
    case COATM_REG_STATUS:
    case COATM_REG_LINE_RATE:
    case COATM_REG_ESI_LO:
    case COATM_REG_ESI_HI:
        return COATM_MMIO_READ_ONLY;
    default:
        return COATM_MMIO_UNKNOWN;
    }
    return COATM_MMIO_OK;
}

const char *coatm_mmio_status_str(enum coatm_mmio_status st)
{
    switch (st) {
    case COATM_MMIO_OK:
        return "ok";
    case COATM_MMIO_UNALIGNED:
        return "unaligned";
    case COATM_MMIO_UNKNOWN:
        return "unknown register";
    case COATM_MMIO_READ_ONLY:
        return "read-only register";
    case COATM_MMIO_LOCKED:
        return "register locked while enabled";
    case COATM_MMIO_BAD_INDEX:
        return "ring index out of range";
    }
    return "?";
}

/* Link, timers, knobs */

void coatm_core_set_link(struct coatm_core *core, bool up)
{
    if (core->link_up == up) {
        return;
    }
    core->link_up = up;
    coatm_link_event(core);
    coatm_raise(core, COATM_INT_LINK);
}

void coatm_core_link_rx(struct coatm_core *core, const void *buf, size_t len)
{
    if (core->dead) {
        return;
    }
    coatm_rx_frame(core, buf, len);
}

static void coatm_engine_run(struct coatm_core *core, int engine)
{
    if (engine == COATM_ENGINE_TX) {
        coatm_tx_run(core);
    } else {
        coatm_cmd_run(core);
    }
}

void coatm_kick(struct coatm_core *core, int engine)
{
    uint32_t bit = 1u << engine;

    if (!core->ops->schedule) {
        coatm_engine_run(core, engine);
        return;
    }
    if (!(core->engine_pending & bit)) {
        core->engine_pending |= bit;
        core->ops->schedule(core->opaque, engine);
    }
}

void coatm_core_run_engine(struct coatm_core *core, int engine)
{
    /* Commands first: an OPEN rung before a PDU on its VC goes first. */
    static const int order[COATM_NUM_ENGINES] = {
        COATM_ENGINE_CMD, COATM_ENGINE_TX,
    };
    uint32_t bit;
    int i;

    if (engine < 0 || engine >= COATM_NUM_ENGINES || core->dead ||
        !(core->engine_pending & (1u << engine))) {
        return;
    }
    /*
     * Whichever engine the host runs first does the work of every
     * engine that is pending, in a fixed order, so the outcome does not
     * depend on the order in which the host runs its bottom halves.
     */
    for (i = 0; i < COATM_NUM_ENGINES; i++) {
        bit = 1u << order[i];
        if (core->engine_pending & bit) {
            core->engine_pending &= ~bit;
            coatm_engine_run(core, order[i]);
        }
    }
}

void coatm_core_timer_fired(struct coatm_core *core, int timer_id)
{
    if (timer_id < 0 || timer_id >= COATM_NUM_TIMERS ||
        !core->timer_armed[timer_id]) {
        return;
    }
    core->timer_armed[timer_id] = false;
    switch (timer_id) {
    case COATM_TIMER_TX:
        coatm_tx_run(core);
        break;
    case COATM_TIMER_CMD:
        coatm_cmd_run(core);
        break;
    case COATM_TIMER_MOD_TX:
        coatm_moder_expired(core, false);
        break;
    case COATM_TIMER_MOD_RX:
        coatm_moder_expired(core, true);
        break;
    }
}

void coatm_core_set_cmd_delay_us(struct coatm_core *core, uint32_t us)
{
    core->cmd_delay_us = us;
    coatm_kick(core, COATM_ENGINE_CMD);
}

void coatm_core_set_cmd_stall(struct coatm_core *core, bool stall)
{
    core->cmd_stall = stall;
    coatm_kick(core, COATM_ENGINE_CMD);
}

void coatm_core_set_tx_stall(struct coatm_core *core, bool stall)
{
    core->tx_stall = stall;
    coatm_kick(core, COATM_ENGINE_TX);
}

void coatm_core_set_rx_corrupt(struct coatm_core *core, uint32_t pdus)
{
    core->rx_corrupt = pdus;
}

void coatm_core_set_hostile_rxc(struct coatm_core *core, uint32_t n)
{
    core->hostile_rxc = n;
}

void coatm_core_set_dead(struct coatm_core *core, bool dead)
{
    if (dead == core->dead) {
        return;
    }
    /* Either way the engines stop; coming back is a power-on. */
    coatm_core_reset(core);
    core->dead = dead;
}

void coatm_core_inject_error(struct coatm_core *core, uint32_t bits)
{
    if (!core->dead && bits) {
        coatm_set_error(core, bits);
    }
}

void coatm_core_set_refuse_open(struct coatm_core *core, uint32_t n)
{
    core->refuse_open = n;
}

void coatm_core_set_refuse_rings(struct coatm_core *core, uint32_t n)
{
    core->refuse_rings = n;
}

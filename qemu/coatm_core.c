// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coatm PCI ATM NIC: device logic, independent of QEMU.
 *
 * See coatm_core.h for the contract with the host and coatm_regs.h for
 * the register map.
 */
#include <string.h>

#include "coatm_core.h"

#define COATM_CAPS_BASE (COATM_CAP_AAL0 | COATM_CAP_AAL5 | COATM_CAP_UBR | \
                         COATM_CAP_CBR | COATM_CAP_VBR | \
                         COATM_CAP_PHY_LOOPBACK)

/* Cause bits of each MSI-X vector. */
static const uint32_t coatm_vec_causes[COATM_NUM_VECTORS] = {
    [COATM_VEC_MISC] = COATM_INT_LINK | COATM_INT_ERROR,
};

uint32_t coatm_core_caps(const struct coatm_core *core)
{
    uint32_t caps = COATM_CAPS_BASE;

    if (core->cfg.vectors > 0) {
        caps |= COATM_CAP_MSIX;
    }
    return caps;
}

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
static void coatm_raise(struct coatm_core *core, uint32_t bits)
{
    uint32_t fresh = bits & ~core->int_cause;

    core->int_cause |= bits;
    coatm_notify(core, fresh & ~core->int_mask);
    coatm_update_level(core);
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

int coatm_core_init(struct coatm_core *core,
                    const struct coatm_core_config *cfg,
                    const struct coatm_core_ops *ops, void *opaque)
{
    if (cfg->max_vcs < 1 || cfg->max_vcs > 0xffff ||
        cfg->vpi_bits > COATM_MAX_VPI_BITS ||
        cfg->vci_bits > COATM_MAX_VCI_BITS ||
        cfg->vectors > COATM_NUM_VECTORS)
        return -1;

    memset(core, 0, sizeof(*core));
    core->cfg = *cfg;
    core->ops = ops;
    core->opaque = opaque;
    core->link_up = cfg->link_up;
    /* Reset state without touching the host's interrupt lines yet. */
    core->int_mask = COATM_INT_ALL;
    return 0;
}

void coatm_core_reset(struct coatm_core *core)
{
    core->ctrl = 0;
    core->int_cause = 0;
    core->int_mask = COATM_INT_ALL;
    core->scratch = 0;
    core->rx_dropped = 0;
    coatm_update_level(core);
}

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

enum coatm_mmio_status coatm_core_mmio_read(struct coatm_core *core,
                                            uint64_t off, uint32_t *val)
{
    const uint8_t *esi = core->cfg.esi;

    *val = 0;
    if (off & 3) {
        return COATM_MMIO_UNALIGNED;
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
    default:
        return COATM_MMIO_UNKNOWN;
    }
    return COATM_MMIO_OK;
}

enum coatm_mmio_status coatm_core_mmio_write(struct coatm_core *core,
                                             uint64_t off, uint32_t val)
{
    if (off & 3) {
        return COATM_MMIO_UNALIGNED;
    }

    switch (off) {
    case COATM_REG_CTRL:
        if (val & COATM_CTRL_RESET) {
            coatm_core_reset(core);
        } else {
            core->ctrl = val & COATM_CTRL_MASK;
        }
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
    }
    return "?";
}

void coatm_core_set_link(struct coatm_core *core, bool up)
{
    if (core->link_up == up) {
        return;
    }
    core->link_up = up;
    coatm_raise(core, COATM_INT_LINK);
}

void coatm_core_link_rx(struct coatm_core *core, const void *buf, size_t len)
{
    (void)buf;
    (void)len;
    /* No receive path yet: every frame is dropped. */
    core->rx_dropped++;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * coatm PCI ATM NIC: device logic, independent of QEMU.
 *
 * The core holds the register state and decides when to interrupt.
 * Everything it needs from its host (interrupt delivery, DMA, the wire)
 * goes through struct coatm_core_ops, so the same code runs inside
 * QEMU (coatm_pci.c) and in the host unit tests (tests/test_core.c).
 * It uses nothing beyond C99 and its standard headers.
 *
 * The core is not thread safe: the host serialises every call (QEMU
 * holds the BQL for MMIO and net callbacks).
 */
#ifndef COATM_CORE_H
#define COATM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coatm_regs.h"

struct coatm_core_ops {
    /* MSI-X edge on @vector (only vectors < config.vectors are used) */
    void (*notify)(void *opaque, unsigned int vector);
    /* INTx level, (INT_CAUSE & ~INT_MASK) != 0; may repeat a level */
    void (*set_level)(void *opaque, bool level);
    /* Bus-master DMA; return 0 on success, negative on failure */
    int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*dma_write)(void *opaque, uint64_t addr, const void *buf,
                     size_t len);
    /* Put one frame on the wire */
    void (*link_tx)(void *opaque, const void *buf, size_t len);
};

struct coatm_core_config {
    uint8_t esi[COATM_ESI_LEN];
    uint32_t line_rate; /* cells per second */
    uint32_t max_vcs;   /* 1..65535 */
    uint32_t vpi_bits;  /* <= COATM_MAX_VPI_BITS */
    uint32_t vci_bits;  /* <= COATM_MAX_VCI_BITS */
    uint32_t vectors;   /* MSI-X vectors, 0 = INTx only */
    bool link_up;               /* link state at init */
};

/* Outcome of one MMIO access, for the host to log guest errors. */
enum coatm_mmio_status {
    COATM_MMIO_OK = 0,
    COATM_MMIO_UNALIGNED,       /* offset not a multiple of 4 */
    COATM_MMIO_UNKNOWN, /* no register at this offset */
    COATM_MMIO_READ_ONLY,       /* write to a read-only register */
};

struct coatm_core {
    struct coatm_core_config cfg;
    const struct coatm_core_ops *ops;
    void *opaque;

    /* registers */
    uint32_t ctrl;
    uint32_t int_cause;
    uint32_t int_mask;
    uint32_t scratch;

    bool link_up;

    /* statistics, not visible to the guest yet */
    uint64_t rx_dropped;        /* frames received and dropped */
};

/* Returns 0, or -1 if @cfg is out of range (see struct coatm_core_config). */
int coatm_core_init(struct coatm_core *core,
                    const struct coatm_core_config *cfg,
                    const struct coatm_core_ops *ops, void *opaque);

/* Device reset: what CTRL.RESET does. Keeps link state, ESI and caps. */
void coatm_core_reset(struct coatm_core *core);

/* 32-bit register access at @off in BAR0. Bad reads yield 0. */
enum coatm_mmio_status coatm_core_mmio_read(struct coatm_core *core,
                                            uint64_t off, uint32_t *val);
enum coatm_mmio_status coatm_core_mmio_write(struct coatm_core *core,
                                             uint64_t off, uint32_t val);
const char *coatm_mmio_status_str(enum coatm_mmio_status st);

/* Current INTx level: (INT_CAUSE & ~INT_MASK) != 0. */
bool coatm_core_irq_level(const struct coatm_core *core);

/* The PHY reports link up/down; a change raises COATM_INT_LINK. */
void coatm_core_set_link(struct coatm_core *core, bool up);

/* A frame arrived from the wire. For now it is counted and dropped. */
void coatm_core_link_rx(struct coatm_core *core, const void *buf,
                        size_t len);

uint32_t coatm_core_caps(const struct coatm_core *core);

#endif /* COATM_CORE_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * coatm PCI ATM NIC: device logic, independent of QEMU.
 *
 * The core holds the register state and decides when to interrupt.
 * Everything it needs from its host (interrupt delivery, DMA, the wire,
 * a clock and timers) goes through struct coatm_core_ops, so the same
 * code runs inside QEMU (coatm_pci.c) and in the host unit tests
 * (tests/test_core.c). It uses nothing beyond C99 and its standard
 * headers, and allocates only in coatm_core_init().
 *
 * The core is not thread safe: the host serialises every call (QEMU
 * holds the BQL for MMIO, timers, bottom halves, QOM and net callbacks).
 *
 * Files: coatm_core.c (registers, interrupts, rings, status block,
 * counters, moderation, commands and events), coatm_tx.c (TX engine and
 * shaping), coatm_rx.c (cells in, reassembly, RX completions),
 * coatm_sar.c (HEC, CRC-32, headers, AAL5 framing), coatm_vc.c (VC
 * table, lookup, admission, GCRA).
 */
#ifndef COATM_CORE_H
#define COATM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coatm_regs.h"
#include "coatm_vc.h"

/* The core's timers; the host provides one of each. */
enum coatm_timer {
    COATM_TIMER_TX,     /* TX shaping: the first head gets eligible */
    COATM_TIMER_CMD,    /* cmd-delay-us: the next command is due */
    COATM_TIMER_MOD_TX, /* TX interrupt moderation time limit */
    COATM_TIMER_MOD_RX, /* RX interrupt moderation time limit */
    COATM_NUM_TIMERS,
};

/*
 * The core's engines. A doorbell only records the new index; the engine
 * runs later, from coatm_core_run_engine(), when the host gets to it
 * (a bottom half in QEMU), never inside the register write.
 */
enum coatm_engine {
    COATM_ENGINE_TX,    /* TX rings: scheduler, SAR, shaping */
    COATM_ENGINE_CMD,   /* command ring and event ring */
    COATM_NUM_ENGINES,
};

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
    /* Monotonic clock in ns */
    int64_t (*now_ns)(void *opaque);
    /*
     * (Re)arm timer @timer_id to call coatm_core_timer_fired() at
     * @expire_ns on the now_ns() clock; timer_del disarms it.
     */
    void (*timer_mod)(void *opaque, int timer_id, int64_t expire_ns);
    void (*timer_del)(void *opaque, int timer_id);
    /*
     * Call coatm_core_run_engine(@engine) soon, from a context of its
     * own, not from within this call. The core asks once until the
     * engine has run. NULL: the engines run inline, in the register
     * write that wakes them.
     */
    void (*schedule)(void *opaque, int engine);
};

struct coatm_core_config {
    uint8_t esi[COATM_ESI_LEN];
    uint32_t line_rate; /* cells per second, 1..COATM_LINE_RATE_MAX */
    uint32_t max_vcs;   /* 1..65535 */
    uint32_t vpi_bits;  /* <= COATM_MAX_VPI_BITS; > 8 means NNI cells */
    uint32_t vci_bits;  /* <= COATM_MAX_VCI_BITS */
    uint32_t vectors;   /* MSI-X vectors: 0 (INTx only) or 3 */
    bool link_up;       /* link state at init */
};

/* Outcome of one MMIO access, for the host to log guest errors. */
enum coatm_mmio_status {
    COATM_MMIO_OK = 0,
    COATM_MMIO_UNALIGNED,       /* offset not a multiple of 4 */
    COATM_MMIO_UNKNOWN,         /* no register at this offset */
    COATM_MMIO_READ_ONLY,       /* write to a read-only register */
    COATM_MMIO_LOCKED,          /* write needs the device disabled */
    COATM_MMIO_BAD_INDEX,       /* ring index out of range: ERROR set */
};

/*
 * RX buffers the device holds for reassembly in progress, all VCs
 * together. A PDU that would need more is dropped as for lack of
 * buffers. One maximum PDU in 64-byte buffers needs 1026.
 */
#define COATM_HELD_MAX          16384

struct coatm_held {
    uint64_t addr;
    uint32_t buf_id;
    uint32_t next;      /* next in its VC's list or the free list */
};

/*
 * TX rings, one per service class (COATM_CAP_TX_CLASS_RINGS):
 * COATM_RING_TX_CBR, COATM_RING_TX_VBR and COATM_RING_TX (UBR), in this
 * order of priority (coatm_tx_ring() in coatm_int.h).
 */
#define COATM_NUM_TX_RINGS      3

struct coatm_ring {
    uint64_t base;
    uint32_t size;
    uint32_t head;
    uint32_t tail;
};

/* Interrupt moderation of one completion cause */
struct coatm_moder {
    uint32_t reg;       /* COATM_INT_MOD() value */
    uint32_t pending;   /* completions since the cause was last raised */
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
    uint32_t error;
    uint32_t rx_buf_size;
    uint64_t sb_addr;
    struct coatm_ring ring[COATM_NUM_RINGS];
    struct coatm_moder mod_tx;
    struct coatm_moder mod_rx;
    uint64_t counter[COATM_NUM_COUNTERS];
    uint32_t counter_latch[COATM_NUM_COUNTERS];

    bool link_up;
    bool sb_dirty;              /* an index moved since the last write */

    /* engines asked to run (bit per enum coatm_engine) */
    uint32_t engine_pending;

    /* timers as the core last set them */
    bool timer_armed[COATM_NUM_TIMERS];
    int64_t timer_expire[COATM_NUM_TIMERS];

    /* VCs */
    struct coatm_vc_table vcs;

    /* TX engine */
    int64_t link_tat;           /* the link's next free time, ns */
    uint8_t *tx_pdu;            /* staging: COATM_AAL5_MAX_PDU bytes */
    uint8_t *tx_frame;          /* COATM_FRAME_MAX_CELLS cells */
    bool tx_running;
    bool tx_again;

    /* command engine */
    int64_t *cmd_stamp;         /* doorbell time per CMD slot */
    bool cmd_running;
    bool cmd_again;
    bool close_pending;         /* CLOSE at CMD HEAD waits for TX */
    /* ... for each TX ring, by coatm_tx_ring() order, to reach this HEAD */
    uint32_t close_fence[COATM_NUM_TX_RINGS];

    /* RX engine */
    struct coatm_held *held;    /* COATM_HELD_MAX entries */
    uint32_t held_free;         /* free list, COATM_HELD_NONE if empty */
    uint32_t rx_buf;            /* RX buffer size in use since enable */
    uint32_t rx_batch;          /* completions not yet announced */
    /*
     * AAL5 bytes bound for the end of the last buffer VC rx_stage_vc
     * holds, written with one DMA when that buffer is full, at the end
     * of the PDU or of the frame, or before another VC's cell
     */
    uint8_t *rx_stage;          /* COATM_RX_BUF_SIZE_MAX bytes */
    uint32_t rx_stage_vc;
    uint32_t rx_stage_len;
    bool rx_nobuf;              /* INT_RX_NOBUF to raise after them */

    /*
     * fault knobs, set by the host; kept across reset, except the two
     * stalls, which model wedged engines that a reset cures
     */
    uint32_t cmd_delay_us;
    bool cmd_stall;
    bool tx_stall;
    bool dead;                  /* off the bus: MMIO reads all-ones */
    uint32_t refuse_open;       /* OPEN commands still to refuse */
    uint32_t refuse_rings;      /* enables with good rings still to refuse */
    uint32_t rx_corrupt;        /* AAL5 PDUs still to corrupt */
    uint32_t hostile_rxc;       /* RX completions still to garble */
    uint32_t hostile_seq;       /* which garbage comes next */
};

/*
 * Returns 0, or -1 if @cfg is out of range (see struct
 * coatm_core_config) or memory is short. The core then needs
 * coatm_core_fini(); fini is also safe on a zeroed core.
 */
int coatm_core_init(struct coatm_core *core,
                    const struct coatm_core_config *cfg,
                    const struct coatm_core_ops *ops, void *opaque);
void coatm_core_fini(struct coatm_core *core);

/*
 * Device reset: what CTRL.RESET does. Keeps link state, ESI, caps and
 * the fault knobs but cmd-stall and tx-stall (a reset un-wedges the
 * engines); everything else returns to its power-on value.
 */
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

/* A frame arrived from the wire. */
void coatm_core_link_rx(struct coatm_core *core, const void *buf,
                        size_t len);

/*
 * Run engine @engine (enum coatm_engine) as far as it can go, if the
 * core asked for it and no reset came in between.
 */
void coatm_core_run_engine(struct coatm_core *core, int engine);

/* Timer @timer_id (enum coatm_timer) expired. */
void coatm_core_timer_fired(struct coatm_core *core, int timer_id);

uint32_t coatm_core_caps(const struct coatm_core *core);

/* Fault knobs (see Documentation/coatm-hw.rst); take effect at once. */
void coatm_core_set_cmd_delay_us(struct coatm_core *core, uint32_t us);
void coatm_core_set_cmd_stall(struct coatm_core *core, bool stall);
void coatm_core_set_tx_stall(struct coatm_core *core, bool stall);
void coatm_core_set_rx_corrupt(struct coatm_core *core, uint32_t pdus);
void coatm_core_set_hostile_rxc(struct coatm_core *core, uint32_t n);
/*
 * dead: the device falls off the bus (MMIO reads all-ones, writes,
 * DMA, interrupts and the wire stop); clearing it brings the device back
 * in its power-on state.
 */
void coatm_core_set_dead(struct coatm_core *core, bool dead);
/* Latch ERROR bits and raise COATM_INT_ERROR, as a failing device would. */
void coatm_core_inject_error(struct coatm_core *core, uint32_t bits);
/* Refuse the next @n OPEN commands with COATM_CMDS_NO_RESOURCES. */
void coatm_core_set_refuse_open(struct coatm_core *core, uint32_t n);
/*
 * Refuse the next @n enables (CTRL.ENABLE) whose ring configuration is
 * good, as if it were not: ENABLE stays clear, ERROR.RING_CONFIG is
 * latched and INT_ERROR raised.
 */
void coatm_core_set_refuse_rings(struct coatm_core *core, uint32_t n);

#endif /* COATM_CORE_H */

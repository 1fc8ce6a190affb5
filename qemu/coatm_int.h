/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * coatm PCI ATM NIC: what the core's files share with each other.
 * Not part of the interface to the host (that is coatm_core.h).
 */
#ifndef COATM_INT_H
#define COATM_INT_H

#include "coatm_core.h"
#include "coatm_sar.h"

#define COATM_RX_BUF_SIZE_DEFAULT       2048

static inline bool coatm_enabled(const struct coatm_core *core)
{
    return core->ctrl & COATM_CTRL_ENABLE;
}

/*
 * TX ring @i (0 .. COATM_NUM_TX_RINGS - 1) in order of priority: CBR,
 * VBR, then UBR on ring 0.
 */
static inline int coatm_tx_ring(unsigned int i)
{
    static const int ring[COATM_NUM_TX_RINGS] = {
        COATM_RING_TX_CBR, COATM_RING_TX_VBR, COATM_RING_TX,
    };

    return ring[i];
}

/* Little-endian fields of descriptors in host memory */
static inline uint16_t coatm_ld16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t coatm_ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline uint64_t coatm_ld64(const uint8_t *p)
{
    return coatm_ld32(p) | (uint64_t)coatm_ld32(p + 4) << 32;
}

static inline void coatm_st16(uint8_t *p, uint16_t v)
{
    p[0] = v & 0xff;
    p[1] = v >> 8;
}

static inline void coatm_st32(uint8_t *p, uint32_t v)
{
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
    p[2] = (v >> 16) & 0xff;
    p[3] = v >> 24;
}

/* coatm_core.c */
int64_t coatm_now(struct coatm_core *core);
void coatm_raise(struct coatm_core *core, uint32_t bits);
/* Set @bits in ERROR and raise INT_ERROR. */
void coatm_set_error(struct coatm_core *core, uint32_t bits);
/* DMA that sets ERROR.DMA on failure; returns 0 or -1. */
int coatm_dma_read(struct coatm_core *core, uint64_t addr, void *buf,
                   size_t len);
int coatm_dma_write(struct coatm_core *core, uint64_t addr, const void *buf,
                    size_t len);
void coatm_count(struct coatm_core *core, unsigned int cnt, uint64_t n);
/* Bus address of entry @idx of @ring */
uint64_t coatm_ring_entry(const struct coatm_core *core, int ring,
                          uint32_t idx);
/* A device-owned index moved: the status block needs writing. */
void coatm_sb_dirty(struct coatm_core *core);
/* Write the status block if an index moved since it was last written. */
void coatm_sb_flush(struct coatm_core *core);
/* @n completions written: interrupt moderation of TX or RX. */
void coatm_moder_add(struct coatm_core *core, bool rx, uint32_t n);
void coatm_timer_arm(struct coatm_core *core, int id, int64_t expire);
void coatm_timer_cancel(struct coatm_core *core, int id);
/* Wake engine @engine: schedule it with the host (or run it inline). */
void coatm_kick(struct coatm_core *core, int engine);
/* A TX HEAD moved: a CLOSE may be waiting for it. */
void coatm_cmd_tx_progress(struct coatm_core *core);

/* coatm_tx.c */
void coatm_tx_reset(struct coatm_core *core);
/* Process the TX rings as far as shaping and the knobs allow. */
void coatm_tx_run(struct coatm_core *core);
/* Send the answer to an F5 loopback cell now (header and payload). */
void coatm_tx_oam_reply(struct coatm_core *core,
                        const struct coatm_cell_hdr *h,
                        const uint8_t *payload);

/* coatm_rx.c */
void coatm_rx_reset(struct coatm_core *core);
/* Cells from the link or from PHY loopback */
void coatm_rx_frame(struct coatm_core *core, const uint8_t *buf,
                    size_t len);
/* Return the buffers reassembly holds for VC @handle as DISCARD. */
void coatm_rx_vc_discard(struct coatm_core *core, uint32_t handle);
/* The same for every VC (RX buffer size changed) */
void coatm_rx_discard_all(struct coatm_core *core);
/* Announce RX completions written: status block, moderation, NOBUF. */
void coatm_rx_flush(struct coatm_core *core);

#endif /* COATM_INT_H */

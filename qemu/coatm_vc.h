/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * coatm PCI ATM NIC: the VC table, independent of QEMU.
 *
 * One entry per VC handle (allocated once), the OPEN/MODIFY/CLOSE
 * parameter checks and rate admission, VPI/VCI lookup through two
 * chained hash tables (one per direction, no allocation after init)
 * and the per-VC PDU-granular GCRA used to shape TX.
 *
 * The GCRA keeps its schedule: a PDU of n cells moves the theoretical
 * arrival time (TAT) on by n cell times from the previous TAT, not from
 * the time it went, as long as that TAT is less than COATM_CDVT_NS in
 * the past. A backlogged VC whose timer fires late therefore sends what
 * it owes at once and loses no rate; a VC idle for longer than the
 * tolerance starts again from now.
 */
#ifndef COATM_VC_H
#define COATM_VC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coatm_regs.h"

/*
 * Cell delay variation tolerance of the shaper: how late the host may
 * run the TX engine (a timer or bottom half) without the VC or the link
 * losing rate, and so the longest burst a backlogged VC sends to catch
 * up.
 */
#define COATM_CDVT_NS           1000000

/* TAT of a VC or link that has never sent: long ago, without overflow */
#define COATM_TAT_IDLE          (INT64_MIN / 4)

/* End of a held RX buffer list */
#define COATM_HELD_NONE         UINT32_MAX

#define COATM_VC_HASH_TX        0
#define COATM_VC_HASH_RX        1

struct coatm_vc_params {
    uint16_t vpi;
    uint16_t vci;
    uint8_t aal;        /* COATM_AAL0 or COATM_AAL5 */
    uint8_t dir;        /* COATM_DIR_TX | COATM_DIR_RX */
    uint8_t service;    /* COATM_SVC_* */
    uint32_t pcr;       /* cells/s; effective: 0 replaced by line rate */
    uint32_t scr;
    uint32_t mbs;
    uint32_t max_sdu;   /* effective: 0 replaced by 65535 */
};

/*
 * AAL5 reassembly of one VC. Cells go straight into the RX buffers in
 * the held list (indices into the core's held-buffer pool), in order.
 */
struct coatm_reasm {
    uint32_t first;     /* held list, COATM_HELD_NONE if empty */
    uint32_t last;
    uint32_t nbufs;
    uint32_t cells;     /* cells of the PDU so far */
    uint32_t off;       /* bytes used in the last held buffer */
    uint32_t crc;       /* running CRC register */
    bool discard;       /* dropping cells up to the end of the PDU */
};

struct coatm_vc {
    bool open;
    struct coatm_vc_params p;
    uint32_t granted_pcr;
    uint32_t reserved;  /* rate counted by admission (TX only) */

    /* TX shaping, in ns of the core's clock */
    int64_t tat_pcr;
    int64_t tat_scr;
    int64_t bt_ns;      /* VBR burst tolerance */

    /*
     * TX descriptors before index tx_fence were queued before the VC
     * was last closed: they complete with BAD_VC even if the handle has
     * been opened again since.
     */
    uint32_t tx_fence;
    bool tx_fenced;

    struct coatm_reasm rx;
};

struct coatm_vc_hash {
    uint32_t *bucket;   /* first handle + 1 of each chain, 0 = empty */
    uint32_t *next;     /* per handle: next handle + 1 in its chain */
    uint32_t mask;
};

struct coatm_vc_table {
    struct coatm_vc *vc;
    uint32_t nvcs;
    uint32_t line_rate;
    uint32_t vpi_bits;
    uint32_t vci_bits;
    uint64_t reserved;  /* sum of CBR pcr + VBR scr of open TX VCs */
    struct coatm_vc_hash hash[2];
};

/* Allocates everything; returns 0 or -1. fini is safe on a zeroed table. */
int coatm_vc_table_init(struct coatm_vc_table *t, uint32_t nvcs,
                        uint32_t line_rate, uint32_t vpi_bits,
                        uint32_t vci_bits);
void coatm_vc_table_fini(struct coatm_vc_table *t);

/* Close every VC, forget all state. */
void coatm_vc_table_reset(struct coatm_vc_table *t);

/* The VC of @handle, or NULL if out of range. */
struct coatm_vc *coatm_vc_get(struct coatm_vc_table *t, uint32_t handle);

/* Handle open with @vpi/@vci in direction @which (COATM_VC_HASH_*), or -1 */
int coatm_vc_lookup(const struct coatm_vc_table *t, int which,
                    uint16_t vpi, uint16_t vci);

/*
 * Commands, returning COATM_CMDS_*. On success *@granted is the PCR the
 * VC got. On failure nothing changes. Close does only the table's part:
 * the core first returns the VC's held RX buffers.
 */
uint32_t coatm_vc_open(struct coatm_vc_table *t, uint32_t handle,
                       const struct coatm_vc_params *p, uint32_t *granted);
uint32_t coatm_vc_modify(struct coatm_vc_table *t, uint32_t handle,
                         const struct coatm_vc_params *p,
                         uint32_t *granted);
uint32_t coatm_vc_close(struct coatm_vc_table *t, uint32_t handle);

/* Time in ns that @cells cells take at @rate cells/s (rate > 0). */
int64_t coatm_cells_ns(uint32_t cells, uint32_t rate);

/* Earliest time the VC's shaping lets its next PDU go (INT64_MIN: now). */
int64_t coatm_vc_eligible(const struct coatm_vc *vc);

/* Account @cells cells sent at @now. */
void coatm_vc_charge(struct coatm_vc *vc, int64_t now, uint32_t cells);

/*
 * The TAT after @cells cells at @rate sent at @now, from @tat: on from
 * @tat if it is within COATM_CDVT_NS of @now, else from @now.
 */
int64_t coatm_gcra_next(int64_t tat, int64_t now, uint32_t cells,
                        uint32_t rate);

#endif /* COATM_VC_H */

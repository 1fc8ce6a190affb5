/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * coatm PCI ATM NIC: cells and AAL5, independent of QEMU.
 *
 * HEC (ITU-T I.432), cell header encoding for UNI and NNI, the AAL5
 * CRC-32 (ITU-T I.363.5; the non-reflected CRC-32 also known as
 * CRC-32/BZIP2) and the CPCS-PDU pad and trailer. Pure functions on
 * caller-owned buffers: nothing here allocates or keeps state.
 */
#ifndef COATM_SAR_H
#define COATM_SAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coatm_regs.h"

#define COATM_CELL_HDR_SIZE     5
/* Cells of the largest AAL5 CPCS-PDU (65535 bytes of SDU): 1366 */
#define COATM_AAL5_MAX_CELLS    ((COATM_AAL5_MAX_SDU + COATM_AAL5_TRAILER + \
                                  COATM_CELL_PAYLOAD - 1) / COATM_CELL_PAYLOAD)
#define COATM_AAL5_MAX_PDU      (COATM_AAL5_MAX_CELLS * COATM_CELL_PAYLOAD)

/* PTI bit 0 of a user data cell (PTI 0..3): ATM-user-to-ATM-user */
#define COATM_PTI_AUU           1
/* PTI 4..7: OAM and resource management cells */
#define COATM_PTI_OAM           4

/* Register value of the AAL5 CRC before the first byte */
#define COATM_CRC32_INIT        0xffffffffu

struct coatm_cell_hdr {
    uint8_t gfc;        /* UNI only */
    uint16_t vpi;       /* 8 bits (UNI) or 12 bits (NNI) */
    uint16_t vci;
    uint8_t pti;        /* 3 bits */
    uint8_t clp;        /* 1 bit */
};

struct coatm_aal5_trailer {
    uint8_t uu;
    uint8_t cpi;
    uint16_t len;
    uint32_t crc;
};

/* HEC of the first four header bytes: CRC-8 (x^8 + x^2 + x + 1) ^ 0x55 */
uint8_t coatm_hec(const uint8_t *hdr);

/*
 * OAM cell CRC-10 (x^10 + x^9 + x^5 + x^4 + x + 1) over the 374 bits of a
 * 48-byte OAM payload that precede it.
 */
uint16_t coatm_oam_crc10(const uint8_t *payload);
/* The same CRC-10 over the first @nbits bits of @buf, MSB first. */
uint16_t coatm_crc10_bits(const uint8_t *buf, unsigned int nbits);
/* Write the CRC-10 into the last 10 bits of @payload (reserved bits 0). */
void coatm_oam_crc10_set(uint8_t *payload);
/* Does the CRC-10 in @payload match? */
bool coatm_oam_crc10_ok(const uint8_t *payload);

/* Write the 5-byte header @h (HEC included) to @out; NNI has no GFC. */
void coatm_cell_hdr_encode(uint8_t *out, const struct coatm_cell_hdr *h,
                           bool nni);

/* Decode the 5-byte header at @in. Returns false if its HEC is wrong. */
bool coatm_cell_hdr_decode(const uint8_t *in, struct coatm_cell_hdr *h,
                           bool nni);

/*
 * Feed @len bytes to the running AAL5 CRC register @crc (start with
 * COATM_CRC32_INIT). The CRC of a message is the complement of the
 * register after its last byte.
 */
uint32_t coatm_crc32_update(uint32_t crc, const void *buf, size_t len);

/* CRC-32/BZIP2 of @len bytes: "123456789" gives 0xfc891918. */
uint32_t coatm_crc32(const void *buf, size_t len);

/* Cells of the CPCS-PDU carrying an SDU of @sdu_len bytes. */
uint32_t coatm_aal5_cells(uint32_t sdu_len);

/*
 * Turn the @sdu_len SDU bytes at the start of @pdu into a CPCS-PDU:
 * zero pad, then UU, CPI, big-endian length and big-endian CRC-32.
 * @pdu must hold coatm_aal5_cells(@sdu_len) * 48 bytes. Returns the
 * number of cells.
 */
uint32_t coatm_aal5_encap(uint8_t *pdu, uint32_t sdu_len, uint8_t uu,
                          uint8_t cpi);

/* The trailer in the last 8 bytes of the last cell's 48-byte payload. */
void coatm_aal5_trailer_parse(const uint8_t *payload,
                              struct coatm_aal5_trailer *t);

/*
 * Is a trailer length @len consistent with a CPCS-PDU of @cells cells?
 * 0 < len and cells * 48 - 8 - len is 0..47.
 */
bool coatm_aal5_len_ok(uint32_t cells, uint32_t len);

#endif /* COATM_SAR_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coatm: descriptor ring index arithmetic.
 *
 * Ring indices are free-running 32-bit counters; the slot is the index
 * modulo the ring size (a power of two). The producer owns its index, the
 * consumer its own, and the number of entries in flight is prod - cons,
 * which is correct across wrap-around. An index read from the device is
 * accepted only if it moves forward by no more than the entries that
 * can legally be there.
 */
#ifndef _COATM_RING_H
#define _COATM_RING_H

#include <linux/log2.h>
#include <linux/types.h>

/**
 * coatm_ring_size_valid() - is @size a usable ring size?
 * @size: number of entries
 * @max: largest size the ring may have
 *
 * Return: true for a power of two from 2 to @max.
 */
static inline bool coatm_ring_size_valid(u32 size, u32 max)
{
	return size >= 2 && size <= max && is_power_of_2(size);
}

/**
 * coatm_ring_used() - entries in flight
 * @prod: producer index
 * @cons: consumer index
 *
 * Return: entries produced and not yet consumed.
 */
static inline u32 coatm_ring_used(u32 prod, u32 cons)
{
	return prod - cons;
}

/**
 * coatm_ring_space() - free entries
 * @size: ring size
 * @prod: producer index
 * @cons: consumer index
 *
 * Return: entries the producer may still add.
 */
static inline u32 coatm_ring_space(u32 size, u32 prod, u32 cons)
{
	return size - coatm_ring_used(prod, cons);
}

/**
 * coatm_ring_slot() - slot of a free-running index
 * @size: ring size, a power of two
 * @idx: free-running index
 *
 * Return: the slot @idx refers to.
 */
static inline u32 coatm_ring_slot(u32 size, u32 idx)
{
	return idx & (size - 1);
}

/**
 * coatm_ring_advance_valid() - may an index move from @old to @new?
 * @old: last accepted value of the index
 * @new: value just read from the device
 * @limit: most entries the index can legally have moved over
 *
 * Return: true if @new is @old plus at most @limit (modulo 2^32).
 */
static inline bool coatm_ring_advance_valid(u32 old, u32 new, u32 limit)
{
	return (u32)(new - old) <= limit;
}

#endif /* _COATM_RING_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reproducible data the tests write and check (blk_pattern's disk
 * ranges, vm_traffic's streams): every 4 KiB block depends on a seed and
 * on the block's own offset, so data that lands in the wrong place fails
 * a check as surely as corrupted data.
 */
#ifndef PATTERN_H
#define PATTERN_H

#include <stdint.h>

#define PATTERN_BLOCK	4096

/* The block at byte offset POS (a multiple of PATTERN_BLOCK) of SEED */
void pattern_fill_block(uint8_t *p, uint64_t seed, uint64_t pos);

#endif

// SPDX-License-Identifier: GPL-2.0
/* The tests' reproducible data: see pattern.h. */
#include "pattern.h"

static uint64_t xorshift64star(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/* xorshift64* seeded by SEED and the block's index, little-endian words */
void pattern_fill_block(uint8_t *p, uint64_t seed, uint64_t pos)
{
	uint64_t s = (seed ^ (pos / PATTERN_BLOCK * 0x9e3779b97f4a7c15ULL)) |
		     0x8000000000000000ULL;
	unsigned int i, k;

	for (i = 0; i < PATTERN_BLOCK; i += 8) {
		uint64_t v = xorshift64star(&s);

		for (k = 0; k < 8; k++)
			p[i + k] = (uint8_t)(v >> (8 * k));
	}
}

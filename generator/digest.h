/*
 * digest: change detection with XXH3 (libxxhash).
 *
 * The build compares what a page was made from, and what it came to, with
 * the previous build's manifest. Inputs are chained through 64-bit XXH3
 * digests; output bytes get the 128-bit XXH3, so an accidental match
 * between an old and a new page (which would leave a changed page
 * unwritten) is about one in 2^128. Neither is meant to resist an
 * attacker, who could edit the inputs anyway.
 */
#ifndef PORTREF_DIGEST_H
#define PORTREF_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct digest128 {
	uint64_t lo, hi;
} digest128;

/* The digest of n bytes, continuing from seed (0 to start). */
uint64_t digest_bytes(uint64_t seed, const void *data, size_t n);

/* The digest of a C string, continuing from seed. */
uint64_t digest_str(uint64_t seed, const char *s);

/* The digest of a number, continuing from seed. */
uint64_t digest_u64(uint64_t seed, uint64_t v);

/* The 128-bit digest of a file's n bytes; never all zero (zero means "no
 * file" in the manifest). */
digest128 digest_output(const void *data, size_t n);

/* True if a and b are the same digest. */
static inline bool digest128_eq(digest128 a, digest128 b)
{
	return a.lo == b.lo && a.hi == b.hi;
}

#endif

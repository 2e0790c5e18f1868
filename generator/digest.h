/*
 * digest: a fast 64-bit hash for change detection.
 *
 * The build compares what a page was made from, and what it came to, with
 * the previous build's manifest. A 64-bit digest makes an accidental match
 * between an old and a new page about one in 2^64; it is not meant to
 * resist an attacker, who could edit the files anyway.
 */
#ifndef PORTREF_DIGEST_H
#define PORTREF_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* The digest of n bytes, continuing from seed (0 to start). */
uint64_t digest_bytes(uint64_t seed, const void *data, size_t n);

/* The digest of a C string, continuing from seed. */
uint64_t digest_str(uint64_t seed, const char *s);

/* The digest of a number, continuing from seed. */
uint64_t digest_u64(uint64_t seed, uint64_t v);

#endif

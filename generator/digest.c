/*
 * digest: thin wrappers over libxxhash's XXH3.
 */
#include "digest.h"

#include <string.h>
#include <xxhash.h>

uint64_t digest_bytes(uint64_t seed, const void *data, size_t n)
{
	return XXH3_64bits_withSeed(data, n, seed);
}

uint64_t digest_str(uint64_t seed, const char *s)
{
	return digest_bytes(seed, s, strlen(s) + 1);
}

uint64_t digest_u64(uint64_t seed, uint64_t v)
{
	return digest_bytes(seed, &v, sizeof v);
}

digest128 digest_output(const void *data, size_t n)
{
	XXH128_hash_t h = XXH3_128bits(data, n);
	digest128 d = { h.low64, h.high64 | 1 };
	return d;
}

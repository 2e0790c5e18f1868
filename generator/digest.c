/*
 * digest: multiply-rotate over 8-byte words with a murmur finaliser.
 */
#include "digest.h"

#include <string.h>

#define K1 0x9E3779B97F4A7C15ull
#define K2 0xC2B2AE3D27D4EB4Full
#define K3 0x165667B19E3779F9ull

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return h;
}

uint64_t digest_bytes(uint64_t seed, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (n * K1) ^ K3;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h ^= rotl(w * K2, 31) * K1;
		h = rotl(h, 27) * 5 + 0x52DCE729;
		p += 8;
		n -= 8;
	}
	uint64_t tail = 0;
	for (size_t i = 0; i < n; i++)
		tail |= (uint64_t)p[i] << (8 * i);
	h ^= rotl(tail * K2, 31) * K1;
	return fmix(h);
}

uint64_t digest_str(uint64_t seed, const char *s)
{
	return digest_bytes(seed, s, strlen(s) + 1);
}

uint64_t digest_u64(uint64_t seed, uint64_t v)
{
	return digest_bytes(seed, &v, sizeof v);
}

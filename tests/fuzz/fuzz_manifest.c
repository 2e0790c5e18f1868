/*
 * fuzz_manifest: arbitrary bytes as a build's manifest, which a CI cache or
 * an unpacked archive may hand to the next build.
 *
 * Half the inputs get a correct checksum first (chosen by the last byte),
 * so the fuzzer reaches the fields behind it. A manifest is refused with a
 * reason, or accepted with only safe paths and tags, and then written and
 * read back to the same records; nothing leaks, crashes or overflows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (size > 28 && (data[size - 1] & 1)) {
		uint64_t sum = manifest_checksum(copy, size);
		for (int i = 0; i < 8; i++)
			copy[size - 8 + i] = (unsigned char)(sum >> (8 * i));
	}
	const char *why = NULL;
	manifest *m = manifest_parse(copy, size, &why);
	free(copy);
	if (!m) {
		if (!why || !*why)
			abort();  /* a refusal always says why */
		return 0;
	}
	for (size_t i = 0; i < m->n_langs; i++)
		if (!manifest_tag_ok(m->langs[i].tag, strlen(m->langs[i].tag)))
			abort();
	for (size_t i = 0; i < m->n_files; i++) {
		if (!manifest_path_ok(m->files[i].path, strlen(m->files[i].path)))
			abort();
		size_t tl = strlen(m->files[i].tag);
		if (tl && !manifest_tag_ok(m->files[i].tag, tl))
			abort();
	}
	buf b;
	buf_init(&b);
	manifest_serialise(m, &b);
	manifest *again = manifest_parse((const unsigned char *)b.ptr, b.len, &why);
	if (!again || again->n_langs != m->n_langs || again->n_files != m->n_files)
		abort();  /* what was accepted must survive its own round trip */
	for (size_t i = 0; i < m->n_files; i++)
		if (strcmp(again->files[i].path, m->files[i].path) != 0 ||
			!digest128_eq(again->files[i].r.output, m->files[i].r.output))
			abort();
	manifest_free(again);
	manifest_free(m);
	buf_free(&b);
	return 0;
}

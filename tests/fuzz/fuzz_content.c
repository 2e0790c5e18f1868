/*
 * libFuzzer target for essays and notes: content_essay_parse (UTF-8 check,
 * title and opening split, cmark in safe mode) and content_markdown_html.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	diags d;
	diags_init(&d, 10);
	essay e;
	memset(&e, 0, sizeof e);
	if (content_essay_parse(a, "fuzz.md", (const char *)data, size, &e, &d)) {
		/* What the parser accepted must be whole strings. */
		if (!e.title || !e.body_html || !e.description)
			__builtin_trap();
	} else if (d.errors == 0) {
		__builtin_trap(); /* a refusal always says why */
	}
	if (content_check_utf8("fuzz.md", (const char *)data, size, 1, 1, &d))
		content_markdown_html(a, (const char *)data, size);
	diags_free(&d);
	arena_free(a);
	return 0;
}

/*
 * fuzz_yaml: arbitrary bytes through the loader.
 *
 * Parsing either fails with at least one positioned error or yields a tree
 * whose every node can be walked and printed; neither leaks, crashes nor
 * runs into undefined behaviour, whatever the nesting or the aliases.
 */
#include <stdint.h>
#include <stdlib.h>

#include "loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Visits every node; aliases share nodes, so the walk is bounded by
 * depth rather than by a visited set. */
static size_t walk(const value *v, buf *out, unsigned depth)
{
	if (depth > LOADER_MAX_DEPTH + 1)
		abort();  /* deeper than the loader promises */
	size_t n = 1;
	switch (v->kind) {
	case VAL_LIST:
		for (size_t i = 0; i < v->u.list.len && n < 100000; i++)
			n += walk(v->u.list.items[i], out, depth + 1);
		break;
	case VAL_MAP:
		for (size_t i = 0; i < v->u.map.len && n < 100000; i++) {
			const val_pair *p = &v->u.map.pairs[i];
			if (value_map_get(v, p->key, p->key_len) != p->val)
				abort();  /* a key that cannot be found again */
			n += walk(p->val, out, depth + 1);
		}
		break;
	default:
		buf_clear(out);
		value_to_text(v, out);
		break;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diags d;
	diags_init(&d, 20);
	arena *a = arena_new();
	value *root = loader_parse(a, "fuzz.yaml", (const char *)data, size, &d);
	if (!root) {
		if (d.errors == 0)
			abort();  /* a refusal always says why */
	} else {
		buf out;
		buf_init(&out);
		walk(root, &out, 0);
		buf_free(&out);
	}
	arena_free(a);
	diags_free(&d);
	return 0;
}

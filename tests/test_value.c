/*
 * Tests for the shared pieces: generator/value.c, buf.c, arena.c, diag.c
 * and digest.c.
 */
#include <stdlib.h>

#include "digest.h"
#include "diag.h"
#include "harness.h"
#include "value.h"

static void test_map_order_and_index(void)
{
	arena *a = arena_new();
	value *m = value_map(a);
	char key[16];
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "k%d", 199 - i);
		CHECK(value_map_put(a, m, key, strlen(key), value_int(a, i)));
	}
	CHECK(!value_map_put(a, m, "k5", 2, value_null(a)));
	CHECK_INT(m->u.map.len, 200);
	CHECK_STR(m->u.map.pairs[0].key, "k199");   /* insertion order kept */
	CHECK_INT(value_get(m, "k0")->u.i, 199);
	CHECK(value_get(m, "nope") == NULL);
	CHECK(value_get(value_int(a, 1), "k0") == NULL);
	arena_free(a);
}

static void test_text_and_truth(void)
{
	arena *a = arena_new();
	buf b;
	buf_init(&b);
	value_to_text(value_int(a, -9223372036854775807LL - 1), &b);
	CHECK_STR(b.ptr, "-9223372036854775808");
	buf_clear(&b);
	value_to_text(value_float(a, 0.1 + 0.2), &b);
	CHECK_STR(b.ptr, "0.30000000000000004");
	buf_clear(&b);
	value_to_text(value_float(a, 2.0), &b);
	CHECK_STR(b.ptr, "2");
	CHECK(!value_truthy(value_null(a)));
	CHECK(!value_truthy(value_bool(a, false)));
	CHECK(!value_truthy(value_list(a)));
	CHECK(value_truthy(value_int(a, 0)));
	CHECK(!value_truthy(value_cstr(a, "")));
	CHECK(value_truthy(value_cstr(a, "0")));
	CHECK(value_truthy(value_map(a)));
	buf_free(&b);
	arena_free(a);
}

static void test_buf_and_arena(void)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "%d,", i % 10);
	CHECK_INT(b.len, 20000);
	buf_truncate(&b, 3);
	CHECK_STR(b.ptr, "0,1");
	buf_free(&b);
	arena *a = arena_new();
	char *big = arena_alloc(a, 1 << 20); /* larger than a block */
	big[(1 << 20) - 1] = 'x';
	CHECK_STR(arena_cat(a, "ab", "", "cd"), "abcd");
	CHECK_STR(arena_printf(a, "%s-%d", "p", 22), "p-22");
	arena_reset(a);
	CHECK_STR(arena_strndup(a, "hello", 4), "hell");
	arena_free(a);
}

static void test_diag_format(void)
{
	diags d;
	diags_init(&d, 2);
	diags_error(&d, "f.yaml", 3, 4, "bad %s", "thing");
	diags_add_ctx(&d, "t.mustache", 9, 1, 2, 5, "section 'x' is never closed");
	diags_error(&d, "f.yaml", 5, 1, "dropped past the cap");
	diags_warn(&d, "f.yaml", 6, 2, "historic");
	CHECK(diags_full(&d));
	CHECK_INT(d.errors, 3);
	CHECK_INT(d.dropped, 1);
	buf b;
	buf_init(&b);
	diag_format(&d.items[0], &b);
	CHECK_STR(b.ptr, "f.yaml:3:4: bad thing");
	buf_clear(&b);
	diag_format(&d.items[1], &b);
	CHECK_STR(b.ptr, "t.mustache:9:1: section 'x' is never closed (opened at 2:5)");
	buf_clear(&b);
	diag_format(&d.items[2], &b);
	CHECK_STR(b.ptr, "f.yaml:6:2: warning: historic");
	buf_clear(&b);
	diags_format_github(&d, &b);
	CHECK_STR(b.ptr, "::error file=f.yaml,line=3,col=4::bad thing\n"
		"::error file=t.mustache,line=9,col=1::section 'x' is never closed (opened at 2:5)\n"
		"::warning file=f.yaml,line=6,col=2::historic\n");
	buf_free(&b);
	diags_free(&d);
}

static void test_digest(void)
{
	CHECK(digest_bytes(0, "abc", 3) == digest_bytes(0, "abc", 3));
	CHECK(digest_bytes(0, "abc", 3) != digest_bytes(0, "abd", 3));
	CHECK(digest_bytes(0, "abc", 3) != digest_bytes(1, "abc", 3));
	CHECK(digest_bytes(0, "", 0) != digest_bytes(0, "\0", 1));
	CHECK(digest_str(0, "ab") != digest_str(digest_str(0, "a"), "b"));
}

int main(void)
{
	RUN(test_map_order_and_index);
	RUN(test_text_and_truth);
	RUN(test_buf_and_arena);
	RUN(test_diag_format);
	RUN(test_digest);
	DONE("value");
}

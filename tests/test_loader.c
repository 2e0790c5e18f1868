/*
 * Tests for generator/loader.c: scalar typing, positions, and each refusal
 * with its exact message and position.
 */
#include <stdlib.h>

#include "harness.h"
#include "loader.h"

/* Parses src; returns the root or NULL, with the first message in msg. */
static value *parse(arena *a, const char *src, buf *msg)
{
	diags d;
	diags_init(&d, 0);
	value *v = loader_parse(a, "t.yaml", src, strlen(src), &d);
	buf_clear(msg);
	if (d.len)
		diag_format(&d.items[0], msg);
	diags_free(&d);
	return v;
}

static void test_scalars(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	value *v = parse(a, "i: 42\nneg: -7\nhex: 0x1F\noct: 0o17\nf: 1.210\n"
		"t: true\nn: ~\ne:\ns: hello\nq: '42'\nyes: yes\nbig: 99999999999999999999\n", &m);
	CHECK(v && v->kind == VAL_MAP);
	CHECK_INT(value_get(v, "i")->kind, VAL_INT);
	CHECK_INT(value_get(v, "i")->u.i, 42);
	CHECK_INT(value_get(v, "neg")->u.i, -7);
	CHECK_INT(value_get(v, "hex")->u.i, 31);
	CHECK_INT(value_get(v, "oct")->u.i, 15);
	CHECK_INT(value_get(v, "f")->kind, VAL_FLOAT);
	CHECK_INT(value_get(v, "t")->kind, VAL_BOOL);
	CHECK_INT(value_get(v, "n")->kind, VAL_NULL);
	CHECK_INT(value_get(v, "e")->kind, VAL_NULL);
	CHECK_INT(value_get(v, "q")->kind, VAL_STRING);
	CHECK_INT(value_get(v, "yes")->kind, VAL_STRING); /* 1.2, not 1.1 */
	CHECK_INT(value_get(v, "big")->kind, VAL_FLOAT);
	buf_clear(&m);
	value_to_text(value_get(v, "f"), &m);
	CHECK_STR(m.ptr, "1.21");
	buf_free(&m);
	arena_free(a);
}

static void test_positions(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	value *v = parse(a, "top:\n  - a\n  - key: v\n", &m);
	value *list = value_get(v, "top");
	CHECK_INT(list->kind, VAL_LIST);
	CHECK_INT(list->u.list.items[0]->pos.line, 2);
	CHECK_INT(list->u.list.items[0]->pos.col, 5);
	const val_pair *p = value_map_pair(list->u.list.items[1], "key");
	CHECK(p != NULL);
	CHECK_INT(p->key_pos.line, 3);
	CHECK_INT(p->key_pos.col, 5);
	CHECK_STR(p->val->pos.file, "t.yaml");
	buf_free(&m);
	arena_free(a);
}

static void test_keys_keep_text(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	value *v = parse(a, "1.0: x\n80: y\n", &m);
	CHECK(value_get(v, "1.0") != NULL);
	CHECK(value_get(v, "80") != NULL);
	buf_free(&m);
	arena_free(a);
}

static void test_json(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	value *v = parse(a, "{\"22/tcp\": [\"ssh\", \"The Secure Shell\"], \"n\": null}", &m);
	CHECK(v != NULL);
	value *l = value_get(v, "22/tcp");
	CHECK(l && l->kind == VAL_LIST && l->u.list.len == 2);
	CHECK_STR(l->u.list.items[0]->u.str.ptr, "ssh");
	buf_free(&m);
	arena_free(a);
}

static void test_duplicate_key(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	CHECK(parse(a, "a: 1\nb: 2\na: 3\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:3:1: duplicate key 'a' (first defined at 1:1)");
	buf_free(&m);
	arena_free(a);
}

static void test_duplicate_key_large_map(void)
{
	arena *a = arena_new();
	buf src, m;
	buf_init(&src);
	buf_init(&m);
	for (int i = 0; i < 100; i++)
		buf_printf(&src, "k%d: %d\n", i, i);
	buf_puts(&src, "k57: again\n");
	CHECK(parse(a, src.ptr, &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:101:1: duplicate key 'k57' (first defined at 58:1)");
	buf_free(&src);
	buf_free(&m);
	arena_free(a);
}

static void test_invalid_utf8(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	CHECK(parse(a, "a: ok\nb: caf\xC3\x28\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:2:8: invalid trailing UTF-8 octet (byte 0x28)");
	buf_free(&m);
	arena_free(a);
}

static void test_depth(void)
{
	arena *a = arena_new();
	buf src, m;
	buf_init(&src);
	buf_init(&m);
	for (int i = 0; i < 300; i++)
		buf_putc(&src, '[');
	for (int i = 0; i < 300; i++)
		buf_putc(&src, ']');
	CHECK(parse(a, src.ptr, &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:1:257: nesting is deeper than 256 levels");
	buf_free(&src);
	buf_free(&m);
	arena_free(a);
}

static void test_alias_bomb(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	const char *bomb =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	CHECK(parse(a, bomb, &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:6:40: aliases expand to more than 1048576 nodes");
	/* An ordinary alias is fine and shares the node. */
	value *v = parse(a, "x: &x {k: 1}\ny: *x\n", &m);
	CHECK(v && value_get(v, "x") == value_get(v, "y"));
	buf_free(&m);
	arena_free(a);
}

static void test_syntax_errors(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	CHECK(parse(a, "a: 'open\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:2:1: found unexpected end of stream while "
		"scanning a quoted scalar (opened at 1:4)");
	CHECK(parse(a, "a:\n\t- b\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:2:1: found character that cannot start any "
		"token while scanning for the next token (opened at 2:1)");
	CHECK(parse(a, "a: *nope\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:1:4: unknown anchor 'nope'");
	CHECK(parse(a, "? [a]\n: b\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:1:3: a mapping key must be a scalar, not a list");
	CHECK(parse(a, "a: 1\n---\nb: 2\n", &m) == NULL);
	CHECK_STR(m.ptr, "t.yaml:2:1: only one YAML document is allowed per file");
	buf_free(&m);
	arena_free(a);
}

/* Every unknown key, at the key: a suggestion when one is near, else the
 * allowed keys listed. */
static void test_check_keys(void)
{
	static const char *const one[] = { "url", NULL };
	static const char *const three[] = { "port", "name", "notes", NULL };
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	value *v = parse(a, "url: x\ncolour: red\nnme: y\n", &m);
	CHECK(v != NULL);
	diags d;
	diags_init(&d, 0);
	loader_check_keys(v, one, "t.yaml", &d);
	loader_check_keys(v, three, "t.yaml", &d);
	CHECK_INT(d.len, 5);
	const char *want[] = {
		"t.yaml:2:1: unknown key 'colour' (expected url)",
		"t.yaml:3:1: unknown key 'nme' (expected url)",
		"t.yaml:1:1: unknown key 'url' (expected port, name or notes)",
		"t.yaml:2:1: unknown key 'colour' (expected port, name or notes)",
		"t.yaml:3:1: unknown key 'nme' (did you mean 'name'?)",
	};
	for (size_t i = 0; i < d.len && i < 5; i++) {
		buf_clear(&m);
		diag_format(&d.items[i], &m);
		CHECK_STR(m.ptr, want[i]);
	}
	diags_free(&d);
	buf_free(&m);
	arena_free(a);
}

static void test_empty(void)
{
	arena *a = arena_new();
	buf m;
	buf_init(&m);
	value *v = parse(a, "", &m);
	CHECK(v && v->kind == VAL_NULL);
	buf_free(&m);
	arena_free(a);
}

int main(void)
{
	RUN(test_scalars);
	RUN(test_positions);
	RUN(test_keys_keep_text);
	RUN(test_json);
	RUN(test_duplicate_key);
	RUN(test_duplicate_key_large_map);
	RUN(test_invalid_utf8);
	RUN(test_depth);
	RUN(test_alias_bomb);
	RUN(test_syntax_errors);
	RUN(test_check_keys);
	RUN(test_empty);
	DONE("loader");
}

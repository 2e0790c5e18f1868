/*
 * Tests for generator/page.c on the project's real inputs: the status and
 * range wording each port gets, the facts that depend on the number, and
 * the links every page carries.
 */
#include <stdlib.h>

#include "build.h"
#include "harness.h"
#include "page.h"

static inputs *in;
static page_lang *en, *fr;

static const value *port_ctx(page_lang *l, unsigned port, arena *a)
{
	return value_get(page_port(l, port, a), "port");
}

static const char *summary(page_lang *l, unsigned port, arena *a)
{
	return value_get(port_ctx(l, port, a), "summary")->u.str.ptr;
}

/* True if any of the port's facts contains needle. */
static bool has_fact(unsigned port, const char *needle, arena *a)
{
	const value *facts = value_get(port_ctx(en, port, a), "facts");
	for (size_t i = 0; i < facts->u.list.len; i++)
		if (strstr(facts->u.list.items[i]->u.str.ptr, needle))
			return true;
	return false;
}

static void test_status_wording(void)
{
	arena *a = arena_new();
	CHECK_STR(summary(en, 22, a), "Port 22 is a well-known port, assigned by "
		"IANA to ssh (TCP, UDP, SCTP).");
	CHECK(strstr(summary(en, 0, a), "IANA keeps reserved on TCP, UDP") != NULL);
	CHECK(strstr(summary(en, 4, a), "well-known port that IANA has not "
		"assigned") != NULL);
	CHECK(strstr(summary(en, 3000, a), "is a registered port, assigned by "
		"IANA to") != NULL);
	CHECK(strstr(summary(en, 49152, a), "dynamic (ephemeral) range, "
		"49152–65535, which IANA never assigns") != NULL);
	CHECK(strstr(summary(fr, 49152, a), "49152") != NULL);
	CHECK(strcmp(summary(fr, 49152, a), summary(en, 49152, a)) != 0);
	arena_free(a);
}

static void test_range_facts(void)
{
	arena *a = arena_new();
	CHECK(has_fact(80, "CAP_NET_BIND_SERVICE", a));
	CHECK(!has_fact(1024, "CAP_NET_BIND_SERVICE", a));
	CHECK(has_fact(40000, "32768–60999", a));
	CHECK(!has_fact(32767, "32768–60999", a));
	CHECK(has_fact(60999, "32768–60999", a));
	CHECK(!has_fact(61000, "32768–60999", a));
	CHECK(has_fact(61000, "Windows (Vista and later) and macOS", a));
	CHECK(!has_fact(49151, "Windows (Vista and later) and macOS", a));
	CHECK(has_fact(12000, "FreeBSD", a));
	CHECK(!has_fact(9999, "FreeBSD", a));
	CHECK(has_fact(7, "TCP and UDP number their ports separately", a));
	arena_free(a);
}

static void test_links(void)
{
	arena *a = arena_new();
	value *ctx = page_port(fr, 22, a);
	const value *page = value_get(ctx, "page");
	CHECK_STR(value_get(page, "path")->u.str.ptr, "/fr/ports/22/");
	CHECK_STR(value_get(page, "canonical")->u.str.ptr,
		"https://portref.github.io/fr/ports/22/");
	CHECK_STR(value_get(page, "x_default")->u.str.ptr,
		"https://portref.github.io/ports/22/");
	const value *alts = value_get(ctx, "alternates");
	CHECK_INT(alts->u.list.len, 10);
	CHECK_STR(value_get(alts->u.list.items[8], "prefix")->u.str.ptr,
		"/zh-Hant/");
	CHECK_STR(value_get(alts->u.list.items[8], "abs_prefix")->u.str.ptr,
		"https://portref.github.io/zh-Hant/");
	CHECK_STR(value_get(ctx, "rel")->u.str.ptr, "ports/22/");
	CHECK(value_get(alts->u.list.items[1], "current")->u.b);
	CHECK(!value_get(alts->u.list.items[0], "current")->u.b);
	CHECK_STR(value_get(alts->u.list.items[8], "name")->u.str.ptr, "繁體中文");
	const value *p = value_get(ctx, "port");
	CHECK(value_get(p, "prev") && value_get(p, "next"));
	CHECK(value_get(port_ctx(en, 0, a), "prev") == NULL);
	CHECK(value_get(port_ctx(en, 65535, a), "next") == NULL);
	CHECK_STR(page_block_rel(1080, a), "ranges/registered/1024-1279/");
	CHECK_STR(page_block_rel(65535, a), "ranges/dynamic/65280-65535/");
	/* With no feedback URL configured, reactions open prefilled issues. */
	const value *items = value_get(value_get(value_get(ctx, "feedback"),
		"issue"), "items");
	CHECK_INT(items->u.list.len, 3);
	const char *href = value_get(items->u.list.items[0], "href")->u.str.ptr;
	CHECK(strncmp(href, "https://github.com/portref/portref/issues/new?title="
		"Feedback%20on%20%2Ffr%2Fports%2F22%2F", 86) == 0);
	arena_free(a);
}

static const char *feedback_href(page_lang *l, unsigned port, int i,
	arena *a)
{
	const value *items = value_get(value_get(value_get(page_port(l, port, a),
		"feedback"), "issue"), "items");
	return value_get(items->u.list.items[i], "href")->u.str.ptr;
}

/* The links are filled in from pieces cut once per language; rendering
 * the snippets on every page gives the same bytes. */
static void test_feedback_pieces(void)
{
	arena *a = arena_new();
	for (size_t k = 0; k < in->s->n_languages; k++) {
		page_lang *l = page_lang_new(in->s, in->db, in->c, in->t[k],
			in->t[0], k, in->notes_html, in->lang_names);
		CHECK(!l->feedback_slow);
		static const unsigned ports[] = { 0, 443, 49152, 65535 };
		for (size_t p = 0; p < 4; p++) {
			for (int i = 0; i < 3; i++) {
				const char *fast = feedback_href(l, ports[p], i, a);
				l->feedback_slow = true;
				const char *slow = feedback_href(l, ports[p], i, a);
				l->feedback_slow = false;
				CHECK_STR(fast, slow);
			}
		}
		page_lang_free(l);
	}
	const char *href = feedback_href(fr, 49152, 2, a);
	CHECK(strstr(href, "&body=Page%3A%20https%3A%2F%2Fportref.github.io%2Ffr"
		"%2Fports%2F49152%2F%0A") != NULL);
	arena_free(a);
}

int main(void)
{
	diags d;
	diags_init(&d, 50);
	in = build_load(".", &d);
	if (!in) {
		for (size_t i = 0; i < d.len; i++)
			printf("%s:%u:%u: %s\n", d.items[i].file, d.items[i].line,
				d.items[i].col, d.items[i].msg);
		printf("page: 0 passed, 1 failed\n");
		return 1;
	}
	en = page_lang_new(in->s, in->db, in->c, in->t[0], in->t[0], 0,
		in->notes_html, in->lang_names);
	fr = page_lang_new(in->s, in->db, in->c, in->t[1], in->t[0], 1,
		in->notes_html, in->lang_names);
	RUN(test_status_wording);
	RUN(test_range_facts);
	RUN(test_links);
	RUN(test_feedback_pieces);
	page_lang_free(en);
	page_lang_free(fr);
	build_inputs_free(in);
	diags_free(&d);
	DONE("page");
}

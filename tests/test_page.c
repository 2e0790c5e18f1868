/*
 * Tests for generator/page.c on a small site of their own
 * (tests/fixtures/page/): the status and range wording each port gets, the
 * facts that depend on the number, list joins, brackets and plurals taken
 * from the strings, titles that fall back by language, the feedback form
 * and the links every page carries.
 */
#include <stdlib.h>

#include "build.h"
#include "harness.h"
#include "page.h"

#define FIX "tests/fixtures/page"

static inputs *in;
static page_lang *en, *fr, *ja, *ru;

static const value *port_ctx(page_lang *l, unsigned port, arena *a)
{
	return value_get(page_port(l, port, a), "port");
}

static const char *str(const value *v, const char *key)
{
	const value *s = value_get(v, key);
	return s && s->kind == VAL_STRING ? s->u.str.ptr : NULL;
}

static const value *item(const value *list, size_t i)
{
	return list && i < list->u.list.len ? list->u.list.items[i] : NULL;
}

/* A boolean of v, false when it is missing. */
static bool flag(const value *v, const char *key)
{
	const value *b = value_get(v, key);
	return b && b->kind == VAL_BOOL && b->u.b;
}

static const char *summary(page_lang *l, unsigned port, arena *a)
{
	return str(port_ctx(l, port, a), "summary");
}

/* True if any of the port's facts (in English) contains needle. */
static bool has_fact(unsigned port, const char *needle, arena *a)
{
	const value *facts = value_get(port_ctx(en, port, a), "facts");
	for (size_t i = 0; facts && i < facts->u.list.len; i++)
		if (strstr(facts->u.list.items[i]->u.str.ptr, needle))
			return true;
	return false;
}

static void test_status_wording(void)
{
	arena *a = arena_new();
	CHECK_STR(summary(en, 22, a), "Port 22 is a well-known port, assigned by "
		"IANA to ssh (TCP, UDP and SCTP).");
	CHECK(strstr(summary(en, 0, a), "IANA keeps reserved on TCP and UDP") != NULL);
	CHECK(strstr(summary(en, 4, a), "well-known port that IANA has not "
		"assigned") != NULL);
	/* A dynamic port says what seeing it in use likely means. */
	const char *dyn = summary(en, 60730, a);
	CHECK(strstr(dyn, "source port of an outbound connection") != NULL);
	CHECK(strstr(dyn, "development server") != NULL);
	CHECK(strstr(dyn, "nothing listens on it") != NULL);
	/* Brackets and joins come from the language's strings. */
	CHECK_STR(summary(ja, 22, a), "ポート22：ssh（TCP、UDP、SCTP）");
	CHECK_STR(str(port_ctx(ja, 0, a), "reserved"), "予約：TCP、UDP");
	CHECK_STR(summary(fr, 40001, a), "Port 40001 is a registered port, "
		"assigned by IANA to onlytcp (TCP).");
	arena_free(a);
}

static void test_range_facts(void)
{
	arena *a = arena_new();
	/* Port 0 needs no privilege: binding it asks for any free port. */
	CHECK(has_fact(0, "binds to port 0 asks the kernel for any free port", a));
	CHECK(!has_fact(0, "CAP_NET_BIND_SERVICE", a));
	CHECK(has_fact(80, "CAP_NET_BIND_SERVICE", a));
	CHECK(!has_fact(1024, "CAP_NET_BIND_SERVICE", a));
	CHECK(has_fact(65535, "highest port number", a));
	CHECK(has_fact(65535, "2^16 − 1", a));
	CHECK(!has_fact(65534, "highest", a));
	CHECK(has_fact(49152, "dynamic RPC endpoint", a));
	CHECK(has_fact(49152, "49664", a));
	CHECK(!has_fact(49153, "RPC", a));
	/* The ephemeral ranges, in one sentence; the registry is named only
	 * where it says something. */
	CHECK(has_fact(40500, "Linux (32768–60999)", a));
	CHECK(!has_fact(40500, "registry", a));
	CHECK(!has_fact(40500, "IANA assigned", a));
	CHECK(has_fact(40000, "Although IANA assigned it, port 40000", a));
	CHECK(!has_fact(32767, "Linux (", a));
	/* An unassigned dynamic port's summary names the systems itself. */
	CHECK(strstr(summary(en, 60999, a), "Linux (") != NULL);
	CHECK(strstr(summary(en, 61000, a), "Linux (") == NULL);
	CHECK(strstr(summary(en, 61000, a), "Windows and macOS (49152–65535)") != NULL);
	CHECK(!has_fact(61000, "Windows and macOS", a));
	CHECK(!has_fact(49151, "Windows and macOS", a));
	CHECK(has_fact(12000, "FreeBSD (10000–65535)", a));
	CHECK(!has_fact(9999, "FreeBSD", a));
	CHECK(has_fact(22, "TCP and UDP number their ports separately", a));
	/* A port the registry says nothing about says each thing once: its
	 * summary holds the ranges, and no fact repeats them. */
	CHECK_INT(value_get(port_ctx(en, 60730, a), "facts")->u.list.len, 0);
	CHECK(strstr(summary(en, 60730, a), "FreeBSD (10000–65535)") != NULL);
	arena_free(a);
}

static const char *block_count(page_lang *l, port_range r, size_t i,
	arena *a)
{
	const value *m = value_get(page_range(l, r, a), "range_page");
	return str(item(value_get(m, "blocks"), i), "count");
}

static void test_plurals(void)
{
	arena *a = arena_new();
	CHECK_STR(block_count(fr, RANGE_WELL_KNOWN, 0, a), "1 attribué");
	CHECK_STR(block_count(fr, RANGE_WELL_KNOWN, 1, a), "0 attribué");
	CHECK_STR(block_count(fr, RANGE_REGISTERED, 152, a), "2 attribués");
	CHECK_STR(block_count(ru, RANGE_WELL_KNOWN, 0, a), "1 порт");
	CHECK_STR(block_count(ru, RANGE_REGISTERED, 152, a), "2 порта");
	CHECK_STR(block_count(ru, RANGE_WELL_KNOWN, 1, a), "0 портов");
	CHECK_STR(block_count(en, RANGE_WELL_KNOWN, 0, a), "1 assigned");
	arena_free(a);
}

static void test_titles(void)
{
	arena *a = arena_new();
	const content_doc *faq = &in->c->pages[0];
	/* No translated FAQ: the string faq_title, in the page's language. */
	const value *d = value_get(page_doc(fr, faq, a), "doc");
	CHECK_STR(str(d, "title"), "Questions fréquentes");
	CHECK(!flag(d, "en"));
	CHECK(flag(d, "fallback"));
	/* The page's title is its own: the layout adds the site's name. */
	CHECK_STR(str(value_get(page_doc(fr, faq, a), "page"), "title"),
		"Questions fréquentes");
	/* Neither: the English title, marked so the page says lang="en". */
	d = value_get(page_doc(ru, faq, a), "doc");
	CHECK_STR(str(d, "title"), "Frequently asked questions");
	CHECK(flag(d, "en"));
	/* The footer's link to it. */
	const value *pages = value_get(fr->shared, "pages");
	CHECK_STR(str(item(pages, 0), "title"), "Questions fréquentes");
	CHECK(flag(item(value_get(ru->shared, "pages"), 0), "en"));
	/* Range pages: the translated essay's title, else range_page_title. */
	const value *r = value_get(page_range(fr, RANGE_DYNAMIC, a), "range_page");
	CHECK_STR(str(r, "title"), "Ports dynamiques (49152–65535)");
	r = value_get(page_range(fr, RANGE_WELL_KNOWN, a), "range_page");
	CHECK_STR(str(r, "title"), "Ports bien connus (0–1023)");
	CHECK(!flag(r, "en"));
	r = value_get(page_range(ja, RANGE_WELL_KNOWN, a), "range_page");
	CHECK_STR(str(r, "title"), "well-known ports");
	CHECK(flag(r, "en"));
	arena_free(a);
}

static const value *buttons(const value *ctx)
{
	return value_get(value_get(ctx, "feedback"), "buttons");
}

static const value *field(const value *ctx, size_t i)
{
	return item(value_get(value_get(ctx, "feedback"), "fields"), i);
}

static void test_feedback(void)
{
	arena *a = arena_new();
	/* Without a feedback URL: a new issue, titled in the page's language,
	 * whose body fits the button pressed. */
	value *ctx = page_port(fr, 22, a);
	CHECK_STR(str(value_get(ctx, "feedback"), "action"),
		"https://github.com/portref/portref/issues/new");
	CHECK_STR(str(field(ctx, 0), "name"), "title");
	CHECK_STR(str(field(ctx, 0), "value"), "Avis : /fr/ports/22/");
	CHECK(field(ctx, 1) == NULL);
	const value *b = buttons(ctx);
	CHECK_INT(b ? b->u.list.len : 0, 3);
	CHECK_STR(str(item(b, 0), "name"), "body");
	CHECK_STR(str(item(b, 0), "value"), "😔\n\nQue cherchiez-vous ?");
	CHECK_STR(str(item(b, 1), "value"),
		"🤨\n\nQu'est-ce qui pourrait être mieux ?");
	CHECK_STR(str(item(b, 2), "value"), "😃\n\nQuelque chose à ajouter ?");
	for (size_t i = 0; i < 3; i++)
		CHECK(str(item(b, i), "label") && *str(item(b, i), "label"));
	/* The 404 page reports the missing address, filled in by 404.js. */
	ctx = page_notfound(fr, a);
	CHECK_STR(str(field(ctx, 0), "value"), "Page introuvable");
	CHECK_STR(str(field(ctx, 0), "path"), "Page introuvable : @PATH@");
	const value *nf = value_get(ctx, "nf");
	CHECK_STR(str(nf, "text"), "Rien ici. Les ports sont sous /fr/ports/NUMÉRO/.");
	CHECK_STR(str(nf, "port_before"), "Aller au port ");
	CHECK_STR(str(nf, "port_after"), "");

	/* With a feedback URL: page and lang, the reaction in the button. */
	site *s = (site *)in->s;
	s->feedback_url = "https://feedback.example/r";
	page_lang *l = page_lang_new(in->s, in->db, in->c, in->t[1], in->t[0], 1,
		in->notes_html, in->lang_names);
	ctx = page_port(l, 22, a);
	CHECK_STR(str(value_get(ctx, "feedback"), "action"),
		"https://feedback.example/r");
	CHECK_STR(str(field(ctx, 0), "value"), "/fr/ports/22/");
	CHECK_STR(str(field(ctx, 1), "value"), "fr");
	CHECK_STR(str(item(buttons(ctx), 2), "name"), "reaction");
	CHECK_STR(str(item(buttons(ctx), 2), "value"), "yes");
	ctx = page_notfound(l, a);
	CHECK_STR(str(field(ctx, 0), "path"), "@PATH@");
	page_lang_free(l);
	s->feedback_url = NULL;
	arena_free(a);
}

static void test_links(void)
{
	arena *a = arena_new();
	value *ctx = page_port(fr, 22, a);
	const value *page = value_get(ctx, "page");
	CHECK_STR(str(page, "path"), "/fr/ports/22/");
	CHECK_STR(str(page, "canonical"), "https://portref.example/fr/ports/22/");
	const value *alts = value_get(ctx, "alternates");
	CHECK_INT(alts->u.list.len, 4);
	CHECK_STR(str(item(alts, 3), "prefix"), "/ru/");
	CHECK_STR(str(ctx, "rel"), "ports/22/");
	CHECK(flag(item(alts, 1), "current"));
	CHECK(!flag(item(alts, 0), "current"));
	CHECK_STR(str(item(alts, 2), "name"), "日本語");
	const value *p = value_get(ctx, "port");
	CHECK(value_get(p, "prev") && value_get(p, "next"));
	CHECK(value_get(port_ctx(en, 0, a), "prev") == NULL);
	CHECK(value_get(port_ctx(en, 65535, a), "next") == NULL);
	/* The 404 page of a language links the homes. */
	CHECK_STR(str(page_notfound(ru, a), "rel"), "");
	arena_free(a);
}

static page_lang *lang(size_t i)
{
	return page_lang_new(in->s, in->db, in->c, in->t[i], in->t[0], i,
		in->notes_html, in->lang_names);
}

int main(void)
{
	diags d;
	diags_init(&d, 50);
	in = inputs_load(FIX, &d);
	if (!in) {
		for (size_t i = 0; i < d.len; i++)
			printf("%s:%u:%u: %s\n", d.items[i].file, d.items[i].line,
				d.items[i].col, d.items[i].msg);
		printf("page: 0 passed, 1 failed\n");
		return 1;
	}
	en = lang(0);
	fr = lang(1);
	ja = lang(2);
	ru = lang(3);
	RUN(test_status_wording);
	RUN(test_range_facts);
	RUN(test_plurals);
	RUN(test_titles);
	RUN(test_feedback);
	RUN(test_links);
	page_lang_free(en);
	page_lang_free(fr);
	page_lang_free(ja);
	page_lang_free(ru);
	inputs_free(in);
	diags_free(&d);
	DONE("page");
}

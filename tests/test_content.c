/*
 * Tests for generator/content.c: essays split into title, opening and body;
 * fallback to English; safe Markdown; refusals with positions.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "fsio.h"
#include "loader.h"
#include "harness.h"

static char dir[] = "/tmp/portref-test-content-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	fsio_write_atomic(path, text, strlen(text));
}

static site fake_site(void)
{
	static const char *langs[] = { "en", "fr", "zh-Hant" };
	site s = { 0 };
	s.languages = langs;
	s.n_languages = 3;
	return s;
}

static content *load(buf *msg)
{
	site s = fake_site();
	diags d;
	diags_init(&d, 0);
	content *c = content_load(dir, &s, &d);
	buf_clear(msg);
	if (d.len) {
		diag g = d.items[0];
		const char *base = strstr(g.file, "/ranges/") ? strstr(g.file, "/ranges/") :
			strstr(g.file, "/pages/");
		g.file = (char *)(base ? base + 1 : g.file);
		diag_format(&g, msg);
	}
	diags_free(&d);
	return c;
}

static void write_all_good(void)
{
	put("ranges/well-known.md", "# Well-known\n\nOpening *one*.\n\n## More\n\nBody.\n");
	put("ranges/registered.md", "# Registered\n\nOpening two.\n");
	put("ranges/dynamic.md", "# Dynamic\n\nOpening three <script>alert(1)</script> "
		"[x](javascript:alert(1)).\n");
	put("ranges/dynamic.fr.md", "# Dynamiques\n\nOuverture.\n");
	put("pages/faq.md", "# FAQ\n\nQuestions.\n");
}

static void test_split_and_fallback(void)
{
	write_all_good();
	buf m;
	buf_init(&m);
	content *c = load(&m);
	CHECK(c != NULL);
	CHECK_STR(m.ptr, "");
	if (c) {
		const essay *e = &c->ranges[0].by_lang[0];
		CHECK_STR(e->title, "Well-known");
		CHECK_STR(e->body_html, "<p>Opening <em>one</em>.</p>\n<h2>More</h2>\n<p>Body.</p>\n");
		CHECK_STR(e->description, "Opening one.");
		CHECK(!e->fallback);
		const essay *fr = &c->ranges[2].by_lang[1];
		CHECK_STR(fr->title, "Dynamiques");
		CHECK(!fr->fallback);
		const essay *zh = &c->ranges[2].by_lang[2];
		CHECK(zh->fallback);
		CHECK_STR(zh->title, "Dynamic");
		/* Safe mode: no raw HTML, no javascript: link. */
		const char *o = c->ranges[2].by_lang[0].body_html;
		CHECK(strstr(o, "<script>") == NULL);
		CHECK(strstr(o, "javascript:") == NULL);
		CHECK_INT(c->n_pages, 1);
		CHECK_STR(c->pages[0].slug, "faq");
	}
	content_free(c);
	buf_free(&m);
}

static void test_refusals(void)
{
	buf m;
	buf_init(&m);
	write_all_good();
	put("ranges/registered.md", "No title here.\n");
	CHECK(load(&m) == NULL);
	CHECK_STR(m.ptr, "ranges/registered.md:1:1: an essay must start with a "
		"'# Title' line");
	put("ranges/registered.md", "# Title\n\n## Straight to a heading\n");
	CHECK(load(&m) == NULL);
	CHECK_STR(m.ptr, "ranges/registered.md:3:1: the title must be followed "
		"by an opening paragraph (it is the page's description)");
	put("ranges/registered.md", "# Title\n\nBad \xFF byte.\n");
	CHECK(load(&m) == NULL);
	CHECK_STR(m.ptr, "ranges/registered.md:3:5: invalid UTF-8 (byte 0xFF)");
	write_all_good();
	put("pages/faq.xx.md", "# FAQ\n\nx\n");
	content *c = load(&m);
	CHECK(c != NULL);
	content_free(c);
	CHECK_STR(m.ptr, "pages/faq.xx.md: warning: 'xx' is not a language the "
		"site builds (data/site.yaml), so this file is not used");
	char path[256];
	snprintf(path, sizeof path, "%s/pages/faq.xx.md", dir);
	unlink(path);
	put("pages/faq.x_y.md", "# FAQ\n\nx\n");
	CHECK(load(&m) == NULL);
	CHECK_STR(m.ptr, "pages/faq.x_y.md: 'x_y' is not a BCP 47 language tag "
		"(name translations like faq.fr.md)");
	snprintf(path, sizeof path, "%s/pages/faq.x_y.md", dir);
	unlink(path);
	buf_free(&m);
}

/* Port mentions in notes link to listed ports (content.h has the rule);
 * years, counts, RFC numbers, code, links and addresses do not. */
static void test_notes_links(void)
{
	static const char yaml[] =
		"ports:\n"
		"  - {port: 47, notes: x}\n  - {port: 194, notes: x}\n"
		"  - {port: 443, notes: x}\n  - {port: 2003, notes: x}\n"
		"  - {port: 2049, notes: x}\n  - {port: 5432, notes: x}\n"
		"  - {port: 6432, notes: x}\n  - {port: 10000, notes: x}\n"
		"  - {port: 21027, notes: x}\n  - {port: 26379, notes: x}\n"
		"  - {port: 33060, notes: x}\n";
	arena *a = arena_new();
	diags d;
	diags_init(&d, 0);
	value *root = loader_parse(a, "t.yaml", yaml, sizeof yaml - 1, &d);
	port_db *db = root ? port_db_from_value(root, "t.yaml", &d) : NULL;
	CHECK(db != NULL);
	if (!db) {
		diags_free(&d);
		arena_free(a);
		return;
	}
	static const struct { const char *md, *html; } cases[] = {
		{ "PgBouncer (default 6432) sits in front.",
		  "<p>PgBouncer (default <a href=\"../6432/\">6432</a>) sits in front.</p>\n" },
		{ "Sentinel uses 26379 and X on 33060.",
		  "<p>Sentinel uses <a href=\"../26379/\">26379</a> and X on "
		  "<a href=\"../33060/\">33060</a>.</p>\n" },
		{ "Discovery uses 21027/udp.",
		  "<p>Discovery uses <a href=\"../21027/\">21027</a>/udp.</p>\n" },
		{ "Only port 2049 is needed.",
		  "<p>Only port <a href=\"../2049/\">2049</a> is needed.</p>\n" },
		/* Years: only after port, ports, TCP, UDP, SCTP or DCCP. */
		{ "The worm of 2003 and in 2049.", "<p>The worm of 2003 and in 2049.</p>\n" },
		{ "The official irc port, 194, and UDP 443.",
		  "<p>The official irc port, <a href=\"../194/\">194</a>, and UDP "
		  "<a href=\"../443/\">443</a>.</p>\n" },
		/* The page's own port; unlisted ports; one digit; leading zero. */
		{ "Port 5432 and 5433 and 7 and 0443.",
		  "<p>Port 5432 and 5433 and 7 and 0443.</p>\n" },
		/* RFC numbers, protocol numbers, versions, counts, offsets. */
		{ "RFC 2049, IP protocol 47, iOS 194, 194 seconds, port 10000 higher.",
		  "<p>RFC 2049, IP protocol 47, iOS 194, 194 seconds, port 10000 higher.</p>\n" },
		/* Addresses, thousands, hyphenated words, numbers inside words. */
		{ "Send to 443.0.0.9, 26,379 users, 443-byte, v443, 443x, :443.",
		  "<p>Send to 443.0.0.9, 26,379 users, 443-byte, v443, 443x, :443.</p>\n" },
		/* Code and existing links stay as they are. */
		{ "Run `ss 6432` or see [port 6432](https://example.org/6432).",
		  "<p>Run <code>ss 6432</code> or see <a href=\"https://example.org/6432\">"
		  "port 6432</a>.</p>\n" },
		{ "```\nlisten 6432\n```\n",
		  "<pre><code>listen 6432\n</code></pre>\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *html = content_notes_html(a, cases[i].md, strlen(cases[i].md),
			db, 5432);
		CHECK_STR(html, cases[i].html);
	}
	port_db_free(db);
	diags_free(&d);
	arena_free(a);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char path[256];
	snprintf(path, sizeof path, "%s/ranges", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/pages", dir);
	mkdir(path, 0755);
	RUN(test_split_and_fallback);
	RUN(test_refusals);
	RUN(test_notes_links);
	harness_remove_tree(dir);
	DONE("content");
}

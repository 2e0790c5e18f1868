/*
 * Tests for generator/sitemap.c: every page of the kinds marked in_sitemap,
 * once per built language, with its alternates, split at SITEMAP_URLS.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kinds.h"
#include "sitemap.h"

/* What the writer emitted, by name. */
struct files {
	char *name[16];
	buf data[16];
	size_t n;
	size_t stop_after;        /* refuse the emit after this many; 0: never */
};

static bool keep(void *ud, const char *name, const char *data, size_t n)
{
	struct files *f = ud;
	if (f->stop_after && f->n == f->stop_after)
		return false;
	if (f->n == 16)
		return false;
	f->name[f->n] = strdup(name);
	buf_init(&f->data[f->n]);
	buf_put(&f->data[f->n], data, n);
	f->n++;
	return true;
}

static const char *file(struct files *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->data[i].ptr;
	return NULL;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; p && (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void files_free(struct files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->name[i]);
		buf_free(&f->data[i]);
	}
}

static const char *langs[] = { "en", "fr", "ja" };
static content_doc docs[1] = { { .slug = "faq" } };

static void test_subset(void)
{
	site s = { .base_url = "https://x.example/a&b/", .base_path = "/a&b/",
		.languages = langs, .n_languages = 3 };
	content c = { .pages = docs, .n_pages = 1 };
	bool want_port[PORT_MAX + 1] = { 0 };
	want_port[22] = want_port[80] = true;
	bool want_lang[3] = { true, true, false };
	struct files f = { 0 };
	CHECK(sitemap_write(&s, &c, want_port, want_lang, keep, &f));
	CHECK_INT(f.n, 3);
	const char *map = file(&f, "sitemap-1.xml");
	CHECK(map != NULL);
	/* home, search, 3 ranges, 256 blocks, 1 essay, 2 ports; no 404; in
	 * English and French, not Japanese. */
	CHECK_INT(count(map, "<url>"), (1 + 1 + 3 + 256 + 1 + 2) * 2);
	CHECK(strstr(map, "<loc>https://x.example/a&amp;b/fr/ports/22/</loc>"
		"<xhtml:link rel=\"alternate\" hreflang=\"en\" "
		"href=\"https://x.example/a&amp;b/ports/22/\"/>") != NULL);
	CHECK(strstr(map, "hreflang=\"x-default\" href=\"https://x.example/a&amp;"
		"b/ports/80/\"") != NULL);
	CHECK(strstr(map, "<loc>https://x.example/a&amp;b/faq/</loc>") != NULL);
	CHECK(strstr(map, "ranges/registered/1024-1279/</loc>") != NULL);
	CHECK(strstr(map, "ports/23/") == NULL);
	CHECK(strstr(map, "404.html") == NULL);
	CHECK(strstr(map, "/ja/") == NULL);
	CHECK(strstr(file(&f, "sitemap.xml"), "<loc>https://x.example/a&amp;b/"
		"sitemap-1.xml</loc>") != NULL);
	CHECK_STR(file(&f, "robots.txt"), "User-agent: *\nAllow: /\n"
		"Sitemap: https://x.example/a&b/sitemap.xml\n");
	files_free(&f);
}

/* The whole site of three languages: 197,394 URLs in four sitemaps of at
 * most 50,000, each well closed, and an index naming them all. */
static void test_split(void)
{
	site s = { .base_url = "https://x.example/", .base_path = "/",
		.languages = langs, .n_languages = 3 };
	content c = { .pages = docs, .n_pages = 1 };
	bool *want_port = malloc(PORT_MAX + 1);
	memset(want_port, 1, PORT_MAX + 1);
	bool want_lang[3] = { true, true, true };
	struct files f = { 0 };
	CHECK(sitemap_write(&s, &c, want_port, want_lang, keep, &f));
	CHECK_INT(f.n, 6);
	size_t urls = 0;
	for (size_t i = 0; i < 4 && i < f.n; i++) {
		size_t n = count(f.data[i].ptr, "<url>");
		CHECK(n <= SITEMAP_URLS);
		CHECK_INT(count(f.data[i].ptr, "</urlset>"), 1);
		urls += n;
	}
	CHECK_INT(urls, (1 + 1 + 3 + 256 + 1 + 65536) * 3);
	CHECK_INT(count(file(&f, "sitemap.xml"), "<sitemap>"), 4);
	files_free(&f);
	/* A refused file stops the writer, which says so. */
	struct files g = { .stop_after = 1 };
	CHECK(!sitemap_write(&s, &c, want_port, want_lang, keep, &g));
	CHECK_INT(g.n, 1);
	files_free(&g);
	free(want_port);
}

int main(void)
{
	RUN(test_subset);
	RUN(test_split);
	DONE("sitemap");
}

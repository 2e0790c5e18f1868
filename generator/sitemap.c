/*
 * sitemap: the sitemaps, their index and robots.txt.
 *
 * Paths are ASCII made by kinds.c, so nothing needs escaping but the base
 * URL, which site_load restricted to URL-safe characters and which may
 * still hold '&'.
 */
#include "sitemap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kinds.h"
#include "mustache.h"
#include "xalloc.h"

static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
	"xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/* One <url> of language li, whose page is at rel, with the page's address
 * in every wanted language as alternates (x-default: the default
 * language's). prefix holds each language's absolute root, escaped. */
static void put_url(buf *b, const site *s, const bool *want_lang,
	char *const *prefix, size_t li, const char *rel)
{
	buf_puts(b, "<url><loc>");
	buf_puts(b, prefix[li]);
	buf_puts(b, rel);
	buf_puts(b, "</loc>");
	for (size_t i = 0; i <= s->n_languages; i++) {
		size_t at = i < s->n_languages ? i : 0;
		if (!want_lang[at])
			continue;
		buf_puts(b, "<xhtml:link rel=\"alternate\" hreflang=\"");
		buf_puts(b, i < s->n_languages ? s->languages[i] : "x-default");
		buf_puts(b, "\" href=\"");
		buf_puts(b, prefix[at]);
		buf_puts(b, rel);
		buf_puts(b, "\"/>");
	}
	buf_puts(b, "</url>\n");
}

struct writer {
	buf map;
	size_t files, urls;
	sitemap_emit_fn emit;
	void *ud;
	bool ok;
};

/* Ends the sitemap being filled, if it has a URL. */
static void flush(struct writer *w)
{
	if (!w->urls || !w->ok)
		return;
	buf_puts(&w->map, "</urlset>\n");
	char name[32];
	snprintf(name, sizeof name, "sitemap-%zu.xml", ++w->files);
	w->ok = w->emit(w->ud, name, w->map.ptr, w->map.len);
	buf_clear(&w->map);
	buf_puts(&w->map, head);
	w->urls = 0;
}

bool sitemap_write(const site *s, const content *c, const bool *want_port,
	const bool *want_lang, sitemap_emit_fn emit, void *ud)
{
	struct writer w = { .emit = emit, .ud = ud, .ok = true };
	buf_init(&w.map);
	buf_puts(&w.map, head);
	char **prefix = xcalloc(s->n_languages, sizeof *prefix);
	for (size_t li = 0; li < s->n_languages; li++) {
		buf esc;
		buf_init(&esc);
		mst_escape_html(&esc, s->base_url, strlen(s->base_url));
		if (li)
			buf_printf(&esc, "%s/", s->languages[li]);
		prefix[li] = buf_detach(&esc);
		buf_free(&esc);
	}
	buf rel;
	buf_init(&rel);
	for (size_t li = 0; li < s->n_languages && w.ok; li++) {
		if (!want_lang[li])
			continue;
		for (size_t k = 0; k < KIND_COUNT && w.ok; k++) {
			const page_kind *kind = &page_kinds[k];
			size_t n = kind->in_sitemap ? kind->count(c) : 0;
			for (size_t i = 0; i < n && w.ok; i++) {
				if (kind->by_port && !want_port[i])
					continue;
				buf_clear(&rel);
				kind->rel(c, i, &rel);
				put_url(&w.map, s, want_lang, prefix, li, rel.ptr);
				if (++w.urls == SITEMAP_URLS || w.map.len > SITEMAP_BYTES)
					flush(&w);
			}
		}
	}
	buf_free(&rel);
	for (size_t li = 0; li < s->n_languages; li++)
		free(prefix[li]);
	free(prefix);
	flush(&w);

	buf_clear(&w.map);
	buf_puts(&w.map, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 1; i <= w.files; i++) {
		buf_puts(&w.map, "<sitemap><loc>");
		mst_escape_html(&w.map, s->base_url, strlen(s->base_url));
		buf_printf(&w.map, "sitemap-%zu.xml</loc></sitemap>\n", i);
	}
	buf_puts(&w.map, "</sitemapindex>\n");
	if (w.ok)
		w.ok = emit(ud, "sitemap.xml", w.map.ptr, w.map.len);

	buf_clear(&w.map);
	buf_printf(&w.map, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n",
		s->base_url);
	if (w.ok)
		w.ok = emit(ud, "robots.txt", w.map.ptr, w.map.len);
	buf_free(&w.map);
	return w.ok;
}

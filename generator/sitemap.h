/*
 * sitemap: the sitemaps and robots.txt, which tell crawlers what the site
 * holds.
 *
 * A sitemap index (sitemap.xml) lists sitemaps of at most SITEMAP_URLS
 * URLs and SITEMAP_BYTES bytes (the protocol allows 50,000 and 50 MB);
 * each URL carries its page's address in every built language as hreflang
 * alternates, which search engines read as they read <link rel=
 * "alternate"> in a page. The pages listed are the page kinds marked
 * in_sitemap (kinds.h), in their order.
 */
#ifndef PORTREF_SITEMAP_H
#define PORTREF_SITEMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "content.h"
#include "site.h"

#define SITEMAP_URLS 50000
/* A URL with its alternates is about 1 KB; stop well before 50 MB. */
#define SITEMAP_BYTES 48000000

/* Receives one finished file: its path under the output folder and its
 * bytes. Returns false to stop the writer. */
typedef bool (*sitemap_emit_fn)(void *ud, const char *name, const char *data,
	size_t n);

/* Writes sitemap-1.xml, sitemap-2.xml..., sitemap.xml and robots.txt
 * through emit, listing the pages of the languages want_lang marks (by
 * index in s->languages) and, of the port pages, those want_port marks
 * (by number). Returns false as soon as emit does. */
bool sitemap_write(const site *s, const content *c, const bool *want_port,
	const bool *want_lang, sitemap_emit_fn emit, void *ud);

#endif

/*
 * kinds: the page kinds and their paths.
 */
#include "kinds.h"

#include <string.h>

#include "page.h"

void page_port_rel(buf *out, unsigned port)
{
	buf_puts(out, PAGE_PORTS_DIR);
	buf_put_uint(out, port);
	buf_putc(out, '/');
}

void page_range_rel(buf *out, port_range r)
{
	buf_puts(out, "ranges/");
	buf_puts(out, port_range_slug(r));
	buf_putc(out, '/');
}

void page_block_rel(buf *out, unsigned port)
{
	unsigned lo = port - port % PAGE_BLOCK;
	page_range_rel(out, port_range_of(lo));
	buf_put_uint(out, lo);
	buf_putc(out, '-');
	buf_put_uint(out, lo + PAGE_BLOCK - 1);
	buf_putc(out, '/');
}

void page_doc_rel(buf *out, const content_doc *doc)
{
	buf_puts(out, doc->slug);
	buf_putc(out, '/');
}

void page_file(buf *out, const char *tag, const char *rel)
{
	if (tag) {
		buf_puts(out, tag);
		buf_putc(out, '/');
	}
	buf_puts(out, rel);
	size_t n = strlen(rel);
	if (n == 0 || rel[n - 1] == '/')
		buf_puts(out, PAGE_INDEX);
}

/* ---- the table ---------------------------------------------------------- */

static size_t one(const content *c)
{
	(void)c;
	return 1;
}

static size_t every_port(const content *c)
{
	(void)c;
	return PORT_MAX + 1;
}

static size_t ranges(const content *c)
{
	(void)c;
	return RANGE_DYNAMIC + 1;
}

static size_t blocks(const content *c)
{
	(void)c;
	return (PORT_MAX + 1) / PAGE_BLOCK;
}

static size_t docs(const content *c)
{
	return c->n_pages;
}

static void home_rel(const content *c, size_t i, buf *out)
{
	(void)c, (void)i, (void)out;
}

static void search_rel(const content *c, size_t i, buf *out)
{
	(void)c, (void)i;
	buf_puts(out, PAGE_SEARCH_REL);
}

static void notfound_rel(const content *c, size_t i, buf *out)
{
	(void)c, (void)i;
	buf_puts(out, PAGE_NOTFOUND_REL);
}

static void range_rel(const content *c, size_t i, buf *out)
{
	(void)c;
	page_range_rel(out, (port_range)i);
}

static void block_rel(const content *c, size_t i, buf *out)
{
	(void)c;
	page_block_rel(out, (unsigned)i * PAGE_BLOCK);
}

static void doc_rel(const content *c, size_t i, buf *out)
{
	page_doc_rel(out, &c->pages[i]);
}

static void port_rel(const content *c, size_t i, buf *out)
{
	(void)c;
	page_port_rel(out, (unsigned)i);
}

static value *home(const page_lang *l, size_t i, arena *a)
{
	(void)i;
	return page_home(l, a);
}

static value *search(const page_lang *l, size_t i, arena *a)
{
	(void)i;
	return page_search(l, a);
}

static value *notfound(const page_lang *l, size_t i, arena *a)
{
	(void)i;
	return page_notfound(l, a);
}

static value *range(const page_lang *l, size_t i, arena *a)
{
	return page_range(l, (port_range)i, a);
}

static value *block(const page_lang *l, size_t i, arena *a)
{
	return page_block(l, (unsigned)i * PAGE_BLOCK, a);
}

static value *doc(const page_lang *l, size_t i, arena *a)
{
	return page_doc(l, &l->c->pages[i], a);
}

static value *port(const page_lang *l, size_t i, arena *a)
{
	return page_port(l, (unsigned)i, a);
}

const page_kind page_kinds[KIND_COUNT] = {
	[KIND_HOME] = { "home", "home", one, home_rel, home, false, true },
	[KIND_SEARCH] = { "search", "search", one, search_rel, search, false,
		true },
	[KIND_RANGE] = { "range", "range", ranges, range_rel, range, false,
		true },
	[KIND_BLOCK] = { "block", "block", blocks, block_rel, block, false,
		true },
	[KIND_DOC] = { "doc", "doc", docs, doc_rel, doc, false, true },
	[KIND_PORT] = { "port", "port", every_port, port_rel, port, true, true },
	/* One per language, at its root: the server picks it by the
	 * address's language folder (deploy/nginx). */
	[KIND_NOTFOUND] = { "notfound", "notfound", one, notfound_rel, notfound,
		false, false },
};

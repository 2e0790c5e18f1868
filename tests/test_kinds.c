/*
 * Tests for generator/kinds.c: the path formulas and the table of page
 * kinds every walker reads.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kinds.h"

static const char *port_rel(buf *b, unsigned port)
{
	buf_clear(b);
	page_port_rel(b, port);
	return b->ptr;
}

static const char *block_rel(buf *b, unsigned port)
{
	buf_clear(b);
	page_block_rel(b, port);
	return b->ptr;
}

static void test_paths(void)
{
	buf b;
	buf_init(&b);
	CHECK_STR(port_rel(&b, 0), "ports/0/");
	CHECK_STR(port_rel(&b, 65535), "ports/65535/");
	CHECK_STR(block_rel(&b, 0), "ranges/well-known/0-255/");
	CHECK_STR(block_rel(&b, 1080), "ranges/registered/1024-1279/");
	CHECK_STR(block_rel(&b, 49151), "ranges/registered/48896-49151/");
	CHECK_STR(block_rel(&b, 65535), "ranges/dynamic/65280-65535/");
	buf_clear(&b);
	page_range_rel(&b, RANGE_DYNAMIC);
	CHECK_STR(b.ptr, "ranges/dynamic/");
	/* A folder's page is its index.html; a file is itself. */
	buf_clear(&b);
	page_file(&b, NULL, "");
	CHECK_STR(b.ptr, "index.html");
	buf_clear(&b);
	page_file(&b, "pt-BR", "ports/22/");
	CHECK_STR(b.ptr, "pt-BR/ports/22/index.html");
	buf_clear(&b);
	page_file(&b, "fr", PAGE_NOTFOUND_REL);
	CHECK_STR(b.ptr, "fr/404.html");
	buf_free(&b);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every page of every kind has a path of its own, and the port pages are
 * numbered by port, as --ports and the sitemaps assume. */
static void test_table(void)
{
	content_doc pages[2] = { { .slug = "faq" }, { .slug = "about" } };
	content c = { .pages = pages, .n_pages = 2 };
	size_t total = 0;
	for (size_t k = 0; k < KIND_COUNT; k++)
		total += page_kinds[k].count(&c);
	CHECK(total == 1 + 1 + 3 + 256 + 2 + 65536 + 1);
	char **all = malloc(total * sizeof *all);
	size_t n = 0;
	buf b;
	buf_init(&b);
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const page_kind *kind = &page_kinds[k];
		CHECK(kind->name && kind->template && kind->context);
		for (size_t i = 0; i < kind->count(&c); i++) {
			buf_clear(&b);
			kind->rel(&c, i, &b);
			all[n++] = buf_detach(&b);
		}
	}
	qsort(all, n, sizeof *all, cmp_str);
	size_t dups = 0;
	for (size_t i = 1; i < n; i++)
		dups += strcmp(all[i - 1], all[i]) == 0;
	CHECK(dups == 0);
	for (size_t i = 0; i < n; i++)
		free(all[i]);
	free(all);
	buf_clear(&b);
	page_kinds[KIND_PORT].rel(&c, 8080, &b);
	CHECK_STR(b.ptr, "ports/8080/");
	CHECK(page_kinds[KIND_PORT].by_port);
	CHECK(!page_kinds[KIND_NOTFOUND].in_sitemap);
	buf_clear(&b);
	page_kinds[KIND_DOC].rel(&c, 1, &b);
	CHECK_STR(b.ptr, "about/");
	buf_free(&b);
}

int main(void)
{
	RUN(test_paths);
	RUN(test_table);
	DONE("kinds");
}

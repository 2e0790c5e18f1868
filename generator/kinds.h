/*
 * kinds: the one table of page kinds, and the one place a page's path is
 * made.
 *
 * Each kind names its template, how many pages it has in a language, each
 * page's path and context, and whether its pages go in the sitemap. The
 * port workers, the listings, the sitemaps and the validation render all
 * walk page_kinds[]; a new kind of page is one entry here, one context
 * builder in page.c and one template (templates/README.md lists what each
 * kind's context holds).
 *
 * A page's path ("rel") is relative to its language's home: a folder
 * ending in '/' ("ports/22/", "" for the home itself), written as
 * FOLDER/index.html, or a file ("404.html"). Links between pages are built
 * from the same functions.
 */
#ifndef PORTREF_KINDS_H
#define PORTREF_KINDS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "content.h"
#include "ports.h"
#include "value.h"

typedef struct page_lang page_lang;

#define PAGE_BLOCK 256              /* ports per block page */
#define PAGE_PORTS_DIR "ports/"     /* port N is PAGE_PORTS_DIR "N/" */
#define PAGE_SEARCH_REL "search/"
#define PAGE_NOTFOUND_REL "404.html"
#define PAGE_INDEX "index.html"         /* the file of a folder's page */

/* Append the path of one page (see above) to out. */
void page_port_rel(buf *out, unsigned port);               /* ports/22/ */
void page_range_rel(buf *out, port_range r);               /* ranges/dynamic/ */
void page_block_rel(buf *out, unsigned port);              /* ranges/well-known/0-255/:
                                                            * the block holding port */
void page_doc_rel(buf *out, const content_doc *doc);       /* faq/ */

/* Appends the file a page at rel is written to, relative to the output
 * folder: the language's folder (none when tag is NULL: the default
 * language), rel, and "index.html" when rel is a folder. */
void page_file(buf *out, const char *tag, const char *rel);

typedef enum page_kind_id {
	KIND_HOME,
	KIND_SEARCH,
	KIND_RANGE,
	KIND_BLOCK,
	KIND_DOC,
	KIND_PORT,
	KIND_NOTFOUND,
	KIND_COUNT
} page_kind_id;

typedef struct page_kind {
	const char *name;         /* for messages and templates/README.md */
	const char *template;     /* templates/NAME.mustache */
	/* How many pages of the kind a language has; page i of a language is
	 * numbered 0..count-1. */
	size_t (*count)(const content *c);
	/* Appends page i's path. */
	void (*rel)(const content *c, size_t i, buf *out);
	/* Page i's context, a new tree in scratch. */
	value *(*context)(const page_lang *l, size_t i, arena *scratch);
	bool by_port;             /* page i is port i: --ports chooses them */
	bool in_sitemap;
} page_kind;

/* Every kind, in the order the sitemaps list them (the order of
 * page_kind_id). */
extern const page_kind page_kinds[KIND_COUNT];

#endif

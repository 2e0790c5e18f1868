/*
 * page: the model stage. For each page of the site it assembles the
 * context tree the templates render: what a port page says about its
 * number, the home page, range and block listings, essays, search and 404.
 *
 * A page_lang holds what every page of one language shares (its strings,
 * essays, navigation), built once; the per-page contexts are built in a
 * caller's scratch arena, reset between pages, and may point into it.
 * Nothing here writes files or renders HTML.
 */
#ifndef PORTREF_PAGE_H
#define PORTREF_PAGE_H

#include <stdbool.h>

#include "arena.h"
#include "content.h"
#include "i18n.h"
#include "kinds.h"
#include "ports.h"
#include "site.h"
#include "value.h"

/* What every page of one language shares. Read-only once built, so many
 * threads may build pages from it at once. */
typedef struct page_lang {
	arena *a;
	const site *s;
	const port_db *db;
	const content *c;
	const i18n *t;
	const i18n *en;
	size_t index;              /* in s->languages */
	const char *tag;
	const char *home;          /* path of this language's home, e.g. /fr/ */
	value *shared;             /* lang, t, root, home, nav... */
	const char **notes_html;   /* per entry of db: rendered notes, or NULL */
	const char *const *lang_names; /* each language's own name, site order */
	const char *origin;        /* base_url without its path: https://host */
	const char *range_href[3]; /* each range page's path, by port_range */
	const char *feedback_action; /* the repository's issues/new */
	value *feedback_buttons;   /* the prompt's buttons: no, meh, yes */
} page_lang;

/* The English strings every page needs; English must have each. */
extern const char *const page_required_keys[];

/* Builds what language index shares. notes_html is indexed like
 * db->entries and shared between languages (notes are not translated);
 * lang_names gives each site language's name in that language. Both must
 * outlive l. */
page_lang *page_lang_new(const site *s, const port_db *db, const content *c,
	const i18n *t, const i18n *en, size_t index, const char **notes_html,
	const char *const *lang_names);

/* Frees l. NULL is allowed. */
void page_lang_free(page_lang *l);

/* The site path (under base_path, with trailing '/') of a page whose
 * language-relative path is rel ("ports/22/"), in language index lang.
 * Returns a string owned by a. */
const char *page_path(const site *s, size_t lang, const char *rel, arena *a);

/* Contexts, each a new tree in scratch (shares nodes of l); the page
 * kinds (kinds.h) say which page of a language each builds. */
value *page_port(const page_lang *l, unsigned port, arena *scratch);
value *page_home(const page_lang *l, arena *scratch);
value *page_range(const page_lang *l, port_range r, arena *scratch);
value *page_block(const page_lang *l, unsigned lo, arena *scratch);
value *page_doc(const page_lang *l, const content_doc *doc, arena *scratch);
value *page_search(const page_lang *l, arena *scratch);
value *page_notfound(const page_lang *l, arena *scratch);

#endif

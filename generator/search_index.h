/*
 * search_index: the file static/search.js searches, search-index.json.
 *
 * One row per listed port, sorted by port, as a JSON array of arrays:
 *
 *     [port, "common name", "principal alias alias", "description\nuse"]
 *
 * The common name is "" when none is curated; the service names are the
 * distinct registry names with the principal one first (what the results
 * show when there is no common name), separated by spaces (a service name
 * has none); the last field holds the distinct descriptions that do not
 * merely repeat a service name, then the unofficial uses, one a line.
 * Trailing empty fields are left out. Strings are JSON-escaped.
 */
#ifndef PORTREF_SEARCH_INDEX_H
#define PORTREF_SEARCH_INDEX_H

#include "buf.h"
#include "ports.h"

/* Appends the search index of db to out. */
void search_index_write(const port_db *db, buf *out);

#endif

/*
 * i18n: one string table per language, i18n/<tag>.yaml.
 *
 * English is the reference: its keys are the keys. Every value is a
 * Mustache snippet, compiled once and rendered as plain text with the
 * page's data (the port, the range, ...); the page template escapes the
 * result for where it lands. A key a translation lacks falls back to the
 * English text and is reported, as is a key English does not have.
 */
#ifndef PORTREF_I18N_H
#define PORTREF_I18N_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

typedef struct i18n {
	const char *tag;
	arena *a;
	value *table;        /* key -> text, English filled in where missing */
	mst_set *snippets;   /* every key compiled as a template of that name */
	const char *path;    /* i18n/<tag>.yaml */
	size_t n_missing;    /* keys that fell back to English */
	bool *fallback;      /* per key of table: true if it is English text */
} i18n;

/* Loads dir/<tag>.yaml. english is the reference table (NULL when loading
 * English itself, which must then have every key in required). Missing
 * keys are warnings ("missing key 'x'; the English text is used"), keys
 * English lacks are warnings ("unused key 'x'"), anything else that is
 * wrong is an error. Returns a new table the caller frees with i18n_free,
 * or NULL after appending errors to d. */
i18n *i18n_load(const char *dir, const char *tag, const i18n *english,
	const char *const *required, diags *d);

/* Frees t. NULL is allowed. */
void i18n_free(i18n *t);

/* Appends key's text rendered with data (NULL: no data) to out, as plain
 * text. key must exist in the English table (checked at load). */
void i18n_render(const i18n *t, const char *key, const value *data, buf *out);

/* The raw text of key (the snippet source), or "" for an unknown key. */
const char *i18n_text(const i18n *t, const char *key);

/* True if key's text is English because the translation lacks it. */
bool i18n_is_fallback(const i18n *t, const char *key);

#endif

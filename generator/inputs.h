/*
 * inputs: every file the site is made from, loaded, checked against each
 * other and digested.
 *
 * inputs_load reads data/, i18n/, content/ and templates/, reports every
 * problem it finds, computes the digests that tell a build which pages may
 * have changed, and renders a sample of every page kind so that what only
 * shows at render time is refused before anything is written.
 */
#ifndef PORTREF_INPUTS_H
#define PORTREF_INPUTS_H

#include <stdint.h>

#include "arena.h"
#include "content.h"
#include "diag.h"
#include "i18n.h"
#include "kinds.h"
#include "mustache.h"
#include "ports.h"
#include "site.h"

/* The largest file read as a template or an input to digest. */
#define INPUTS_MAX_TEMPLATE (1u << 20)
#define INPUTS_MAX_DIGESTED (1u << 28)

/* Every input, loaded and validated. */
typedef struct inputs {
	site *s;
	i18n **t;                 /* per site language; t[0] is English */
	content *c;
	port_db *db;
	mst_set *templates;
	const char **template_names; /* every template in templates, as loaded */
	size_t n_templates;
	const char **notes_html;  /* per db entry */
	arena *a;
	uint64_t *lang_digest;    /* per site language: all inputs but the ports */
	uint64_t *port_digest;    /* per port 0..65535: its facts (0: none) */
	const char **lang_names;
} inputs;

/* Loads and validates every input under dir (".": the current folder).
 * Returns the inputs, or NULL after appending every error found to d
 * (warnings are appended too: a name a template uses that no page's
 * context holds is one). */
inputs *inputs_load(const char *dir, diags *d);

/* Appends a warning to d for each name a template uses that no page's
 * context holds ({{page.titel}} renders as nothing). Slower than a build's
 * checks: for validate. */
void inputs_check_names(const inputs *in, diags *d);

/* The names page kind k's context holds, as sorted dotted paths
 * ("page.title", "port.iana.rows.service"; "t.*" for the strings), over
 * every page in English and the first and last page in every language.
 * Sets *out to a new array the caller frees, of strings owned by a, and
 * returns its length. */
size_t inputs_context_names(const inputs *in, page_kind_id k, arena *a,
	const char ***out);

/* Frees in. NULL is allowed. */
void inputs_free(inputs *in);

#endif

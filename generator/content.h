/*
 * content: the Markdown essays, rendered once per language.
 *
 * content/ranges/<slug>.md are the three range essays; content/pages/
 * <slug>.md are stand-alone pages (the FAQ). A translation sits beside its
 * original as <slug>.<tag>.md. Each essay starts with a "# Title" line and
 * an opening paragraph that stands alone (it is the page's description).
 * Where a language has no translation, the English essay is used and
 * marked so the page can say lang="en" around it.
 */
#ifndef PORTREF_CONTENT_H
#define PORTREF_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "ports.h"
#include "site.h"

typedef struct essay {
	const char *lang;         /* the language the text is in */
	bool fallback;            /* true: English shown on another language's page */
	const char *title;        /* plain text */
	const char *body_html;    /* everything after the title, as HTML */
	const char *description;  /* the opening as plain text, at most ~160 bytes */
	const char *path;         /* the file it came from */
} essay;

typedef struct content_doc {
	const char *slug;
	essay *by_lang;           /* one per site language, in site order */
} content_doc;

typedef struct content {
	arena *a;
	content_doc ranges[3];    /* indexed by port_range */
	content_doc *pages;       /* content/pages, sorted by slug */
	size_t n_pages;
	const char **files;       /* every file read, for the build's digests */
	size_t n_files;
} content;

/* Loads every essay under dir for the languages of s. Returns a new
 * content the caller frees with content_free, or NULL after appending
 * errors to d. */
content *content_load(const char *dir, const site *s, diags *d);

/* Frees c. NULL is allowed. */
void content_free(content *c);

/* Parses one essay file's text into e (title, description from the
 * opening, body, all owned by a). Returns false after appending an error: invalid UTF-8, no "# Title"
 * line, or no opening paragraph after it. */
bool content_essay_parse(arena *a, const char *path, const char *text,
	size_t len, essay *e, diags *d);

/* Renders len bytes of Markdown to HTML in cmark's safe mode (raw HTML and
 * javascript: links are dropped). The result is owned by a. */
char *content_markdown_html(arena *a, const char *text, size_t len);

/* Renders a port's notes (len bytes of Markdown) as content_markdown_html
 * does, with each mention of another listed port linked to that port's
 * page as "../N/" (port pages are siblings in every language). A mention
 * is a number in text, not in code or a link, that
 *   - is a whole word: 2-5 digits without a leading zero, at most 65535,
 *     with no letter, digit or one of . , : / - _ # @ $ % + = ~ just
 *     before it, and no letter, digit, - or _ just after, nor . , or :
 *     followed by a digit ("224.0.0.9", "900,000"), nor / unless "/tcp"
 *     or "/udp" follows (bytes above 0x7F count as letters on both sides);
 *   - does not follow the word RFC, protocol, version, number, iOS,
 *     Linux, Windows, macOS or Android, and is not followed by a unit or
 *     comparison word (seconds, minutes, hours, days, years, bits, bytes,
 *     percent, times, higher, lower, more);
 *   - if it lies in 1900-2099, where years are, directly follows port,
 *     ports, TCP, UDP, SCTP or DCCP;
 *   - names a port other than self that db lists.
 * The result is owned by a. */
char *content_notes_html(arena *a, const char *text, size_t len,
	const port_db *db, unsigned self);

/* Checks that text is valid UTF-8, appending an error at the first bad
 * byte's line and column (counted from first_line, first_col) if not. */
bool content_check_utf8(const char *path, const char *text, size_t len,
	unsigned first_line, unsigned first_col, diags *d);

#endif

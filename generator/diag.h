/*
 * diag: errors and warnings with their position kept apart from the text.
 *
 * Library code never prints. A stage that can fail takes a diags list,
 * appends what it finds and returns a status; main prints the list as
 * `path:line:col: message` and chooses the exit code. A diagnostic can also
 * carry the position of what was left open (like libyaml's context_mark),
 * printed after the message as "(opened at LINE:COL)".
 */
#ifndef PORTREF_DIAG_H
#define PORTREF_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct diag {
	diag_severity severity;
	char *file;          /* owned; "" when there is no file */
	unsigned line, col;  /* 1-based; 0 when unknown */
	unsigned ctx_line, ctx_col; /* where the construct opened; 0 if none */
	char *msg;           /* owned */
	bool settled;        /* a warning no contributor can act on (a
	                      * registry name older than RFC 6335): counted,
	                      * listed only on request */
} diag;

typedef struct diags {
	diag *items;
	size_t len, cap;
	size_t errors, warnings;
	size_t settled;      /* of the warnings, those marked settled */
	size_t max_errors;   /* stop recording errors past this; 0 = no cap */
	size_t dropped;      /* errors not recorded because of the cap */
} diags;

/* Makes d an empty list that records at most max_errors errors (0: all). */
void diags_init(diags *d, size_t max_errors);

/* Frees everything in d. */
void diags_free(diags *d);

/* Appends a diagnostic; file may be NULL. */
void diags_add(diags *d, diag_severity sev, const char *file, unsigned line,
	unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* As diags_add for an error that also names where its construct opened. */
void diags_add_ctx(diags *d, const char *file, unsigned line, unsigned col,
	unsigned ctx_line, unsigned ctx_col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Shorthands: diags_error(d, file, line, col, fmt, ...) and diags_warn
 * with the same arguments. */
#define diags_error(d, ...) diags_add(d, DIAG_ERROR, __VA_ARGS__)
#define diags_warn(d, ...) diags_add(d, DIAG_WARNING, __VA_ARGS__)

/* As diags_warn for a warning no contributor can act on: a fact of the
 * registry itself, such as a service name older than RFC 6335. */
void diags_warn_settled(diags *d, const char *file, unsigned line,
	unsigned col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Orders d for reading: errors before warnings, each group by file (in
 * the order files first appear) and then by line and column. Stable. */
void diags_sort(diags *d);

/* True once the error cap is reached: callers may stop looking. */
bool diags_full(const diags *d);

/* Appends "path:line:col: [warning: ]message" (one line, no newline). */
void diag_format(const diag *g, buf *out);

/* The position of byte offset in text, for a message: *line and *col are
 * set to 1-based numbers, counting from start_line:start_col, the position
 * of text[0] (1, 1 for a whole file). Every '\n' starts a new line at
 * column 1; every other character moves one column right, a character
 * being any byte but a UTF-8 continuation byte (10xxxxxx): "é" and "漢"
 * are one column each, as are '\r', '\t', NUL and an invalid byte such as
 * 0xFF; a stray continuation byte takes none. Reads text[0..offset) only.
 *
 * The one place that turns an offset into line:col. Uses:
 *   - a whole file: diag_position(text, off, 1, 1, &line, &col);
 *   - a string inside a file: start from the string's own position (a
 *     YAML scalar's val_pos, one column further when it is quoted);
 *   - offsets that only grow (a scanner): keep the last offset and its
 *     position and pass them as text + last and the start, so the text is
 *     walked once in all (import.c's CSV reader does this); start again
 *     from text, 1, 1 when an offset goes back. */
void diag_position(const char *text, size_t offset, unsigned start_line,
	unsigned start_col, unsigned *line, unsigned *col);

/* The entry of the NULL-terminated list known nearest to word (at most
 * two edits away), for "did you mean" hints; NULL if none is close. */
const char *diag_suggest(const char *word, const char *const *known);

/* Appends GitHub Actions workflow commands for every diagnostic but the
 * settled warnings. */
void diags_format_github(const diags *d, buf *out);

#endif

/*
 * diag: a list of positioned diagnostics and their two printed forms.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void diags_init(diags *d, size_t max_errors)
{
	d->items = NULL;
	d->len = d->cap = 0;
	d->errors = d->warnings = d->settled = 0;
	d->max_errors = max_errors;
	d->dropped = 0;
}

void diags_free(diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	diags_init(d, d->max_errors);
}

bool diags_full(const diags *d)
{
	return d->max_errors && d->errors >= d->max_errors;
}

static void add(diags *d, diag_severity sev, const char *file, unsigned line,
	unsigned col, unsigned ctx_line, unsigned ctx_col, const char *fmt,
	va_list ap)
{
	if (sev == DIAG_ERROR && diags_full(d)) {
		d->dropped++;
		d->errors++;
		return;
	}
	buf msg;
	buf_init(&msg);
	buf_vprintf(&msg, fmt, ap);
	d->items = xgrow(d->items, &d->cap, d->len + 1, sizeof *d->items);
	diag *g = &d->items[d->len++];
	g->severity = sev;
	g->file = xstrdup(file ? file : "");
	g->line = line;
	g->col = col;
	g->ctx_line = ctx_line;
	g->ctx_col = ctx_col;
	g->msg = buf_detach(&msg);
	g->settled = false;
	buf_free(&msg);
	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void diags_add(diags *d, diag_severity sev, const char *file, unsigned line,
	unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, sev, file, line, col, 0, 0, fmt, ap);
	va_end(ap);
}

void diags_add_ctx(diags *d, const char *file, unsigned line, unsigned col,
	unsigned ctx_line, unsigned ctx_col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, DIAG_ERROR, file, line, col, ctx_line, ctx_col, fmt, ap);
	va_end(ap);
}

void diags_warn_settled(diags *d, const char *file, unsigned line,
	unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, DIAG_WARNING, file, line, col, 0, 0, fmt, ap);
	va_end(ap);
	d->items[d->len - 1].settled = true;
	d->settled++;
}

struct sort_key {
	diag g;
	size_t file_rank, order;
};

static int cmp_key(const void *x, const void *y)
{
	const struct sort_key *a = x, *b = y;
	if (a->g.severity != b->g.severity)
		return a->g.severity == DIAG_ERROR ? -1 : 1;
	if (a->file_rank != b->file_rank)
		return a->file_rank < b->file_rank ? -1 : 1;
	if (a->g.line != b->g.line)
		return a->g.line < b->g.line ? -1 : 1;
	if (a->g.col != b->g.col)
		return a->g.col < b->g.col ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

void diags_sort(diags *d)
{
	if (d->len < 2)
		return;
	struct sort_key *keys = xcalloc(d->len, sizeof *keys);
	for (size_t i = 0; i < d->len; i++) {
		size_t rank = i;
		for (size_t k = 0; k < i; k++) {
			if (strcmp(d->items[k].file, d->items[i].file) == 0) {
				rank = keys[k].file_rank;
				break;
			}
		}
		keys[i] = (struct sort_key){ d->items[i], rank, i };
	}
	qsort(keys, d->len, sizeof *keys, cmp_key);
	for (size_t i = 0; i < d->len; i++)
		d->items[i] = keys[i].g;
	free(keys);
}

void diag_format(const diag *g, buf *out)
{
	if (g->file[0]) {
		buf_puts(out, g->file);
		if (g->line)
			buf_printf(out, ":%u:%u", g->line, g->col);
		buf_puts(out, ": ");
	}
	if (g->severity == DIAG_WARNING)
		buf_puts(out, "warning: ");
	buf_puts(out, g->msg);
	if (g->ctx_line)
		buf_printf(out, " (opened at %u:%u)", g->ctx_line, g->ctx_col);
}

/* Workflow command values escape %, CR and LF; properties also , and :. */
static void put_gh(buf *out, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': buf_puts(out, "%25"); break;
		case '\r': buf_puts(out, "%0D"); break;
		case '\n': buf_puts(out, "%0A"); break;
		case ':': if (property) { buf_puts(out, "%3A"); break; } buf_putc(out, *s); break;
		case ',': if (property) { buf_puts(out, "%2C"); break; } buf_putc(out, *s); break;
		default: buf_putc(out, *s);
		}
	}
}

void diags_format_github(const diags *d, buf *out)
{
	for (size_t i = 0; i < d->len; i++) {
		const diag *g = &d->items[i];
		if (g->settled)
			continue;  /* no one can act on it: no annotation */
		buf_puts(out, g->severity == DIAG_ERROR ? "::error" : "::warning");
		if (g->file[0]) {
			buf_puts(out, " file=");
			put_gh(out, g->file, true);
			if (g->line)
				buf_printf(out, ",line=%u,col=%u", g->line, g->col);
		}
		buf_puts(out, "::");
		buf m;
		buf_init(&m);
		buf_puts(&m, g->msg);
		if (g->ctx_line)
			buf_printf(&m, " (opened at %u:%u)", g->ctx_line, g->ctx_col);
		put_gh(out, m.ptr, false);
		buf_free(&m);
		buf_putc(out, '\n');
	}
}

/* Levenshtein distance, for "did you mean" (keys are short). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return (size_t)-1;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t corner = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = corner + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			corner = up;
		}
	}
	return row[lb];
}

void diag_position(const char *text, size_t offset, unsigned start_line,
	unsigned start_col, unsigned *line, unsigned *col)
{
	unsigned l = start_line, c = start_col;
	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

const char *diag_suggest(const char *word, const char *const *known)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t k = 0; known[k]; k++) {
		size_t dist = edit_distance(word, known[k]);
		if (dist < best_d && dist < strlen(known[k])) {
			best_d = dist;
			best = known[k];
		}
	}
	return best;
}

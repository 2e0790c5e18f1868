/*
 * loader: libyaml's event stream to a value tree.
 *
 * A stack of open collections follows the events; each finished node is
 * attached to the collection below it. Mapping keys alternate with values
 * through a pending-key slot on the stack frame. Anchors are remembered
 * with the number of nodes they stand for, so an alias costs its anchor's
 * size against the expansion bound without being copied.
 */
#include "loader.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fsio.h"
#include "xalloc.h"

/* Aliases may stand for at most this many nodes beyond the document's own
 * (or four times the document, for large ones). */
#define ALIAS_BUDGET (1u << 20)

struct frame {
	value *node;
	unsigned long long size;  /* nodes below, aliases counted expanded */
	const char *anchor;       /* owned by the arena, or NULL */
	bool has_key;             /* maps: a key is waiting for its value */
	const char *key;
	size_t key_len;
	val_pos key_pos;
};

struct anchor {
	const char *name;
	value *node;
	unsigned long long size;
};

struct loader {
	arena *a;
	const char *name;
	const char *text;
	size_t len;
	diags *d;
	struct frame stack[LOADER_MAX_DEPTH + 1];
	size_t depth;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	unsigned long long real_nodes, alias_nodes;
	value *root;
};

static val_pos pos_of(struct loader *ld, yaml_mark_t m)
{
	return (val_pos){ ld->name, (unsigned)m.line + 1, (unsigned)m.column + 1 };
}

static void parser_error(struct loader *ld, yaml_parser_t *p)
{
	if (p->error == YAML_READER_ERROR) {
		/* A reader error carries an offset, not a line and column. */
		unsigned line, col;
		diag_position(ld->text, p->problem_offset < ld->len ?
			p->problem_offset : ld->len, 1, 1, &line, &col);
		/* libyaml gives a byte for malformed UTF-8 and a code point for
		 * a character YAML does not allow (a surrogate, a control). */
		if (p->problem_value != -1 && p->problem_value > 0xFF)
			diags_error(ld->d, ld->name, line, col, "%s (U+%04X)",
				p->problem, (unsigned)p->problem_value);
		else if (p->problem_value != -1 &&
			strstr(p->problem, "UTF-8 octet"))
			diags_error(ld->d, ld->name, line, col, "%s (byte 0x%02X)",
				p->problem, (unsigned)p->problem_value & 0xFF);
		else if (p->problem_value != -1)
			diags_error(ld->d, ld->name, line, col, "%s (U+%04X)",
				p->problem, (unsigned)p->problem_value);
		else
			diags_error(ld->d, ld->name, line, col, "%s", p->problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		diags_error(ld->d, ld->name, 0, 0, "out of memory while parsing");
		return;
	}
	const char *problem = p->problem ? p->problem : "malformed YAML";
	unsigned line = (unsigned)p->problem_mark.line + 1;
	unsigned col = (unsigned)p->problem_mark.column + 1;
	/* A key without its colon: libyaml notices only where the plain text
	 * that should have been the key ends, often lines later, and names
	 * the key's line as context. Point at the key instead. */
	if (p->context && strcmp(problem, "could not find expected ':'") == 0 &&
		strcmp(p->context, "while scanning a simple key") == 0 &&
		p->context_mark.index < ld->len) {
		const char *k = ld->text + p->context_mark.index;
		size_t n = 0;
		while (n < 60 && k + n < ld->text + ld->len && k[n] != '\n' &&
			k[n] != '\r')
			n++;
		while (n && k + n < ld->text + ld->len &&
			((unsigned char)k[n] & 0xC0) == 0x80)
			n--;  /* whole characters only */
		while (n && (k[n - 1] == ' ' || k[n - 1] == '\t'))
			n--;
		diags_error(ld->d, ld->name, (unsigned)p->context_mark.line + 1,
			(unsigned)p->context_mark.column + 1, "expected ':' after "
			"'%.*s' (a key and its value are written 'key: value')",
			(int)n, k);
		return;
	}
	if (p->context)
		diags_add_ctx(ld->d, ld->name, line, col,
			(unsigned)p->context_mark.line + 1,
			(unsigned)p->context_mark.column + 1, "%s %s", problem,
			p->context);
	else
		diags_error(ld->d, ld->name, line, col, "%s", problem);
}

static bool all_digits(const char *s, size_t n, int base)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		bool ok = base == 16 ? ((c >= '0' && c <= '9') ||
			(c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) :
			base == 8 ? (c >= '0' && c <= '7') : (c >= '0' && c <= '9');
		if (!ok)
			return false;
	}
	return true;
}

static bool is_float(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	size_t int_digits = 0, frac_digits = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, int_digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, frac_digits++;
	}
	if (int_digits + frac_digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t exp = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (!exp)
			return false;
	}
	return i == n;
}

static bool eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* The YAML 1.2 core schema, for plain scalars only. */
static value *resolve_plain(struct loader *ld, const char *s, size_t n)
{
	arena *a = ld->a;
	if (n == 0 || eq(s, n, "~") || eq(s, n, "null") || eq(s, n, "Null") ||
		eq(s, n, "NULL"))
		return value_null(a);
	if (eq(s, n, "true") || eq(s, n, "True") || eq(s, n, "TRUE"))
		return value_bool(a, true);
	if (eq(s, n, "false") || eq(s, n, "False") || eq(s, n, "FALSE"))
		return value_bool(a, false);
	const char *digits = s;
	size_t nd = n;
	if (nd && (*digits == '-' || *digits == '+'))
		digits++, nd--;
	int base = 0;
	if (nd > 2 && digits == s && s[0] == '0' && s[1] == 'x' &&
		all_digits(s + 2, n - 2, 16))
		base = 16;
	else if (nd > 2 && digits == s && s[0] == '0' && s[1] == 'o' &&
		all_digits(s + 2, n - 2, 8))
		base = 8;
	else if (all_digits(digits, nd, 10))
		base = 10;
	if (base) {
		char *tmp = xstrndup(base == 10 ? s : s + 2, base == 10 ? n : n - 2);
		errno = 0;
		long long i = strtoll(tmp, NULL, base);
		bool range = errno == ERANGE;
		free(tmp);
		if (!range)
			return value_int(a, i);
		/* Too large for an integer: keep the digits as a number. */
	}
	if (base || is_float(s, n)) {
		char *tmp = xstrndup(s, n);
		double f = strtod(tmp, NULL);
		free(tmp);
		return value_float(a, f);
	}
	if (eq(s, n, ".inf") || eq(s, n, ".Inf") || eq(s, n, ".INF") ||
		eq(s, n, "+.inf") || eq(s, n, "+.Inf") || eq(s, n, "+.INF"))
		return value_float(a, INFINITY);
	if (eq(s, n, "-.inf") || eq(s, n, "-.Inf") || eq(s, n, "-.INF"))
		return value_float(a, -INFINITY);
	if (eq(s, n, ".nan") || eq(s, n, ".NaN") || eq(s, n, ".NAN"))
		return value_float(a, NAN);
	return value_str(a, s, n);
}

static bool remember_anchor(struct loader *ld, const char *name, value *node,
	unsigned long long size)
{
	/* A later anchor of the same name replaces the earlier one. */
	for (size_t i = ld->n_anchors; i-- > 0;) {
		if (strcmp(ld->anchors[i].name, name) == 0) {
			ld->anchors[i].node = node;
			ld->anchors[i].size = size;
			return true;
		}
	}
	ld->anchors = xgrow(ld->anchors, &ld->cap_anchors, ld->n_anchors + 1,
		sizeof *ld->anchors);
	ld->anchors[ld->n_anchors++] = (struct anchor){ name, node, size };
	return true;
}

/* Attaches a finished node (of size nodes) to the collection on top. */
static bool attach(struct loader *ld, value *v, unsigned long long size,
	yaml_mark_t mark)
{
	if (ld->depth == 0) {
		ld->root = v;
		return true;
	}
	struct frame *f = &ld->stack[ld->depth - 1];
	f->size += size;
	if (f->node->kind == VAL_LIST) {
		value_list_push(ld->a, f->node, v);
		return true;
	}
	if (!f->has_key) {
		if (v->kind == VAL_LIST || v->kind == VAL_MAP) {
			diags_error(ld->d, ld->name, v->pos.line, v->pos.col,
				"a mapping key must be a scalar, not %s",
				value_kind_name(v->kind));
			return false;
		}
		buf key;
		buf_init(&key);
		value_to_text(v, &key);
		f->key = arena_strndup(ld->a, key.ptr, key.len);
		f->key_len = key.len;
		f->key_pos = pos_of(ld, mark);
		f->has_key = true;
		buf_free(&key);
		return true;
	}
	f->has_key = false;
	if (!value_map_put(ld->a, f->node, f->key, f->key_len, v)) {
		const val_pair *first = value_map_pair(f->node, f->key);
		diags_error(ld->d, ld->name, f->key_pos.line, f->key_pos.col,
			"duplicate key '%s' (first defined at %u:%u)", f->key,
			first->key_pos.line, first->key_pos.col);
		return false;
	}
	val_pair *p = &f->node->u.map.pairs[f->node->u.map.len - 1];
	p->key_pos = f->key_pos;
	return true;
}

/* Offset of the first bidirectional embedding, override or isolate
 * control (U+202A-U+202E, U+2066-U+2069) in s, or n if there is none.
 * They make text display in another order than it is stored, and no text
 * of this site needs them. */
static size_t bidi_control_at(const char *s, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (u[0] == 0xE2 && ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
			(u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9)))
			return i;
	}
	return n;
}

static bool on_scalar(struct loader *ld, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	size_t bidi = bidi_control_at(s, n);
	if (bidi < n) {
		const unsigned char *u = (const unsigned char *)s + bidi;
		unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) |
			(u[2] & 0x3Fu);
		diags_error(ld->d, ld->name, (unsigned)ev->start_mark.line + 1,
			(unsigned)ev->start_mark.column + 1, "text holds the "
			"bidirectional control character U+%04X, which can make it "
			"display in another order than it is stored; remove it", cp);
		return false;
	}
	value *v;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		!ev->data.scalar.tag;
	const char *tag = (const char *)ev->data.scalar.tag;
	if (tag && strcmp(tag, "tag:yaml.org,2002:int") == 0)
		plain = true;
	/* Keys keep their text as written: "1.0" stays "1.0". */
	bool is_key = ld->depth > 0 && ld->stack[ld->depth - 1].node->kind ==
		VAL_MAP && !ld->stack[ld->depth - 1].has_key;
	v = plain && !is_key ? resolve_plain(ld, s, n) : value_str(ld->a, s, n);
	v->pos = pos_of(ld, ev->start_mark);
	v->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	ld->real_nodes++;
	if (ev->data.scalar.anchor)
		remember_anchor(ld, arena_strdup(ld->a,
			(const char *)ev->data.scalar.anchor), v, 1);
	return attach(ld, v, 1, ev->start_mark);
}

static bool on_open(struct loader *ld, yaml_event_t *ev, bool is_map)
{
	if (ld->depth >= LOADER_MAX_DEPTH) {
		diags_error(ld->d, ld->name, (unsigned)ev->start_mark.line + 1,
			(unsigned)ev->start_mark.column + 1,
			"nesting is deeper than %d levels", LOADER_MAX_DEPTH);
		return false;
	}
	value *v = is_map ? value_map(ld->a) : value_list(ld->a);
	v->pos = pos_of(ld, ev->start_mark);
	ld->real_nodes++;
	const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor :
		ev->data.sequence_start.anchor;
	struct frame *f = &ld->stack[ld->depth++];
	memset(f, 0, sizeof *f);
	f->node = v;
	f->size = 1;
	f->anchor = anchor ? arena_strdup(ld->a, (const char *)anchor) : NULL;
	/* A key's position is that of the event that closes it; remember the
	 * opening so a collection used as a key is reported where it starts. */
	return true;
}

static bool on_close(struct loader *ld, yaml_event_t *ev)
{
	struct frame f = ld->stack[--ld->depth];
	if (f.anchor)
		remember_anchor(ld, f.anchor, f.node, f.size);
	yaml_mark_t m = { 0, f.node->pos.line - 1, f.node->pos.col - 1 };
	(void)ev;
	return attach(ld, f.node, f.size, m);
}

static bool on_alias(struct loader *ld, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	for (size_t i = ld->n_anchors; i-- > 0;) {
		struct anchor *an = &ld->anchors[i];
		if (strcmp(an->name, name) != 0)
			continue;
		/* An alias inside its own anchor's collection is a cycle. */
		for (size_t k = 0; k < ld->depth; k++) {
			if (ld->stack[k].anchor && strcmp(ld->stack[k].anchor, name) == 0)
				goto unknown;
		}
		ld->alias_nodes += an->size;
		unsigned long long budget = ALIAS_BUDGET;
		if (ld->real_nodes * 4 > budget)
			budget = ld->real_nodes * 4;
		if (ld->alias_nodes > budget) {
			diags_error(ld->d, ld->name,
				(unsigned)ev->start_mark.line + 1,
				(unsigned)ev->start_mark.column + 1,
				"aliases expand to more than %llu nodes", budget);
			return false;
		}
		return attach(ld, an->node, an->size, ev->start_mark);
	}
unknown:
	diags_error(ld->d, ld->name, (unsigned)ev->start_mark.line + 1,
		(unsigned)ev->start_mark.column + 1, "unknown anchor '%s'", name);
	return false;
}

value *loader_parse(arena *a, const char *name, const char *text, size_t len,
	diags *d)
{
	struct loader *ld = xcalloc(1, sizeof *ld);
	ld->a = a;
	ld->name = arena_strdup(a, name);
	ld->text = text;
	ld->len = len;
	ld->d = d;

	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	size_t docs = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(ld, &p);
			ok = false;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diags_error(d, ld->name, (unsigned)ev.start_mark.line + 1,
					(unsigned)ev.start_mark.column + 1,
					"only one YAML document is allowed per file");
				ok = false;
			}
			break;
		case YAML_SCALAR_EVENT:
			ok = on_scalar(ld, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			ok = on_open(ld, &ev, false);
			break;
		case YAML_MAPPING_START_EVENT:
			ok = on_open(ld, &ev, true);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			ok = on_close(ld, &ev);
			break;
		case YAML_ALIAS_EVENT:
			ok = on_alias(ld, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	value *root = NULL;
	if (ok) {
		root = ld->root ? ld->root : value_null(a);
		if (!ld->root)
			root->pos = (val_pos){ ld->name, 1, 1 };
	}
	free(ld->anchors);
	free(ld);
	return root;
}

value *loader_parse_file(arena *a, const char *path, diags *d)
{
	size_t len;
	char *text = fsio_read(path, LOADER_MAX_FILE, &len, d);
	if (!text)
		return NULL;
	value *v = loader_parse(a, path, text, len, d);
	free(text);
	return v;
}

void loader_check_keys(const value *map, const char *const *allowed,
	const char *path, diags *d)
{
	for (size_t i = 0; i < map->u.map.len; i++) {
		const val_pair *p = &map->u.map.pairs[i];
		bool known = false;
		for (size_t k = 0; allowed[k] && !known; k++)
			known = strcmp(p->key, allowed[k]) == 0;
		if (known)
			continue;
		const char *best = diag_suggest(p->key, allowed);
		if (best) {
			diags_error(d, path, p->key_pos.line, p->key_pos.col,
				"unknown key '%s' (did you mean '%s'?)", p->key, best);
			continue;
		}
		buf list;
		buf_init(&list);
		for (size_t k = 0; allowed[k]; k++) {
			if (k)
				buf_puts(&list, allowed[k + 1] ? ", " : " or ");
			buf_puts(&list, allowed[k]);
		}
		diags_error(d, path, p->key_pos.line, p->key_pos.col,
			"unknown key '%s' (expected %s)", p->key, list.ptr);
		buf_free(&list);
	}
}

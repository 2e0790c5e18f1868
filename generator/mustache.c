/*
 * mustache: compile a template into nodes once, render them many times.
 *
 * Compiling runs in passes over a token list: scan (tags and text, with
 * delimiter changes applied as they come), match (pair opening and closing
 * tags, bound the nesting), standalone (find lines that hold only tags that
 * print nothing and cut them out of the neighbouring text), and emit (text
 * slices and tag nodes in one array, in document order; a container's
 * subtree is the run of nodes up to its `end`). Dotted names are split
 * here, indentation that standalone partials, parents and blocks carry is
 * recorded here, and block bodies are dedented here, so rendering only
 * walks the array.
 *
 * Rendering keeps its state on the C stack: the context stack is a linked
 * list of frames local to the recursive calls, block arguments of the
 * parents being expanded are another, and the indentation in force is a
 * slice of a small per-render buffer. Nothing shared is written while
 * rendering unless a loader is installed.
 *
 * Indentation follows the textual model of the spec: a standalone partial
 * or parent behaves as if its source had the tag's indentation put before
 * every non-empty line; a standalone block's body loses the indentation
 * common to its lines where it is written and gains the indentation of
 * the block where it is expanded (~inheritance "Block reindentation").
 */
#include "mustache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum node_kind {
	N_TEXT,
	N_VAR,       /* {{x}}: escaped */
	N_RAW,       /* {{{x}}}, {{&x}} */
	N_SECTION,
	N_INVERTED,
	N_PARTIAL,
	N_PARENT,
	N_BLOCK
};

enum {
	F_BOL = 1,         /* starts a source line: the indentation goes first */
	F_CLOSE_BOL = 2,   /* closing tag starts a line: indent after the body */
	F_STANDALONE = 4,  /* on a line of its own (partials, parents, blocks) */
	F_DYNAMIC = 8,     /* {{>*name}}, {{<*name}}: name is resolved */
	F_IMPLICIT = 16    /* the name is "." */
};

struct part {
	const char *s;
	size_t n;
	uint64_t hash;  /* value_key_hash(s, n), computed once at compile */
};

struct node {
	unsigned char kind, flags;
	uint32_t hash;      /* of the name, for literal partial/parent names */
	size_t nparts;
	const char *s;      /* text, or the tag's name */
	size_t n;
	size_t end;         /* containers: index one past the subtree */
	size_t parts;       /* first of nparts name parts in the template */
	const char *ind;    /* indentation of a standalone partial/parent/block */
	size_t ind_len;
	unsigned line, col;
};

struct mst_template {
	mst_set *set;
	char *name;
	size_t name_len;
	char *file;
	char *text;
	size_t len;
	struct node *nodes;
	size_t n_nodes;
	struct part *parts;
	size_t n_parts;
};

struct mst_set {
	mst_template **items;  /* in the order they were first added */
	size_t len, cap;
	size_t *index;         /* hash slots: item index + 1, or 0 */
	size_t index_cap;
	mst_template **retired; /* replaced templates, freed with the set */
	size_t n_retired, cap_retired;
	bool strict;
	mst_loader_fn loader;
	void *loader_ud;
};

static uint32_t hash_name(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* ---- the set ---------------------------------------------------------- */

mst_set *mst_set_new(void)
{
	mst_set *s = xcalloc(1, sizeof *s);
	return s;
}

static void template_free(mst_template *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->file);
	free(t->text);
	free(t->nodes);
	free(t->parts);
	free(t);
}

void mst_set_free(mst_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->len; i++)
		template_free(s->items[i]);
	for (size_t i = 0; i < s->n_retired; i++)
		template_free(s->retired[i]);
	free(s->items);
	free(s->index);
	free(s->retired);
	free(s);
}

void mst_set_strict(mst_set *s, bool strict)
{
	s->strict = strict;
}

void mst_set_loader(mst_set *s, mst_loader_fn fn, void *ud)
{
	s->loader = fn;
	s->loader_ud = ud;
}

static mst_template *set_lookup(const mst_set *s, const char *name, size_t n,
	uint32_t h)
{
	if (!s->index_cap)
		return NULL;
	size_t mask = s->index_cap - 1;
	for (size_t slot = h & mask; s->index[slot]; slot = (slot + 1) & mask) {
		mst_template *t = s->items[s->index[slot] - 1];
		if (t->name_len == n && memcmp(t->name, name, n) == 0)
			return t;
	}
	return NULL;
}

static void index_put(mst_set *s, size_t item)
{
	const mst_template *t = s->items[item];
	size_t mask = s->index_cap - 1;
	size_t slot = hash_name(t->name, t->name_len) & mask;
	while (s->index[slot])
		slot = (slot + 1) & mask;
	s->index[slot] = item + 1;
}

/* Puts t in s, retiring a template of the same name. */
static void set_install(mst_set *s, mst_template *t)
{
	mst_template *old = set_lookup(s, t->name, t->name_len,
		hash_name(t->name, t->name_len));
	if (old) {
		for (size_t i = 0; i < s->len; i++) {
			if (s->items[i] == old) {
				s->items[i] = t;
				break;
			}
		}
		/* Someone may still hold the old pointer: keep it until the end. */
		s->retired = xgrow(s->retired, &s->cap_retired, s->n_retired + 1,
			sizeof *s->retired);
		s->retired[s->n_retired++] = old;
		return;
	}
	s->items = xgrow(s->items, &s->cap, s->len + 1, sizeof *s->items);
	s->items[s->len++] = t;
	if (s->len * 2 > s->index_cap) {
		size_t cap = s->index_cap ? s->index_cap * 2 : 16;
		while (cap < s->len * 2)
			cap *= 2;
		free(s->index);
		s->index = xcalloc(cap, sizeof *s->index);
		s->index_cap = cap;
		for (size_t i = 0; i < s->len; i++)
			index_put(s, i);
	} else {
		index_put(s, s->len - 1);
	}
}

mst_template *mst_set_get(const mst_set *s, const char *name)
{
	size_t n = strlen(name);
	return set_lookup(s, name, n, hash_name(name, n));
}

/* ---- compiling -------------------------------------------------------- */

enum tok_kind {
	T_TEXT,
	T_VAR,
	T_RAW,
	T_SECTION,
	T_INVERTED,
	T_CLOSE,
	T_COMMENT,
	T_DELIM,
	T_PARTIAL,
	T_PARENT,
	T_BLOCK
};

struct token {
	enum tok_kind kind;
	size_t start, end;   /* the text, or the whole tag with its delimiters */
	size_t cut_start, cut_end; /* text: what is left after standalone
	                            * cuts; tags: what the tag's line removes */
	size_t before;       /* standalone: where the tag's line starts */
	const char *name;    /* trimmed content; for dynamic names without '*' */
	size_t name_len;
	bool dynamic;
	bool standalone;
	bool keep_newline;   /* "{{$b}}{{/b}}" alone on a line keeps its newline */
	size_t match;        /* opener <-> closer */
	size_t dedent;       /* standalone blocks: indentation common to the body */
	unsigned line, col;
};

struct compiler {
	const char *src;
	size_t len;
	const char *file;
	diags *d;
	struct token *toks;
	size_t n_toks, cap_toks;
	/* position tracking for line/column */
	size_t pos_at;
	unsigned pos_line, pos_col;
	/* output */
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	struct part *parts;
	size_t n_parts, cap_parts;
	bool at_bol;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
		|| c == '\v';
}

/* Line and column of offset off; offsets asked for mostly grow, so the
 * text is walked from the last one (diag_position). */
static void position(struct compiler *c, size_t off, unsigned *line,
	unsigned *col)
{
	if (off > c->len)
		off = c->len;
	if (off < c->pos_at) {
		c->pos_at = 0;
		c->pos_line = 1;
		c->pos_col = 1;
	}
	diag_position(c->src + c->pos_at, off - c->pos_at, c->pos_line,
		c->pos_col, &c->pos_line, &c->pos_col);
	c->pos_at = off;
	*line = c->pos_line;
	*col = c->pos_col;
}

static size_t find(const char *s, size_t from, size_t len, const char *pat,
	size_t n)
{
	if (n == 0 || len < n)
		return SIZE_MAX;
	for (size_t i = from; i + n <= len; i++) {
		const char *p = memchr(s + i, pat[0], len - n + 1 - i);
		if (!p)
			return SIZE_MAX;
		i = (size_t)(p - s);
		if (memcmp(p, pat, n) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* Offset of c0 immediately followed by the n bytes of tag, from from on. */
static size_t find_after(const char *s, size_t from, size_t len, char c0,
	const char *tag, size_t n)
{
	for (size_t f = from; (f = find(s, f, len, tag, n)) != SIZE_MAX; f++)
		if (f > from && s[f - 1] == c0)
			return f - 1;
	return SIZE_MAX;
}

static struct token *add_token(struct compiler *c, enum tok_kind k,
	size_t start, size_t end)
{
	c->toks = xgrow(c->toks, &c->cap_toks, c->n_toks + 1, sizeof *c->toks);
	struct token *t = &c->toks[c->n_toks++];
	memset(t, 0, sizeof *t);
	t->kind = k;
	t->start = t->cut_start = start;
	t->end = t->cut_end = end;
	return t;
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_ws((*s)[*n - 1]))
		(*n)--;
}

/* Reads "<open> <close>" out of a {{=...=}} tag. */
static bool parse_delims(const char *s, size_t n, const char **open,
	size_t *open_len, const char **close, size_t *close_len)
{
	trim(&s, &n);
	size_t i = 0;
	while (i < n && !is_ws(s[i]))
		i++;
	*open = s;
	*open_len = i;
	while (i < n && is_ws(s[i]))
		i++;
	*close = s + i;
	size_t j = i;
	while (j < n && !is_ws(s[j]))
		j++;
	*close_len = j - i;
	return *open_len && *close_len && j == n;
}

static bool scan(struct compiler *c)
{
	const char *src = c->src;
	size_t len = c->len;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	size_t pos = 0;
	unsigned line, col;

	while (pos < len) {
		size_t o = find(src, pos, len, otag, olen);
		if (o == SIZE_MAX) {
			add_token(c, T_TEXT, pos, len);
			break;
		}
		if (o > pos)
			add_token(c, T_TEXT, pos, o);
		position(c, o, &line, &col);
		size_t p = o + olen, content, content_end, end;
		enum tok_kind kind = T_VAR;
		if (p < len && src[p] == '{') {
			kind = T_RAW;
			content = p + 1;
			size_t f = find_after(src, content, len, '}', ctag, clen);
			if (f == SIZE_MAX)
				goto unclosed;
			content_end = f;
			end = f + 1 + clen;
		} else {
			while (p < len && is_ws(src[p]))
				p++;
			if (p < len) {
				switch (src[p]) {
				case '#': kind = T_SECTION; break;
				case '^': kind = T_INVERTED; break;
				case '/': kind = T_CLOSE; break;
				case '!': kind = T_COMMENT; break;
				case '=': kind = T_DELIM; break;
				case '>': kind = T_PARTIAL; break;
				case '<': kind = T_PARENT; break;
				case '$': kind = T_BLOCK; break;
				case '&': kind = T_RAW; break;
				default: break;
				}
			}
			content = kind == T_VAR ? p : p + 1;
			if (kind == T_DELIM) {
				size_t f = find_after(src, content, len, '=', ctag, clen);
				if (f == SIZE_MAX)
					goto unclosed;
				content_end = f;
				end = f + 1 + clen;
			} else {
				size_t f = find(src, content, len, ctag, clen);
				if (f == SIZE_MAX)
					goto unclosed;
				content_end = f;
				end = f + clen;
			}
		}

		struct token *t = add_token(c, kind, o, end);
		t->line = line;
		t->col = col;
		const char *name = src + content;
		size_t name_len = content_end - content;
		trim(&name, &name_len);
		if ((kind == T_PARTIAL || kind == T_PARENT) && name_len
			&& name[0] == '*') {
			t->dynamic = true;
			name++;
			name_len--;
			trim(&name, &name_len);
		}
		t->name = name;
		t->name_len = name_len;
		if (kind == T_DELIM) {
			const char *no, *nc;
			size_t nol, ncl;
			if (!parse_delims(name, name_len, &no, &nol, &nc, &ncl)) {
				diags_error(c->d, c->file, line, col,
					"invalid delimiter change");
				return false;
			}
			otag = no;
			olen = nol;
			ctag = nc;
			clen = ncl;
		} else if (kind != T_COMMENT && name_len == 0) {
			diags_error(c->d, c->file, line, col, "empty tag name");
			return false;
		}
		pos = end;
		continue;
unclosed:
		diags_error(c->d, c->file, line, col, "tag is never closed");
		return false;
	}
	return true;
}

static bool is_opener(enum tok_kind k)
{
	return k == T_SECTION || k == T_INVERTED || k == T_PARENT
		|| k == T_BLOCK;
}

static const char *kind_word(enum tok_kind k)
{
	switch (k) {
	case T_BLOCK: return "block";
	case T_PARENT: return "parent";
	default: return "section";
	}
}

/* The name as written, for messages and for matching closing tags. */
static bool closes(const struct token *open, const struct token *close)
{
	const char *s = close->name;
	size_t n = close->name_len;
	if (open->dynamic) {
		if (!n || s[0] != '*')
			return false;
		s++;
		n--;
		trim(&s, &n);
	}
	return n == open->name_len && memcmp(s, open->name, n) == 0;
}

static bool match(struct compiler *c)
{
	size_t stack[MST_MAX_NESTING];
	size_t depth = 0;
	for (size_t i = 0; i < c->n_toks; i++) {
		struct token *t = &c->toks[i];
		if (is_opener(t->kind)) {
			if (depth == MST_MAX_NESTING) {
				diags_error(c->d, c->file, t->line, t->col,
					"sections nested deeper than %d", MST_MAX_NESTING);
				return false;
			}
			stack[depth++] = i;
		} else if (t->kind == T_CLOSE) {
			if (!depth) {
				diags_error(c->d, c->file, t->line, t->col,
					"closing tag '%.*s' has no open section",
					(int)t->name_len, t->name);
				return false;
			}
			struct token *o = &c->toks[stack[depth - 1]];
			if (!closes(o, t)) {
				diags_add_ctx(c->d, c->file, t->line, t->col, o->line,
					o->col, "closing tag '%.*s' does not match %s '%s%.*s'",
					(int)t->name_len, t->name, kind_word(o->kind),
					o->dynamic ? "*" : "", (int)o->name_len, o->name);
				return false;
			}
			o->match = i;
			t->match = stack[--depth];
		}
	}
	if (depth) {
		struct token *o = &c->toks[stack[depth - 1]];
		unsigned line, col;
		position(c, c->len, &line, &col);
		diags_add_ctx(c->d, c->file, line, col, o->line, o->col,
			"%s '%s%.*s' is never closed", kind_word(o->kind),
			o->dynamic ? "*" : "", (int)o->name_len, o->name);
		return false;
	}
	return true;
}

/* Start of the line holding offset p if only blanks precede p on it. */
static size_t blank_before(const struct compiler *c, size_t p)
{
	while (p > 0 && is_blank(c->src[p - 1]))
		p--;
	return p == 0 || c->src[p - 1] == '\n' ? p : SIZE_MAX;
}

/* Offset past the newline ending the line at p if only blanks follow p;
 * with at_newline, the offset of that newline instead. */
static size_t blank_after(const struct compiler *c, size_t p, bool at_newline)
{
	while (p < c->len && is_blank(c->src[p]))
		p++;
	if (p == c->len)
		return p;
	if (c->src[p] == '\n')
		return at_newline ? p : p + 1;
	if (c->src[p] == '\r' && p + 1 < c->len && c->src[p + 1] == '\n')
		return at_newline ? p : p + 2;
	return SIZE_MAX;
}

static bool prints_nothing(const struct token *t)
{
	return t->kind != T_TEXT && t->kind != T_VAR && t->kind != T_RAW;
}

static bool inheritance_tag(const struct compiler *c, const struct token *t)
{
	if (t->kind == T_CLOSE)
		t = &c->toks[t->match];
	return t->kind == T_PARENT || t->kind == T_BLOCK;
}

/* Marks standalone tags and cuts their lines out of the text around them.
 * One tag alone on a line is standalone when it prints nothing. Several
 * tags side by side on a line are standalone only when all are parent and
 * block tags ("{{<p}}{{/p}}", "{{<p}}{{$b}}", "{{/b}}{{/p}}"), as the
 * inheritance spec asks; an empty block "{{$b}}{{/b}}" alone on its line
 * loses its indentation but keeps its newline. */
static void standalone(struct compiler *c)
{
	for (size_t i = 0; i < c->n_toks; i++) {
		if (c->toks[i].kind == T_TEXT)
			continue;
		size_t j = i;
		while (j + 1 < c->n_toks && c->toks[j + 1].kind != T_TEXT
			&& c->toks[j + 1].start == c->toks[j].end)
			j++;
		bool ok;
		bool keep = false;
		if (i == j) {
			ok = prints_nothing(&c->toks[i]);
		} else {
			ok = true;
			for (size_t k = i; k <= j && ok; k++)
				ok = inheritance_tag(c, &c->toks[k]);
			keep = j == i + 1 && c->toks[i].kind == T_BLOCK
				&& c->toks[i].match == j;
		}
		size_t ls = ok ? blank_before(c, c->toks[i].start) : SIZE_MAX;
		size_t le = ls != SIZE_MAX ? blank_after(c, c->toks[j].end, keep)
			: SIZE_MAX;
		if (le != SIZE_MAX) {
			for (size_t k = i; k <= j; k++) {
				struct token *t = &c->toks[k];
				t->standalone = true;
				t->keep_newline = keep;
				t->before = ls;
				t->cut_start = ls;
				t->cut_end = le;
			}
			if (i > 0 && c->toks[i - 1].kind == T_TEXT) {
				struct token *t = &c->toks[i - 1];
				t->cut_end = ls > t->cut_start ? ls : t->cut_start;
			}
			if (j + 1 < c->n_toks && c->toks[j + 1].kind == T_TEXT) {
				struct token *t = &c->toks[j + 1];
				t->cut_start = le < t->cut_end ? le : t->cut_end;
			}
		}
		i = j;
	}
}

/* The length of the blank prefix common to the non-blank lines of
 * [from, to), which starts a line; *at is set to one of its copies. */
static size_t common_indent(const struct compiler *c, size_t from, size_t to,
	const char **at)
{
	const char *s = c->src;
	size_t best = SIZE_MAX;
	const char *ref = NULL;
	size_t p = from;
	while (p < to) {
		size_t q = p;
		while (q < to && is_blank(s[q]))
			q++;
		bool blank = q == to || s[q] == '\n'
			|| (s[q] == '\r' && q + 1 < to && s[q + 1] == '\n');
		if (!blank) {
			size_t w = q - p;
			if (!ref) {
				ref = s + p;
				best = w;
			} else {
				size_t k = 0;
				while (k < w && k < best && s[p + k] == ref[k])
					k++;
				best = k;
			}
		}
		const char *nl = memchr(s + q, '\n', to - q);
		if (!nl)
			break;
		p = (size_t)(nl - s) + 1;
	}
	*at = ref;
	return best == SIZE_MAX ? 0 : best;
}

static struct node *new_node(struct compiler *c, enum node_kind k,
	const struct token *t)
{
	c->nodes = xgrow(c->nodes, &c->cap_nodes, c->n_nodes + 1,
		sizeof *c->nodes);
	struct node *n = &c->nodes[c->n_nodes++];
	memset(n, 0, sizeof *n);
	n->kind = (unsigned char)k;
	if (t) {
		n->s = t->name;
		n->n = t->name_len;
		n->line = t->line;
		n->col = t->col;
	}
	return n;
}

/* Splits the name of n on dots. */
static void split_name(struct compiler *c, struct node *n)
{
	if (n->n == 1 && n->s[0] == '.') {
		n->flags |= F_IMPLICIT;
		return;
	}
	n->parts = c->n_parts;
	size_t from = 0;
	for (size_t i = 0; i <= n->n; i++) {
		if (i == n->n || n->s[i] == '.') {
			c->parts = xgrow(c->parts, &c->cap_parts, c->n_parts + 1,
				sizeof *c->parts);
			c->parts[c->n_parts++] = (struct part){ n->s + from, i - from,
				value_key_hash(n->s + from, i - from) };
			n->nparts++;
			from = i + 1;
		}
	}
}

static bool starts_blank(const char *s, size_t n)
{
	return s[0] == '\n' || (n > 1 && s[0] == '\r' && s[1] == '\n');
}

static void emit_piece(struct compiler *c, size_t from, size_t to)
{
	if (from >= to)
		return;
	struct node *n = new_node(c, N_TEXT, NULL);
	n->s = c->src + from;
	n->n = to - from;
	if (c->at_bol && !starts_blank(n->s, n->n))
		n->flags |= F_BOL;
	c->at_bol = c->src[to - 1] == '\n';
}

/* Emits the text [from, to), removing up to k blanks at each line start. */
static void emit_text(struct compiler *c, size_t from, size_t to, size_t k)
{
	if (k == 0) {
		emit_piece(c, from, to);
		return;
	}
	const char *s = c->src;
	size_t piece = from, p = from;
	while (p < to) {
		if (p == 0 || s[p - 1] == '\n') {
			size_t q = p;
			while (q < to && q - p < k && is_blank(s[q]))
				q++;
			if (q > p) {
				emit_piece(c, piece, p);
				piece = p = q;
			}
		}
		const char *nl = memchr(s + p, '\n', to - p);
		if (!nl)
			break;
		p = (size_t)(nl - s) + 1;
	}
	emit_piece(c, piece, to);
}

/* Indentation of standalone tag t, less the k bytes a block dedents. */
static void set_indent(struct compiler *c, struct node *n,
	const struct token *t, size_t k)
{
	size_t w = t->start - t->before;
	/* A group's tags share its line start; only the first is preceded by
	 * the blanks, the rest by tags. */
	const char *s = c->src + t->before;
	size_t blanks = 0;
	while (blanks < w && is_blank(s[blanks]))
		blanks++;
	size_t skip = k < blanks ? k : blanks;
	n->ind = s + skip;
	n->ind_len = blanks - skip;
}

static void emit(struct compiler *c)
{
	struct open {
		size_t node;
		size_t k;   /* dedent in force outside the container */
	} stack[MST_MAX_NESTING];
	size_t depth = 0, k = 0;
	c->at_bol = true;

	for (size_t i = 0; i < c->n_toks; i++) {
		struct token *t = &c->toks[i];
		struct node *n;
		switch (t->kind) {
		case T_TEXT:
			emit_text(c, t->cut_start, t->cut_end, k);
			break;
		case T_VAR:
		case T_RAW:
			n = new_node(c, t->kind == T_VAR ? N_VAR : N_RAW, t);
			split_name(c, n);
			if (c->at_bol)
				n->flags |= F_BOL;
			c->at_bol = false;
			break;
		case T_COMMENT:
		case T_DELIM:
			if (t->standalone)
				c->at_bol = true;
			break;
		case T_PARTIAL:
			n = new_node(c, N_PARTIAL, t);
			if (t->dynamic) {
				n->flags |= F_DYNAMIC;
				split_name(c, n);
			} else {
				n->hash = hash_name(n->s, n->n);
			}
			if (t->standalone) {
				n->flags |= F_STANDALONE;
				set_indent(c, n, t, k);
				c->at_bol = true;
			} else {
				if (c->at_bol)
					n->flags |= F_BOL;
				c->at_bol = false;
			}
			break;
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
			n = new_node(c, t->kind == T_SECTION ? N_SECTION
				: t->kind == T_INVERTED ? N_INVERTED
				: t->kind == T_PARENT ? N_PARENT : N_BLOCK, t);
			if (t->kind == T_SECTION || t->kind == T_INVERTED)
				split_name(c, n);
			else if (t->dynamic) {
				n->flags |= F_DYNAMIC;
				split_name(c, n);
			} else {
				n->hash = hash_name(n->s, n->n);
			}
			stack[depth].node = c->n_nodes - 1;
			stack[depth].k = k;
			depth++;
			if (t->standalone) {
				n->flags |= F_STANDALONE;
				set_indent(c, n, t, k);
				c->at_bol = !t->keep_newline;
			} else {
				if (c->at_bol)
					n->flags |= F_BOL;
				c->at_bol = false;
			}
			if (t->kind == T_BLOCK && t->standalone) {
				const struct token *close = &c->toks[t->match];
				size_t from = t->cut_end, to = close->cut_start;
				const char *at = NULL;
				size_t d = from < to ? common_indent(c, from, to, &at) : 0;
				if (d > k) {
					/* The body's own indentation is where it expands. */
					n->ind = at + k;
					n->ind_len = d - k;
					k = d;
				}
			}
			break;
		case T_CLOSE:
			depth--;
			n = &c->nodes[stack[depth].node];
			n->end = c->n_nodes;
			k = stack[depth].k;
			if (!t->standalone && c->at_bol)
				n->flags |= F_CLOSE_BOL;
			c->at_bol = t->standalone && !t->keep_newline;
			break;
		}
	}
}

static mst_template *compile(mst_set *s, const char *name, const char *file,
	char *text, size_t len, diags *d)
{
	struct compiler c = { 0 };
	c.src = text;
	c.len = len;
	c.file = file ? file : name;
	c.d = d;
	c.pos_line = 1;
	c.pos_col = 1;
	bool ok = scan(&c) && match(&c);
	if (ok) {
		standalone(&c);
		emit(&c);
	}
	free(c.toks);
	if (!ok) {
		free(c.nodes);
		free(c.parts);
		free(text);
		return NULL;
	}
	mst_template *t = xcalloc(1, sizeof *t);
	t->set = s;
	t->name = xstrdup(name);
	t->name_len = strlen(name);
	t->file = xstrdup(file ? file : name);
	t->text = text;
	t->len = len;
	t->nodes = c.nodes;
	t->n_nodes = c.n_nodes;
	t->parts = c.parts;
	t->n_parts = c.n_parts;
	return t;
}

mst_template *mst_set_add(mst_set *s, const char *name, const char *file,
	const char *text, size_t len, diags *d)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	mst_template *t = compile(s, name, file, copy, len, d);
	if (t)
		set_install(s, t);
	return t;
}

bool mst_set_check(const mst_set *s, diags *d)
{
	bool ok = true;
	for (size_t i = 0; i < s->len; i++) {
		const mst_template *t = s->items[i];
		for (size_t j = 0; j < t->n_nodes; j++) {
			const struct node *n = &t->nodes[j];
			if ((n->kind != N_PARTIAL && n->kind != N_PARENT)
				|| (n->flags & F_DYNAMIC))
				continue;
			if (!set_lookup(s, n->s, n->n, n->hash)) {
				diags_error(d, t->file, n->line, n->col,
					"unknown partial '%.*s'", (int)n->n, n->s);
				ok = false;
			}
		}
	}
	return ok;
}

void mst_template_walk(const mst_template *t, mst_walk_fn fn, void *ud)
{
	static const mst_tag_kind kinds[] = {
		[N_VAR] = MST_TAG_VARIABLE, [N_RAW] = MST_TAG_VARIABLE,
		[N_SECTION] = MST_TAG_SECTION, [N_INVERTED] = MST_TAG_INVERTED,
		[N_PARTIAL] = MST_TAG_PARTIAL, [N_PARENT] = MST_TAG_PARENT,
		[N_BLOCK] = MST_TAG_BLOCK,
	};
	size_t open[MST_MAX_NESTING + 1];
	unsigned depth = 0;
	for (size_t i = 0; i < t->n_nodes; i++) {
		const struct node *n = &t->nodes[i];
		while (depth && i >= open[depth - 1])
			depth--;
		if (n->kind == N_TEXT)
			continue;
		mst_tag tag = {
			.kind = kinds[n->kind], .name = n->s, .len = n->n,
			.dynamic = (n->flags & F_DYNAMIC) != 0, .depth = depth,
			.line = n->line, .col = n->col
		};
		fn(ud, &tag);
		if (n->end > i + 1 && depth <= MST_MAX_NESTING)
			open[depth++] = n->end;
	}
}

const char *mst_template_file(const mst_template *t)
{
	return t->file;
}

const char *mst_template_text(const mst_template *t)
{
	return t->text;
}

/* ---- rendering -------------------------------------------------------- */

/* One entry of the context stack, on the C stack of the render calls. */
struct ctx {
	const value *v;
	const struct ctx *up;
};

/* The block arguments of one parent tag being expanded. */
struct args {
	const mst_template *t;  /* where the arguments are written */
	size_t parent;          /* the parent node in t */
	const struct args *outer;
};

/* What a run of nodes renders in: its template, the block arguments in
 * scope and the indentation in force (a slice of the render's buffer). */
struct scope {
	const mst_template *t;
	const struct args *args;
	size_t ind_off, ind_len;
};

struct render {
	mst_escape_fn escape;
	buf *out;
	diags *d;
	unsigned depth;
	char *ind;          /* indentation bytes, used as a stack */
	size_t ind_top, ind_cap;
	char ind_inline[256];
};

static void put_indent(struct render *r, const struct scope *sc)
{
	buf_put(r->out, r->ind + sc->ind_off, sc->ind_len);
}

/* Makes in *to the indentation of sc followed by add. Returns the old top
 * of the indentation stack, to give back to ind_pop. */
static size_t ind_push(struct render *r, const struct scope *sc,
	const char *add, size_t add_len, struct scope *to)
{
	size_t top = r->ind_top;
	size_t need = top + sc->ind_len + add_len;
	if (need > r->ind_cap) {
		size_t cap = r->ind_cap * 2;
		while (cap < need)
			cap *= 2;
		if (r->ind == r->ind_inline) {
			r->ind = xmalloc(cap);
			memcpy(r->ind, r->ind_inline, top);
		} else {
			r->ind = xrealloc(r->ind, cap);
		}
		r->ind_cap = cap;
	}
	memmove(r->ind + top, r->ind + sc->ind_off, sc->ind_len);
	memcpy(r->ind + top + sc->ind_len, add, add_len);
	to->ind_off = top;
	to->ind_len = sc->ind_len + add_len;
	r->ind_top = need;
	return top;
}


static const value *resolve(const mst_template *t, const struct node *n,
	const struct ctx *cx)
{
	if (n->flags & F_IMPLICIT)
		return cx ? cx->v : NULL;
	const struct part *p = &t->parts[n->parts];
	const value *v = NULL;
	for (; cx; cx = cx->up) {
		v = value_map_get_hashed(cx->v, p[0].s, p[0].n, p[0].hash);
		if (v)
			break;
	}
	for (size_t i = 1; v && i < n->nparts; i++)
		v = value_map_get_hashed(v, p[i].s, p[i].n, p[i].hash);
	return v;
}

static void render_text(struct render *r, const struct scope *sc,
	const struct node *n)
{
	if (!sc->ind_len) {
		buf_put(r->out, n->s, n->n);
		return;
	}
	const char *p = n->s, *end = n->s + n->n;
	if (n->flags & F_BOL)
		put_indent(r, sc);
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			buf_put(r->out, p, (size_t)(end - p));
			return;
		}
		buf_put(r->out, p, (size_t)(nl + 1 - p));
		p = nl + 1;
		if (p == end)
			return;
		if (!starts_blank(p, (size_t)(end - p)))
			put_indent(r, sc);
	}
}

static void put_value(struct render *r, const value *v, bool escape)
{
	if (!v)
		return;
	if (v->kind == VAL_STRING) {
		if (escape && r->escape)
			r->escape(r->out, v->u.str.ptr, v->u.str.len);
		else
			buf_put(r->out, v->u.str.ptr, v->u.str.len);
	} else {
		/* Numbers and booleans need no escaping in any output we make. */
		value_to_text(v, r->out);
	}
}

static bool render_nodes(struct render *r, const struct scope *sc,
	const struct ctx *cx, size_t from, size_t to);

/* Finds the template a partial or parent node names. *name and *name_len
 * are set to the name looked up (for messages); returns NULL if none. */
static const mst_template *find_target(struct render *r,
	const struct scope *sc, const struct node *n, const struct ctx *cx,
	const char **name, size_t *name_len, bool *failed, char *tmp,
	size_t tmp_len)
{
	const mst_set *set = sc->t->set;
	*failed = false;
	*name = "";
	*name_len = 0;
	uint32_t h;
	if (n->flags & F_DYNAMIC) {
		const value *v = resolve(sc->t, n, cx);
		if (!v)
			return NULL;
		switch (v->kind) {
		case VAL_STRING:
			*name = v->u.str.ptr;
			*name_len = v->u.str.len;
			break;
		case VAL_INT:
			*name_len = (size_t)snprintf(tmp, tmp_len, "%lld", v->u.i);
			*name = tmp;
			break;
		default:
			/* Lists, maps, null, booleans and floats name no template. */
			return NULL;
		}
		if (!*name_len)
			return NULL;
		h = hash_name(*name, *name_len);
	} else {
		*name = n->s;
		*name_len = n->n;
		h = n->hash;
	}
	mst_template *t = set_lookup(set, *name, *name_len, h);
	if (!t && set->loader) {
		char *key = xstrndup(*name, *name_len);
		char *text = NULL;
		size_t len = 0;
		if (set->loader(set->loader_ud, key, &text, &len)) {
			/* Only a set with a loader is written while rendering. */
			mst_set *ws = sc->t->set;
			t = compile(ws, key, NULL, text, len, r->d);
			if (t)
				set_install(ws, t);
			else
				*failed = true;
		}
		free(key);
	}
	return t;
}

static bool render_include(struct render *r, const struct scope *sc,
	const struct node *n, size_t at, const struct ctx *cx)
{
	const char *name;
	size_t name_len;
	bool failed;
	char tmp[32];
	const mst_template *target = find_target(r, sc, n, cx, &name, &name_len,
		&failed, tmp, sizeof tmp);
	if (failed)
		return false;
	if (!target) {
		/* A dynamic name that resolves to nothing is not a missing
		 * partial: there is no name to be wrong. */
		if (sc->t->set->strict && name_len) {
			diags_error(r->d, sc->t->file, n->line, n->col,
				"unknown partial '%.*s'", (int)name_len, name);
			return false;
		}
		return true;
	}
	if (r->depth >= MST_MAX_PARTIAL_DEPTH) {
		diags_error(r->d, sc->t->file, n->line, n->col,
			"partials nested deeper than %d (at '%.*s')",
			MST_MAX_PARTIAL_DEPTH, (int)name_len, name);
		return false;
	}
	struct args args = { sc->t, at, sc->args };
	struct scope inner = { target, n->kind == N_PARENT ? &args : sc->args,
		0, 0 };
	size_t top = r->ind_top;
	if (n->flags & F_STANDALONE)
		ind_push(r, sc, n->ind, n->ind_len, &inner);
	r->depth++;
	bool ok = render_nodes(r, &inner, cx, 0, target->n_nodes);
	r->depth--;
	r->ind_top = top;
	return ok;
}

static bool has_body(const struct node *n)
{
	return n->kind == N_SECTION || n->kind == N_INVERTED
		|| n->kind == N_PARENT || n->kind == N_BLOCK;
}

/* The outermost argument for block n among the parents being expanded:
 * the template furthest up the inheritance chain decides. */
static bool find_argument(const struct scope *sc, const struct node *n,
	const struct args **found, size_t *at)
{
	*found = NULL;
	for (const struct args *a = sc->args; a; a = a->outer) {
		const struct node *nodes = a->t->nodes;
		size_t end = nodes[a->parent].end;
		for (size_t i = a->parent + 1; i < end;) {
			const struct node *b = &nodes[i];
			if (b->kind == N_BLOCK && b->n == n->n
				&& memcmp(b->s, n->s, n->n) == 0) {
				*found = a;
				*at = i;
				break;
			}
			i = has_body(b) ? b->end : i + 1;
		}
	}
	return *found != NULL;
}

static bool render_block(struct render *r, const struct scope *sc,
	const struct node *n, size_t at, const struct ctx *cx)
{
	const struct args *a;
	size_t arg;
	struct scope inner = *sc;
	const mst_template *t = sc->t;
	size_t from = at + 1, to = n->end;
	bool overridden = find_argument(sc, n, &a, &arg);
	if (overridden) {
		/* The argument renders where it was written: the blocks in scope
		 * there are those outside the parent that passed it. */
		t = a->t;
		from = arg + 1;
		to = t->nodes[arg].end;
		inner.t = t;
		inner.args = a->outer;
		inner.ind_len = 0;
	}
	size_t top = r->ind_top;
	if (n->flags & F_STANDALONE) {
		ind_push(r, sc, n->ind, n->ind_len, &inner);
		/* A body that starts mid-line still starts the expanded line. */
		if (from < to && inner.ind_len) {
			const struct node *first = &t->nodes[from];
			if (!(first->flags & (F_BOL | F_STANDALONE))
				&& !(first->kind == N_TEXT
					&& starts_blank(first->s, first->n)))
				put_indent(r, &inner);
		}
	}
	bool ok = render_nodes(r, &inner, cx, from, to);
	if (ok && !overridden && (n->flags & F_CLOSE_BOL) && inner.ind_len)
		put_indent(r, &inner);
	r->ind_top = top;
	return ok;
}

static bool render_section(struct render *r, const struct scope *sc,
	const struct node *n, size_t at, const struct ctx *cx)
{
	const value *v = resolve(sc->t, n, cx);
	bool close_indent = (n->flags & F_CLOSE_BOL) && sc->ind_len;
	if (n->kind == N_INVERTED) {
		if (value_truthy(v))
			return true;
		if (!render_nodes(r, sc, cx, at + 1, n->end))
			return false;
		if (close_indent)
			put_indent(r, sc);
		return true;
	}
	if (!value_truthy(v))
		return true;
	if (v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct ctx item = { v->u.list.items[i], cx };
			if (!render_nodes(r, sc, &item, at + 1, n->end))
				return false;
			if (close_indent)
				put_indent(r, sc);
		}
		return true;
	}
	struct ctx top = { v, cx };
	if (!render_nodes(r, sc, &top, at + 1, n->end))
		return false;
	if (close_indent)
		put_indent(r, sc);
	return true;
}

static bool render_nodes(struct render *r, const struct scope *sc,
	const struct ctx *cx, size_t from, size_t to)
{
	const struct node *nodes = sc->t->nodes;
	size_t i = from;
	while (i < to) {
		const struct node *n = &nodes[i];
		if (n->kind == N_TEXT) {
			render_text(r, sc, n);
			i++;
			continue;
		}
		if ((n->flags & F_BOL) && sc->ind_len)
			put_indent(r, sc);
		switch (n->kind) {
		case N_VAR:
		case N_RAW:
			put_value(r, resolve(sc->t, n, cx), n->kind == N_VAR);
			i++;
			break;
		case N_SECTION:
		case N_INVERTED:
			if (!render_section(r, sc, n, i, cx))
				return false;
			i = n->end;
			break;
		case N_PARTIAL:
			if (!render_include(r, sc, n, i, cx))
				return false;
			i++;
			break;
		case N_PARENT:
			if (!render_include(r, sc, n, i, cx))
				return false;
			i = n->end;
			break;
		case N_BLOCK:
			if (!render_block(r, sc, n, i, cx))
				return false;
			i = n->end;
			break;
		default:
			i++;
			break;
		}
	}
	return true;
}

bool mst_render(const mst_template *t, const value *ctx, mst_escape_fn escape,
	buf *out, diags *d)
{
	if (!t) {
		diags_error(d, NULL, 0, 0, "no template to render");
		return false;
	}
	struct render r;
	r.escape = escape;
	r.out = out;
	r.d = d;
	r.depth = 0;
	r.ind = r.ind_inline;
	r.ind_top = 0;
	r.ind_cap = sizeof r.ind_inline;
	struct ctx bottom = { ctx, NULL };
	struct scope sc = { t, NULL, 0, 0 };
	bool ok = render_nodes(&r, &sc, ctx ? &bottom : NULL, 0, t->n_nodes);
	if (r.ind != r.ind_inline)
		free(r.ind);
	return ok;
}

/* Nonzero if a byte of w is c: w ^ c has a zero byte then (exact as a
 * yes or no; which byte is left to the caller). */
static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (0x0101010101010101ull * c);
	return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

void mst_escape_html(buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		/* Most text has nothing to escape: skip it eight bytes at once. */
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(has_byte(w, '&') | has_byte(w, '<') | has_byte(w, '>') |
				has_byte(w, '"') | has_byte(w, '\''))) {
				i += 8;
				continue;
			}
		}
		size_t end = i + 8 < n ? i + 8 : n;
		for (; i < end; i++) {
			const char *rep;
			size_t rep_len;
			switch (s[i]) {
			case '&': rep = "&amp;"; rep_len = 5; break;
			case '<': rep = "&lt;"; rep_len = 4; break;
			case '>': rep = "&gt;"; rep_len = 4; break;
			case '"': rep = "&quot;"; rep_len = 6; break;
			case '\'': rep = "&#39;"; rep_len = 5; break;
			default: continue;
			}
			buf_put(out, s + run, i - run);
			buf_put(out, rep, rep_len);
			run = i + 1;
		}
	}
	buf_put(out, s + run, n - run);
}

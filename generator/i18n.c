/*
 * i18n: loads a language's strings, fills gaps from English, and compiles
 * every string as a snippet so pages render them without parsing.
 */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "xalloc.h"

/* Copies the errors of a snippet compile into d, moved from positions
 * inside the string to positions in the YAML file. */
static void relocate(diags *from, diags *d, const char *path, val_pos at,
	bool quoted)
{
	if (quoted)
		at.col++;
	for (size_t i = 0; i < from->len; i++) {
		diag *g = &from->items[i];
		unsigned line = at.line + (g->line ? g->line - 1 : 0);
		unsigned col = g->line <= 1 ? at.col + (g->col ? g->col - 1 : 0) :
			g->col;
		if (g->ctx_line)
			diags_add_ctx(d, path, line, col,
				at.line + g->ctx_line - 1,
				g->ctx_line == 1 ? at.col + g->ctx_col - 1 : g->ctx_col,
				"%s", g->msg);
		else
			diags_add(d, g->severity, path, line, col, "%s", g->msg);
	}
}

/* Strings are sentences, not layouts: a tag that includes a template is
 * reported (in d, at its position in the string). */
static void refuse_includes(void *ud, const mst_tag *tag)
{
	diags *d = ud;
	if (tag->kind == MST_TAG_PARTIAL || tag->kind == MST_TAG_PARENT)
		diags_error(d, NULL, tag->line, tag->col, "includes a template");
}

static bool compile_snippet(i18n *t, const char *key, const value *v,
	diags *d)
{
	diags local;
	diags_init(&local, 10);
	mst_template *tpl = mst_set_add(t->snippets, key, t->path,
		v->u.str.ptr, v->u.str.len, &local);
	if (tpl) {
		diags found;
		diags_init(&found, 1);
		mst_template_walk(tpl, refuse_includes, &found);
		if (found.len)
			diags_error(&local, NULL, found.items[0].line,
				found.items[0].col, "'%s' includes a template; strings "
				"may use only {{names}} and sections", key);
		diags_free(&found);
	}
	relocate(&local, d, t->path, v->pos, v->quoted);
	bool ok = local.errors == 0;
	diags_free(&local);
	return ok;
}

i18n *i18n_load(const char *dir, const char *tag, const i18n *english,
	const char *const *required, diags *d)
{
	size_t errors = d->errors;
	i18n *t = xcalloc(1, sizeof *t);
	t->a = arena_new();
	t->tag = arena_strdup(t->a, tag);
	t->path = arena_printf(t->a, "%s/%s.yaml", dir, tag);
	t->snippets = mst_set_new();
	mst_set_strict(t->snippets, true);
	t->table = value_map(t->a);

	value *root = loader_parse_file(t->a, t->path, d);
	if (!root)
		goto fail;
	if (root->kind == VAL_NULL) {
		diags_error(d, t->path, 1, 1, "the file is empty; it must map "
			"string keys to translated text");
		goto fail;
	}
	if (root->kind != VAL_MAP) {
		diags_error(d, t->path, root->pos.line, root->pos.col,
			"a string table must be a map of keys to text, not %s",
			value_kind_name(root->kind));
		goto fail;
	}

	for (size_t i = 0; i < root->u.map.len; i++) {
		const val_pair *p = &root->u.map.pairs[i];
		if (english && !value_get(english->table, p->key)) {
			diags_warn(d, t->path, p->key_pos.line, p->key_pos.col,
				"unused key '%s' (English has no such key)", p->key);
			continue;
		}
		if (p->val->kind != VAL_STRING) {
			diags_error(d, t->path, p->val->pos.line, p->val->pos.col,
				"'%s' must be text, not %s", p->key,
				value_kind_name(p->val->kind));
			continue;
		}
		if (p->val->u.str.len == 0) {
			diags_error(d, t->path, p->val->pos.line, p->val->pos.col,
				"'%s' is empty", p->key);
			continue;
		}
		if (memchr(p->val->u.str.ptr, '\0', p->val->u.str.len)) {
			diags_error(d, t->path, p->val->pos.line, p->val->pos.col,
				"'%s' contains a NUL character", p->key);
			continue;
		}
		if (compile_snippet(t, p->key, p->val, d))
			value_map_set(t->a, t->table, p->key, p->val);
	}

	if (english) {
		size_t n = english->table->u.map.len;
		t->fallback = arena_zalloc(t->a, n * sizeof *t->fallback);
		for (size_t i = 0; i < n; i++) {
			const val_pair *p = &english->table->u.map.pairs[i];
			if (value_get(t->table, p->key))
				continue;
			diags_warn(d, t->path, 0, 0,
				"missing key '%s'; the English text is used", p->key);
			t->n_missing++;
			value *copy = value_str(t->a, p->val->u.str.ptr,
				p->val->u.str.len);
			value_map_set(t->a, t->table, p->key, copy);
			mst_set_add(t->snippets, p->key, english->path, copy->u.str.ptr,
				copy->u.str.len, d);
		}
		/* Index fallbacks by the key's position in this table. */
		bool *fb = arena_zalloc(t->a, t->table->u.map.len * sizeof *fb);
		for (size_t i = 0; i < t->table->u.map.len; i++) {
			const char *k = t->table->u.map.pairs[i].key;
			fb[i] = value_get(root, k) == NULL;
		}
		t->fallback = fb;
	} else if (required) {
		for (size_t i = 0; required[i]; i++) {
			if (!value_get(t->table, required[i]))
				diags_error(d, t->path, 0, 0,
					"missing key '%s', which the pages need", required[i]);
		}
	}
	/* No mst_set_check: compile_snippet refused every partial. */
	if (d->errors == errors)
		return t;
fail:
	i18n_free(t);
	return NULL;
}

void i18n_free(i18n *t)
{
	if (!t)
		return;
	mst_set_free(t->snippets);
	arena_free(t->a);
	free(t);
}

void i18n_render(const i18n *t, const char *key, const value *data, buf *out)
{
	const mst_template *tpl = mst_set_get(t->snippets, key);
	if (!tpl)
		return;
	diags d;
	diags_init(&d, 1);
	mst_render(tpl, data, NULL, out, &d);
	diags_free(&d);
}

const char *i18n_text(const i18n *t, const char *key)
{
	const value *v = value_get(t->table, key);
	return v ? v->u.str.ptr : "";
}

bool i18n_is_fallback(const i18n *t, const char *key)
{
	if (!t->fallback)
		return false;
	for (size_t i = 0; i < t->table->u.map.len; i++)
		if (strcmp(t->table->u.map.pairs[i].key, key) == 0)
			return t->fallback[i];
	return false;
}

/*
 * site: reads data/site.yaml into a site, refusing anything a page could
 * not use safely (a language tag that is not BCP 47, a URL that is not
 * http(s)) with the position of the offending value.
 */
#include "site.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "loader.h"
#include "ports.h"
#include "xalloc.h"

static const char *const known_keys[] = {
	"base_url", "languages", "repository", "feedback", "common_ports", NULL
};

bool site_tag_valid(const char *tag)
{
	/* language: 2-3 letters; script: 4 letters; region: 2 letters or 3
	 * digits; subtags separated by '-'. */
	size_t n = strlen(tag), i = 0, part = 0;
	if (n == 0 || n > 35)
		return false;
	while (i < n) {
		size_t start = i, letters = 0, digits = 0;
		while (i < n && tag[i] != '-') {
			if (isalpha((unsigned char)tag[i]))
				letters++;
			else if (isdigit((unsigned char)tag[i]))
				digits++;
			else
				return false;
			i++;
		}
		size_t len = i - start;
		if (part == 0 && !(digits == 0 && (len == 2 || len == 3)))
			return false;
		if (part > 0 && !((digits == 0 && (len == 4 || len == 2)) ||
			(letters == 0 && len == 3)))
			return false;
		if (i < n) {
			i++;
			if (i == n)
				return false;
		}
		if (++part > 3)
			return false;
	}
	return true;
}

int site_language_index(const site *s, const char *tag)
{
	for (size_t i = 0; i < s->n_languages; i++)
		if (strcmp(s->languages[i], tag) == 0)
			return (int)i;
	return -1;
}

static const char *url_setting(site *s, const value *root, const char *key,
	bool required, const char *path, diags *d)
{
	const value *v = value_get(root, key);
	if (!v || (v->kind == VAL_STRING && v->u.str.len == 0) ||
		v->kind == VAL_NULL) {
		if (required)
			diags_error(d, path, root->pos.line, root->pos.col,
				"missing '%s'", key);
		return NULL;
	}
	if (v->kind != VAL_STRING) {
		diags_error(d, path, v->pos.line, v->pos.col,
			"'%s' must be a string, not %s", key, value_kind_name(v->kind));
		return NULL;
	}
	if (!escape_url_is_safe(v->u.str.ptr)) {
		diags_error(d, path, v->pos.line, v->pos.col,
			"'%s' must be an absolute http or https URL", key);
		return NULL;
	}
	return arena_strdup(s->a, v->u.str.ptr);
}

site *site_load(const char *path, diags *d)
{
	size_t errors = d->errors;
	site *s = xcalloc(1, sizeof *s);
	s->a = arena_new();
	value *root = loader_parse_file(s->a, path, d);
	if (!root)
		goto fail;
	if (root->kind != VAL_MAP) {
		diags_error(d, path, root->pos.line, root->pos.col,
			"the settings must be a map, not %s", value_kind_name(root->kind));
		goto fail;
	}
	loader_check_keys(root, known_keys, path, d);

	s->base_url = url_setting(s, root, "base_url", true, path, d);
	if (s->base_url) {
		size_t n = strlen(s->base_url);
		if (s->base_url[n - 1] != '/')
			s->base_url = arena_printf(s->a, "%s/", s->base_url);
		const char *host = strstr(s->base_url, "//") + 2;
		const char *slash = strchr(host, '/');
		s->base_path = arena_strdup(s->a, slash);
	}
	s->repository = url_setting(s, root, "repository", true, path, d);
	if (s->repository) {
		size_t n = strlen(s->repository);
		while (n > 0 && s->repository[n - 1] == '/')
			n--;
		s->repository = arena_strndup(s->a, s->repository, n);
	}
	const value *fb = value_get(root, "feedback");
	if (fb && fb->kind == VAL_MAP) {
		static const char *const fb_keys[] = { "url", NULL };
		loader_check_keys(fb, fb_keys, path, d);
		s->feedback_url = url_setting(s, fb, "url", false, path, d);
	} else if (fb && fb->kind != VAL_NULL) {
		diags_error(d, path, fb->pos.line, fb->pos.col,
			"'feedback' must be a map, not %s", value_kind_name(fb->kind));
	}

	const value *langs = value_get(root, "languages");
	if (!langs || langs->kind != VAL_LIST || langs->u.list.len == 0) {
		const value *at = langs ? langs : root;
		diags_error(d, path, at->pos.line, at->pos.col,
			"'languages' must be a non-empty list of language tags");
	} else {
		s->languages = arena_alloc(s->a, langs->u.list.len * sizeof(char *));
		for (size_t i = 0; i < langs->u.list.len; i++) {
			const value *t = langs->u.list.items[i];
			if (t->kind != VAL_STRING || !site_tag_valid(t->u.str.ptr)) {
				buf txt;
				buf_init(&txt);
				value_to_text(t, &txt);
				diags_error(d, path, t->pos.line, t->pos.col,
					"'%s' is not a BCP 47 language tag (like en, pt-BR or "
					"zh-Hant)", txt.ptr);
				buf_free(&txt);
				continue;
			}
			if (site_language_index(s, t->u.str.ptr) >= 0) {
				diags_error(d, path, t->pos.line, t->pos.col,
					"language '%s' is listed twice", t->u.str.ptr);
				continue;
			}
			s->languages[s->n_languages++] = arena_strdup(s->a, t->u.str.ptr);
		}
		if (s->n_languages && strcmp(s->languages[0], "en") != 0)
			diags_error(d, path, langs->pos.line, langs->pos.col,
				"the first language must be en, the default and the "
				"fallback of every translation");
	}

	const value *common = value_get(root, "common_ports");
	if (common && common->kind == VAL_LIST) {
		s->common_ports = arena_alloc(s->a,
			(common->u.list.len + 1) * sizeof *s->common_ports);
		for (size_t i = 0; i < common->u.list.len; i++) {
			const value *p = common->u.list.items[i];
			if (p->kind != VAL_INT || p->u.i < 0 || p->u.i > PORT_MAX) {
				diags_error(d, path, p->pos.line, p->pos.col,
					"common ports must be integers from 0 to 65535");
				continue;
			}
			s->common_ports[s->n_common_ports++] = (unsigned)p->u.i;
		}
	} else if (common && common->kind != VAL_NULL) {
		diags_error(d, path, common->pos.line, common->pos.col,
			"'common_ports' must be a list of port numbers");
	}
	if (d->errors == errors)
		return s;
fail:
	site_free(s);
	return NULL;
}

void site_free(site *s)
{
	if (!s)
		return;
	arena_free(s->a);
	free(s);
}

/*
 * inputs: loads every input, checks the inputs against each other (the
 * names templates use, the strings they ask for, a sample render of every
 * page kind) and computes the digests of what each page is made from.
 */
#include "inputs.h"

#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "fsio.h"
#include "kinds.h"
#include "page.h"
#include "xalloc.h"

/* ---- templates ----------------------------------------------------------- */

/* dir/rel, or rel itself for the current folder, so messages say
 * "data/ports.yaml" rather than "./data/ports.yaml". */
static const char *in_path(arena *a, const char *dir, const char *rel)
{
	if (strcmp(dir, ".") == 0)
		return arena_strdup(a, rel);
	return arena_printf(a, "%s/%s", dir, rel);
}

static uint64_t digest_file(uint64_t h, const char *path)
{
	diags d;
	diags_init(&d, 1);
	size_t len = 0;
	bool missing;
	char *s = fsio_read_optional(path, INPUTS_MAX_DIGESTED, &len, &missing, &d);
	diags_free(&d);
	h = digest_str(h, path);
	if (s)
		h = digest_bytes(h, s, len);
	free(s);
	return h;
}

/* The .mustache files of dir, sorted, as paths owned by a; the caller
 * frees the array. */
static size_t list_templates(arena *a, const char *dir, const char ***out)
{
	size_t n = fsio_list(dir, a, out), kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = (*out)[i];
		size_t len = strlen(name);
		if (len >= 10 && strcmp(name + len - 9, ".mustache") == 0)
			(*out)[kept++] = arena_printf(a, "%s/%s", dir, name);
	}
	return kept;
}

/* Every {{t.key}} a template names must be an English key: a typo would
 * render nothing in every language. */
struct key_check {
	const mst_template *tpl;
	const i18n *en;
	diags *d;
};

static void check_string_name(void *ud, const mst_tag *tag)
{
	struct key_check *k = ud;
	if (tag->kind == MST_TAG_PARTIAL || tag->kind == MST_TAG_PARENT ||
		tag->kind == MST_TAG_BLOCK || tag->len < 2 ||
		memcmp(tag->name, "t.", 2) != 0)
		return;
	const char *key = tag->name + 2;
	size_t n = strcspn(key, ".");
	if (n > tag->len - 2)
		n = tag->len - 2;
	if (!value_map_get(k->en->table, key, n))
		diags_error(k->d, mst_template_file(k->tpl), tag->line, tag->col,
			"unknown string 't.%.*s' (i18n/en.yaml has no such key)",
			(int)n, key);
}

/* Whether name is a page template: a kind's, or the layout they share. */
static bool page_template(const char *name)
{
	if (strcmp(name, "layout") == 0)
		return true;
	for (size_t k = 0; k < KIND_COUNT; k++)
		if (strcmp(page_kinds[k].template, name) == 0)
			return true;
	return false;
}

static void load_templates(inputs *in, const char *dir, diags *d)
{
	in->templates = mst_set_new();
	mst_set_strict(in->templates, true);
	const char *dirs[2] = {
		in_path(in->a, dir, "templates"),
		in_path(in->a, dir, "templates/partials")
	};
	size_t cap_names = 0;
	for (int k = 0; k < 2; k++) {
		const char **files;
		size_t n = list_templates(in->a, dirs[k], &files);
		for (size_t i = 0; i < n; i++) {
			size_t len;
			char *text = fsio_read(files[i], INPUTS_MAX_TEMPLATE, &len, d);
			if (!text)
				continue;
			const char *base = strrchr(files[i], '/') + 1;
			char *name = arena_strndup(in->a, base, strlen(base) - 9);
			bool page = k == 0 && page_template(name);
			if (!content_check_utf8(files[i], text, len, 1, 1, d))
				;
			else if (page && strspn(text, " \t\r\n") == len)
				diags_error(d, files[i], 0, 0, "the template is empty; "
					"every page of this kind would be blank");
			else if (mst_set_get(in->templates, name))
				diags_error(d, files[i], 0, 0, "a template called '%s' "
					"exists already (names are shared with partials)", name);
			else {
				struct key_check kc = {
					mst_set_add(in->templates, name, files[i], text, len, d),
					in->t ? in->t[0] : NULL, d
				};
				if (kc.tpl && kc.en)
					mst_template_walk(kc.tpl, check_string_name, &kc);
				if (kc.tpl) {
					in->template_names = xgrow(in->template_names,
						&cap_names, in->n_templates + 1, sizeof(char *));
					in->template_names[in->n_templates++] = name;
				}
			}
			free(text);
		}
		free(files);
	}
	if (!mst_set_get(in->templates, "layout"))
		diags_error(d, dirs[0], 0, 0, "missing template 'layout.mustache'");
	for (size_t k = 0; k < KIND_COUNT; k++)
		if (!mst_set_get(in->templates, page_kinds[k].template))
			diags_error(d, dirs[0], 0, 0, "missing template '%s.mustache'",
				page_kinds[k].template);
	mst_set_check(in->templates, d);
}

/* ---- digests ------------------------------------------------------------ */

/* A port's facts in a fixed order, so equal facts give equal digests. */
static uint64_t entry_digest(const port_entry *e)
{
	uint64_t h = digest_u64(0, e->port);
	h = digest_str(h, e->name ? e->name : "\x01");
	for (size_t i = 0; i < e->n_assignments; i++) {
		const port_assignment *as = &e->assignments[i];
		h = digest_str(h, as->service ? as->service : "\x01");
		h = digest_u64(h, as->protocols);
		h = digest_str(h, as->description ? as->description : "\x01");
		for (size_t r = 0; r < as->n_references; r++)
			h = digest_str(h, as->references[r]);
		h = digest_u64(h, as->n_references);
	}
	h = digest_u64(h, e->n_assignments);
	h = digest_u64(h, e->reserved);
	for (size_t i = 0; i < e->n_unofficial; i++) {
		h = digest_str(h, e->unofficial[i].name);
		h = digest_u64(h, e->unofficial[i].protocols);
	}
	h = digest_u64(h, e->n_unofficial);
	return digest_str(h, e->notes ? e->notes : "\x01") | 1;
}

static void compute_digests(inputs *in, const char *dir)
{
	/* The generator itself is an input: a new binary may render pages
	 * differently from the same files. */
	uint64_t common = digest_file(0, "/proc/self/exe");
	const char **files;
	size_t n = list_templates(in->a, in_path(in->a, dir, "templates"),
		&files);
	for (size_t i = 0; i < n; i++)
		common = digest_file(common, files[i]);
	free(files);
	n = list_templates(in->a, in_path(in->a, dir, "templates/partials"),
		&files);
	for (size_t i = 0; i < n; i++)
		common = digest_file(common, files[i]);
	free(files);
	common = digest_file(common, in_path(in->a, dir, "data/site.yaml"));
	common = digest_file(common, in->t[0]->path);
	for (size_t i = 0; i < in->c->n_files; i++)
		common = digest_file(common, in->c->files[i]);

	in->lang_digest = arena_alloc(in->a, in->s->n_languages * sizeof(uint64_t));
	for (size_t i = 0; i < in->s->n_languages; i++)
		in->lang_digest[i] = digest_file(digest_str(common,
			in->s->languages[i]), in->t[i]->path);

	in->port_digest = arena_zalloc(in->a, (PORT_MAX + 1) * sizeof(uint64_t));
	/* The notes' HTML too: its links depend on which other ports are
	 * listed, not only on this port's facts. */
	for (size_t i = 0; i < in->db->len; i++)
		in->port_digest[in->db->entries[i].port] = digest_str(
			entry_digest(&in->db->entries[i]),
			in->notes_html[i] ? in->notes_html[i] : "\x01") | 1;
}

/* Renders the first and the last page of every kind in every language, so
 * that what only shows at render time (a partial that includes itself, a
 * section that recurses) is refused here, before anything is written. */
static bool smoke_render(const inputs *in, diags *d)
{
	size_t errors = d->errors;
	arena *a = arena_new();
	buf out;
	buf_init(&out);
	for (size_t i = 0; i < in->s->n_languages && d->errors == errors; i++) {
		page_lang *l = page_lang_new(in->s, in->db, in->c, in->t[i],
			in->t[0], i, in->notes_html, in->lang_names);
		for (size_t k = 0; k < KIND_COUNT && d->errors == errors; k++) {
			const page_kind *kind = &page_kinds[k];
			size_t n = kind->count(in->c);
			for (size_t p = 0; p < n && p < 2 && d->errors == errors; p++) {
				buf_clear(&out);
				mst_render(mst_set_get(in->templates, kind->template),
					kind->context(l, p ? n - 1 : 0, a), mst_escape_html,
					&out, d);
				arena_reset(a);
			}
		}
		page_lang_free(l);
	}
	buf_free(&out);
	arena_free(a);
	return d->errors == errors;
}

/* ---- loading ------------------------------------------------------------ */

inputs *inputs_load(const char *dir, diags *d)
{
	size_t errors = d->errors;
	inputs *in = xcalloc(1, sizeof *in);
	in->a = arena_new();
	in->s = site_load(in_path(in->a, dir, "data/site.yaml"), d);
	if (in->s) {
		const char *i18n_dir = in_path(in->a, dir, "i18n");
		in->t = xcalloc(in->s->n_languages, sizeof *in->t);
		in->t[0] = i18n_load(i18n_dir, "en", NULL, page_required_keys, d);
		if (in->t[0]) {
			for (size_t i = 1; i < in->s->n_languages; i++)
				in->t[i] = i18n_load(i18n_dir, in->s->languages[i], in->t[0],
					NULL, d);
		}
		in->c = content_load(in_path(in->a, dir, "content"), in->s, d);
	}
	in->db = port_db_load(in_path(in->a, dir, "data/ports.yaml"), d);
	load_templates(in, dir, d);
	if (d->errors != errors) {
		inputs_free(in);
		return NULL;
	}
	for (size_t i = 0; i < in->s->n_languages; i++)
		if (!in->t[i]) {
			inputs_free(in);
			return NULL;
		}

	in->notes_html = arena_zalloc(in->a, (in->db->len + 1) * sizeof(char *));
	for (size_t i = 0; i < in->db->len; i++) {
		const char *notes = in->db->entries[i].notes;
		if (notes)
			in->notes_html[i] = content_notes_html(in->a, notes,
				strlen(notes), in->db, in->db->entries[i].port);
	}
	in->lang_names = arena_alloc(in->a, in->s->n_languages * sizeof(char *));
	for (size_t i = 0; i < in->s->n_languages; i++)
		in->lang_names[i] = i18n_text(in->t[i], "lang_name");
	compute_digests(in, dir);
	if (!smoke_render(in, d)) {
		inputs_free(in);
		return NULL;
	}
	return in;
}

void inputs_free(inputs *in)
{
	if (!in)
		return;
	if (in->t)
		for (size_t i = 0; in->s && i < in->s->n_languages; i++)
			i18n_free(in->t[i]);
	free(in->t);
	free(in->template_names);
	content_free(in->c);
	port_db_free(in->db);
	mst_set_free(in->templates);
	site_free(in->s);
	arena_free(in->a);
	free(in);
}

/* ---- what the contexts hold ---------------------------------------------- */

/* A set of strings: a map of arena keys to true. */
static void set_add(arena *a, value *set, const char *s, size_t n)
{
	if (!value_map_get(set, s, n))
		value_map_add(a, set, arena_strndup(a, s, n), value_bool(a, true));
}

/* Adds to set the dotted path of every key under v, path being v's own
 * ("" at the top); a list's items share its path. The strings, "t", are
 * "t.*": check_string_name checks what templates ask of them. */
static void collect(arena *a, value *set, const value *v, buf *path,
	const value **seen_under)
{
	size_t at = path->len;
	if (v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++)
			collect(a, set, v->u.list.items[i], path, seen_under);
		return;
	}
	if (v->kind != VAL_MAP)
		return;
	for (size_t i = 0; i < v->u.map.len; i++) {
		const val_pair *p = &v->u.map.pairs[i];
		if (at)
			buf_putc(path, '.');
		buf_puts(path, p->key);
		if (at == 0 && strcmp(p->key, "t") == 0) {
			set_add(a, set, "t.*", 3);
		} else {
			set_add(a, set, path->ptr, path->len);
			collect(a, set, p->val, path, seen_under);
		}
		buf_truncate(path, at);
	}
	/* What every page of a language shares: once per language. */
	const value *under = v->u.map.under;
	if (under && *seen_under != under) {
		*seen_under = under;
		collect(a, set, under, path, seen_under);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the names of kind k's contexts to set: every page in English (for
 * port pages, every port with facts, and the first and last port), the
 * first and the last in the other languages. */
static void collect_kind(const inputs *in, page_kind_id k, arena *a,
	value *set)
{
	const page_kind *kind = &page_kinds[k];
	size_t n = kind->count(in->c);
	arena *scratch = arena_new();
	buf path;
	buf_init(&path);
	for (size_t li = 0; li < in->s->n_languages; li++) {
		page_lang *l = page_lang_new(in->s, in->db, in->c, in->t[li],
			in->t[0], li, in->notes_html, in->lang_names);
		const value *seen_under = NULL;
		size_t entry = 0;
		for (size_t i = 0; i < n; i++) {
			bool sample = i == 0 || i + 1 == n;
			if (kind->by_port && li == 0) {
				while (entry < in->db->len && in->db->entries[entry].port < i)
					entry++;
				sample = sample || (entry < in->db->len &&
					in->db->entries[entry].port == i);
			} else if (li == 0) {
				sample = true;
			}
			if (!sample)
				continue;
			buf_clear(&path);
			collect(a, set, kind->context(l, i, scratch), &path, &seen_under);
			arena_reset(scratch);
		}
		page_lang_free(l);
	}
	buf_free(&path);
	arena_free(scratch);
}

size_t inputs_context_names(const inputs *in, page_kind_id k, arena *a,
	const char ***out)
{
	value *set = value_map(a);
	collect_kind(in, k, a, set);
	size_t n = set->u.map.len;
	const char **names = xmalloc((n ? n : 1) * sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = set->u.map.pairs[i].key;
	qsort(names, n, sizeof *names, cmp_str);
	*out = names;
	return n;
}

struct name_check {
	const mst_template *tpl;
	const value *known;       /* every key of every context, undotted */
	diags *d;
};

static void check_name(void *ud, const mst_tag *tag)
{
	struct name_check *c = ud;
	bool names_value = tag->kind == MST_TAG_VARIABLE ||
		tag->kind == MST_TAG_SECTION || tag->kind == MST_TAG_INVERTED ||
		tag->dynamic;
	if (!names_value || (tag->len == 1 && tag->name[0] == '.') ||
		(tag->len >= 2 && memcmp(tag->name, "t.", 2) == 0))
		return;
	for (size_t at = 0; at < tag->len; ) {
		size_t n = 0;
		while (at + n < tag->len && tag->name[at + n] != '.')
			n++;
		if (!value_map_get(c->known, tag->name + at, n)) {
			diags_warn(c->d, mst_template_file(c->tpl), tag->line, tag->col,
				"no page's context has '%.*s' (in '%.*s'): it renders as "
				"nothing; templates/README.md lists what each page kind "
				"holds", (int)n, tag->name + at, (int)tag->len, tag->name);
			return;
		}
		at += n + 1;
	}
}

void inputs_check_names(const inputs *in, diags *d)
{
	arena *a = arena_new();
	value *paths = value_map(a);
	for (size_t k = 0; k < KIND_COUNT; k++)
		collect_kind(in, (page_kind_id)k, a, paths);
	/* A name is looked up through the sections it is in, so each part of
	 * a path may stand alone. */
	value *known = value_map(a);
	for (size_t i = 0; i < paths->u.map.len; i++) {
		const char *p = paths->u.map.pairs[i].key;
		for (size_t n; *p; p += n + (p[n] == '.')) {
			n = strcspn(p, ".");
			set_add(a, known, p, n);
		}
	}
	for (size_t i = 0; i < in->n_templates; i++) {
		struct name_check c = {
			mst_set_get(in->templates, in->template_names[i]), known, d
		};
		mst_template_walk(c.tpl, check_name, &c);
	}
	arena_free(a);
}

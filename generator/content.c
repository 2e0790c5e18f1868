/*
 * content: reads the essays with cmark, splits each into title, opening
 * and body, and keeps the HTML for every language the site builds.
 */
#include "content.h"

#include <cmark.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "fsio.h"
#include "xalloc.h"

#define MAX_ESSAY (1u << 20)
#define DESCRIPTION_MAX 160

char *content_markdown_html(arena *a, const char *text, size_t len)
{
	char *html = cmark_markdown_to_html(text, len, CMARK_OPT_DEFAULT);
	char *copy = arena_strdup(a, html);
	free(html);
	return copy;
}

bool content_check_utf8(const char *path, const char *text, size_t len,
	unsigned first_line, unsigned first_col, diags *d)
{
	size_t bad;
	if (escape_utf8_valid(text, len, &bad))
		return true;
	unsigned line = first_line, col = first_col;
	for (size_t i = 0; i < bad; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	diags_error(d, path, line, col, "invalid UTF-8 (byte 0x%02X)",
		(unsigned char)text[bad]);
	return false;
}

/* Plain text of a node's inlines, spaces folded. */
static void plain_text(cmark_node *node, buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Cuts text to at most max bytes at a space, adding an ellipsis. */
static void shorten(buf *b, size_t max)
{
	if (b->len <= max)
		return;
	size_t cut = max;
	while (cut > max / 2 && b->ptr[cut] != ' ')
		cut--;
	if (b->ptr[cut] != ' ') {
		/* No space (CJK text): cut at a character boundary. */
		cut = max;
		while (cut > 0 && ((unsigned char)b->ptr[cut] & 0xC0) == 0x80)
			cut--;
	}
	buf_truncate(b, cut);
	while (b->len && (b->ptr[b->len - 1] == ' ' || b->ptr[b->len - 1] == ','))
		buf_truncate(b, b->len - 1);
	buf_puts(b, "…");
}

bool content_essay_parse(arena *a, const char *path, const char *text,
	size_t len, essay *e, diags *d)
{
	if (!content_check_utf8(path, text, len, 1, 1, d))
		return false;
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	cmark_node *title = cmark_node_first_child(doc);
	if (!title || cmark_node_get_type(title) != CMARK_NODE_HEADING ||
		cmark_node_get_heading_level(title) != 1) {
		diags_error(d, path, 1, 1,
			"an essay must start with a '# Title' line");
		cmark_node_free(doc);
		return false;
	}
	cmark_node *opening = cmark_node_next(title);
	if (!opening || cmark_node_get_type(opening) != CMARK_NODE_PARAGRAPH) {
		unsigned line = opening ? (unsigned)cmark_node_get_start_line(opening) :
			(unsigned)cmark_node_get_end_line(title) + 1;
		diags_error(d, path, line, 1, "the title must be followed by an "
			"opening paragraph (port pages show it alone)");
		cmark_node_free(doc);
		return false;
	}
	buf b;
	buf_init(&b);
	plain_text(title, &b);
	e->title = arena_strndup(a, b.ptr, b.len);
	buf_clear(&b);
	plain_text(opening, &b);
	shorten(&b, DESCRIPTION_MAX);
	e->description = arena_strndup(a, b.ptr, b.len);

	char *html = cmark_render_html(opening, CMARK_OPT_DEFAULT);
	e->opening_html = arena_strdup(a, html);
	free(html);

	/* The body: everything after the title, rendered as one document. */
	cmark_node_unlink(title);
	cmark_node_free(title);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	e->body_html = arena_strdup(a, html);
	free(html);
	buf_free(&b);
	cmark_node_free(doc);
	e->path = arena_strdup(a, path);
	return true;
}

static void note_file(content *c, const char *path)
{
	c->files = xrealloc(c->files, (c->n_files + 1) * sizeof *c->files);
	c->files[c->n_files++] = arena_strdup(c->a, path);
}

/* Loads slug's essay in every language of s from folder dir. English must
 * exist; other languages fall back to it. */
static bool load_doc(content *c, const char *dir, const char *slug,
	const site *s, content_doc *doc, diags *d)
{
	doc->slug = arena_strdup(c->a, slug);
	doc->by_lang = arena_zalloc(c->a, s->n_languages * sizeof *doc->by_lang);
	bool ok = true;
	for (size_t i = 0; i < s->n_languages; i++) {
		const char *tag = s->languages[i];
		char *path = i == 0 ? arena_printf(c->a, "%s/%s.md", dir, slug) :
			arena_printf(c->a, "%s/%s.%s.md", dir, slug, tag);
		size_t len;
		bool missing;
		char *text = fsio_read_optional(path, MAX_ESSAY, &len, &missing, d);
		if (missing && i == 0) {
			diags_error(d, path, 0, 0, "missing: every essay needs its "
				"English original");
			return false;
		}
		if (missing) {
			doc->by_lang[i] = doc->by_lang[0];
			doc->by_lang[i].fallback = true;
			continue;
		}
		if (!text) {
			ok = false;
			continue;
		}
		note_file(c, path);
		essay *e = &doc->by_lang[i];
		e->lang = arena_strdup(c->a, tag);
		ok = content_essay_parse(c->a, path, text, len, e, d) && ok;
		free(text);
		if (!ok && i == 0)
			return false;
	}
	return ok;
}

static bool slug_valid(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			ch == '-'))
			return false;
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lists the English originals in dir/pages; refuses translations of
 * languages the site does not build. */
static bool list_pages(content *c, const char *dir, const site *s,
	char ***slugs, size_t *n, diags *d)
{
	*slugs = NULL;
	*n = 0;
	DIR *dh = opendir(dir);
	if (!dh)
		return true;
	bool ok = true;
	struct dirent *de;
	size_t cap = 0;
	while ((de = readdir(dh))) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		if (name[0] == '.' || len < 4 || strcmp(name + len - 3, ".md") != 0)
			continue;
		const char *dot = memchr(name, '.', len - 3);
		size_t base = dot ? (size_t)(dot - name) : len - 3;
		char *path = arena_printf(c->a, "%s/%s", dir, name);
		if (!slug_valid(name, base)) {
			diags_error(d, path, 0, 0, "page names may use only a-z, 0-9 "
				"and '-'");
			ok = false;
			continue;
		}
		if (dot) {
			char *tag = arena_strndup(c->a, dot + 1, (size_t)(name + len - 3 - dot - 1));
			if (!site_tag_valid(tag)) {
				diags_error(d, path, 0, 0, "'%s' is not a BCP 47 language "
					"tag (name translations like faq.fr.md)", tag);
				ok = false;
			} else if (site_language_index(s, tag) <= 0) {
				diags_warn(d, path, 0, 0, "'%s' is not a language the site "
					"builds (data/site.yaml), so this file is not used", tag);
			}
			continue;
		}
		*slugs = xgrow(*slugs, &cap, *n + 1, sizeof **slugs);
		(*slugs)[(*n)++] = arena_strndup(c->a, name, base);
	}
	closedir(dh);
	if (*n)
		qsort(*slugs, *n, sizeof **slugs, cmp_str);
	return ok;
}

content *content_load(const char *dir, const site *s, diags *d)
{
	size_t errors = d->errors;
	content *c = xcalloc(1, sizeof *c);
	c->a = arena_new();
	char *ranges = arena_printf(c->a, "%s/ranges", dir);
	for (int r = RANGE_WELL_KNOWN; r <= RANGE_DYNAMIC; r++)
		load_doc(c, ranges, port_range_slug((port_range)r), s,
			&c->ranges[r], d);

	char *pages = arena_printf(c->a, "%s/pages", dir);
	char **slugs;
	size_t n;
	list_pages(c, pages, s, &slugs, &n, d);
	c->pages = arena_zalloc(c->a, (n ? n : 1) * sizeof *c->pages);
	for (size_t i = 0; i < n; i++)
		if (load_doc(c, pages, slugs[i], s, &c->pages[c->n_pages], d))
			c->n_pages++;
	free(slugs);
	if (d->errors == errors)
		return c;
	content_free(c);
	return NULL;
}

void content_free(content *c)
{
	if (!c)
		return;
	free(c->files);
	arena_free(c->a);
	free(c);
}

/*
 * content: reads the essays with cmark, takes each one's title and its
 * opening (for the description), and keeps the HTML of the body for every
 * language the site builds.
 */
#include "content.h"

#include <cmark.h>
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "fsio.h"
#include "xalloc.h"

#define MAX_ESSAY (1u << 20)
#define DESCRIPTION_MAX 160

/* The word of ASCII letters that ends one space before s + i, lower-case,
 * in out (at most n - 1 bytes); "" if there is none. */
static void word_before(const char *s, size_t i, char *out, size_t n)
{
	out[0] = '\0';
	if (i < 2 || s[i - 1] != ' ')
		return;
	size_t end = i - 1, start = end;
	while (start > 0 && isalpha((unsigned char)s[start - 1]))
		start--;
	if (end - start == 0 || end - start >= n)
		return;
	for (size_t k = start; k < end; k++)
		out[k - start] = (char)tolower((unsigned char)s[k]);
	out[end - start] = '\0';
}

static bool word_is(const char *w, const char *const *list)
{
	for (size_t k = 0; list[k]; k++)
		if (strcmp(w, list[k]) == 0)
			return true;
	return false;
}

/* The port the digits at s[i..j) mention, or -1 (content.h has the rule). */
static long mentioned_port(const char *s, size_t len, size_t i, size_t j,
	const port_db *db, unsigned self)
{
	static const char *const not_after[] = { "rfc", "protocol", "version",
		"number", "ios", "linux", "windows", "macos", "android", NULL };
	static const char *const not_before[] = { "seconds", "minutes",
		"hours", "days", "years", "bits", "bytes", "percent", "times",
		"higher", "lower", "more", NULL };
	static const char *const year_after[] = { "port", "ports", "tcp", "udp",
		"sctp", "dccp", NULL };
	if (j - i < 2 || j - i > 5 || s[i] == '0')
		return -1;
	if (i > 0 && (isalnum((unsigned char)s[i - 1]) ||
		(unsigned char)s[i - 1] >= 0x80 || strchr(".,:/-_#@$%+=~", s[i - 1])))
		return -1;
	if (j < len) {
		unsigned char c = (unsigned char)s[j];
		if (isalnum(c) || c >= 0x80 || c == '_' || c == '-')
			return -1;
		if (strchr(".,:", c) && j + 1 < len && isdigit((unsigned char)s[j + 1]))
			return -1;
		if (c == '/' && strncmp(s + j, "/tcp", 4) != 0 &&
			strncmp(s + j, "/udp", 4) != 0)
			return -1;
	}
	long n = 0;
	for (size_t k = i; k < j; k++)
		n = n * 10 + (s[k] - '0');
	if (n > PORT_MAX || (unsigned long)n == self || !port_db_find(db, (unsigned)n))
		return -1;
	char w[16];
	word_before(s, i, w, sizeof w);
	if (word_is(w, not_after))
		return -1;
	if (n >= 1900 && n <= 2099 && !word_is(w, year_after))
		return -1;
	if (j + 1 < len && s[j] == ' ') {
		size_t k = j + 1, m = 0;
		char next[16];
		while (k < len && isalpha((unsigned char)s[k]) && m + 1 < sizeof next)
			next[m++] = (char)tolower((unsigned char)s[k++]);
		next[m] = '\0';
		if (word_is(next, not_before))
			return -1;
	}
	return n;
}

/* Splits text node t at each port mention into text, link, text. */
static void link_ports(cmark_node *t, const port_db *db, unsigned self)
{
	const char *lit = cmark_node_get_literal(t);
	size_t len = strlen(lit);
	char *s = xmalloc(len + 1);
	memcpy(s, lit, len + 1);
	size_t from = 0;
	for (size_t i = 0; i < len;) {
		if (!isdigit((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && isdigit((unsigned char)s[j]))
			j++;
		long port = mentioned_port(s, len, i, j, db, self);
		if (port >= 0) {
			char url[32], num[24];
			snprintf(url, sizeof url, "../%ld/", port);
			snprintf(num, sizeof num, "%ld", port);
			if (i > from) {
				cmark_node *before = cmark_node_new(CMARK_NODE_TEXT);
				char c = s[i];
				s[i] = '\0';
				cmark_node_set_literal(before, s + from);
				s[i] = c;
				cmark_node_insert_before(t, before);
			}
			cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
			cmark_node_set_url(link, url);
			cmark_node *label = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(label, num);
			cmark_node_append_child(link, label);
			cmark_node_insert_before(t, link);
			from = j;
		}
		i = j;
	}
	if (from > 0)
		cmark_node_set_literal(t, s + from);
	free(s);
}

char *content_notes_html(arena *a, const char *text, size_t len,
	const port_db *db, unsigned self)
{
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	cmark_node **texts = NULL;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
			cmark_node_get_type(node) != CMARK_NODE_TEXT)
			continue;
		bool in_link = false;
		for (cmark_node *p = cmark_node_parent(node); p && !in_link;
			p = cmark_node_parent(p))
			in_link = cmark_node_get_type(p) == CMARK_NODE_LINK ||
				cmark_node_get_type(p) == CMARK_NODE_IMAGE;
		if (in_link)
			continue;
		texts = xgrow(texts, &cap, n + 1, sizeof *texts);
		texts[n++] = node;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++)
		link_ports(texts[i], db, self);
	free(texts);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	char *copy = arena_strdup(a, html);
	free(html);
	return copy;
}

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
	unsigned line, col;
	diag_position(text, bad, first_line, first_col, &line, &col);
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
			"opening paragraph (it is the page's description)");
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

	/* The body: everything after the title, rendered as one document. */
	cmark_node_unlink(title);
	cmark_node_free(title);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
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

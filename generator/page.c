/*
 * page: builds the context tree of each page.
 *
 * Port pages are the hot path (655,360 of them): everything that does not
 * depend on the number is built once per language in page_lang, and a
 * port page only adds its own facts, in a scratch arena.
 */
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "xalloc.h"

const char *const page_required_keys[] = {
	"lang_name", "site_name", "site_tagline", "skip_to_content", "nav_home",
	"nav_faq", "nav_search", "nav_languages", "breadcrumb_label",
	"footer_data", "footer_source", "search_label", "search_placeholder",
	"search_button", "search_title", "search_intro", "search_no_js",
	"search_no_results", "search_results", "range_well_known",
	"range_registered", "range_dynamic", "range_span",
	"range_assigned_count", "range_read_more", "range_blocks",
	"range_block_title", "range_block_link", "home_title", "home_intro",
	"home_ranges", "home_common", "home_ranges_intro", "port_title",
	"port_page_title", "port_description", "summary_assigned_well_known",
	"summary_assigned_registered", "summary_assigned_dynamic",
	"summary_reserved_well_known", "summary_reserved_registered",
	"summary_reserved_dynamic", "summary_unassigned_well_known",
	"summary_unassigned_registered", "summary_unassigned_dynamic",
	"fact_privileged", "fact_linux_ephemeral", "fact_windows_ephemeral",
	"fact_freebsd_ephemeral", "fact_tcp_udp", "section_assignments",
	"col_service", "col_protocols", "col_description", "col_references",
	"no_service_name", "reserved_note", "section_unofficial",
	"unofficial_intro", "section_notes", "section_range", "section_check",
	"check_linux", "check_macos", "check_windows", "check_windows_ps",
	"bar_label", "nav_prev", "nav_next", "nav_ports", "list_separator",
	"in_english", "feedback_question", "feedback_no", "feedback_meh",
	"feedback_yes", "feedback_issue_title", "feedback_issue_body",
	"notfound_title", "notfound_text", "col_port", "col_status",
	"status_reserved", "status_unassigned", "block_assigned",
	/* registry (issue 12) */
	"no_protocol_listed", "registry_note", "unofficial_source", NULL
};

static const char *const range_keys[] = {
	"range_well_known", "range_registered", "range_dynamic"
};

/* The port page's summary sentence, by status and range. */
static const char *const summary_keys[3][3] = {
	{ "summary_assigned_well_known", "summary_assigned_registered",
	  "summary_assigned_dynamic" },
	{ "summary_reserved_well_known", "summary_reserved_registered",
	  "summary_reserved_dynamic" },
	{ "summary_unassigned_well_known", "summary_unassigned_registered",
	  "summary_unassigned_dynamic" },
};

/* ---- small builders -------------------------------------------------- */

static value *num(arena *a, long long i)
{
	return value_int(a, i);
}

/* The builders' keys are literals, distinct within each map. */
static void set(arena *a, value *m, const char *k, value *v)
{
	value_map_add(a, m, k, v);
}

/* s is referenced, not copied: it lives in the page's arena, the
 * language's or the inputs', all of which outlive the render. */
static void set_s(arena *a, value *m, const char *k, const char *s)
{
	value_map_add(a, m, k, value_str_ref(a, s, strlen(s)));
}

/* Renders the snippet key with data into a new string value. */
static value *snip(const page_lang *l, arena *a, const char *key,
	const value *data)
{
	buf b;
	buf_init(&b);
	i18n_render(l->t, key, data, &b);
	value *v = value_str(a, b.ptr, b.len);
	buf_free(&b);
	return v;
}

static const char *snip_s(const page_lang *l, arena *a, const char *key,
	const value *data)
{
	return snip(l, a, key, data)->u.str.ptr;
}

static void protocols_text(unsigned bits, buf *out, const char *sep)
{
	static const char *const names[] = { "TCP", "UDP", "SCTP", "DCCP" };
	bool first = true;
	for (int i = 0; i < 4; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (!first)
			buf_puts(out, sep);
		buf_puts(out, names[i]);
		first = false;
	}
}

static value *protocols_value(const page_lang *l, arena *a, unsigned bits)
{
	buf b;
	buf_init(&b);
	protocols_text(bits, &b, i18n_text(l->t, "list_separator"));
	value *v = value_str(a, b.ptr, b.len);
	buf_free(&b);
	return v;
}

/* ---- the feedback prompt --------------------------------------------- */

static const char *const feedback_keys[] = {
	"feedback_no", "feedback_meh", "feedback_yes"
};
static const char *const feedback_emoji[] = { "😔", "🤨", "😃" };

/* Appends reaction i's prefilled new-issue link for the page at path
 * (absolute address url): the issue title and body snippets, rendered
 * with the page's values, URL-encoded. */
static void feedback_href(const page_lang *l, int i, const char *path,
	const char *url, arena *a, buf *out)
{
	value *data = value_map(a);
	set_s(a, data, "page", path);
	set_s(a, data, "url", url);
	set_s(a, data, "lang", l->tag);
	set_s(a, data, "reaction", i18n_text(l->en, feedback_keys[i]));
	buf_puts(out, l->s->repository);
	buf_puts(out, "/issues/new?title=");
	const char *title = snip_s(l, a, "feedback_issue_title", data);
	escape_url_component(out, title, strlen(title));
	buf_puts(out, "&body=");
	const char *body = snip_s(l, a, "feedback_issue_body", data);
	escape_url_component(out, body, strlen(body));
}

/* The same link from f's pieces: what feedback_href gives, without the
 * two snippet renders per link on every page. */
static void feedback_fill(const page_feedback *f, const char *path,
	const char *url, buf *out)
{
	for (size_t k = 0; k < f->n; k++) {
		buf_put(out, f->text[k], f->text_len[k]);
		if (k + 1 < f->n) {
			const char *v = f->hole[k] == 1 ? path : url;
			escape_url_component(out, v, strlen(v));
		}
	}
}

/* 1 or 2 if b holds %01 or %02 at k, else 0. */
static int hole_at(const buf *b, size_t k)
{
	if (b->ptr[k] != '%' || b->ptr[k + 1] != '0')
		return 0;
	return b->ptr[k + 2] == '1' ? 1 : b->ptr[k + 2] == '2' ? 2 : 0;
}

/* Cuts reaction i's link, rendered with the bytes 01 and 02 standing for
 * the path and the URL, where their encodings %01 and %02 fall (a literal
 * '%' is encoded as %25, so nothing else reads %01 or %02). Snippets only
 * interpolate, and the encoding goes byte by byte, so filling the holes
 * gives what rendering with the page's values gives; page_lang_new checks
 * that on one page and falls back to rendering if it does not. */
static void feedback_cut(page_lang *l, int i)
{
	arena *a = l->a;
	page_feedback *f = &l->feedback[i];
	buf b;
	buf_init(&b);
	feedback_href(l, i, "\x01", "\x02", a, &b);
	size_t holes = 0;
	for (size_t k = 0; k + 2 < b.len; k++)
		holes += hole_at(&b, k) != 0;
	f->n = holes + 1;
	f->text = arena_alloc(a, f->n * sizeof *f->text);
	f->text_len = arena_alloc(a, f->n * sizeof *f->text_len);
	f->hole = arena_alloc(a, holes + 1);
	size_t from = 0, n = 0;
	for (size_t k = 0; k + 2 < b.len; k++) {
		int hole = hole_at(&b, k);
		if (!hole)
			continue;
		f->text[n] = arena_strndup(a, b.ptr + from, k - from);
		f->text_len[n] = k - from;
		f->hole[n++] = (unsigned char)hole;
		from = k + 3;
		k += 2;
	}
	f->text[n] = arena_strndup(a, b.ptr + from, b.len - from);
	f->text_len[n] = b.len - from;
	buf_free(&b);

	value *item = f->item = value_map(a);
	set_s(a, item, "emoji", feedback_emoji[i]);
	set_s(a, item, "label", i18n_text(l->t, feedback_keys[i]));
}

const char *page_path(const site *s, size_t lang, const char *rel, arena *a)
{
	if (lang == 0)
		return arena_cat(a, s->base_path, rel);
	return arena_cat(a, s->base_path, s->languages[lang], "/", rel);
}

/* v in decimal, in a. */
static const char *uint_s(arena *a, unsigned v)
{
	char tmp[24];
	return arena_strndup(a, tmp, uint_text(tmp, v));
}

const char *page_block_rel(unsigned port, arena *a)
{
	unsigned lo = port - port % PAGE_BLOCK;
	return arena_cat(a, "ranges/", port_range_slug(port_range_of(lo)), "/",
		uint_s(a, lo), "-", uint_s(a, lo + PAGE_BLOCK - 1), "/");
}

/* ---- what every page of a language shares ---------------------------- */

page_lang *page_lang_new(const site *s, const port_db *db, const content *c,
	const i18n *t, const i18n *en, size_t index, const char **notes_html,
	const char *const *lang_names)
{
	page_lang *l = xcalloc(1, sizeof *l);
	arena *a = l->a = arena_new();
	l->s = s;
	l->db = db;
	l->c = c;
	l->t = t;
	l->en = en;
	l->index = index;
	l->tag = s->languages[index];
	l->home = page_path(s, index, "", a);
	l->notes_html = notes_html;
	l->lang_names = lang_names;
	l->notfound = "404.html";
	l->origin = arena_strndup(a, s->base_url,
		strlen(s->base_url) - strlen(s->base_path));

	value *sh = l->shared = value_map(a);
	set_s(a, sh, "lang", l->tag);
	set_s(a, sh, "root", s->base_path);
	set_s(a, sh, "home", l->home);
	set(a, sh, "t", t->table);
	set_s(a, sh, "repository", s->repository);
	set_s(a, sh, "search_href", arena_printf(a, "%ssearch/", l->home));

	value *ranges = value_list(a);
	for (int r = RANGE_WELL_KNOWN; r <= RANGE_DYNAMIC; r++) {
		unsigned lo, hi;
		port_range_bounds((port_range)r, &lo, &hi);
		value *data = value_map(a);
		set(a, data, "lo", num(a, lo));
		set(a, data, "hi", num(a, hi));
		value *m = value_map(a);
		set_s(a, m, "name", i18n_text(t, range_keys[r]));
		set_s(a, m, "slug", port_range_slug((port_range)r));
		l->range_href[r] = arena_printf(a, "%sranges/%s/", l->home,
			port_range_slug((port_range)r));
		set_s(a, m, "href", l->range_href[r]);
		set(a, m, "span", snip(l, a, "range_span", data));
		value_list_push(a, ranges, m);
	}
	set(a, sh, "ranges", ranges);

	value *pages = value_list(a);
	for (size_t i = 0; i < c->n_pages; i++) {
		const essay *e = &c->pages[i].by_lang[index];
		value *m = value_map(a);
		set_s(a, m, "title", e->title);
		set_s(a, m, "href", arena_printf(a, "%s%s/", l->home,
			c->pages[i].slug));
		value_list_push(a, pages, m);
	}
	set(a, sh, "pages", pages);

	/* Every language's version of the page: its prefix + the page's rel. */
	value *alts = value_list(a);
	for (size_t i = 0; i < s->n_languages; i++) {
		value *m = value_map(a);
		const char *prefix = page_path(s, i, "", a);
		set_s(a, m, "tag", s->languages[i]);
		set_s(a, m, "name", lang_names[i]);
		set_s(a, m, "prefix", prefix);
		set_s(a, m, "abs_prefix", arena_cat(a, l->origin, prefix));
		set(a, m, "current", value_bool(a, i == index));
		value_list_push(a, alts, m);
	}
	set(a, sh, "alternates", alts);

	if (!s->feedback_url) {
		const char *path = page_path(s, index, "ports/22/", a);
		const char *url = arena_cat(a, l->origin, path);
		buf fast, slow;
		buf_init(&fast);
		buf_init(&slow);
		for (int i = 0; i < 3; i++) {
			feedback_cut(l, i);
			buf_clear(&fast);
			buf_clear(&slow);
			feedback_fill(&l->feedback[i], path, url, &fast);
			feedback_href(l, i, path, url, a, &slow);
			if (fast.len != slow.len || memcmp(fast.ptr, slow.ptr, fast.len))
				l->feedback_slow = true;
		}
		buf_free(&fast);
		buf_free(&slow);
	}
	return l;
}

void page_lang_free(page_lang *l)
{
	if (!l)
		return;
	arena_free(l->a);
	free(l);
}

/* ---- the parts of every page ----------------------------------------- */

/* A new page map over the shared keys, with the page's own "page" map:
 * title, description, canonical URL, alternates for every language and
 * the feedback prompt. rel is the language-relative path. */
static value *page_base(const page_lang *l, arena *a, const char *rel,
	const char *title, const char *description)
{
	const site *s = l->s;
	value *ctx = value_map(a);
	value_map_under(ctx, l->shared);

	const char *path = page_path(s, l->index, rel, a);
	/* base_url ends in base_path; the absolute URL is its origin + path. */
	const char *origin = l->origin;
	value *page = value_map(a);
	set_s(a, page, "title", title);
	set_s(a, page, "description", description);
	set_s(a, page, "path", path);
	const char *canonical = arena_cat(a, origin, path);
	set_s(a, page, "canonical", canonical);
	set_s(a, page, "x_default", arena_cat(a, origin, page_path(s, 0, rel, a)));
	set(a, ctx, "page", page);

	/* The shared alternates list each language as prefix + rel. The 404
	 * page exists once, at the root: it links the homes. */
	set_s(a, ctx, "rel", l->notfound == rel ? "" : arena_strdup(a, rel));

	value *fb = value_map(a);
	if (s->feedback_url) {
		value *form = value_map(a);
		set_s(a, form, "action", s->feedback_url);
		set_s(a, form, "page", path);
		set(a, fb, "form", form);
	} else {
		value *links = value_list(a);
		buf url;
		buf_init(&url);
		for (int i = 0; i < 3; i++) {
			buf_clear(&url);
			if (l->feedback_slow)
				feedback_href(l, i, path, canonical, a, &url);
			else
				feedback_fill(&l->feedback[i], path, canonical, &url);
			value *m = value_map(a);
			value_map_under(m, l->feedback[i].item);
			set(a, m, "href", value_str(a, url.ptr, url.len));
			value_list_push(a, links, m);
		}
		buf_free(&url);
		value *issue = value_map(a);
		set(a, issue, "items", links);
		set(a, fb, "issue", issue);
	}
	set(a, ctx, "feedback", fb);
	return ctx;
}

static value *crumb(arena *a, const char *name, const char *href)
{
	value *m = value_map(a);
	set_s(a, m, "name", name);
	if (href)
		set_s(a, m, "href", href);
	return m;
}

/* ---- structured data (JSON-LD) --------------------------------------- */

/* Appends s as a JSON string; escape_json turns '<' into \u003c, so the
 * text cannot close the <script> element it lands in. */
static void json_str(buf *b, const char *s)
{
	buf_putc(b, '"');
	escape_json(b, s, strlen(s));
	buf_putc(b, '"');
}

/* Appends the plain text of n bytes of cmark's HTML: tags dropped, the
 * entities cmark writes decoded, runs of white space made one space. */
static void html_text(buf *b, const char *s, size_t n)
{
	static const struct { const char *ent; char ch; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};
	bool space = false;
	size_t start = b->len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '<') {
			const char *end = memchr(s + i, '>', n - i);
			i = end ? (size_t)(end - s) : n;
			continue;
		}
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = true;
			continue;
		}
		if (c == '&') {
			for (size_t k = 0; k < sizeof ents / sizeof *ents; k++) {
				size_t len = strlen(ents[k].ent);
				if (i + len <= n && memcmp(s + i, ents[k].ent, len) == 0) {
					c = ents[k].ch;
					i += len - 1;
					break;
				}
			}
		}
		if (space && b->len > start)
			buf_putc(b, ' ');
		space = false;
		buf_putc(b, c);
	}
}

/* The crumbs above a page, and its JSON-LD: a BreadcrumbList of the same
 * crumbs (absolute URLs; the current page, last, needs none), alone or, when
 * type is given (JSON members such as "@type":"FAQPage",...), as the
 * "breadcrumb" of that page: one script element either way. */
static void set_crumbs(const page_lang *l, arena *a, value *ctx, value *items,
	const char *current, const char *type)
{
	value *m = value_map(a);
	set(a, m, "items", items);
	set_s(a, m, "current", current);
	set(a, ctx, "crumbs", m);

	buf b;
	buf_init(&b);
	buf_puts(&b, "{\"@context\":\"https://schema.org\",");
	if (type) {
		buf_puts(&b, type);
		buf_puts(&b, ",\"breadcrumb\":{");
	}
	buf_puts(&b, "\"@type\":\"BreadcrumbList\",\"itemListElement\":[");
	size_t n = items->u.list.len;
	for (size_t i = 0; i <= n; i++) {
		const value *it = i < n ? items->u.list.items[i] : NULL;
		buf_printf(&b, "%s{\"@type\":\"ListItem\",\"position\":%zu,\"name\":",
			i ? "," : "", i + 1);
		json_str(&b, it ? value_get(it, "name")->u.str.ptr : current);
		if (it) {
			buf_puts(&b, ",\"item\":");
			json_str(&b, arena_cat(a, l->origin,
				value_get(it, "href")->u.str.ptr));
		}
		buf_putc(&b, '}');
	}
	buf_puts(&b, type ? "]}}" : "]}");
	set(a, value_get(ctx, "page"), "jsonld", value_str(a, b.ptr, b.len));
	buf_free(&b);
}

static const char *range_href(const page_lang *l, port_range r)
{
	return l->range_href[r];
}

static value *essay_value(const page_lang *l, arena *a, const essay *e)
{
	value *m = value_map(a);
	set_s(a, m, "title", e->title);
	set(a, m, "opening", value_str_ref(a, e->opening_html,
		strlen(e->opening_html)));
	set(a, m, "body", value_str_ref(a, e->body_html, strlen(e->body_html)));
	set(a, m, "fallback", value_bool(a, e->fallback));
	if (e->fallback)
		set_s(a, m, "note", i18n_text(l->t, "in_english"));
	return m;
}

/* ---- port pages ------------------------------------------------------ */

/* "ssh (TCP, UDP)" for each service, joined with the list separator; rows
 * of one name (IANA lists SCTP separately) are told once. */
static const char *services_text(const page_lang *l, const port_entry *e,
	arena *a)
{
	buf b;
	buf_init(&b);
	const char *sep = i18n_text(l->t, "list_separator");
	for (size_t i = 0; i < e->n_assignments; i++) {
		const port_assignment *as = &e->assignments[i];
		const char *name = as->service ? as->service : as->description;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			const port_assignment *o = &e->assignments[k];
			seen = strcmp(o->service ? o->service : o->description, name) == 0;
		}
		if (seen)
			continue;
		unsigned protos = 0;
		for (size_t k = i; k < e->n_assignments; k++) {
			const port_assignment *o = &e->assignments[k];
			if (strcmp(o->service ? o->service : o->description, name) == 0)
				protos |= o->protocols;
		}
		if (b.len)
			buf_puts(&b, sep);
		buf_puts(&b, name);
		if (!protos)
			continue;  /* IANA lists no protocol */
		buf_puts(&b, " (");
		protocols_text(protos, &b, sep);
		buf_putc(&b, ')');
	}
	const char *s = arena_strndup(a, b.ptr, b.len);
	buf_free(&b);
	return s;
}

static value *references_value(arena *a, const port_assignment *as)
{
	value *refs = value_list(a);
	for (size_t i = 0; i < as->n_references; i++) {
		const char *r = as->references[i];
		value *m = value_map(a);
		set_s(a, m, "text", r);
		/* RFC references link to the RFC Editor; others are names. */
		if (strncmp(r, "RFC", 3) == 0 && r[3] >= '0' && r[3] <= '9' &&
			strspn(r + 3, "0123456789") == strlen(r + 3))
			set_s(a, m, "href", arena_printf(a,
				"https://www.rfc-editor.org/rfc/rfc%s", r + 3));
		value_list_push(a, refs, m);
	}
	return refs;
}

value *page_port(const page_lang *l, unsigned port, arena *a)
{
	const port_entry *e = port_db_find(l->db, port);
	port_range r = port_range_of(port);
	const char *range_name = i18n_text(l->t, range_keys[r]);

	value *data = value_map(a);
	set(a, data, "port", num(a, port));
	set_s(a, data, "range", range_name);

	int status;  /* assigned, reserved, unassigned: summary_keys' rows */
	if (e && e->n_assignments) {
		status = 0;
		set_s(a, data, "services", services_text(l, e, a));
		const char *principal = port_principal_service(e);
		if (principal)
			set_s(a, data, "service", principal);
	} else if (e && e->reserved) {
		status = 1;
		set(a, data, "protocols", protocols_value(l, a, e->reserved));
	} else {
		status = 2;
	}
	value *summary = snip(l, a, summary_keys[status][r], data);
	set(a, data, "summary", summary);

	const char *rel = arena_cat(a, "ports/", uint_s(a, port), "/");
	/* A curated common name leads the title, the <h1> and the
	 * description; otherwise the title names the principal service. */
	const char *h1, *title, *description = summary->u.str.ptr;
	if (e && e->name) {
		set_s(a, data, "name", e->name);
		h1 = snip_s(l, a, "port_named_title", data);
		title = h1;
		description = snip_s(l, a, "port_named_description", data);
	} else {
		h1 = snip_s(l, a, "port_title", data);
		title = snip_s(l, a, "port_page_title", data);
	}
	title = arena_cat(a, title, " · ", i18n_text(l->t, "site_name"));
	value *ctx = page_base(l, a, rel, title, description);

	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	value_list_push(a, crumbs, crumb(a, range_name, range_href(l, r)));
	unsigned lo = port - port % PAGE_BLOCK;
	value *bd = value_map(a);
	set(a, bd, "lo", num(a, lo));
	set(a, bd, "hi", num(a, lo + PAGE_BLOCK - 1));
	value_list_push(a, crumbs, crumb(a, snip_s(l, a, "range_block_link", bd),
		arena_cat(a, l->home, page_block_rel(port, a))));
	/* A port page is a WebPage about one term, the number (a DefinedTerm
	 * by its termCode): a port is not a product, a service or a thing,
	 * but a code a registry defines. Kept short: a port page's bytes are
	 * counted. */
	set_crumbs(l, a, ctx, crumbs, h1, arena_printf(a,
		"\"@type\":\"WebPage\",\"about\":{\"@type\":\"DefinedTerm\","
		"\"termCode\":\"%u\"}", port));

	value *p = value_map(a);
	set(a, p, "number", num(a, port));
	set_s(a, p, "title", h1);
	set(a, p, "summary", summary);

	value *facts = value_list(a);
	if (port < 1024)
		value_list_push(a, facts, snip(l, a, "fact_privileged", data));
	if (port >= 32768 && port <= 60999)
		value_list_push(a, facts, snip(l, a, "fact_linux_ephemeral", data));
	if (port >= 49152)
		value_list_push(a, facts, snip(l, a, "fact_windows_ephemeral", data));
	if (port >= 10000)
		value_list_push(a, facts, snip(l, a, "fact_freebsd_ephemeral", data));
	value_list_push(a, facts, snip(l, a, "fact_tcp_udp", data));
	set(a, p, "facts", facts);

	if (e) {
		value *asg = value_list(a);
		for (size_t i = 0; i < e->n_assignments; i++) {
			const port_assignment *as = &e->assignments[i];
			value *m = value_map(a);
			if (as->service)
				set_s(a, m, "service", as->service);
			/* A row IANA lists with no protocol reads as it states it. */
			if (as->protocols)
				set(a, m, "protocols", protocols_value(l, a, as->protocols));
			else
				set_s(a, m, "protocols", i18n_text(l->t,
					"no_protocol_listed"));
			if (as->description)
				set_s(a, m, "description", as->description);
			if (as->note)
				set_s(a, m, "regnote", as->note);
			set(a, m, "references", references_value(a, as));
			value_list_push(a, asg, m);
		}
		if (e->n_assignments) {
			value *iana = value_map(a);
			set(a, iana, "rows", asg);
			bool refs = false;
			for (size_t i = 0; i < e->n_assignments; i++)
				refs = refs || e->assignments[i].n_references > 0;
			set(a, iana, "has_references", value_bool(a, refs));
			set(a, iana, "columns", num(a, refs ? 4 : 3));
			set(a, p, "iana", iana);
		}
		if (e->reserved) {
			value *rd = value_map(a);
			set(a, rd, "protocols", protocols_value(l, a, e->reserved));
			set(a, p, "reserved", snip(l, a, "reserved_note", rd));
		}
		value *un = value_list(a);
		for (size_t i = 0; i < e->n_unofficial; i++) {
			value *m = value_map(a);
			set_s(a, m, "name", e->unofficial[i].name);
			set(a, m, "protocols", protocols_value(l, a,
				e->unofficial[i].protocols));
			if (e->unofficial[i].source)
				set_s(a, m, "source_href", e->unofficial[i].source);
			value_list_push(a, un, m);
		}
		if (e->n_unofficial) {
			value *um = value_map(a);
			set(a, um, "items", un);
			set(a, p, "unofficial", um);
		}
		const char *notes = l->notes_html[e - l->db->entries];
		if (notes) {
			value *n = value_map(a);
			set(a, n, "html", value_str_ref(a, notes, strlen(notes)));
			set(a, n, "english", value_bool(a, l->index != 0));
			set(a, p, "notes", n);
		}
	}

	value *rg = essay_value(l, a, &l->c->ranges[r].by_lang[l->index]);
	set_s(a, rg, "name", range_name);
	set_s(a, rg, "href", range_href(l, r));
	set(a, rg, "heading", snip(l, a, "section_range", data));
	set(a, rg, "read_more", snip(l, a, "range_read_more", data));
	set(a, p, "range", rg);

	set(a, p, "check_title", snip(l, a, "section_check", data));
	set(a, p, "bar_label", snip(l, a, "bar_label", data));
	/* The marker's x on a 1000-wide bar; the ranges' widths are fixed. */
	set(a, p, "bar_x", num(a, (long long)port * 1000 / 65535));

	if (port > 0) {
		value *pv = value_map(a);
		value *pd = value_map(a);
		set(a, pd, "port", num(a, port - 1));
		set(a, pv, "number", num(a, port - 1));
		set(a, pv, "label", snip(l, a, "nav_prev", pd));
		set(a, p, "prev", pv);
	}
	if (port < PORT_MAX) {
		value *nx = value_map(a);
		value *nd = value_map(a);
		set(a, nd, "port", num(a, port + 1));
		set(a, nx, "number", num(a, port + 1));
		set(a, nx, "label", snip(l, a, "nav_next", nd));
		set(a, p, "next", nx);
	}
	set(a, ctx, "port", p);
	return ctx;
}

/* ---- listings -------------------------------------------------------- */

/* Ports in lo..hi with an IANA assignment: entries are sorted, so only
 * the slice from the first port >= lo is read. */
static unsigned assigned_between(const port_db *db, unsigned lo, unsigned hi)
{
	size_t a = 0, b = db->len;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (db->entries[mid].port < lo)
			a = mid + 1;
		else
			b = mid;
	}
	unsigned n = 0;
	for (size_t i = a; i < db->len && db->entries[i].port <= hi; i++)
		n += db->entries[i].n_assignments > 0;
	return n;
}

value *page_home(const page_lang *l, arena *a)
{
	const char *title = arena_printf(a, "%s · %s",
		i18n_text(l->t, "home_title"), i18n_text(l->t, "site_tagline"));
	value *ctx = page_base(l, a, "", title, i18n_text(l->t, "home_intro"));
	buf ld;
	buf_init(&ld);
	buf_puts(&ld, "{\"@context\":\"https://schema.org\",\"@type\":\"WebSite\","
		"\"name\":");
	json_str(&ld, i18n_text(l->t, "site_name"));
	buf_puts(&ld, ",\"url\":");
	json_str(&ld, value_get(value_get(ctx, "page"), "canonical")->u.str.ptr);
	buf_printf(&ld, ",\"inLanguage\":\"%s\"}", l->tag);
	set(a, value_get(ctx, "page"), "jsonld", value_str(a, ld.ptr, ld.len));
	buf_free(&ld);
	value *home = value_map(a);
	value *ranges = value_list(a);
	for (int r = RANGE_WELL_KNOWN; r <= RANGE_DYNAMIC; r++) {
		unsigned lo, hi;
		port_range_bounds((port_range)r, &lo, &hi);
		const essay *e = &l->c->ranges[r].by_lang[l->index];
		value *m = essay_value(l, a, e);
		const value *shared = l->shared;
		const value *sr = value_get(shared, "ranges")->u.list.items[r];
		set(a, m, "name", value_get(sr, "name"));
		set(a, m, "href", value_get(sr, "href"));
		set(a, m, "span", value_get(sr, "span"));
		value *cd = value_map(a);
		set(a, cd, "count", num(a, assigned_between(l->db, lo, hi)));
		set(a, m, "count", snip(l, a, "range_assigned_count", cd));
		value_list_push(a, ranges, m);
	}
	set(a, home, "ranges", ranges);
	value *common = value_list(a);
	for (size_t i = 0; i < l->s->n_common_ports; i++) {
		unsigned port = l->s->common_ports[i];
		const port_entry *e = port_db_find(l->db, port);
		value *m = value_map(a);
		set(a, m, "number", num(a, port));
		set_s(a, m, "href", arena_printf(a, "%sports/%u/", l->home, port));
		if (e && e->n_assignments) {
			const char *principal = port_principal_service(e);
			const port_assignment *as = &e->assignments[0];
			for (size_t k = 0; principal && k < e->n_assignments; k++)
				if (e->assignments[k].service &&
					strcmp(e->assignments[k].service, principal) == 0) {
					as = &e->assignments[k];
					break;
				}
			if (principal)
				set_s(a, m, "service", principal);
			if (as->description && !e->name)
				set_s(a, m, "description", as->description);
		}
		/* The description column says what the port is: its common name
		 * where one is curated. */
		if (e && e->name)
			set_s(a, m, "description", e->name);
		value_list_push(a, common, m);
	}
	set(a, home, "common", common);
	set(a, ctx, "home_page", home);
	return ctx;
}

value *page_range(const page_lang *l, port_range r, arena *a)
{
	unsigned lo, hi;
	port_range_bounds(r, &lo, &hi);
	const essay *e = &l->c->ranges[r].by_lang[l->index];
	const char *rel = arena_printf(a, "ranges/%s/", port_range_slug(r));
	const char *title = arena_printf(a, "%s · %s", e->title,
		i18n_text(l->t, "site_name"));
	value *ctx = page_base(l, a, rel, title, e->description);
	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	set_crumbs(l, a, ctx, crumbs, i18n_text(l->t, range_keys[r]), NULL);

	value *m = essay_value(l, a, e);
	value *cd = value_map(a);
	set(a, cd, "count", num(a, assigned_between(l->db, lo, hi)));
	set(a, m, "count", snip(l, a, "range_assigned_count", cd));
	value *blocks = value_list(a);
	for (unsigned b = lo; b <= hi; b += PAGE_BLOCK) {
		value *bd = value_map(a);
		set(a, bd, "lo", num(a, b));
		set(a, bd, "hi", num(a, b + PAGE_BLOCK - 1));
		set(a, bd, "count", num(a, assigned_between(l->db, b,
			b + PAGE_BLOCK - 1)));
		value *bm = value_map(a);
		set_s(a, bm, "href", arena_printf(a, "%u-%u/", b, b + PAGE_BLOCK - 1));
		set(a, bm, "label", snip(l, a, "range_block_link", bd));
		set(a, bm, "count", snip(l, a, "block_assigned", bd));
		value_list_push(a, blocks, bm);
	}
	set(a, m, "blocks", blocks);
	set(a, ctx, "range_page", m);
	return ctx;
}

value *page_block(const page_lang *l, unsigned lo, arena *a)
{
	unsigned hi = lo + PAGE_BLOCK - 1;
	port_range r = port_range_of(lo);
	value *bd = value_map(a);
	set(a, bd, "lo", num(a, lo));
	set(a, bd, "hi", num(a, hi));
	const char *h1 = snip_s(l, a, "range_block_title", bd);
	const char *title = arena_printf(a, "%s · %s", h1,
		i18n_text(l->t, "site_name"));
	const char *rel = page_block_rel(lo, a);
	value *ctx = page_base(l, a, rel, title, h1);
	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, range_keys[r]),
		range_href(l, r)));
	set_crumbs(l, a, ctx, crumbs, snip_s(l, a, "range_block_link", bd), NULL);

	value *m = value_map(a);
	set_s(a, m, "title", h1);
	value *rows = value_list(a);
	const char *sep = i18n_text(l->t, "list_separator");
	for (unsigned p = lo; p <= hi; p++) {
		const port_entry *e = port_db_find(l->db, p);
		value *row = value_map(a);
		set(a, row, "number", num(a, p));
		if (e && e->name)
			set_s(a, row, "name", e->name);
		if (e && e->n_assignments) {
			/* The principal service first, then the others once each. */
			const char *principal = port_principal_service(e);
			buf b;
			buf_init(&b);
			if (principal)
				buf_puts(&b, principal);
			for (size_t i = 0; i < e->n_assignments; i++) {
				const char *sv = e->assignments[i].service;
				bool seen = !sv || strcmp(sv, principal) == 0;
				for (size_t k = 0; k < i && !seen; k++)
					seen = e->assignments[k].service &&
						strcmp(e->assignments[k].service, sv) == 0;
				if (seen)
					continue;
				buf_puts(&b, sep);
				buf_puts(&b, sv);
			}
			if (!b.len)
				buf_puts(&b, e->assignments[0].description);
			set(a, row, "services", value_str(a, b.ptr, b.len));
			buf_free(&b);
		} else {
			set(a, row, "status", value_cstr(a, i18n_text(l->t,
				e && e->reserved ? "status_reserved" : "status_unassigned")));
		}
		value_list_push(a, rows, row);
	}
	set(a, m, "rows", rows);
	if (lo >= PAGE_BLOCK) {
		value *pv = value_map(a);
		value *pd = value_map(a);
		set(a, pd, "lo", num(a, lo - PAGE_BLOCK));
		set(a, pd, "hi", num(a, lo - 1));
		set_s(a, pv, "href", arena_printf(a, "%s%s", l->home,
			page_block_rel(lo - PAGE_BLOCK, a)));
		set(a, pv, "label", snip(l, a, "range_block_link", pd));
		set(a, m, "prev", pv);
	}
	if (hi < PORT_MAX) {
		value *nx = value_map(a);
		value *nd = value_map(a);
		set(a, nd, "lo", num(a, hi + 1));
		set(a, nd, "hi", num(a, hi + PAGE_BLOCK));
		set_s(a, nx, "href", arena_printf(a, "%s%s", l->home,
			page_block_rel(hi + 1, a)));
		set(a, nx, "label", snip(l, a, "range_block_link", nd));
		set(a, m, "next", nx);
	}
	set(a, ctx, "block", m);
	return ctx;
}

/* The FAQ's JSON-LD members: one Question per <h2> of the essay, its
 * answer the plain text up to the next <h2>. */
static const char *faq_json(arena *a, const essay *e)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, "\"@type\":\"FAQPage\",\"mainEntity\":[");
	const char *p = e->body_html;
	bool first = true;
	while ((p = strstr(p, "<h2>"))) {
		const char *q = p + 4, *qend = strstr(q, "</h2>");
		if (!qend)
			break;
		const char *ans = qend + 5, *next = strstr(ans, "<h2>");
		const char *aend = next ? next : ans + strlen(ans);
		buf_puts(&b, first ? "" : ",");
		first = false;
		buf_puts(&b, "{\"@type\":\"Question\",\"name\":");
		buf t;
		buf_init(&t);
		html_text(&t, q, (size_t)(qend - q));
		json_str(&b, t.ptr);
		buf_puts(&b, ",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":");
		buf_clear(&t);
		html_text(&t, ans, (size_t)(aend - ans));
		json_str(&b, t.ptr);
		buf_free(&t);
		buf_puts(&b, "}}");
		p = aend;
	}
	buf_puts(&b, "]");
	const char *s = arena_strndup(a, b.ptr, b.len);
	buf_free(&b);
	return s;
}

value *page_doc(const page_lang *l, const content_doc *doc, arena *a)
{
	const essay *e = &doc->by_lang[l->index];
	const char *rel = arena_printf(a, "%s/", doc->slug);
	const char *title = arena_printf(a, "%s · %s", e->title,
		i18n_text(l->t, "site_name"));
	value *ctx = page_base(l, a, rel, title, e->description);
	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	set_crumbs(l, a, ctx, crumbs, e->title, strcmp(doc->slug, "faq") == 0 ?
		faq_json(a, e) : NULL);
	set(a, ctx, "doc", essay_value(l, a, e));
	return ctx;
}

value *page_search(const page_lang *l, arena *a)
{
	const char *title = arena_printf(a, "%s · %s",
		i18n_text(l->t, "search_title"), i18n_text(l->t, "site_name"));
	value *ctx = page_base(l, a, "search/", title,
		i18n_text(l->t, "search_intro"));
	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	set_crumbs(l, a, ctx, crumbs, i18n_text(l->t, "search_title"), NULL);
	set(a, ctx, "search_page", value_bool(a, true));
	return ctx;
}

value *page_notfound(const page_lang *l, arena *a)
{
	const char *title = arena_printf(a, "%s · %s",
		i18n_text(l->t, "notfound_title"), i18n_text(l->t, "site_name"));
	value *ctx = page_base(l, a, l->notfound, title,
		i18n_text(l->t, "notfound_text"));
	set(a, ctx, "notfound", value_bool(a, true));
	return ctx;
}

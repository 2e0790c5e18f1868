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
	"nav_faq", "nav_languages", "breadcrumb_label",
	"footer_data", "footer_source", "search_label", "search_placeholder",
	"search_button", "search_title", "search_intro", "search_no_js",
	"search_no_results", "search_results", "range_well_known",
	"range_registered", "range_dynamic", "range_span",
	"range_assigned_count", "range_blocks",
	"range_block_title", "range_block_link", "home_title", "home_intro",
	"home_ranges", "home_common", "home_ranges_intro", "port_title",
	"port_page_title", "port_description", "summary_assigned_well_known",
	"summary_assigned_registered", "summary_assigned_dynamic",
	"summary_reserved_well_known", "summary_reserved_registered",
	"summary_reserved_dynamic", "summary_unassigned_well_known",
	"summary_unassigned_registered", "summary_unassigned_dynamic",
	"fact_privileged", "fact_ephemeral", "os_linux", "os_windows_macos",
	"os_freebsd", "fact_tcp_udp", "section_assignments",
	"col_service", "col_protocols", "col_description", "col_references",
	"no_service_name", "reserved_note", "section_unofficial",
	"unofficial_intro", "section_notes", "section_check",
	"check_linux_listen", "check_linux_conn", "check_macos",
	"check_windows", "nav_prev",
	"nav_next", "nav_ports", "list_separator", "list_last_separator",
	"service_protocols", "plural_rule", "range_page_title", "faq_title",
	"fact_port_zero", "fact_highest", "fact_windows_rpc", "in_english",
	"feedback_question", "feedback_no", "feedback_meh", "feedback_yes",
	"feedback_issue_title", "feedback_notfound_title", "feedback_body_no",
	"feedback_body_meh", "feedback_body_yes", "notfound_title",
	"notfound_text", "notfound_path", "notfound_port", "col_port",
	"col_status", "status_reserved", "status_unassigned", "block_assigned",
	/* registry (issue 12) */
	"no_protocol_listed", "registry_note", "unofficial_source", NULL
};

static const char *const range_keys[] = {
	"range_well_known", "range_registered", "range_dynamic"
};

/* What the registry says of a port. */
typedef enum port_status {
	STATUS_ASSIGNED,
	STATUS_RESERVED,
	STATUS_UNASSIGNED
} port_status;

/* The port page's summary sentence, by port_status and range. */
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

/* The protocols in bits, joined as the language joins a list: sep between
 * items, last before the final one ("TCP, UDP and SCTP"). */
static void protocols_text(unsigned bits, buf *out, const char *sep,
	const char *last)
{
	static const char *const names[] = { "TCP", "UDP", "SCTP", "DCCP" };
	int n = 0, total = 0;
	for (int i = 0; i < 4; i++)
		total += (bits >> i) & 1u;
	for (int i = 0; i < 4; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (n)
			buf_puts(out, n + 1 == total ? last : sep);
		buf_puts(out, names[i]);
		n++;
	}
}

static value *protocols_value(const page_lang *l, arena *a, unsigned bits)
{
	buf b;
	buf_init(&b);
	protocols_text(bits, &b, i18n_text(l->t, "list_separator"),
		i18n_text(l->t, "list_last_separator"));
	value *v = value_str(a, b.ptr, b.len);
	buf_free(&b);
	return v;
}

/* Sets data's plural category for n ("one", "few", "many" or "other") to
 * true, by the rule the language's plural_rule names: "one" (1 is
 * singular; the default), "zero_one" (0 and 1, as in French), "none"
 * (no plural forms) or "slavic" (Russian's one, few and many). Snippets
 * choose their words with {{#one}}...{{/one}}{{^one}}...{{/one}}. */
static void set_plural(const page_lang *l, arena *a, value *data,
	long long n)
{
	const char *rule = i18n_text(l->t, "plural_rule");
	const char *cat;
	if (strcmp(rule, "none") == 0) {
		cat = "other";
	} else if (strcmp(rule, "zero_one") == 0) {
		cat = n == 0 || n == 1 ? "one" : "other";
	} else if (strcmp(rule, "slavic") == 0) {
		long long m10 = n % 10, m100 = n % 100;
		cat = m10 == 1 && m100 != 11 ? "one" :
			m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? "few" :
			"many";
	} else {
		cat = n == 1 ? "one" : "other";
	}
	set(a, data, cat, value_bool(a, true));
}

/* A count given to snippets: {{count}} and its plural category. */
static value *count_data(const page_lang *l, arena *a, long long n)
{
	value *m = value_map(a);
	set(a, m, "count", num(a, n));
	set_plural(l, a, m, n);
	return m;
}

/* ---- the feedback prompt --------------------------------------------- */

static const char *const feedback_keys[] = {
	"feedback_no", "feedback_meh", "feedback_yes"
};
static const char *const feedback_bodies[] = {
	"feedback_body_no", "feedback_body_meh", "feedback_body_yes"
};
static const char *const feedback_values[] = { "no", "meh", "yes" };
static const char *const feedback_emoji[] = { "😔", "🤨", "😃" };

/* The prompt's three buttons, the same on every page of a language: with
 * a feedback URL each sends reaction=no|meh|yes; without one each sends
 * the new issue's body, which fits its reaction. */
static value *feedback_buttons(const page_lang *l)
{
	arena *a = l->a;
	value *list = value_list(a);
	for (int i = 0; i < 3; i++) {
		value *m = value_map(a);
		if (l->s->feedback_url) {
			set_s(a, m, "name", "reaction");
			set_s(a, m, "value", feedback_values[i]);
		} else {
			/* The reaction's emoji, then the question that fits it. */
			set_s(a, m, "name", "body");
			set_s(a, m, "value", arena_cat(a, feedback_emoji[i], "\n\n",
				snip_s(l, a, feedback_bodies[i], NULL)));
		}
		set_s(a, m, "emoji", feedback_emoji[i]);
		set_s(a, m, "label", i18n_text(l->t, feedback_keys[i]));
		value_list_push(a, list, m);
	}
	return list;
}

static value *hidden_field(arena *a, const char *name, const char *v)
{
	value *m = value_map(a);
	set_s(a, m, "name", name);
	set_s(a, m, "value", v);
	return m;
}

/* The feedback form of the page at path: one GET form, the reaction in
 * the button pressed. Without a feedback URL it opens a new issue on the
 * repository, titled in the page's language.
 *
 * On the 404 page (missing) the form reports the address that failed,
 * which only the browser knows: without JavaScript the title says that a
 * page was missing, and 404.js puts the address where @PATH@ stands in
 * the field's data-path. */
static value *feedback_form(const page_lang *l, arena *a, const char *path,
	bool missing)
{
	const site *s = l->s;
	value *form = value_map(a);
	value *fields = value_list(a);
	if (s->feedback_url) {
		set_s(a, form, "action", s->feedback_url);
		value *f = hidden_field(a, "page", missing ? "" : path);
		if (missing)
			set_s(a, f, "path", "@PATH@");
		value_list_push(a, fields, f);
		value_list_push(a, fields, hidden_field(a, "lang", l->tag));
	} else {
		set_s(a, form, "action", l->feedback_action);
		value *data = value_map(a);
		value *f;
		if (missing) {
			f = hidden_field(a, "title",
				snip_s(l, a, "feedback_notfound_title", data));
			set_s(a, data, "page", "@PATH@");
			set(a, f, "path", snip(l, a, "feedback_notfound_title", data));
		} else {
			set_s(a, data, "page", path);
			f = hidden_field(a, "title",
				snip_s(l, a, "feedback_issue_title", data));
		}
		value_list_push(a, fields, f);
	}
	set(a, form, "fields", fields);
	set(a, form, "buttons", l->feedback_buttons);
	return form;
}

const char *page_path(const site *s, size_t lang, const char *rel, arena *a)
{
	if (lang == 0)
		return arena_cat(a, s->base_path, rel);
	return arena_cat(a, s->base_path, s->languages[lang], "/", rel);
}

/* a's copy of what b holds; frees b. */
static const char *take(arena *a, buf *b)
{
	const char *s = arena_strndup(a, b->ptr, b->len);
	buf_free(b);
	return s;
}

/* A page's path (kinds.h), in a: for links between pages. */
static const char *rel_port(arena *a, unsigned port)
{
	buf b;
	buf_init(&b);
	page_port_rel(&b, port);
	return take(a, &b);
}

static const char *rel_block(arena *a, unsigned port)
{
	buf b;
	buf_init(&b);
	page_block_rel(&b, port);
	return take(a, &b);
}

static const char *rel_range(arena *a, port_range r)
{
	buf b;
	buf_init(&b);
	page_range_rel(&b, r);
	return take(a, &b);
}

/* Sets m's "title" to the stand-alone page's title in l's language: the
 * translated essay's, else the string <slug>_title, else the English
 * essay's, with "en" true so the template marks it lang="en". */
static void doc_title(const page_lang *l, arena *a, const content_doc *doc,
	value *m)
{
	const essay *e = &doc->by_lang[l->index];
	const char *key = arena_cat(a, doc->slug, "_title");
	const char *title = e->title;
	bool en = false;
	if (e->fallback) {
		if (*i18n_text(l->t, key) && !i18n_is_fallback(l->t, key))
			title = i18n_text(l->t, key);
		else
			en = true;
	}
	set_s(a, m, "title", title);
	set(a, m, "en", value_bool(a, en));
}

/* The same for a range page: the translated essay's title, else the
 * string range_page_title ("Dynamic ports (49152–65535)"). */
static void range_title(const page_lang *l, arena *a, port_range r,
	value *m)
{
	const essay *e = &l->c->ranges[r].by_lang[l->index];
	bool en = false;
	const char *title = e->title;
	if (e->fallback) {
		if (!i18n_is_fallback(l->t, "range_page_title")) {
			unsigned lo, hi;
			port_range_bounds(r, &lo, &hi);
			value *data = value_map(a);
			set_s(a, data, "range", i18n_text(l->t, range_keys[r]));
			set(a, data, "lo", num(a, lo));
			set(a, data, "hi", num(a, hi));
			title = snip_s(l, a, "range_page_title", data);
		} else {
			en = true;
		}
	}
	set_s(a, m, "title", title);
	set(a, m, "en", value_bool(a, en));
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
		l->range_href[r] = arena_cat(a, l->home, rel_range(a, (port_range)r));
		set_s(a, m, "href", l->range_href[r]);
		set(a, m, "span", snip(l, a, "range_span", data));
		value_list_push(a, ranges, m);
	}
	set(a, sh, "ranges", ranges);

	value *pages = value_list(a);
	for (size_t i = 0; i < c->n_pages; i++) {
		value *m = value_map(a);
		doc_title(l, a, &c->pages[i], m);
		buf rel;
		buf_init(&rel);
		buf_puts(&rel, l->home);
		page_doc_rel(&rel, &c->pages[i]);
		set(a, m, "href", value_str(a, rel.ptr, rel.len));
		buf_free(&rel);
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
		set(a, m, "current", value_bool(a, i == index));
		value_list_push(a, alts, m);
	}
	set(a, sh, "alternates", alts);

	l->feedback_action = arena_cat(a, s->repository, "/issues/new");
	l->feedback_buttons = feedback_buttons(l);
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
	set(a, ctx, "page", page);

	/* The shared alternates list each language as prefix + rel. The 404
	 * page exists once, at the root: it links the homes. */
	bool missing = strcmp(rel, PAGE_NOTFOUND_REL) == 0;
	set_s(a, ctx, "rel", missing ? "" : arena_strdup(a, rel));

	set(a, ctx, "feedback", feedback_form(l, a, path, missing));
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
	/* A long trail (a port page's: home, range, block) is given from the
	 * range down: the site's home is what a search result shows first
	 * anyway, the <h1> says what the page is, and a port page's bytes are
	 * counted. A short one is given whole, current page last. */
	size_t n = items->u.list.len;
	size_t first = n >= 3 ? 1 : 0;
	for (size_t i = first; i <= n && (i < n || n < 2); i++) {
		const value *it = i < n ? items->u.list.items[i] : NULL;
		buf_printf(&b, "%s{\"@type\":\"ListItem\",\"position\":%zu,\"name\":",
			i > first ? "," : "", i + 1 - first);
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

static value *essay_value(arena *a, const essay *e)
{
	value *m = value_map(a);
	set(a, m, "body", value_str_ref(a, e->body_html, strlen(e->body_html)));
	set(a, m, "fallback", value_bool(a, e->fallback));
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
		if (!protos) {
			buf_puts(&b, name);  /* IANA lists no protocol */
			continue;
		}
		value *data = value_map(a);
		set_s(a, data, "name", name);
		set(a, data, "protocols", protocols_value(l, a, protos));
		i18n_render(l->t, "service_protocols", data, &b);
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

/* The systems whose default ephemeral range holds port (port_ephemeral),
 * as one list ("Linux (32768-60999), Windows and macOS (49152-65535),
 * FreeBSD (10000-65535)"), or NULL if none does. */
static const char *ephemeral_systems(const page_lang *l, unsigned port,
	arena *a)
{
	buf sys;
	buf_init(&sys);
	const char *sep = i18n_text(l->t, "list_separator");
	for (size_t i = 0; i < EPHEMERAL_COUNT; i++) {
		const port_ephemeral_range *e = &port_ephemeral[i];
		if (port < e->lo || port > e->hi)
			continue;
		if (sys.len)
			buf_puts(&sys, sep);
		buf_puts(&sys, i18n_text(l->t, e->systems));
	}
	const char *s = sys.len ? arena_strndup(a, sys.ptr, sys.len) : NULL;
	buf_free(&sys);
	return s;
}

/* The link to a neighbouring port: its number, and the snippet key
 * ("nav_prev") that labels it. */
static value *port_link(const page_lang *l, arena *a, unsigned port,
	const char *key)
{
	value *link = value_map(a);
	value *data = value_map(a);
	set(a, data, "port", num(a, port));
	set(a, link, "number", num(a, port));
	set(a, link, "label", snip(l, a, key, data));
	return link;
}

value *page_port(const page_lang *l, unsigned port, arena *a)
{
	const port_entry *e = port_db_find(l->db, port);
	port_range r = port_range_of(port);
	const char *range_name = i18n_text(l->t, range_keys[r]);

	value *data = value_map(a);
	set(a, data, "port", num(a, port));
	set_s(a, data, "range", range_name);

	port_status status;
	if (e && e->n_assignments) {
		status = STATUS_ASSIGNED;
		set_s(a, data, "services", services_text(l, e, a));
		const char *principal = port_principal_service(e);
		if (principal)
			set_s(a, data, "service", principal);
	} else if (e && e->reserved) {
		status = STATUS_RESERVED;
		set(a, data, "protocols", protocols_value(l, a, e->reserved));
	} else {
		status = STATUS_UNASSIGNED;
	}
	const char *systems = ephemeral_systems(l, port, a);
	if (systems)
		set_s(a, data, "systems", systems);
	value *summary = snip(l, a, summary_keys[status][r], data);
	set(a, data, "summary", summary);

	const char *rel = rel_port(a, port);
	/* A curated common name leads the title, the <h1> and the
	 * description; otherwise the title names the principal service. */
	const char *h1, *title, *description;
	if (e && e->name) {
		set_s(a, data, "name", e->name);
		h1 = snip_s(l, a, "port_named_title", data);
		title = h1;
		description = snip_s(l, a, "port_named_description", data);
	} else {
		h1 = snip_s(l, a, "port_title", data);
		title = snip_s(l, a, "port_page_title", data);
		description = snip_s(l, a, "port_description", data);
	}
	value *ctx = page_base(l, a, rel, title, description);

	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	value_list_push(a, crumbs, crumb(a, range_name, range_href(l, r)));
	unsigned lo = port - port % PAGE_BLOCK;
	value *bd = value_map(a);
	set(a, bd, "lo", num(a, lo));
	set(a, bd, "hi", num(a, lo + PAGE_BLOCK - 1));
	value_list_push(a, crumbs, crumb(a, snip_s(l, a, "range_block_link", bd),
		arena_cat(a, l->home, rel_block(a, port))));
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
	if (port == 0)
		value_list_push(a, facts, snip(l, a, "fact_port_zero", data));
	else if (port < PORT_PRIVILEGED_END)
		value_list_push(a, facts, snip(l, a, "fact_privileged", data));
	/* An unassigned dynamic port's summary names these systems itself. */
	if (systems && !(status == STATUS_UNASSIGNED && r == RANGE_DYNAMIC)) {
		set(a, data, "assigned", value_bool(a, status == STATUS_ASSIGNED));
		value_list_push(a, facts, snip(l, a, "fact_ephemeral", data));
	}
	/* Said once, at the start of Windows' range: RPC takes ports from it. */
	if (port == port_ephemeral[EPHEMERAL_WINDOWS_MACOS].lo)
		value_list_push(a, facts, snip(l, a, "fact_windows_rpc", data));
	if (port == PORT_MAX)
		value_list_push(a, facts, snip(l, a, "fact_highest", data));
	/* Where the registry names protocols, that TCP and UDP ports are
	 * separate matters; on a port it says nothing about, it goes. */
	if (e && (e->n_assignments || e->reserved))
		value_list_push(a, facts, snip(l, a, "fact_tcp_udp", data));
	set(a, p, "facts", facts);
	set(a, p, "has_facts", value_bool(a, facts->u.list.len > 0));

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

	set(a, p, "check_title", snip(l, a, "section_check", data));
	/* The marker's x on a 1000-wide bar; the ranges' widths are fixed. */
	set_s(a, p, "bar_x", arena_printf(a, "%.1f%%", port * 100.0 / 65535));

	if (port > 0)
		set(a, p, "prev", port_link(l, a, port - 1, "nav_prev"));
	if (port < PORT_MAX)
		set(a, p, "next", port_link(l, a, port + 1, "nav_next"));
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
	value *ctx = page_base(l, a, "", i18n_text(l->t, "home_title"),
		i18n_text(l->t, "home_intro"));
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
		value *m = essay_value(a, e);
		const value *shared = l->shared;
		const value *sr = value_get(shared, "ranges")->u.list.items[r];
		set(a, m, "name", value_get(sr, "name"));
		set(a, m, "href", value_get(sr, "href"));
		set(a, m, "span", value_get(sr, "span"));
		set(a, m, "count", snip(l, a, "range_assigned_count",
			count_data(l, a, assigned_between(l->db, lo, hi))));
		value_list_push(a, ranges, m);
	}
	set(a, home, "ranges", ranges);
	value *common = value_list(a);
	for (size_t i = 0; i < l->s->n_common_ports; i++) {
		unsigned port = l->s->common_ports[i];
		const port_entry *e = port_db_find(l->db, port);
		value *m = value_map(a);
		set(a, m, "number", num(a, port));
		set_s(a, m, "href", arena_cat(a, l->home, rel_port(a, port)));
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

/* The context of the page at rel showing essay e as m (its title set),
 * with *crumbs a trail that starts at the home. A meta description cannot
 * be marked lang="en": an essay that falls back to English is described
 * by its title. */
static value *essay_page(const page_lang *l, arena *a, const char *rel,
	const essay *e, value *m, value **crumbs)
{
	const char *h1 = value_get(m, "title")->u.str.ptr;
	value *ctx = page_base(l, a, rel, h1, e->fallback ? h1 :
		e->description);
	*crumbs = value_list(a);
	value_list_push(a, *crumbs, crumb(a, i18n_text(l->t, "nav_home"),
		l->home));
	return ctx;
}

value *page_range(const page_lang *l, port_range r, arena *a)
{
	unsigned lo, hi;
	port_range_bounds(r, &lo, &hi);
	const essay *e = &l->c->ranges[r].by_lang[l->index];
	value *m = essay_value(a, e);
	range_title(l, a, r, m);
	const char *rel = rel_range(a, r);
	value *crumbs;
	value *ctx = essay_page(l, a, rel, e, m, &crumbs);
	set_crumbs(l, a, ctx, crumbs, i18n_text(l->t, range_keys[r]), NULL);

	set(a, m, "count", snip(l, a, "range_assigned_count",
		count_data(l, a, assigned_between(l->db, lo, hi))));
	value *blocks = value_list(a);
	for (unsigned b = lo; b <= hi; b += PAGE_BLOCK) {
		value *bd = count_data(l, a, assigned_between(l->db, b,
			b + PAGE_BLOCK - 1));
		set(a, bd, "lo", num(a, b));
		set(a, bd, "hi", num(a, b + PAGE_BLOCK - 1));
		value *bm = value_map(a);
		/* Relative: a block's folder is inside its range's. */
		set_s(a, bm, "href", rel_block(a, b) + strlen(rel));
		set(a, bm, "label", snip(l, a, "range_block_link", bd));
		set(a, bm, "count", snip(l, a, "block_assigned", bd));
		value_list_push(a, blocks, bm);
	}
	set(a, m, "blocks", blocks);
	set(a, ctx, "range_page", m);
	return ctx;
}

/* The link to the block page that starts at lo. */
static value *block_link(const page_lang *l, arena *a, unsigned lo)
{
	value *link = value_map(a);
	value *data = value_map(a);
	set(a, data, "lo", num(a, lo));
	set(a, data, "hi", num(a, lo + PAGE_BLOCK - 1));
	set_s(a, link, "href", arena_cat(a, l->home, rel_block(a, lo)));
	set(a, link, "label", snip(l, a, "range_block_link", data));
	return link;
}

value *page_block(const page_lang *l, unsigned lo, arena *a)
{
	unsigned hi = lo + PAGE_BLOCK - 1;
	port_range r = port_range_of(lo);
	value *bd = value_map(a);
	set(a, bd, "lo", num(a, lo));
	set(a, bd, "hi", num(a, hi));
	const char *h1 = snip_s(l, a, "range_block_title", bd);
	const char *rel = rel_block(a, lo);
	value *ctx = page_base(l, a, rel, h1, h1);
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
		set_s(a, row, "href", arena_cat(a, l->home, rel_port(a, p)));
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
	if (lo >= PAGE_BLOCK)
		set(a, m, "prev", block_link(l, a, lo - PAGE_BLOCK));
	if (hi < PORT_MAX)
		set(a, m, "next", block_link(l, a, hi + 1));
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
	buf rel;
	buf_init(&rel);
	page_doc_rel(&rel, doc);
	value *m = essay_value(a, e);
	doc_title(l, a, doc, m);
	const char *h1 = value_get(m, "title")->u.str.ptr;
	value *crumbs;
	value *ctx = essay_page(l, a, take(a, &rel), e, m, &crumbs);
	set_crumbs(l, a, ctx, crumbs, h1, strcmp(doc->slug, "faq") == 0 ?
		faq_json(a, e) : NULL);
	set(a, ctx, "doc", m);
	return ctx;
}

value *page_search(const page_lang *l, arena *a)
{
	value *ctx = page_base(l, a, PAGE_SEARCH_REL,
		i18n_text(l->t, "search_title"),
		i18n_text(l->t, "search_intro"));
	value *crumbs = value_list(a);
	value_list_push(a, crumbs, crumb(a, i18n_text(l->t, "nav_home"), l->home));
	set_crumbs(l, a, ctx, crumbs, i18n_text(l->t, "search_title"), NULL);
	set(a, ctx, "search_page", value_bool(a, true));
	return ctx;
}

value *page_notfound(const page_lang *l, arena *a)
{
	value *hd = value_map(a);
	set_s(a, hd, "home", l->home);
	value *text = snip(l, a, "notfound_text", hd);
	value *ctx = page_base(l, a, PAGE_NOTFOUND_REL,
		i18n_text(l->t, "notfound_title"), text->u.str.ptr);
	set(a, ctx, "notfound", value_bool(a, true));
	value *nf = value_map(a);
	set(a, nf, "text", text);
	/* 404.js appends the number and a slash (page_port_rel). */
	set_s(a, nf, "ports_href", arena_cat(a, l->home, PAGE_PORTS_DIR));

	/* The port link 404.js shows when the address names a port: the
	 * sentence around the number, which the script fills in. */
	value *pd = value_map(a);
	set_s(a, pd, "port", "\x01");
	const char *sentence = snip_s(l, a, "notfound_port", pd);
	const char *hole = strchr(sentence, '\x01');
	set_s(a, nf, "port_before", hole ? arena_strndup(a, sentence,
		(size_t)(hole - sentence)) : sentence);
	set_s(a, nf, "port_after", hole ? hole + 1 : "");
	set(a, ctx, "nf", nf);

	return ctx;
}

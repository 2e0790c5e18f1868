/*
 * build: loads the inputs, checks them against each other, and drives the
 * render of every page into the publisher.
 *
 * Port pages are rendered by --jobs threads that take chunks of ports from
 * one atomic counter; each thread owns its scratch arena and output buffer,
 * and the publisher's records for distinct pages are disjoint, so the hot
 * path takes no lock. Everything else (home, ranges, blocks, essays,
 * search, sitemaps, static files) is a few thousand files, written after.
 */
#include "build.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "escape.h"
#include "fsio.h"
#include "open_data.h"
#include "page.h"
#include "publish.h"
#include "search_index.h"
#include "xalloc.h"

#define MAX_TEMPLATE (1u << 20)
#define SITEMAP_URLS 50000
/* A sitemap may hold 50 MB; a URL with its alternates is about 1 KB. */
#define SITEMAP_BYTES 48000000
#define CHUNK 64

static const char *const required_templates[] = {
	"layout", "port", "home", "range", "block", "doc", "search", "notfound",
	NULL
};

/* ---- loading ----------------------------------------------------------- */

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
	char *s = fsio_read_optional(path, 1u << 28, &len, &missing, &d);
	diags_free(&d);
	h = digest_str(h, path);
	if (s)
		h = digest_bytes(h, s, len);
	free(s);
	return h;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The .mustache files of dir, sorted, as paths owned by a. */
static size_t list_templates(arena *a, const char *dir, const char ***out)
{
	*out = NULL;
	DIR *dh = opendir(dir);
	if (!dh)
		return 0;
	size_t n = 0, cap = 0;
	const char **list = NULL;
	struct dirent *de;
	while ((de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 10 ||
			strcmp(de->d_name + len - 9, ".mustache") != 0)
			continue;
		list = xgrow(list, &cap, n + 1, sizeof *list);
		list[n++] = arena_printf(a, "%s/%s", dir, de->d_name);
	}
	closedir(dh);
	if (n)
		qsort(list, n, sizeof *list, cmp_str);
	*out = list;
	return n;
}

/* Checks that every {{t.key}} a template names is an English key. */
static void check_template_keys(const char *path, const char *text,
	const i18n *en, diags *d)
{
	unsigned line = 1;
	const char *line_start = text;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			line_start = p + 1;
			continue;
		}
		if (p[0] != '{' || p[1] != '{')
			continue;
		const char *q = p + 2;
		while (*q == '{' || *q == '#' || *q == '^' || *q == '&' || *q == ' ')
			q++;
		if (q[0] != 't' || q[1] != '.')
			continue;
		const char *k = q + 2;
		size_t n = 0;
		while (isalnum((unsigned char)k[n]) || k[n] == '_')
			n++;
		if (!value_map_get(en->table, k, n))
			diags_error(d, path, line, (unsigned)(p - line_start) + 1,
				"unknown string 't.%.*s' (i18n/en.yaml has no such key)",
				(int)n, k);
	}
}

static void load_templates(inputs *in, const char *dir, diags *d)
{
	in->templates = mst_set_new();
	mst_set_strict(in->templates, true);
	const char *dirs[2] = {
		in_path(in->a, dir, "templates"),
		in_path(in->a, dir, "templates/partials")
	};
	for (int k = 0; k < 2; k++) {
		const char **files;
		size_t n = list_templates(in->a, dirs[k], &files);
		for (size_t i = 0; i < n; i++) {
			size_t len;
			char *text = fsio_read(files[i], MAX_TEMPLATE, &len, d);
			if (!text)
				continue;
			const char *base = strrchr(files[i], '/') + 1;
			char *name = arena_strndup(in->a, base, strlen(base) - 9);
			bool page = false;
			for (size_t r = 0; k == 0 && required_templates[r]; r++)
				page = page || strcmp(required_templates[r], name) == 0;
			if (!content_check_utf8(files[i], text, len, 1, 1, d))
				;
			else if (page && strspn(text, " \t\r\n") == len)
				diags_error(d, files[i], 0, 0, "the template is empty; "
					"every page of this kind would be blank");
			else if (mst_set_get(in->templates, name))
				diags_error(d, files[i], 0, 0, "a template called '%s' "
					"exists already (names are shared with partials)", name);
			else if (mst_set_add(in->templates, name, files[i], text, len, d) &&
				in->t && in->t[0])
				check_template_keys(files[i], text, in->t[0], d);
			free(text);
		}
		free(files);
	}
	for (size_t i = 0; required_templates[i]; i++)
		if (!mst_set_get(in->templates, required_templates[i]))
			diags_error(d, dirs[0], 0, 0, "missing template '%s.mustache'",
				required_templates[i]);
	mst_set_check(in->templates, d);
}

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

/* Renders one page of every kind in every language, so that what only
 * shows at render time (a partial that includes itself, a section that
 * recurses) is refused here, before anything is written. */
static bool smoke_render(const inputs *in, diags *d)
{
	size_t errors = d->errors;
	arena *a = arena_new();
	buf out;
	buf_init(&out);
	for (size_t i = 0; i < in->s->n_languages && d->errors == errors; i++) {
		page_lang *l = page_lang_new(in->s, in->db, in->c, in->t[i],
			in->t[0], i, in->notes_html, in->lang_names);
		struct { const char *tpl; value *ctx; } pages[] = {
			{ "port", page_port(l, 22, a) },
			{ "port", page_port(l, 49152, a) },
			{ "home", page_home(l, a) },
			{ "range", page_range(l, RANGE_REGISTERED, a) },
			{ "block", page_block(l, 0, a) },
			{ "search", page_search(l, a) },
			{ "notfound", page_notfound(l, a) },
			{ "doc", in->c->n_pages ? page_doc(l, &in->c->pages[0], a) : NULL },
		};
		for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
			if (!pages[k].ctx)
				continue;
			buf_clear(&out);
			if (!mst_render(mst_set_get(in->templates, pages[k].tpl),
				pages[k].ctx, mst_escape_html, &out, d))
				break;
		}
		arena_reset(a);
		page_lang_free(l);
	}
	buf_free(&out);
	arena_free(a);
	return d->errors == errors;
}

inputs *build_load(const char *dir, diags *d)
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
		build_inputs_free(in);
		return NULL;
	}
	for (size_t i = 0; i < in->s->n_languages; i++)
		if (!in->t[i]) {
			build_inputs_free(in);
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
		build_inputs_free(in);
		return NULL;
	}
	return in;
}

void build_inputs_free(inputs *in)
{
	if (!in)
		return;
	if (in->t)
		for (size_t i = 0; in->s && i < in->s->n_languages; i++)
			i18n_free(in->t[i]);
	free(in->t);
	content_free(in->c);
	port_db_free(in->db);
	mst_set_free(in->templates);
	site_free(in->s);
	arena_free(in->a);
	free(in);
}

/* ---- options ----------------------------------------------------------- */

static bool parse_port(const char *s, size_t n, unsigned *out)
{
	if (n == 0 || n > 5)
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > PORT_MAX)
		return false;
	*out = v;
	return true;
}

bool build_parse_ports(const char *spec, bool *want, diags *d)
{
	memset(want, 0, (PORT_MAX + 1) * sizeof *want);
	const char *p = spec;
	bool any = false;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *dash = memchr(p, '-', n);
		unsigned lo = 0, hi = 0;
		bool ok = dash ? parse_port(p, (size_t)(dash - p), &lo) &&
			parse_port(dash + 1, n - (size_t)(dash - p) - 1, &hi) && lo <= hi :
			parse_port(p, n, &lo);
		if (!dash)
			hi = lo;
		if (!ok) {
			diags_error(d, "--ports", 0, 0, "'%.*s' is not a port (0-65535) "
				"or a range of ports like 0-1023", (int)n, p);
			return false;
		}
		for (unsigned i = lo; i <= hi; i++)
			want[i] = true;
		any = true;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!any)
		diags_error(d, "--ports", 0, 0, "no ports given");
	return any;
}

static bool parse_langs(const site *s, const char *spec, bool *want,
	diags *d)
{
	for (size_t i = 0; i < s->n_languages; i++)
		want[i] = spec == NULL;
	if (!spec)
		return true;
	bool ok = true;
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool found = false;
		for (size_t i = 0; i < s->n_languages; i++) {
			if (strlen(s->languages[i]) == n &&
				memcmp(s->languages[i], p, n) == 0) {
				want[i] = found = true;
			}
		}
		if (!found) {
			diags_error(d, "--lang", 0, 0, "'%.*s' is not one of the site's "
				"languages (data/site.yaml)", (int)n, p);
			ok = false;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return ok;
}

/* ---- port pages -------------------------------------------------------- */

struct shared_work {
	const inputs *in;
	page_lang **langs;        /* per site language, NULL if not built */
	const bool *want_port;
	const mst_template *tpl;
	publisher *pub;
	atomic_size_t next;       /* the next work item */
	atomic_size_t done;       /* pages finished, for progress */
	atomic_int error;         /* first errno, 0 while all is well */
};

struct worker {
	pthread_t thread;
	struct shared_work *w;
	size_t rendered, written, unchanged, kept;
	char failed_path[64];
	diags d;
};

static void *port_worker(void *arg)
{
	struct worker *me = arg;
	struct shared_work *w = me->w;
	const inputs *in = w->in;
	arena *scratch = arena_new();
	buf out;
	buf_init(&out);
	buf_reserve(&out, 16384);
	buf rel;
	buf_init(&rel);
	/* Work items are (language, chunk of ports), language-major: files
	 * are created folder by folder, as a plain writer would. */
	const size_t n_chunks = (PORT_MAX + CHUNK) / CHUNK;
	const size_t n_items = n_chunks * in->s->n_languages;
	for (;;) {
		size_t item = atomic_fetch_add_explicit(&w->next, 1,
			memory_order_relaxed);
		if (item >= n_items || atomic_load_explicit(&w->error,
			memory_order_relaxed) || build_interrupted())
			break;
		size_t li = item / n_chunks;
		unsigned first = (unsigned)(item % n_chunks) * CHUNK;
		const page_lang *l = w->langs[li];
		if (!l)
			continue;
		size_t pages = 0;
		bool failed = false;
		for (unsigned port = first; port < first + CHUNK && port <= PORT_MAX &&
			!failed; port++) {
			if (!w->want_port[port])
				continue;
			pages++;
			if (build_interrupted()) {
				failed = true;
				break;
			}
			uint64_t input = digest_u64(in->lang_digest[li],
				in->port_digest[port] ^ ((uint64_t)port << 1));
			buf_clear(&rel);
			publish_port_rel(&rel, l->tag, li == 0, port);
			if (publish_port_current(w->pub, li, port, input, rel.ptr)) {
				me->kept++;
				continue;
			}
			value *ctx = page_port(l, port, scratch);
			buf_clear(&out);
			bool ok = mst_render(w->tpl, ctx, mst_escape_html, &out, &me->d);
			arena_reset(scratch);
			me->rendered++;
			if (!ok) {
				atomic_store(&w->error, EINVAL);
				break;
			}
			publish_outcome oc;
			int e = publish_port(w->pub, li, port, input, rel.ptr, out.ptr,
				out.len, &oc);
			if (e) {
				snprintf(me->failed_path, sizeof me->failed_path, "%s",
					rel.ptr);
				int zero = 0;
				atomic_compare_exchange_strong(&w->error, &zero, e);
				failed = true;
			} else if (oc == PUBLISH_WRITTEN) {
				me->written++;
			} else {
				me->unchanged++;
			}
		}
		atomic_fetch_add_explicit(&w->done, pages, memory_order_relaxed);
	}
	buf_free(&rel);
	buf_free(&out);
	arena_free(scratch);
	return NULL;
}

/* Why a write failed, in words a user can act on. */
static const char *write_error(int e)
{
	if (e == ELOOP || e == ENOTDIR)
		return "a folder on this path is a symbolic link (or a file); "
			"portref never writes through links in its output";
	return strerror(e);
}

static atomic_bool interrupted;

void build_interrupt(void)
{
	atomic_store(&interrupted, true);
}

bool build_interrupted(void)
{
	return atomic_load_explicit(&interrupted, memory_order_relaxed);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool build_port_pages(struct shared_work *w, unsigned jobs,
	size_t total, bool progress, double start, build_report *r, diags *d)
{
	struct worker *workers = xcalloc(jobs, sizeof *workers);
	/* Rendering recurses per nested section and partial; the bounds allow
	 * about 2 MB of stack, so ask for 8 MB whatever the default is. */
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 8u << 20);
	for (unsigned i = 0; i < jobs; i++) {
		workers[i].w = w;
		diags_init(&workers[i].d, 1);
		if (pthread_create(&workers[i].thread, &attr, port_worker,
			&workers[i]) != 0) {
			diags_error(d, NULL, 0, 0, "cannot start a worker thread");
			jobs = i;
			atomic_store(&w->error, EAGAIN);
			break;
		}
	}
	pthread_attr_destroy(&attr);
	if (progress) {
		/* The main thread only reports while the workers run. */
		for (;;) {
			size_t done = atomic_load_explicit(&w->done, memory_order_relaxed);
			double t = now() - start;
			fprintf(stderr, "\r  port pages %zu/%zu  %.0f pages/s ", done,
				total, t > 0 ? (double)done / t : 0.0);
			if (done >= total || atomic_load(&w->error) ||
				build_interrupted())
				break;
			struct timespec ts = { 0, 200 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		fputc('\n', stderr);
	}
	bool ok = true;
	for (unsigned i = 0; i < jobs; i++) {
		pthread_join(workers[i].thread, NULL);
		r->written += workers[i].written;
		r->unchanged += workers[i].unchanged + workers[i].kept;
		r->port_pages += workers[i].rendered + workers[i].kept;
		for (size_t k = 0; k < workers[i].d.len; k++) {
			diag *g = &workers[i].d.items[k];
			diags_error(d, g->file, g->line, g->col, "%s", g->msg);
		}
		if (workers[i].failed_path[0]) {
			diags_error(d, workers[i].failed_path, 0, 0, "cannot write: %s",
				write_error(atomic_load(&w->error)));
			ok = false;
		}
		diags_free(&workers[i].d);
	}
	if (atomic_load(&w->error) || build_interrupted())
		ok = false;
	free(workers);
	return ok;
}

/* ---- everything else --------------------------------------------------- */

struct others {
	publisher *pub;
	buf out;
	arena *scratch;
	build_report *r;
	diags *d;
	bool ok;
};

static void emit(struct others *o, size_t lang, const char *rel,
	const char *data, size_t n)
{
	if (!o->ok || build_interrupted()) {
		o->ok = false;
		return;
	}
	publish_outcome oc;
	int e = publish_file(o->pub, lang, rel, data, n, &oc);
	o->r->pages++;
	if (e) {
		diags_error(o->d, rel, 0, 0, "cannot write: %s", write_error(e));
		o->ok = false;
		return;
	}
	if (oc == PUBLISH_WRITTEN)
		o->r->written++;
	else
		o->r->unchanged++;
}

static void emit_page(struct others *o, const inputs *in, const page_lang *l,
	const char *tpl_name, value *ctx, const char *rel)
{
	if (!o->ok)
		return;
	buf_clear(&o->out);
	if (!mst_render(mst_set_get(in->templates, tpl_name), ctx, mst_escape_html,
		&o->out, o->d)) {
		o->ok = false;
		return;
	}
	const char *path = l->index == 0 ? rel :
		arena_printf(o->scratch, "%s/%s", l->tag, rel);
	emit(o, l->index, path, o->out.ptr, o->out.len);
	arena_reset(o->scratch);
}

static void emit_language(struct others *o, const inputs *in,
	const page_lang *l)
{
	emit_page(o, in, l, "home", page_home(l, o->scratch), "index.html");
	for (int r = RANGE_WELL_KNOWN; r <= RANGE_DYNAMIC; r++) {
		const char *rel = arena_printf(o->scratch, "ranges/%s/index.html",
			port_range_slug((port_range)r));
		emit_page(o, in, l, "range", page_range(l, (port_range)r, o->scratch),
			rel);
	}
	for (unsigned lo = 0; lo <= PORT_MAX; lo += PAGE_BLOCK) {
		const char *rel = arena_printf(o->scratch, "%sindex.html",
			page_block_rel(lo, o->scratch));
		emit_page(o, in, l, "block", page_block(l, lo, o->scratch), rel);
	}
	for (size_t i = 0; i < in->c->n_pages; i++) {
		const char *rel = arena_printf(o->scratch, "%s/index.html",
			in->c->pages[i].slug);
		emit_page(o, in, l, "doc", page_doc(l, &in->c->pages[i], o->scratch),
			rel);
	}
	emit_page(o, in, l, "search", page_search(l, o->scratch),
		"search/index.html");
}

/* The search index (search_index.h). */
static void emit_search_index(struct others *o, const inputs *in)
{
	buf_clear(&o->out);
	search_index_write(in->db, &o->out);
	emit(o, PUBLISH_NEUTRAL, "search-index.json", o->out.ptr, o->out.len);
}

/* The open data files (open_data.h). */
static void emit_open_data(struct others *o, const inputs *in)
{
	buf_clear(&o->out);
	open_data_write_json(in->db, in->s, &o->out);
	emit(o, PUBLISH_NEUTRAL, "data/ports.json", o->out.ptr, o->out.len);
	buf_clear(&o->out);
	open_data_write_csv(in->db, &o->out);
	emit(o, PUBLISH_NEUTRAL, "data/ports.csv", o->out.ptr, o->out.len);
}

/* Appends a page's address: prefix is a language's absolute root, rel the
 * page's path; port >= 0 appends "ports/N/" instead. */
static void sitemap_loc(buf *b, const char *prefix, const char *rel, long port)
{
	buf_puts(b, prefix);
	if (port >= 0) {
		buf_puts(b, "ports/");
		buf_put_uint(b, (unsigned)port);
		buf_putc(b, '/');
	} else {
		buf_puts(b, rel);
	}
}

/* One <url> of language li, with the page's address in every language as
 * hreflang alternates (x-default: the default language's), which search
 * engines read as they read <link rel="alternate"> in the page. */
static void sitemap_url(buf *b, const site *s, const bool *want_lang,
	const char *const *prefix, size_t li, const char *rel, long port)
{
	buf_puts(b, "<url><loc>");
	sitemap_loc(b, prefix[li], rel, port);
	buf_puts(b, "</loc>");
	for (size_t i = 0; i <= s->n_languages; i++) {
		if (i < s->n_languages ? !want_lang[i] : !want_lang[0])
			continue;
		buf_puts(b, "<xhtml:link rel=\"alternate\" hreflang=\"");
		buf_puts(b, i < s->n_languages ? s->languages[i] : "x-default");
		buf_puts(b, "\" href=\"");
		sitemap_loc(b, prefix[i < s->n_languages ? i : 0], rel, port);
		buf_puts(b, "\"/>");
	}
	buf_puts(b, "</url>\n");
}

/* A sitemap index and as many sitemaps of at most SITEMAP_URLS URLs and
 * SITEMAP_BYTES bytes as the site needs, listing the pages built: every
 * listing and the wanted ports, in the wanted languages. Paths are ASCII
 * made by us, so nothing needs escaping but the base URL, which site_load
 * restricted to URL-safe characters. */
static void emit_sitemaps(struct others *o, const inputs *in,
	const bool *want_port, const bool *want_lang)
{
	const site *s = in->s;
	buf map;
	buf_init(&map);
	size_t files = 0, urls = 0;
	const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		"xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
	char rel[64];
	buf_puts(&map, head);
	/* Each language's absolute root, XML-escaped once: base_url may hold
	 * '&'. */
	const char **prefix = xcalloc(s->n_languages, sizeof *prefix);
	arena *roots = arena_new();
	for (size_t li = 0; li < s->n_languages; li++) {
		buf esc;
		buf_init(&esc);
		mst_escape_html(&esc, s->base_url, strlen(s->base_url));
		if (li)
			buf_printf(&esc, "%s/", s->languages[li]);
		prefix[li] = arena_strndup(roots, esc.ptr, esc.len);
		buf_free(&esc);
	}
	for (size_t li = 0; li < s->n_languages && o->ok; li++) {
		size_t fixed = 5 + 256 + in->c->n_pages;
		if (!want_lang[li])
			continue;
		for (size_t k = 0; k < fixed + PORT_MAX + 1; k++) {
			if (k >= fixed && !want_port[k - fixed])
				continue;
			long port = -1;
			if (k == 0)
				snprintf(rel, sizeof rel, "%s", "");
			else if (k == 1)
				snprintf(rel, sizeof rel, "search/");
			else if (k < 5)
				snprintf(rel, sizeof rel, "ranges/%s/",
					port_range_slug((port_range)(k - 2)));
			else if (k < 5 + 256)
				snprintf(rel, sizeof rel, "%s",
					page_block_rel((unsigned)(k - 5) * PAGE_BLOCK, o->scratch));
			else if (k < fixed)
				snprintf(rel, sizeof rel, "%s/",
					in->c->pages[k - 5 - 256].slug);
			else
				port = (long)(k - fixed);
			sitemap_url(&map, s, want_lang, prefix, li, rel, port);
			if (++urls == SITEMAP_URLS || map.len > SITEMAP_BYTES) {
				buf_puts(&map, "</urlset>\n");
				char name[32];
				snprintf(name, sizeof name, "sitemap-%zu.xml", ++files);
				emit(o, PUBLISH_NEUTRAL, name, map.ptr, map.len);
				buf_clear(&map);
				buf_puts(&map, head);
				urls = 0;
			}
		}
		arena_reset(o->scratch);
	}
	arena_free(roots);
	free(prefix);
	if (urls) {
		buf_puts(&map, "</urlset>\n");
		char name[32];
		snprintf(name, sizeof name, "sitemap-%zu.xml", ++files);
		emit(o, PUBLISH_NEUTRAL, name, map.ptr, map.len);
	}
	buf_clear(&map);
	buf_puts(&map, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 1; i <= files; i++) {
		buf_puts(&map, "<sitemap><loc>");
		mst_escape_html(&map, s->base_url, strlen(s->base_url));
		buf_printf(&map, "sitemap-%zu.xml</loc></sitemap>\n", i);
	}
	buf_puts(&map, "</sitemapindex>\n");
	emit(o, PUBLISH_NEUTRAL, "sitemap.xml", map.ptr, map.len);

	buf_clear(&map);
	buf_printf(&map, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n",
		s->base_url);
	emit(o, PUBLISH_NEUTRAL, "robots.txt", map.ptr, map.len);
	buf_free(&map);
}

static void emit_static(struct others *o, const char *dir)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = arena_strdup(o->scratch, de->d_name);
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && o->ok; i++) {
		char *path = arena_printf(o->scratch, "%s/%s", dir, names[i]);
		if (fsio_is_dir(path))
			continue;
		size_t len;
		char *data = fsio_read(path, 1u << 24, &len, o->d);
		if (!data) {
			o->ok = false;
			break;
		}
		emit(o, PUBLISH_NEUTRAL, names[i], data, len);
		free(data);
	}
	free(names);
	arena_reset(o->scratch);
}

/* ---- the build ----------------------------------------------------------- */

bool build_run(const inputs *in, const build_options *o, build_report *r,
	diags *d)
{
	memset(r, 0, sizeof *r);
	double start = now();
	const site *s = in->s;
	bool *want_port = xmalloc((PORT_MAX + 1) * sizeof *want_port);
	bool *want_lang = xcalloc(s->n_languages, sizeof *want_lang);
	bool ok = true;
	if (o->ports)
		ok = build_parse_ports(o->ports, want_port, d);
	else
		memset(want_port, 1, (PORT_MAX + 1) * sizeof *want_port);
	ok = parse_langs(s, o->langs, want_lang, d) && ok;
	if (!ok) {
		free(want_port);
		free(want_lang);
		return false;
	}

	publish_options po = {
		.out = o->out ? o->out : "public", .manifest = o->manifest,
		.written = o->written, .removed = o->removed, .force = o->force
	};
	publisher *pub = publish_open(&po, s->languages, s->n_languages,
		want_lang, d);
	if (!pub) {
		free(want_port);
		free(want_lang);
		return false;
	}
	r->mode = (int)publish_get_mode(pub);

	page_lang **langs = xcalloc(s->n_languages, sizeof *langs);
	for (size_t i = 0; i < s->n_languages; i++)
		if (want_lang[i])
			langs[i] = page_lang_new(s, in->db, in->c, in->t[i], in->t[0], i,
				in->notes_html, in->lang_names);

	size_t n_ports = 0, n_langs = 0;
	for (size_t i = 0; i <= PORT_MAX; i++)
		n_ports += want_port[i];
	for (size_t i = 0; i < s->n_languages; i++)
		n_langs += want_lang[i];

	struct shared_work w = {
		.in = in, .langs = langs, .want_port = want_port,
		.tpl = mst_set_get(in->templates, "port"), .pub = pub
	};
	atomic_init(&w.next, 0);
	atomic_init(&w.done, 0);
	atomic_init(&w.error, 0);
	unsigned jobs = o->jobs;
	if (jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = n > 0 ? (unsigned)n : 1;
	}
	ok = build_port_pages(&w, jobs, n_ports * n_langs, o->progress, start, r,
		d);
	r->pages += r->port_pages;

	struct others other = { .pub = pub, .r = r, .d = d, .ok = ok };
	buf_init(&other.out);
	other.scratch = arena_new();
	for (size_t i = 0; i < s->n_languages && other.ok; i++)
		if (langs[i])
			emit_language(&other, in, langs[i]);
	/* A 404 page per language: /404.html, /fr/404.html, ... */
	for (size_t i = 0; i < s->n_languages && other.ok; i++)
		if (langs[i])
			emit_page(&other, in, langs[i], "notfound",
				page_notfound(langs[i], other.scratch), "404.html");
	if (other.ok)
		emit_search_index(&other, in);
	if (other.ok)
		emit_open_data(&other, in);
	if (other.ok)
		emit_sitemaps(&other, in, want_port, want_lang);
	if (other.ok)
		emit_static(&other, "static");
	ok = other.ok;
	buf_free(&other.out);
	arena_free(other.scratch);

	publish_stats st;
	publish_end end = ok ? PUBLISH_OK : build_interrupted() ?
		PUBLISH_INTERRUPTED : PUBLISH_FAILED;
	if (end == PUBLISH_INTERRUPTED)
		diags_error(d, po.out, 0, 0, "interrupted; what was written is "
			"recorded, and the next build finishes the job");
	ok = publish_close(pub, end, &st, d) && ok;
	r->removed = st.removed;
	r->site_files = st.site_files;
	r->site_bytes = st.site_bytes;
	memcpy(r->note, st.note, sizeof r->note);
	r->interrupted = end == PUBLISH_INTERRUPTED;
	for (size_t i = 0; i < s->n_languages; i++)
		page_lang_free(langs[i]);
	free(langs);
	free(want_port);
	free(want_lang);
	r->seconds = now() - start;
	return ok;
}

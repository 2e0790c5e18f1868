/*
 * build: drives the render of every page of the kinds table (kinds.h) into
 * the publisher, then the files that are not pages.
 *
 * Port pages are rendered by --jobs threads that take chunks of ports from
 * one atomic counter; each thread owns its scratch arena and output buffer,
 * and the publisher's records for distinct pages are disjoint, so the hot
 * path takes no lock. Everything else (home, ranges, blocks, essays,
 * search, sitemaps, static files) is a few thousand files, written after.
 */
#include "build.h"

#include <ctype.h>
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
#include "fsio.h"
#include "kinds.h"
#include "open_data.h"
#include "page.h"
#include "publish.h"
#include "search_index.h"
#include "sitemap.h"
#include "xalloc.h"

/* Ports per work item: enough to amortise the counter, few enough that
 * the threads finish together. */
#define CHUNK 64
/* The largest file copied from static/. */
#define MAX_STATIC (1u << 24)
/* Rendering recurses per nested section and partial; the bounds
 * (MST_MAX_NESTING, MST_MAX_PARTIAL_DEPTH) allow about 2 MB of stack, so
 * each worker asks for this whatever the default is. */
#define WORKER_STACK (8u << 20)

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
			value *ctx = page_kinds[KIND_PORT].context(l, port, scratch);
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
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, WORKER_STACK);
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

/* Every page of l's language but the port pages, kind by kind. */
static void emit_pages(struct others *o, const inputs *in, const page_lang *l)
{
	buf rel, path;
	buf_init(&rel);
	buf_init(&path);
	for (size_t k = 0; k < KIND_COUNT && o->ok; k++) {
		const page_kind *kind = &page_kinds[k];
		if (k == KIND_PORT)
			continue;   /* build_port_pages */
		const mst_template *tpl = mst_set_get(in->templates, kind->template);
		size_t n = kind->count(in->c);
		for (size_t i = 0; i < n && o->ok; i++) {
			buf_clear(&o->out);
			if (!mst_render(tpl, kind->context(l, i, o->scratch),
				mst_escape_html, &o->out, o->d)) {
				o->ok = false;
				break;
			}
			arena_reset(o->scratch);
			buf_clear(&rel);
			kind->rel(in->c, i, &rel);
			buf_clear(&path);
			page_file(&path, l->index ? l->tag : NULL, rel.ptr);
			emit(o, l->index, path.ptr, o->out.ptr, o->out.len);
		}
	}
	buf_free(&path);
	buf_free(&rel);
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

static bool emit_sitemap_file(void *ud, const char *name, const char *data,
	size_t n)
{
	struct others *o = ud;
	emit(o, PUBLISH_NEUTRAL, name, data, n);
	return o->ok;
}

/* The files of static/, as they are. */
static void emit_static(struct others *o, const char *dir)
{
	const char **names;
	size_t n = fsio_list(dir, o->scratch, &names);
	for (size_t i = 0; i < n && o->ok; i++) {
		char *path = arena_printf(o->scratch, "%s/%s", dir, names[i]);
		if (fsio_is_dir(path))
			continue;
		size_t len;
		char *data = fsio_read(path, MAX_STATIC, &len, o->d);
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
		.tpl = mst_set_get(in->templates, page_kinds[KIND_PORT].template),
		.pub = pub
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
			emit_pages(&other, in, langs[i]);
	if (other.ok)
		emit_search_index(&other, in);
	if (other.ok)
		emit_open_data(&other, in);
	if (other.ok)
		sitemap_write(s, in->c, want_port, want_lang, emit_sitemap_file,
			&other);
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

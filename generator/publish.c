/*
 * publish: staging folder, atomic file replacement and the manifest.
 */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "digest.h"
#include "fsio.h"
#include "ports.h"
#include "value.h"
#include "xalloc.h"

#define MAGIC "portref-manifest 1\n"
#define N_PORTS (PORT_MAX + 1)

struct port_record {
	uint64_t input, output;  /* 0, 0: never built */
};

struct file_record {
	char *path;
	size_t lang;
	uint64_t output;
	bool seen;               /* written or confirmed by this build */
};

struct lang_records {
	char *tag;
	struct port_record *ports;  /* N_PORTS */
	bool in_site;
};

struct publisher {
	publish_mode mode;
	char *out;               /* the output folder as given */
	char *root;              /* where files go: out, or the staging folder */
	const char *const *langs;
	size_t n_langs;
	const bool *selected;
	/* Per site language: the records (old ones loaded, then updated). */
	struct port_record **ports;
	/* Old manifest languages that the site no longer builds. */
	char **gone;
	size_t n_gone;
	struct file_record *files;
	size_t n_files, cap_files;
	arena *a;
	value *file_index;       /* path -> index into files */
	publish_stats st;
	atomic_bool dirty;       /* a record changed: the manifest is rewritten */
};

/* ---- manifest ---------------------------------------------------------- */

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static void take(struct reader *r, void *dst, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, r->p, n);
	r->p += n;
}

static struct file_record *add_file(publisher *p, const char *path,
	size_t lang, uint64_t output)
{
	p->files = xgrow(p->files, &p->cap_files, p->n_files + 1,
		sizeof *p->files);
	struct file_record *f = &p->files[p->n_files];
	f->path = xstrdup(path);
	f->lang = lang;
	f->output = output;
	f->seen = false;
	value_map_put(p->a, p->file_index, path, strlen(path),
		value_int(p->a, (long long)p->n_files));
	p->n_files++;
	return f;
}

static struct file_record *find_file(publisher *p, const char *path)
{
	value *v = value_get(p->file_index, path);
	return v ? &p->files[v->u.i] : NULL;
}

static int lang_of(const publisher *p, const char *tag)
{
	for (size_t i = 0; i < p->n_langs; i++)
		if (strcmp(p->langs[i], tag) == 0)
			return (int)i;
	return -1;
}

/* Loads the manifest; false if it is missing or unusable. */
static bool manifest_load(publisher *p)
{
	char *path = xmalloc(strlen(p->out) + sizeof PUBLISH_MANIFEST + 2);
	sprintf(path, "%s/%s", p->out, PUBLISH_MANIFEST);
	diags d;
	diags_init(&d, 1);
	size_t len;
	bool missing;
	char *data = fsio_read_optional(path, 1u << 30, &len, &missing, &d);
	diags_free(&d);
	free(path);
	if (!data)
		return false;
	struct reader r = { (unsigned char *)data, (unsigned char *)data + len,
		false };
	char magic[sizeof MAGIC - 1];
	take(&r, magic, sizeof magic);
	if (r.bad || memcmp(magic, MAGIC, sizeof magic) != 0) {
		free(data);
		return false;
	}
	uint32_t n_langs = 0;
	take(&r, &n_langs, 4);
	for (uint32_t i = 0; i < n_langs && !r.bad; i++) {
		unsigned char tl = 0;
		char tag[256];
		take(&r, &tl, 1);
		take(&r, tag, tl);
		tag[tl] = '\0';
		if ((size_t)(r.end - r.p) < N_PORTS * sizeof(struct port_record)) {
			r.bad = true;
			break;
		}
		int li = lang_of(p, tag);
		if (li >= 0)
			memcpy(p->ports[li], r.p, N_PORTS * sizeof(struct port_record));
		else {
			p->gone = xrealloc(p->gone, (p->n_gone + 1) * sizeof *p->gone);
			p->gone[p->n_gone++] = xstrdup(tag);
		}
		r.p += N_PORTS * sizeof(struct port_record);
	}
	uint32_t n_files = 0;
	take(&r, &n_files, 4);
	for (uint32_t i = 0; i < n_files && !r.bad; i++) {
		uint16_t pl = 0;
		char fpath[65536];
		unsigned char tl = 0;
		char tag[256];
		uint64_t out = 0;
		take(&r, &pl, 2);
		take(&r, fpath, pl);
		fpath[pl] = '\0';
		take(&r, &tl, 1);
		take(&r, tag, tl);
		tag[tl] = '\0';
		take(&r, &out, 8);
		if (r.bad)
			break;
		int li = tl ? lang_of(p, tag) : -1;
		size_t lang = tl == 0 ? PUBLISH_NEUTRAL :
			li >= 0 ? (size_t)li : PUBLISH_NEUTRAL - 1; /* gone */
		if (!find_file(p, fpath))
			add_file(p, fpath, lang, out);
	}
	bool ok = !r.bad && r.p == r.end;
	free(data);
	if (!ok) {
		for (size_t i = 0; i < p->n_langs; i++)
			memset(p->ports[i], 0, N_PORTS * sizeof(struct port_record));
		for (size_t i = 0; i < p->n_files; i++)
			free(p->files[i].path);
		p->n_files = 0;
		p->file_index = value_map(p->a);
		for (size_t i = 0; i < p->n_gone; i++)
			free(p->gone[i]);
		p->n_gone = 0;
	}
	return ok;
}

static void put(buf *b, const void *data, size_t n)
{
	buf_put(b, data, n);
}

static int manifest_write(publisher *p)
{
	buf b;
	buf_init(&b);
	buf_reserve(&b, p->n_langs * (N_PORTS * 16 + 16) + p->n_files * 64);
	put(&b, MAGIC, sizeof MAGIC - 1);
	uint32_t n = (uint32_t)p->n_langs;
	put(&b, &n, 4);
	for (size_t i = 0; i < p->n_langs; i++) {
		unsigned char tl = (unsigned char)strlen(p->langs[i]);
		put(&b, &tl, 1);
		put(&b, p->langs[i], tl);
		put(&b, p->ports[i], N_PORTS * sizeof(struct port_record));
	}
	uint32_t nf = 0;
	size_t count_at = b.len;
	put(&b, &nf, 4);
	for (size_t i = 0; i < p->n_files; i++) {
		const struct file_record *f = &p->files[i];
		if (f->lang == PUBLISH_NEUTRAL - 1 || !f->output)
			continue; /* removed */
		uint16_t pl = (uint16_t)strlen(f->path);
		put(&b, &pl, 2);
		put(&b, f->path, pl);
		const char *tag = f->lang == PUBLISH_NEUTRAL ? "" : p->langs[f->lang];
		unsigned char tl = (unsigned char)strlen(tag);
		put(&b, &tl, 1);
		put(&b, tag, tl);
		put(&b, &f->output, 8);
		nf++;
	}
	memcpy(b.ptr + count_at, &nf, 4);
	char *path = xmalloc(strlen(p->root) + sizeof PUBLISH_MANIFEST + 2);
	sprintf(path, "%s/%s", p->root, PUBLISH_MANIFEST);
	int e = fsio_write_atomic(path, b.ptr, b.len);
	if (e)
		unlink(path); /* a stale manifest would be worse than none */
	free(path);
	buf_free(&b);
	return e;
}

/* ---- opening ----------------------------------------------------------- */

static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	struct dirent *de;
	bool empty = true;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = false;
			break;
		}
	}
	closedir(d);
	return empty;
}

publisher *publish_open(const char *out, const char *const *langs,
	size_t n_langs, const bool *selected, bool force, diags *d)
{
	publisher *p = xcalloc(1, sizeof *p);
	size_t n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		n--;
	p->out = xstrndup(out, n);
	p->langs = langs;
	p->n_langs = n_langs;
	p->selected = selected;
	p->a = arena_new();
	p->file_index = value_map(p->a);
	p->ports = xcalloc(n_langs, sizeof *p->ports);
	for (size_t i = 0; i < n_langs; i++)
		p->ports[i] = xcalloc(N_PORTS, sizeof(struct port_record));

	struct stat st;
	if (stat(p->out, &st) != 0 || (S_ISDIR(st.st_mode) && dir_is_empty(p->out))) {
		if (stat(p->out, &st) != 0 && errno != ENOENT) {
			diags_error(d, p->out, 0, 0, "cannot use the output folder: %s",
				strerror(errno));
			goto fail;
		}
		p->mode = PUBLISH_FRESH;
		p->root = xmalloc(n + 32);
		snprintf(p->root, n + 32, "%s.staging-%ld", p->out, (long)getpid());
		fsio_remove_tree(p->root);
		int e = fsio_mkdirs(p->root);
		if (e) {
			diags_error(d, p->root, 0, 0, "cannot create the staging "
				"folder: %s", strerror(e));
			goto fail;
		}
		return p;
	}
	if (!S_ISDIR(st.st_mode)) {
		diags_error(d, p->out, 0, 0, "the output exists and is not a folder");
		goto fail;
	}
	p->root = xstrdup(p->out);
	p->mode = !force && manifest_load(p) ? PUBLISH_INCREMENTAL :
		PUBLISH_COMPARE;
	return p;
fail:
	publish_close(p, false, NULL, d);
	return NULL;
}

publish_mode publish_get_mode(const publisher *p)
{
	return p->mode;
}

/* ---- writing ----------------------------------------------------------- */

static char *full_path(const publisher *p, const char *rel)
{
	size_t n = strlen(p->root) + strlen(rel) + 2;
	char *s = xmalloc(n);
	snprintf(s, n, "%s/%s", p->root, rel);
	return s;
}

/* True if the file at path holds exactly the n bytes at data. */
static bool same_on_disk(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = fstat(fd, &st) == 0 && (size_t)st.st_size == n;
	char chunk[65536];
	size_t off = 0;
	while (same && off < n) {
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got <= 0 || memcmp(chunk, data + off, (size_t)got) != 0)
			same = false;
		else
			off += (size_t)got;
	}
	close(fd);
	return same;
}

static int write_file(publisher *p, const char *rel, const char *data,
	size_t n)
{
	char *path = full_path(p, rel);
	int e = p->mode == PUBLISH_FRESH ? fsio_write_new(path, data, n) :
		fsio_write_atomic(path, data, n);
	if (e == ENOENT) {
		/* The folder is new (or was removed by hand): make it, once. */
		char *slash = strrchr(path, '/');
		*slash = '\0';
		e = fsio_mkdirs(path);
		*slash = '/';
		if (!e)
			e = p->mode == PUBLISH_FRESH ? fsio_write_new(path, data, n) :
				fsio_write_atomic(path, data, n);
	}
	free(path);
	return e;
}

bool publish_port_current(const publisher *p, size_t lang, unsigned port,
	uint64_t input)
{
	return p->mode == PUBLISH_INCREMENTAL && p->ports[lang][port].input == input;
}

int publish_port(publisher *p, size_t lang, unsigned port, uint64_t input,
	const char *rel, const char *data, size_t n, publish_outcome *outcome)
{
	struct port_record *r = &p->ports[lang][port];
	uint64_t output = digest_bytes(0, data, n) | 1;
	*outcome = PUBLISH_UNCHANGED;
	if (p->mode == PUBLISH_INCREMENTAL && r->output == output) {
		if (r->input != input) {
			r->input = input;
			atomic_store_explicit(&p->dirty, true, memory_order_relaxed);
		}
		return 0;
	}
	atomic_store_explicit(&p->dirty, true, memory_order_relaxed);
	if (p->mode == PUBLISH_COMPARE) {
		char *path = full_path(p, rel);
		bool same = same_on_disk(path, data, n);
		free(path);
		if (same) {
			r->input = input;
			r->output = output;
			return 0;
		}
	}
	/* In fresh mode the folder ports/N/ is new: make it, then write. */
	if (p->mode == PUBLISH_FRESH) {
		char *path = full_path(p, rel);
		char *slash = strrchr(path, '/');
		*slash = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST && errno != ENOENT) {
			int e = errno;
			free(path);
			return e;
		}
		free(path);
	}
	int e = write_file(p, rel, data, n);
	if (e) {
		/* What is on disk is now unknown to us: the old file, or none. */
		r->input = 0;
		return e;
	}
	r->input = input;
	r->output = output;
	*outcome = PUBLISH_WRITTEN;
	return 0;
}

int publish_file(publisher *p, size_t lang, const char *rel,
	const char *data, size_t n, publish_outcome *outcome)
{
	uint64_t output = digest_bytes(0, data, n) | 1;
	struct file_record *f = find_file(p, rel);
	if (!f)
		f = add_file(p, rel, lang, 0);
	if (f->lang != lang)
		p->dirty = true;
	f->lang = lang;
	f->seen = true;
	*outcome = PUBLISH_UNCHANGED;
	if (p->mode == PUBLISH_INCREMENTAL && f->output == output) {
		p->st.unchanged++;
		return 0;
	}
	p->dirty = true;
	if (p->mode == PUBLISH_COMPARE) {
		char *path = full_path(p, rel);
		bool same = same_on_disk(path, data, n);
		free(path);
		if (same) {
			f->output = output;
			p->st.unchanged++;
			return 0;
		}
	}
	int e = write_file(p, rel, data, n);
	if (e) {
		f->output = 0;
		return e;
	}
	f->output = output;
	p->st.written++;
	*outcome = PUBLISH_WRITTEN;
	return 0;
}

int publish_mkdir(publisher *p, const char *rel)
{
	char *path = full_path(p, rel);
	int e = fsio_mkdirs(path);
	free(path);
	return e;
}

/* ---- closing ----------------------------------------------------------- */

/* Removes rel and then its folders as they become empty. */
static void remove_file(publisher *p, const char *rel)
{
	char *path = full_path(p, rel);
	if (unlink(path) == 0)
		p->st.removed++;
	char *slash;
	size_t root = strlen(p->root);
	while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > root) {
		*slash = '\0';
		if (rmdir(path) != 0)
			break;
	}
	free(path);
}

static void remove_stale(publisher *p)
{
	for (size_t i = 0; i < p->n_files; i++) {
		struct file_record *f = &p->files[i];
		bool gone = f->lang == PUBLISH_NEUTRAL - 1;
		bool built = f->lang == PUBLISH_NEUTRAL || (!gone && p->selected[f->lang]);
		if (f->seen || (!gone && !built))
			continue;
		remove_file(p, f->path);
		p->dirty = true;
		f->output = 0;
		f->lang = PUBLISH_NEUTRAL - 1;
	}
	for (size_t i = 0; i < p->n_gone; i++) {
		/* A language the site dropped: its folder goes whole. */
		char *path = full_path(p, p->gone[i]);
		if (fsio_is_dir(path) && fsio_remove_tree(path) == 0)
			p->st.removed++;
		p->dirty = true;
		free(path);
	}
}

bool publish_close(publisher *p, bool ok, publish_stats *st, diags *d)
{
	bool result = ok;
	if (p->root) {
		if (ok && p->mode != PUBLISH_FRESH)
			remove_stale(p);
		if (p->mode == PUBLISH_FRESH && !ok) {
			fsio_remove_tree(p->root);
		} else if (p->mode != PUBLISH_INCREMENTAL || p->dirty) {
			int e = manifest_write(p);
			if (e && ok) {
				diags_error(d, p->root, 0, 0, "cannot write the manifest: "
					"%s", strerror(e));
				result = false;
				if (p->mode == PUBLISH_FRESH)
					fsio_remove_tree(p->root);
			}
			if (result && p->mode == PUBLISH_FRESH) {
				rmdir(p->out); /* empty, or absent */
				if (rename(p->root, p->out) != 0) {
					diags_error(d, p->out, 0, 0, "cannot move the new site "
						"into place: %s", strerror(errno));
					fsio_remove_tree(p->root);
					result = false;
				}
			}
		}
	}
	if (st)
		*st = p->st;
	for (size_t i = 0; i < p->n_langs; i++)
		free(p->ports[i]);
	free(p->ports);
	for (size_t i = 0; i < p->n_files; i++)
		free(p->files[i].path);
	free(p->files);
	for (size_t i = 0; i < p->n_gone; i++)
		free(p->gone[i]);
	free(p->gone);
	arena_free(p->a);
	free(p->root);
	free(p->out);
	free(p);
	return result;
}

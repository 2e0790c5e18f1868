/*
 * publish: the output folder, the manifest and the change lists.
 *
 * The publisher keeps, per site language, one record per port page and,
 * for every other file, a record by path (manifest.h). publish_open loads
 * the previous records from a manifest that passed every check, picks the
 * mode, and takes the folder's lock; the writers update records as files
 * reach the disk; publish_close removes what the site lost, writes the
 * manifest and the change lists, and lets go of the lock.
 */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "digest.h"
#include "fsio.h"
#include "kinds.h"
#include "manifest.h"
#include "ports.h"
#include "value.h"
#include "xalloc.h"

#define N_PORTS (PORT_MAX + 1)
/* The largest manifest read. The site's own, 10 languages, is 25 MB (a
 * 38-byte record per port page); one of MANIFEST_LANGS_MAX languages
 * would be about 650 MB. A bigger file is not a manifest and is not read. */
#define MAX_MANIFEST (1u << 30)
/* The largest change list (--written, --removed) read back: a line per
 * file, adding up over builds until a deploy deletes the list. */
#define MAX_CHANGE_LIST (1u << 30)
#define DEFAULT_LANG "en"         /* the language whose pages sit at the root */
#define GONE ((size_t)-2)         /* a file of a language the site dropped */

struct file_record {
	char *path;
	size_t lang;               /* site language, PUBLISH_NEUTRAL or GONE */
	char *gone_tag;            /* for GONE: the dropped language's tag */
	manifest_record r;
	bool seen;                 /* written or confirmed by this build */
};

struct change_list {
	pthread_mutex_t lock;
	char **paths;
	size_t n, cap;
};

struct publisher {
	publish_mode mode;
	char *out;
	char *manifest_path;
	bool manifest_inside;      /* manifest_path is out/.portref-manifest */
	int root;                  /* the output folder */
	int lock;                  /* its lock file */
	bool made_root;            /* this build created the folder */
	const char *const *langs;
	size_t n_langs;
	const bool *selected;
	manifest_record **ports;   /* per site language: N_PORTS records */
	atomic_int *ports_dir;     /* per site language: its ports/ folder, opened
	                            * once (safely) for the port pages, or -1 */
	char **ports_prefix;       /* per site language: "ports/", "fr/ports/" */
	pthread_mutex_t dir_lock;
	manifest_lang *gone;       /* languages the site no longer builds */
	size_t n_gone;
	struct file_record *files;
	size_t n_files, cap_files;
	arena *a;
	value *file_index;         /* path -> index into files */
	int old_manifest;          /* descriptor of the loaded manifest, or -1 */
	pthread_mutex_t mark_lock;
	atomic_bool marked;        /* the manifest is marked stale */
	atomic_bool dirty;         /* a record changed: rewrite the manifest */
	struct change_list written, removed;
	char *written_path, *removed_path;  /* where the lists go, or NULL */
	publish_stats st;
};

/* ---- small pieces ------------------------------------------------------- */

void publish_port_rel(buf *out, const char *tag, bool is_default,
	unsigned port)
{
	if (!is_default) {
		buf_puts(out, tag);
		buf_putc(out, '/');
	}
	page_port_rel(out, port);
	buf_puts(out, PAGE_INDEX);
}

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static bool digest_zero(digest128 d)
{
	return d.lo == 0 && d.hi == 0;
}

static void list_add(struct change_list *l, const char *path)
{
	pthread_mutex_lock(&l->lock);
	l->paths = xgrow(l->paths, &l->cap, l->n + 1, sizeof *l->paths);
	l->paths[l->n++] = xstrdup(path);
	pthread_mutex_unlock(&l->lock);
}

static struct file_record *add_file(publisher *p, const char *path,
	size_t lang)
{
	p->files = xgrow(p->files, &p->cap_files, p->n_files + 1,
		sizeof *p->files);
	struct file_record *f = &p->files[p->n_files];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->lang = lang;
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

/* Creates the folder a file outside the output goes in (a CI cache
 * folder, say); a failure shows when the file is written. */
static void make_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		fsio_mkdirs(dir);
	}
	free(dir);
}

/* ---- the manifest ----------------------------------------------------------- */

/* Loads the manifest's records; false (with st.note saying why, unless it
 * is simply missing) if there is none or it fails a check. */
static bool manifest_load(publisher *p, bool *stale, bool *elsewhere)
{
	int fd = open(p->manifest_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EROFS)
		fd = open(p->manifest_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			snprintf(p->st.note, sizeof p->st.note, "cannot open %s: %s",
				p->manifest_path, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
		(unsigned long long)st.st_size > MAX_MANIFEST) {
		snprintf(p->st.note, sizeof p->st.note, "%s is not a manifest file "
			"portref can read", p->manifest_path);
		close(fd);
		return false;
	}
	size_t len = (size_t)st.st_size;
	unsigned char *data = xmalloc(len ? len : 1);
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(fd, data + got, len - got, (off_t)got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	const char *why = NULL;
	manifest *m = got == len ? manifest_parse(data, len, &why) : NULL;
	free(data);
	if (!m) {
		snprintf(p->st.note, sizeof p->st.note, "ignored %s: %s",
			p->manifest_path, why ? why : "it could not be read");
		close(fd);
		return false;
	}
	*stale = m->stale;
	*elsewhere = m->elsewhere;
	for (size_t i = 0; i < m->n_langs; i++) {
		manifest_lang *l = &m->langs[i];
		int li = lang_of(p, l->tag);
		if (li >= 0) {
			for (size_t k = 0; k < l->n_ports; k++)
				p->ports[li][l->ports[k].port] = l->ports[k].r;
			continue;
		}
		p->gone = xrealloc(p->gone, (p->n_gone + 1) * sizeof *p->gone);
		p->gone[p->n_gone++] = *l;  /* takes tag and ports */
		l->tag = NULL;
		l->ports = NULL;
	}
	for (size_t i = 0; i < m->n_files; i++) {
		manifest_file *mf = &m->files[i];
		int li = mf->tag[0] ? lang_of(p, mf->tag) : -1;
		size_t lang = !mf->tag[0] ? PUBLISH_NEUTRAL : li >= 0 ? (size_t)li :
			GONE;
		struct file_record *f = add_file(p, mf->path, lang);
		f->r = mf->r;
		if (lang == GONE)
			f->gone_tag = xstrdup(mf->tag);
	}
	manifest_free(m);
	p->old_manifest = fd;
	return true;
}

/* Marks the loaded manifest stale, once, before the first write in place:
 * if this build dies without closing, the next one will not trust it. */
static void mark_stale(publisher *p)
{
	if (atomic_load_explicit(&p->marked, memory_order_acquire))
		return;
	pthread_mutex_lock(&p->mark_lock);
	if (!atomic_load_explicit(&p->marked, memory_order_relaxed)) {
		if (p->old_manifest >= 0) {
			char s = 'S';
			if (pwrite(p->old_manifest, &s, 1, MANIFEST_STATE_OFFSET) == 1)
				fdatasync(p->old_manifest);
		}
		atomic_store_explicit(&p->marked, true, memory_order_release);
	}
	pthread_mutex_unlock(&p->mark_lock);
}

static int manifest_save(publisher *p)
{
	manifest m = { .elsewhere = p->mode == PUBLISH_DELTA };
	m.langs = xcalloc(p->n_langs + p->n_gone, sizeof *m.langs);
	for (size_t i = 0; i < p->n_langs; i++) {
		manifest_lang *l = &m.langs[m.n_langs++];
		l->tag = (char *)p->langs[i];
		l->dense = p->ports[i];
	}
	for (size_t i = 0; i < p->n_gone; i++)
		if (p->gone[i].n_ports)  /* removal failed: still on disk */
			m.langs[m.n_langs++] = p->gone[i];
	m.files = xcalloc(p->n_files, sizeof *m.files);
	for (size_t i = 0; i < p->n_files; i++) {
		const struct file_record *f = &p->files[i];
		if (digest_zero(f->r.output))
			continue;
		manifest_file *mf = &m.files[m.n_files++];
		mf->path = f->path;
		mf->tag = (char *)(f->lang == PUBLISH_NEUTRAL ? "" :
			f->lang == GONE ? f->gone_tag : p->langs[f->lang]);
		mf->r = f->r;
	}
	buf b;
	buf_init(&b);
	manifest_serialise(&m, &b);
	int e;
	if (p->manifest_inside) {
		e = fsio_write_at(p->root, PUBLISH_MANIFEST, b.ptr, b.len, true, NULL);
	} else {
		make_parent(p->manifest_path);
		e = fsio_write_atomic(p->manifest_path, b.ptr, b.len);
	}
	free(m.langs);
	free(m.files);
	buf_free(&b);
	return e;
}

/* ---- opening ------------------------------------------------------------ */

/* True if the folder holds anything but portref's own dot files. */
static bool has_site_files(int root)
{
	int fd = openat(root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return true;
	}
	struct dirent *de;
	bool any = false;
	while (!any && (de = readdir(d)))
		any = strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			strncmp(de->d_name, ".portref-", 9) != 0;
	closedir(d);
	return any;
}

static bool take_lock(publisher *p, diags *d)
{
	p->lock = openat(p->root, PUBLISH_LOCK, O_RDWR | O_CREAT | O_NOFOLLOW |
		O_CLOEXEC, 0644);
	if (p->lock < 0) {
		diags_error(d, p->out, 0, 0, "cannot create the lock file %s: %s",
			PUBLISH_LOCK, strerror(errno));
		return false;
	}
	if (flock(p->lock, LOCK_EX | LOCK_NB) != 0) {
		char pid[32] = "";
		ssize_t n = pread(p->lock, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		if (pid[0])
			diags_error(d, p->out, 0, 0, "another portref build (process %s) "
				"is writing to this folder; wait for it to finish", pid);
		else
			diags_error(d, p->out, 0, 0, "another portref build is writing "
				"to this folder; wait for it to finish");
		close(p->lock);
		p->lock = -1;
		return false;
	}
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	/* The pid only improves the message above: a failure does not count. */
	ssize_t w = ftruncate(p->lock, 0) == 0 ?
		pwrite(p->lock, pid, (size_t)n, 0) : -1;
	(void)w;
	return true;
}

publisher *publish_open(const publish_options *o, const char *const *langs,
	size_t n_langs, const bool *selected, diags *d)
{
	publisher *p = xcalloc(1, sizeof *p);
	p->root = p->lock = p->old_manifest = -1;
	p->a = arena_new();
	p->file_index = value_map(p->a);
	pthread_mutex_init(&p->mark_lock, NULL);
	pthread_mutex_init(&p->written.lock, NULL);
	pthread_mutex_init(&p->removed.lock, NULL);
	p->langs = langs;
	p->n_langs = n_langs;
	p->selected = selected;
	p->ports = xcalloc(n_langs, sizeof *p->ports);
	p->ports_dir = xmalloc(n_langs * sizeof *p->ports_dir);
	p->ports_prefix = xcalloc(n_langs, sizeof *p->ports_prefix);
	for (size_t i = 0; i < n_langs; i++) {
		p->ports[i] = xcalloc(N_PORTS, sizeof(manifest_record));
		atomic_init(&p->ports_dir[i], -1);
		buf b;
		buf_init(&b);
		if (i)
			buf_printf(&b, "%s/", langs[i]);
		buf_puts(&b, PAGE_PORTS_DIR);
		p->ports_prefix[i] = buf_detach(&b);
		buf_free(&b);
	}
	pthread_mutex_init(&p->dir_lock, NULL);

	size_t n = strlen(o->out);
	while (n > 1 && o->out[n - 1] == '/')
		n--;
	p->out = xstrndup(o->out, n);
	if (n == 0) {
		diags_error(d, "--out", 0, 0, "the output folder is an empty name");
		goto fail;
	}
	if (mkdir(p->out, 0755) == 0)
		p->made_root = true;
	else if (errno != EEXIST) {
		diags_error(d, p->out, 0, 0, "cannot create the output folder: %s",
			strerror(errno));
		goto fail;
	}
	p->root = open(p->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->root < 0) {
		diags_error(d, p->out, 0, 0, errno == ENOTDIR ? "the output exists "
			"and is not a folder" : "cannot open the output folder: %s",
			strerror(errno));
		goto fail;
	}
	if (!take_lock(p, d))
		goto fail;

	p->manifest_inside = o->manifest == NULL;
	if (o->manifest) {
		p->manifest_path = xstrdup(o->manifest);
	} else {
		size_t len = n + sizeof PUBLISH_MANIFEST + 1;
		p->manifest_path = xmalloc(len);
		snprintf(p->manifest_path, len, "%s/%s", p->out, PUBLISH_MANIFEST);
	}
	p->written_path = o->written ? xstrdup(o->written) : NULL;
	p->removed_path = o->removed ? xstrdup(o->removed) : NULL;
	bool stale = false, elsewhere = false;
	bool loaded = manifest_load(p, &stale, &elsewhere);
	bool files = has_site_files(p->root);
	if (loaded && (elsewhere || !files) && !o->force && !stale)
		p->mode = PUBLISH_DELTA;
	else if (loaded && !o->force && !stale)
		p->mode = PUBLISH_INCREMENTAL;
	else if (files || loaded)
		p->mode = PUBLISH_COMPARE;
	else
		p->mode = PUBLISH_FRESH;
	if (stale && !p->st.note[0])
		snprintf(p->st.note, sizeof p->st.note, "the last build into %s was "
			"stopped while writing; every page is compared with the file "
			"on disk", p->out);
	if (loaded && (stale || o->force) && elsewhere) {
		/* The records describe a remote this folder does not hold: every
		 * page must be written again for the remote to be whole. */
		for (size_t i = 0; i < n_langs; i++)
			memset(p->ports[i], 0, N_PORTS * sizeof(manifest_record));
		for (size_t i = 0; i < p->n_files; i++)
			p->files[i].r.input = 0;
	}
	if (p->mode == PUBLISH_COMPARE)
		for (size_t i = 0; i < n_langs; i++)
			for (unsigned port = 0; port < N_PORTS; port++)
				p->ports[i][port].input = 0;  /* digests are not trusted */
	return p;
fail:
	publish_close(p, PUBLISH_FAILED, NULL, d);
	return NULL;
}

publish_mode publish_get_mode(const publisher *p)
{
	return p->mode;
}

/* ---- writing ------------------------------------------------------------ */

/* True if the file name in dirfd holds exactly the n bytes at data; fills
 * st with its status when it exists. */
static bool same_on_disk(int dirfd, const char *name, const char *data,
	size_t n, struct stat *st)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool same = fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
		(size_t)st->st_size == n;
	char chunk[65536];
	size_t off = 0;
	while (same && off < n) {
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got <= 0 || (size_t)got > n - off ||
			memcmp(chunk, data + off, (size_t)got) != 0)
			same = false;
		else
			off += (size_t)got;
	}
	close(fd);
	return same;
}

/* Puts the n bytes at data at rel as the mode wants: compared first in
 * compare mode or when verify (the file on disk is not what the record
 * says), written whole, never through a link. rel is relative to the
 * output folder; base is the descriptor of its first skip bytes' folder
 * (the output folder itself, or a language's ports/). Fills rec (digest
 * set by the caller) with size and mtime. */
static int put_file(publisher *p, int base, const char *rel, size_t skip,
	const char *data, size_t n, bool verify, manifest_record *rec,
	publish_outcome *outcome)
{
	*outcome = PUBLISH_UNCHANGED;
	const char *tail = rel + skip;  /* rel below the folder base */
	const char *slash = strrchr(tail, '/');
	const char *name = slash ? slash + 1 : tail;
	int dirfd = fsio_dir_beneath(base, tail, slash ? (size_t)(slash - tail) :
		0, true);
	if (dirfd < 0)
		return -dirfd;
	struct stat st;
	int e = 0;
	if (p->mode == PUBLISH_COMPARE || verify) {
		fsio_remove_leftover(dirfd, name);
		if (same_on_disk(dirfd, name, data, n, &st))
			goto done;
	}
	if (p->mode != PUBLISH_FRESH)
		mark_stale(p);
	e = fsio_write_at(dirfd, name, data, n, p->mode != PUBLISH_FRESH, &st);
	if (!e) {
		*outcome = PUBLISH_WRITTEN;
		if (p->written_path || p->removed_path)
			list_add(&p->written, rel);
	}
done:
	if (!e) {
		rec->size = (uint32_t)n;
		rec->mtime = mtime_ns(&st);
	}
	close(dirfd);
	return e;
}

/* The folder that holds language lang's port pages (rel is one of them),
 * opened once, safely, and shared by the workers: each page then costs
 * one folder lookup instead of a walk from the top. Sets *skip to the
 * length of rel's part above it; returns a descriptor or -errno. A rel of
 * another shape is walked from the output folder. */
static int ports_dir(publisher *p, size_t lang, const char *rel, size_t *skip)
{
	const char *prefix = p->ports_prefix[lang];
	size_t n = strlen(prefix);
	if (strncmp(rel, prefix, n) != 0) {
		*skip = 0;
		return p->root;
	}
	*skip = n;
	int fd = atomic_load_explicit(&p->ports_dir[lang], memory_order_acquire);
	if (fd >= 0)
		return fd;
	pthread_mutex_lock(&p->dir_lock);
	fd = atomic_load_explicit(&p->ports_dir[lang], memory_order_relaxed);
	if (fd < 0) {
		fd = fsio_dir_beneath(p->root, prefix, n - 1, true);
		if (fd >= 0)
			atomic_store_explicit(&p->ports_dir[lang], fd,
				memory_order_release);
	}
	pthread_mutex_unlock(&p->dir_lock);
	return fd;
}

/* True if the file at rel (below the folder base) still has the size and
 * mtime recorded. */
static bool still_on_disk(int base, const char *rel, const manifest_record *r)
{
	struct stat st;
	return fstatat(base, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		S_ISREG(st.st_mode) && (uint64_t)st.st_size == r->size &&
		mtime_ns(&st) == r->mtime;
}

bool publish_port_current(publisher *p, size_t lang, unsigned port,
	uint64_t input, const char *rel)
{
	manifest_record *r = &p->ports[lang][port];
	if (r->input != input || digest_zero(r->output))
		return false;
	if (p->mode == PUBLISH_DELTA)
		return true;
	if (p->mode != PUBLISH_INCREMENTAL)
		return false;
	size_t skip;
	int base = ports_dir(p, lang, rel, &skip);
	if (base >= 0 && still_on_disk(base, rel + skip, r))
		return true;
	/* Edited, truncated or deleted by hand: render it and write it. */
	r->output = (digest128){ 0, 0 };
	return false;
}

int publish_port(publisher *p, size_t lang, unsigned port, uint64_t input,
	const char *rel, const char *data, size_t n, publish_outcome *outcome)
{
	manifest_record *r = &p->ports[lang][port];
	digest128 output = digest_output(data, n);
	*outcome = PUBLISH_UNCHANGED;
	if ((p->mode == PUBLISH_INCREMENTAL || p->mode == PUBLISH_DELTA) &&
		digest128_eq(r->output, output)) {
		if (r->input != input) {
			r->input = input;
			atomic_store_explicit(&p->dirty, true, memory_order_relaxed);
		}
		return 0;
	}
	atomic_store_explicit(&p->dirty, true, memory_order_relaxed);
	manifest_record next = { .input = input, .output = output };
	bool verify = p->mode == PUBLISH_INCREMENTAL && digest_zero(r->output);
	size_t skip;
	int base = ports_dir(p, lang, rel, &skip);
	if (base < 0)
		return -base;
	int e = put_file(p, base, rel, skip, data, n, verify, &next, outcome);
	if (e) {
		/* What is on disk is now unknown to us: the old file, or none. */
		r->input = 0;
		return e;
	}
	*r = next;
	return 0;
}

int publish_file(publisher *p, size_t lang, const char *rel,
	const char *data, size_t n, publish_outcome *outcome)
{
	digest128 output = digest_output(data, n);
	struct file_record *f = find_file(p, rel);
	if (!f)
		f = add_file(p, rel, lang);
	if (f->lang != lang) {
		p->dirty = true;
		free(f->gone_tag);
		f->gone_tag = NULL;
	}
	f->lang = lang;
	f->seen = true;
	*outcome = PUBLISH_UNCHANGED;
	bool on_disk = p->mode == PUBLISH_INCREMENTAL &&
		still_on_disk(p->root, rel, &f->r);
	if ((on_disk || p->mode == PUBLISH_DELTA) &&
		digest128_eq(f->r.output, output)) {
		p->st.unchanged++;
		return 0;
	}
	p->dirty = true;
	manifest_record next = { .output = output };
	int e = put_file(p, p->root, rel, 0, data, n, p->mode ==
		PUBLISH_INCREMENTAL && !on_disk, &next, outcome);
	if (e) {
		f->r.output = (digest128){ 0, 0 };
		return e;
	}
	f->r = next;
	if (*outcome == PUBLISH_WRITTEN)
		p->st.written++;
	else
		p->st.unchanged++;
	return 0;
}

/* ---- closing ------------------------------------------------------------ */

static void remove_rel(publisher *p, const char *rel)
{
	int e = fsio_unlink_beneath(p->root, rel);
	if (e == 0 || p->mode == PUBLISH_DELTA)
		p->st.removed++;
	if (e == 0 || e == ENOENT)
		list_add(&p->removed, rel);
	p->dirty = true;
}

static void remove_stale(publisher *p)
{
	for (size_t i = 0; i < p->n_files; i++) {
		struct file_record *f = &p->files[i];
		bool built = f->lang == PUBLISH_NEUTRAL ||
			(f->lang != GONE && p->selected[f->lang]);
		if (f->seen || digest_zero(f->r.output) || (f->lang != GONE && !built))
			continue;
		mark_stale(p);
		remove_rel(p, f->path);
		f->r.output = (digest128){ 0, 0 };
	}
	buf rel;
	buf_init(&rel);
	for (size_t i = 0; i < p->n_gone; i++) {
		/* A language the site dropped: each page it had goes. */
		manifest_lang *l = &p->gone[i];
		for (size_t k = 0; k < l->n_ports; k++) {
			buf_clear(&rel);
			publish_port_rel(&rel, l->tag, strcmp(l->tag, DEFAULT_LANG) == 0,
				l->ports[k].port);
			mark_stale(p);
			remove_rel(p, rel.ptr);
		}
		l->n_ports = 0;
	}
	buf_free(&rel);
}

/* A fresh build found the folder without a site: all in it is its own. */
static void roll_back(publisher *p)
{
	fsio_clear_beneath(p->root);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a change list left by an earlier build that no deploy consumed. */
static size_t read_list(const char *path, char ***out, size_t *cap)
{
	diags d;
	diags_init(&d, 1);
	size_t len = 0, n = 0;
	bool missing;
	char *s = fsio_read_optional(path, MAX_CHANGE_LIST, &len, &missing, &d);
	diags_free(&d);
	for (char *line = s, *end; line && *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (manifest_path_ok(line, (size_t)(end - line))) {
			*out = xgrow(*out, cap, n + 1, sizeof **out);
			(*out)[n++] = xstrndup(line, (size_t)(end - line));
		}
		if (!*end)
			break;
	}
	free(s);
	return n;
}

/* True if path is in the sorted list. */
static bool in_list(char **list, size_t n, const char *path)
{
	return n && bsearch(&path, list, n, sizeof *list, cmp_path) != NULL;
}

/* Sorts and de-duplicates a list in place; returns its new length. */
static size_t sort_unique(char **list, size_t n)
{
	if (n)
		qsort(list, n, sizeof *list, cmp_path);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && strcmp(list[k - 1], list[i]) == 0)
			free(list[i]);
		else
			list[k++] = list[i];
	}
	return k;
}

/* Writes the change lists: what an earlier build listed and no deploy has
 * taken yet, plus this build's changes (a path written now is no longer
 * to be deleted, and the other way round). */
static int save_lists(publisher *p, const char *written_path,
	const char *removed_path)
{
	struct change_list *now[2] = { &p->written, &p->removed };
	const char *paths[2] = { written_path, removed_path };
	char **old[2] = { NULL, NULL };
	size_t n_old[2] = { 0, 0 }, cap[2] = { 0, 0 };
	for (int k = 0; k < 2; k++) {
		now[k]->n = sort_unique(now[k]->paths, now[k]->n);
		if (paths[k])
			n_old[k] = read_list(paths[k], &old[k], &cap[k]);
	}
	int e = 0;
	for (int k = 0; k < 2 && !e; k++) {
		if (!paths[k])
			continue;
		struct change_list *other = now[1 - k];
		buf b;
		buf_init(&b);
		char **all = NULL;
		size_t n = 0, cap_all = 0;
		for (size_t i = 0; i < n_old[k]; i++)
			if (!in_list(other->paths, other->n, old[k][i])) {
				all = xgrow(all, &cap_all, n + 1, sizeof *all);
				all[n++] = old[k][i];
				old[k][i] = NULL;
			}
		for (size_t i = 0; i < now[k]->n; i++) {
			all = xgrow(all, &cap_all, n + 1, sizeof *all);
			all[n++] = xstrdup(now[k]->paths[i]);
		}
		n = sort_unique(all, n);
		make_parent(paths[k]);
		for (size_t i = 0; i < n; i++) {
			buf_puts(&b, all[i]);
			buf_putc(&b, '\n');
			free(all[i]);
		}
		free(all);
		e = fsio_write_atomic(paths[k], b.ptr, b.len);
		buf_free(&b);
	}
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < n_old[k]; i++)
			free(old[k][i]);
		free(old[k]);
	}
	return e;
}

static void free_list(struct change_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	pthread_mutex_destroy(&l->lock);
}

bool publish_close(publisher *p, publish_end end, publish_stats *st,
	diags *d)
{
	bool ok = end == PUBLISH_OK, result = ok;
	if (p->root >= 0 && p->lock >= 0) {
		if (ok && p->mode != PUBLISH_FRESH)
			remove_stale(p);
		bool fresh_failed = p->mode == PUBLISH_FRESH && end == PUBLISH_FAILED;
		if (fresh_failed) {
			roll_back(p);
		} else if (p->mode != PUBLISH_INCREMENTAL || p->dirty ||
			atomic_load(&p->marked)) {
			int e = manifest_save(p);
			if (e) {
				diags_error(d, p->manifest_path, 0, 0, "cannot write the "
					"manifest: %s", strerror(e));
				result = false;
				/* A stale manifest would be trusted; none is safe. */
				if (p->manifest_inside)
					unlinkat(p->root, PUBLISH_MANIFEST, 0);
				else
					unlink(p->manifest_path);
			}
		}
		if (!fresh_failed && (p->written_path || p->removed_path)) {
			int e = save_lists(p, p->written_path, p->removed_path);
			if (e) {
				diags_error(d, p->written_path ? p->written_path :
					p->removed_path, 0, 0,
					"cannot write the change list: %s", strerror(e));
				result = false;
			}
		}
	}
	if (st) {
		*st = p->st;
		for (size_t i = 0; i < p->n_langs; i++)
			for (unsigned port = 0; port < N_PORTS; port++)
				if (!digest_zero(p->ports[i][port].output)) {
					st->site_files++;
					st->site_bytes += p->ports[i][port].size;
				}
		for (size_t i = 0; i < p->n_files; i++)
			if (!digest_zero(p->files[i].r.output)) {
				st->site_files++;
				st->site_bytes += p->files[i].r.size;
			}
	}
	if (p->lock >= 0) {
		unlinkat(p->root, PUBLISH_LOCK, 0);
		close(p->lock);
	}
	for (size_t i = 0; i < p->n_langs; i++) {
		if (p->ports_dir[i] >= 0)
			close(p->ports_dir[i]);
		free(p->ports_prefix[i]);
	}
	free(p->ports_dir);
	free(p->ports_prefix);
	pthread_mutex_destroy(&p->dir_lock);
	if (p->old_manifest >= 0)
		close(p->old_manifest);
	if (p->root >= 0)
		close(p->root);
	if (p->made_root && !result)
		rmdir(p->out);  /* only if nothing is left in it */
	for (size_t i = 0; i < p->n_langs; i++)
		free(p->ports[i]);
	free(p->ports);
	for (size_t i = 0; i < p->n_files; i++) {
		free(p->files[i].path);
		free(p->files[i].gone_tag);
	}
	free(p->files);
	for (size_t i = 0; i < p->n_gone; i++) {
		free(p->gone[i].tag);
		free(p->gone[i].ports);
	}
	free(p->gone);
	free_list(&p->written);
	free_list(&p->removed);
	pthread_mutex_destroy(&p->mark_lock);
	arena_free(p->a);
	free(p->manifest_path);
	free(p->written_path);
	free(p->removed_path);
	free(p->out);
	free(p);
	return result;
}

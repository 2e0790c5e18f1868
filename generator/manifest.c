/*
 * manifest: reads and writes the build record described in manifest.h.
 * The reader is a parser of untrusted bytes: every count is checked
 * against what is left, every string against its rules, before anything
 * is allocated from it.
 */
#include "manifest.h"

#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY  /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "ports.h"
#include "xalloc.h"

#define MAGIC "portref-manifest 2\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
#define RECORD_BYTES (16 + 4 + 8)     /* output digest, size, mtime */

/* XXH3-64 of the n bytes at p, leaving out the state byte, which a build
 * flips in place to mark the manifest stale. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
	XXH3_state_t st;
	XXH3_INITSTATE(&st);
	XXH3_64bits_reset(&st);
	XXH3_64bits_update(&st, p, MANIFEST_STATE_OFFSET);
	XXH3_64bits_update(&st, p + MANIFEST_STATE_OFFSET + 1,
		n - MANIFEST_STATE_OFFSET - 1);
	return XXH3_64bits_digest(&st);
}

bool manifest_path_ok(const char *path, size_t n)
{
	if (n == 0 || n > MANIFEST_PATH_MAX)
		return false;
	if (n >= 8 && memcmp(path, ".portref", 8) == 0)
		return false;
	size_t seg = 0;                   /* length of the current segment */
	for (size_t i = 0; i <= n; i++) {
		if (i == n || path[i] == '/') {
			const char *s = path + i - seg;
			if (seg == 0 || (seg == 1 && s[0] == '.') ||
				(seg == 2 && s[0] == '.' && s[1] == '.'))
				return false;
			seg = 0;
			continue;
		}
		unsigned char c = (unsigned char)path[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
		seg++;
	}
	return true;
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

bool manifest_tag_ok(const char *tag, size_t n)
{
	if (n < 2 || n > MANIFEST_TAG_MAX)
		return false;
	size_t i = 0;
	while (i < n && is_alpha((unsigned char)tag[i]))
		i++;
	if (i < 2 || i > 8)
		return false;
	while (i < n) {
		if (tag[i] != '-')
			return false;
		size_t start = ++i;
		while (i < n && (is_alpha((unsigned char)tag[i]) ||
			is_digit((unsigned char)tag[i])))
			i++;
		if (i - start < 1 || i - start > 8)
			return false;
	}
	return true;
}

/* ---- reading ------------------------------------------------------------ */

struct reader {
	const unsigned char *p, *end;
	const char *why;
};

static bool need(struct reader *r, size_t n)
{
	if (r->why)
		return false;
	if ((size_t)(r->end - r->p) < n) {
		r->why = "it is truncated";
		return false;
	}
	return true;
}

static uint64_t get_le(struct reader *r, size_t n)
{
	if (!need(r, n))
		return 0;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

static void get_record(struct reader *r, manifest_record *rec)
{
	rec->output.lo = get_le(r, 8);
	rec->output.hi = get_le(r, 8);
	rec->size = (uint32_t)get_le(r, 4);
	rec->mtime = (int64_t)get_le(r, 8);
	if (!r->why && rec->output.lo == 0 && rec->output.hi == 0)
		r->why = "it records a file with no digest";
}

/* A string of n bytes checked by ok; a new copy, or NULL with r->why. */
static char *get_string(struct reader *r, size_t n,
	bool (*ok)(const char *, size_t), const char *bad)
{
	if (!need(r, n))
		return NULL;
	if (!ok((const char *)r->p, n)) {
		r->why = bad;
		return NULL;
	}
	char *s = xstrndup((const char *)r->p, n);
	r->p += n;
	return s;
}

static bool empty_ok(const char *s, size_t n)
{
	return n == 0 || manifest_tag_ok(s, n);
}

static int cmp_file_path(const void *a, const void *b)
{
	return strcmp(((const manifest_file *)a)->path,
		((const manifest_file *)b)->path);
}

uint64_t manifest_checksum(const unsigned char *data, size_t n)
{
	return checksum(data, n - 8);
}

manifest *manifest_parse(const unsigned char *data, size_t n,
	const char **why)
{
	*why = NULL;
	if (n < MAGIC_LEN + 2 + 8 || memcmp(data, MAGIC, MAGIC_LEN) != 0) {
		*why = n >= 17 && memcmp(data, "portref-manifest ", 17) == 0 ?
			"it was written by another version of portref" :
			"it is not a portref manifest";
		return NULL;
	}
	uint64_t sum = checksum(data, n - 8);
	struct reader tail = { data + n - 8, data + n, NULL };
	if (get_le(&tail, 8) != sum) {
		*why = "its checksum does not match (it is damaged or truncated)";
		return NULL;
	}

	struct reader r = { data + MAGIC_LEN, data + n - 8, NULL };
	manifest *m = xcalloc(1, sizeof *m);
	unsigned char state = (unsigned char)get_le(&r, 1);
	unsigned char where = (unsigned char)get_le(&r, 1);
	if (!r.why && ((state != 'C' && state != 'S') ||
		(where != 'D' && where != 'E')))
		r.why = "its header is malformed";
	m->stale = state == 'S';
	m->elsewhere = where == 'E';

	uint32_t n_langs = (uint32_t)get_le(&r, 4);
	if (!r.why && n_langs > MANIFEST_LANGS_MAX)
		r.why = "it lists too many languages";
	if (!r.why)
		m->langs = xcalloc(n_langs ? n_langs : 1, sizeof *m->langs);
	for (uint32_t i = 0; i < n_langs && !r.why; i++) {
		manifest_lang *l = &m->langs[m->n_langs];
		size_t tl = (size_t)get_le(&r, 1);
		l->tag = get_string(&r, tl, manifest_tag_ok,
			"it names a language that is not a language tag");
		if (!l->tag)
			break;
		m->n_langs++;
		for (size_t k = 0; k + 1 < m->n_langs; k++)
			if (strcmp(m->langs[k].tag, l->tag) == 0)
				r.why = "it lists a language twice";
		uint32_t count = (uint32_t)get_le(&r, 4);
		if (!r.why && count > PORT_MAX + 1)
			r.why = "it lists more than 65,536 ports for a language";
		if (!need(&r, (size_t)count * (2 + 8 + RECORD_BYTES)))
			break;
		l->ports = xcalloc(count ? count : 1, sizeof *l->ports);
		for (uint32_t k = 0; k < count && !r.why; k++) {
			manifest_port *p = &l->ports[k];
			p->port = (unsigned)get_le(&r, 2);
			p->r.input = get_le(&r, 8);
			get_record(&r, &p->r);
			if (k > 0 && p->port <= l->ports[k - 1].port)
				r.why = "its ports are out of order";
			l->n_ports = k + 1;
		}
	}

	uint32_t n_files = (uint32_t)get_le(&r, 4);
	if (!r.why && n_files > MANIFEST_FILES_MAX)
		r.why = "it lists too many files";
	if (need(&r, (size_t)n_files * (2 + 1 + RECORD_BYTES)))
		m->files = xcalloc(n_files ? n_files : 1, sizeof *m->files);
	for (uint32_t i = 0; i < n_files && !r.why; i++) {
		manifest_file *f = &m->files[m->n_files];
		size_t pl = (size_t)get_le(&r, 2);
		f->path = get_string(&r, pl, manifest_path_ok,
			"it names a path outside the output folder or with odd "
			"characters");
		if (!f->path)
			break;
		m->n_files++;
		size_t tl = (size_t)get_le(&r, 1);
		f->tag = get_string(&r, tl, empty_ok,
			"it names a language that is not a language tag");
		if (!f->tag) {
			f->tag = xstrdup("");
			break;
		}
		get_record(&r, &f->r);
	}
	if (!r.why && r.p != r.end)
		r.why = "it has bytes after its last record";
	if (!r.why && m->n_files > 1) {
		manifest_file *sorted = xmalloc(m->n_files * sizeof *sorted);
		memcpy(sorted, m->files, m->n_files * sizeof *sorted);
		qsort(sorted, m->n_files, sizeof *sorted, cmp_file_path);
		for (size_t i = 1; i < m->n_files && !r.why; i++)
			if (strcmp(sorted[i - 1].path, sorted[i].path) == 0)
				r.why = "it lists a file twice";
		free(sorted);
	}
	if (r.why) {
		*why = r.why;
		manifest_free(m);
		return NULL;
	}
	return m;
}

void manifest_free(manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_langs; i++) {
		free(m->langs[i].tag);
		free(m->langs[i].ports);
	}
	free(m->langs);
	for (size_t i = 0; i < m->n_files; i++) {
		free(m->files[i].path);
		free(m->files[i].tag);
	}
	free(m->files);
	free(m);
}

/* ---- writing ------------------------------------------------------------ */

static void put_le(buf *b, uint64_t v, size_t n)
{
	unsigned char bytes[8];
	for (size_t i = 0; i < n; i++)
		bytes[i] = (unsigned char)(v >> (8 * i));
	buf_put(b, (const char *)bytes, n);
}

static void put_record(buf *b, const manifest_record *r)
{
	put_le(b, r->output.lo, 8);
	put_le(b, r->output.hi, 8);
	put_le(b, r->size, 4);
	put_le(b, (uint64_t)r->mtime, 8);
}

void manifest_serialise(const manifest *m, buf *out)
{
	size_t start = out->len;
	buf_puts(out, MAGIC);
	buf_putc(out, m->stale ? 'S' : 'C');
	buf_putc(out, m->elsewhere ? 'E' : 'D');
	put_le(out, m->n_langs, 4);
	for (size_t i = 0; i < m->n_langs; i++) {
		const manifest_lang *l = &m->langs[i];
		put_le(out, strlen(l->tag), 1);
		buf_puts(out, l->tag);
		if (l->dense) {
			size_t count_at = out->len, count = 0;
			put_le(out, 0, 4);
			for (unsigned port = 0; port <= PORT_MAX; port++) {
				const manifest_record *r = &l->dense[port];
				if (!r->output.lo && !r->output.hi)
					continue;
				put_le(out, port, 2);
				put_le(out, r->input, 8);
				put_record(out, r);
				count++;
			}
			for (size_t b = 0; b < 4; b++)
				out->ptr[count_at + b] = (char)(count >> (8 * b));
			continue;
		}
		put_le(out, l->n_ports, 4);
		for (size_t k = 0; k < l->n_ports; k++) {
			put_le(out, l->ports[k].port, 2);
			put_le(out, l->ports[k].r.input, 8);
			put_record(out, &l->ports[k].r);
		}
	}
	put_le(out, m->n_files, 4);
	for (size_t i = 0; i < m->n_files; i++) {
		const manifest_file *f = &m->files[i];
		put_le(out, strlen(f->path), 2);
		buf_puts(out, f->path);
		put_le(out, strlen(f->tag), 1);
		buf_puts(out, f->tag);
		put_record(out, &f->r);
	}
	put_le(out, checksum((const unsigned char *)out->ptr + start,
		out->len - start), 8);
}

/*
 * mkmanifest: writes a manifest with whatever paths and tags it is given,
 * unchecked, with a valid checksum, so the safety suite can hand a build
 * the hostile manifests a restored cache or an unpacked archive could hold.
 *
 *   mkmanifest FILE [--stale] [--elsewhere] [--lang TAG [PORT...]]...
 *              [--file PATH TAG]...
 *
 * Every record gets the same made-up digests, size and mtime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsio.h"
#include "manifest.h"
#include "xalloc.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mkmanifest FILE [--stale] [--elsewhere] "
			"[--lang TAG [PORT...]]... [--file PATH TAG]...\n");
		return 2;
	}
	manifest m = { 0 };
	m.langs = xcalloc((size_t)argc, sizeof *m.langs);
	m.files = xcalloc((size_t)argc, sizeof *m.files);
	const manifest_record rec = { 1, { 1, 1 }, 1, 1 };
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--stale") == 0) {
			m.stale = true;
		} else if (strcmp(argv[i], "--elsewhere") == 0) {
			m.elsewhere = true;
		} else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			manifest_lang *l = &m.langs[m.n_langs++];
			l->tag = argv[++i];
			l->ports = xcalloc((size_t)argc, sizeof *l->ports);
			while (i + 1 < argc && argv[i + 1][0] != '-') {
				l->ports[l->n_ports].port = (unsigned)atoi(argv[++i]);
				l->ports[l->n_ports++].r = rec;
			}
		} else if (strcmp(argv[i], "--file") == 0 && i + 2 < argc) {
			manifest_file *f = &m.files[m.n_files++];
			f->path = argv[++i];
			f->tag = argv[++i];
			f->r = rec;
		} else {
			fprintf(stderr, "mkmanifest: bad argument '%s'\n", argv[i]);
			return 2;
		}
	}
	buf b;
	buf_init(&b);
	manifest_serialise(&m, &b);
	int e = fsio_write_atomic(argv[1], b.ptr, b.len);
	if (e)
		fprintf(stderr, "mkmanifest: %s: %s\n", argv[1], strerror(e));
	for (size_t i = 0; i < m.n_langs; i++)
		free(m.langs[i].ports);
	free(m.langs);
	free(m.files);
	buf_free(&b);
	return e ? 1 : 0;
}

/*
 * publish: the last stage. Writes pages into the output folder so that no
 * reader and no later build ever sees a truncated file, leaves files whose
 * bytes did not change alone (mtime kept), and removes what the site no
 * longer has.
 *
 * Three modes, chosen by publish_open:
 *   fresh        the folder is missing or empty: everything is written into
 *                a staging folder beside it, renamed into place at the end;
 *   incremental  the folder has a manifest from an earlier build: a page
 *                whose inputs have the digest recorded there is skipped
 *                without being rendered; a page whose rendered bytes have
 *                the recorded digest is not written; others are written to
 *                a temporary name and renamed over the old file;
 *   compare      the folder has files but no usable manifest: each page is
 *                compared with the file on disk before writing.
 * The manifest (.portref-manifest) records, per language and port, the
 * digest of a port page's inputs and of its bytes, and for every other file
 * its path and the digest of its bytes.
 */
#ifndef PORTREF_PUBLISH_H
#define PORTREF_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define PUBLISH_MANIFEST ".portref-manifest"
#define PUBLISH_NEUTRAL ((size_t)-1)  /* a file of no language */

typedef enum { PUBLISH_FRESH, PUBLISH_INCREMENTAL, PUBLISH_COMPARE } publish_mode;

typedef enum { PUBLISH_WRITTEN, PUBLISH_UNCHANGED } publish_outcome;

typedef struct publish_stats {
	size_t written, unchanged, removed;
} publish_stats;

typedef struct publisher publisher;

/* Opens out for a build of the site languages langs[0..n) (default
 * first), of which selected[i] says which this build writes. force ignores
 * any manifest (compare mode). Returns NULL after appending an error. */
publisher *publish_open(const char *out, const char *const *langs,
	size_t n_langs, const bool *selected, bool force, diags *d);

/* The mode publish_open chose. */
publish_mode publish_get_mode(const publisher *p);

/* True if port's page in language lang was last built from inputs with
 * this digest (and so need not be rendered). */
bool publish_port_current(const publisher *p, size_t lang, unsigned port,
	uint64_t input);

/* Publishes a port page's n bytes at rel (relative to the output folder)
 * and records its digests. Many threads may call this at once for
 * different (lang, port). Returns 0 or an errno. */
int publish_port(publisher *p, size_t lang, unsigned port, uint64_t input,
	const char *rel, const char *data, size_t n, publish_outcome *outcome);

/* Publishes any other file (lang is a site language index or
 * PUBLISH_NEUTRAL). Not thread-safe. Returns 0 or an errno. */
int publish_file(publisher *p, size_t lang, const char *rel,
	const char *data, size_t n, publish_outcome *outcome);

/* Creates the folder rel (and its parents) in the output. Returns 0 or
 * an errno. */
int publish_mkdir(publisher *p, const char *rel);

/* Finishes the build. When ok, removes files the site no longer has and,
 * in fresh mode, moves the staging folder into place; when not, a fresh
 * build's staging folder is removed and the output left as it was. The
 * manifest is written in both cases to match what is on disk. Fills st
 * (counts of other files and removals; the caller adds port pages) and
 * frees p. Returns false after appending an error. */
bool publish_close(publisher *p, bool ok, publish_stats *st, diags *d);

#endif

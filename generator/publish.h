/*
 * publish: the last stage. Writes pages into the output folder so that no
 * reader and no later build ever sees a truncated file, leaves files whose
 * bytes did not change alone (mtime kept), removes what the site no longer
 * has, and says what it wrote and removed so a deploy can move just that.
 *
 * Safety: the output folder is opened once; every path below it is walked
 * one folder at a time without following symbolic links, and every path
 * and language tag read from a manifest is checked first (manifest.h), so
 * a build never writes, follows or deletes anything outside the folder.
 * A lock file stops a second build into the same folder.
 *
 * Four modes, chosen by publish_open:
 *   fresh        no usable manifest and no site in the folder (missing or
 *                empty, which is then filled in place, keeping its mode,
 *                group and ACLs): every file is written;
 *   incremental  a manifest from an earlier build whose files are in the
 *                folder: a page whose inputs have the recorded digest is
 *                not rendered (unless its size or mtime on disk changed);
 *                a page whose bytes have the recorded digest is not
 *                written; others are written to a temporary name and
 *                renamed over the old file;
 *   delta        a manifest but none of its files (CI restores only the
 *                manifest; the site lives on a remote): as incremental,
 *                without looking at the disk; the folder receives only
 *                what changed, and the change lists say what to upload
 *                and delete;
 *   compare      files but no usable manifest, a stale one (a build was
 *                killed while writing), or --force: each page is compared
 *                with the file on disk before writing.
 * Before its first write a build marks the manifest stale; it writes the
 * manifest whole when it closes, whether it succeeded, failed or was
 * interrupted, so the next plain build always ends where a clean build
 * would.
 */
#ifndef PORTREF_PUBLISH_H
#define PORTREF_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

#define PUBLISH_MANIFEST ".portref-manifest"  /* default, in the output */
#define PUBLISH_LOCK ".portref-lock"
#define PUBLISH_NEUTRAL ((size_t)-1)  /* a file of no language */

typedef enum {
	PUBLISH_FRESH, PUBLISH_INCREMENTAL, PUBLISH_COMPARE, PUBLISH_DELTA
} publish_mode;

typedef enum { PUBLISH_WRITTEN, PUBLISH_UNCHANGED } publish_outcome;

typedef enum {
	PUBLISH_OK,               /* every page was published */
	PUBLISH_FAILED,           /* a write failed (a full disk) */
	PUBLISH_INTERRUPTED       /* SIGINT or SIGTERM: keep what was written */
} publish_end;

typedef struct publish_options {
	const char *out;          /* the output folder */
	const char *manifest;     /* NULL: out/.portref-manifest */
	const char *written;      /* change lists (NULL: none): paths written */
	const char *removed;      /* and removed, relative to out, one a line */
	bool force;               /* ignore the manifest's digests */
} publish_options;

typedef struct publish_stats {
	size_t written, unchanged, removed;  /* other files; removals of all */
	size_t site_files;        /* files the whole site has (manifest) */
	uint64_t site_bytes;      /* and their bytes */
	char note[256];           /* why a manifest was not used, or "" */
} publish_stats;

typedef struct publisher publisher;

/* Opens o->out for a build of the site languages langs[0..n) (default
 * first), of which selected[i] says which this build writes. Returns NULL
 * after appending an error (another build holds the lock, the folder
 * cannot be made, a link where a folder should be). */
publisher *publish_open(const publish_options *o, const char *const *langs,
	size_t n_langs, const bool *selected, diags *d);

/* The mode publish_open chose. */
publish_mode publish_get_mode(const publisher *p);

/* Appends the path of port's page in the language tagged tag (relative to
 * the output folder) to out. The one place that formula lives. */
void publish_port_rel(buf *out, const char *tag, bool is_default,
	unsigned port);

/* True if port's page in language lang, at rel, was last built from
 * inputs with this digest and is still on disk as it was written (and so
 * need not be rendered). Many threads may call this at once. */
bool publish_port_current(publisher *p, size_t lang, unsigned port,
	uint64_t input, const char *rel);

/* Publishes a port page's n bytes at rel (relative to the output folder)
 * and records its digests. Many threads may call this at once for
 * different (lang, port). Returns 0 or an errno (ELOOP: a symbolic link
 * where a folder should be). */
int publish_port(publisher *p, size_t lang, unsigned port, uint64_t input,
	const char *rel, const char *data, size_t n, publish_outcome *outcome);

/* Publishes any other file (lang is a site language index or
 * PUBLISH_NEUTRAL). Not thread-safe. Returns 0 or an errno. */
int publish_file(publisher *p, size_t lang, const char *rel,
	const char *data, size_t n, publish_outcome *outcome);

/* Finishes the build. When it went well, removes the files the site no
 * longer has. When a fresh build failed, what it wrote is removed again
 * and the folder left as it was; in every other case (success, failure,
 * interruption) the manifest is written to match what is on disk and the
 * change lists are updated. Fills st (may be NULL) and frees p. Returns
 * false unless end is PUBLISH_OK and all of that worked. */
bool publish_close(publisher *p, publish_end end, publish_stats *st,
	diags *d);

#endif

/*
 * manifest: the build's record of what the published site holds.
 *
 * For every port page (per language) the digest of what it was made from
 * and, for every file, the digest of its bytes, its size and its mtime.
 * The manifest is read back by the next build, possibly after a CI cache
 * or an archive carried it from elsewhere, so nothing in it is trusted:
 * manifest_parse checks every field (paths relative, no "." or ".."
 * segment, no empty segment, only the characters the site uses; language
 * tags shaped as BCP 47; ports in order; a checksum over the whole) and
 * refuses the file whole if anything is off.
 *
 * The format is binary and little-endian, written and read only here:
 *
 *   "portref-manifest 2\n"  magic (19 bytes)
 *   state                   'C' complete, 'S' stale (a build was writing)
 *   where                   'D' the files are in the output folder,
 *                           'E' they were deployed elsewhere (the output
 *                           folder only holds what the last build changed)
 *   u32 languages, then per language: u8 tag length, tag,
 *       u32 records, then per record: u16 port, u64 input digest,
 *       16-byte output digest, u32 size, i64 mtime (ns)
 *   u32 files, then per file: u16 path length, path, u8 tag length, tag
 *       ("" for a file of no language), 16-byte output digest, u32 size,
 *       i64 mtime (ns)
 *   u64 XXH3-64 of everything above except the state byte
 */
#ifndef PORTREF_MANIFEST_H
#define PORTREF_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "digest.h"

#define MANIFEST_STATE_OFFSET 19   /* where the state byte is */
#define MANIFEST_PATH_MAX 1024     /* longest path a manifest may name */
#define MANIFEST_TAG_MAX 35        /* longest language tag */
#define MANIFEST_LANGS_MAX 256
/* The most files a manifest may list. Port pages are records, not files;
 * a language has a few hundred other files, so 16 Mi is far above any
 * site, and a count past it is a damaged manifest, refused before the
 * count is multiplied by a record's size. */
#define MANIFEST_FILES_MAX (1u << 24)

typedef struct manifest_record {
	uint64_t input;          /* 0: never built */
	digest128 output;        /* zero: no file */
	uint32_t size;
	int64_t mtime;           /* ns since the epoch, as the file system said */
} manifest_record;

typedef struct manifest_port {
	unsigned port;
	manifest_record r;
} manifest_port;

typedef struct manifest_lang {
	char *tag;
	manifest_port *ports;    /* in increasing port order */
	size_t n_ports;
	/* For writing only, instead of ports: a record for every port 0-65535,
	 * of which those with an output digest are written (a build's own
	 * table, serialised without a copy). */
	const manifest_record *dense;
} manifest_lang;

typedef struct manifest_file {
	char *path;
	char *tag;               /* "" for a file of no language */
	manifest_record r;       /* input unused */
} manifest_file;

typedef struct manifest {
	bool stale;              /* a build was interrupted while writing */
	bool elsewhere;          /* the site lives on a remote, not in the folder */
	manifest_lang *langs;
	size_t n_langs;
	manifest_file *files;
	size_t n_files;
} manifest;

/* Parses the n bytes at data. Returns a new manifest the caller frees with
 * manifest_free, or NULL with a short reason in why (a static string) if
 * anything in it is malformed or unsafe. */
manifest *manifest_parse(const unsigned char *data, size_t n,
	const char **why);

/* The checksum that the last 8 bytes of a manifest of n bytes (n > 28)
 * hold, little-endian: XXH3-64 of data[0..n-8) without the state byte.
 * For tools and fuzzers that make manifests by hand. */
uint64_t manifest_checksum(const unsigned char *data, size_t n);

/* Frees m. NULL is allowed. */
void manifest_free(manifest *m);

/* Appends the serialised m to out. */
void manifest_serialise(const manifest *m, buf *out);

/* True if path is safe to name inside the output folder: relative, made of
 * non-empty segments of [A-Za-z0-9._-] other than "." and "..", not
 * starting with ".portref", at most MANIFEST_PATH_MAX bytes. */
bool manifest_path_ok(const char *path, size_t n);

/* True if tag has the shape of a BCP 47 tag: [A-Za-z]{2,8} followed by
 * subtags of 1-8 letters or digits, each after a '-'. */
bool manifest_tag_ok(const char *tag, size_t n);

#endif

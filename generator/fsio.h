/*
 * fsio: the file system operations every stage shares.
 *
 * Reading a whole input, creating folders, and writing an output file whole:
 * to a temporary name in the same folder, then renamed over the target, so
 * no reader ever sees a truncated file.
 */
#ifndef PORTREF_FSIO_H
#define PORTREF_FSIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"

/* Reads the whole file at path into a new NUL-terminated buffer the caller
 * frees. Files larger than max bytes are refused. On failure appends an
 * error naming path and returns NULL. */
char *fsio_read(const char *path, size_t max, size_t *len, diags *d);

/* As fsio_read, but a missing file is not an error: returns NULL and sets
 * *missing. */
char *fsio_read_optional(const char *path, size_t max, size_t *len,
	bool *missing, diags *d);

/* The names in folder dir that do not start with '.', sorted (strcmp),
 * as a new array the caller frees; the names are owned by a. Returns how
 * many; 0 (and *names NULL) for an empty or unreadable folder. */
size_t fsio_list(const char *dir, arena *a, const char ***names);

/* Creates path and every missing parent folder. Returns 0 or an errno. */
int fsio_mkdirs(const char *path);

/* Writes the n bytes at data to path whole: a temporary file beside it,
 * fsync-free, renamed over path. Returns 0 or an errno; on failure path is
 * untouched and the temporary file removed. */
int fsio_write_atomic(const char *path, const char *data, size_t n);

/* ---- below a folder, never through a link ----------------------------
 * These take a folder's descriptor and a relative path, walk the path one
 * segment at a time with O_NOFOLLOW, and so never leave that folder: a
 * symbolic link where a folder should be fails with ELOOP (or ENOTDIR). */

/* Opens the folder at the first n bytes of rel below root (n == 0: root
 * itself), creating missing folders when create. Returns a descriptor
 * (>= 0) the caller closes, or -errno. */
int fsio_dir_beneath(int root, const char *rel, size_t n, bool create);

/* Writes the n bytes at data to name in the folder dirfd. With atomic, to
 * the temporary name FSIO_TMP_PREFIX name FSIO_TMP_SUFFIX first (the same
 * for every build, so a killed build's leftover is reused), then renamed
 * over name. Never follows a link at name. Fills *st (size, mtime) of the
 * file written when st is not NULL. Returns 0 or an errno; on failure no
 * temporary file is left and name is as it was (atomic) or removed. */
int fsio_write_at(int dirfd, const char *name, const char *data, size_t n,
	bool atomic, struct stat *st);

#define FSIO_TMP_PREFIX "."
#define FSIO_TMP_SUFFIX ".portref-tmp"

/* Removes the file rel below root, then each folder above it that became
 * empty (never root). Returns 0, or an errno (ENOENT: it was not there). */
int fsio_unlink_beneath(int root, const char *rel);

/* Removes everything below the folder root (not root itself), never
 * following a link: a link is removed, not what it points to. Returns 0
 * or the first errno. */
int fsio_clear_beneath(int root);

/* Removes a leftover temporary file of name in dirfd, if there is one. */
void fsio_remove_leftover(int dirfd, const char *name);

/* True if path names an existing folder. */
bool fsio_is_dir(const char *path);

#endif

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

#include "diag.h"

/* Reads the whole file at path into a new NUL-terminated buffer the caller
 * frees. Files larger than max bytes are refused. On failure appends an
 * error naming path and returns NULL. */
char *fsio_read(const char *path, size_t max, size_t *len, diags *d);

/* As fsio_read, but a missing file is not an error: returns NULL and sets
 * *missing. */
char *fsio_read_optional(const char *path, size_t max, size_t *len,
	bool *missing, diags *d);

/* Creates path and every missing parent folder. Returns 0 or an errno. */
int fsio_mkdirs(const char *path);

/* Writes the n bytes at data to path whole: a temporary file beside it,
 * fsync-free, renamed over path. Returns 0 or an errno; on failure path is
 * untouched and the temporary file removed. */
int fsio_write_atomic(const char *path, const char *data, size_t n);

/* Writes the n bytes at data to a new file at path (which must not be read
 * by anyone until the caller publishes its folder). Returns 0 or an errno;
 * a partial file is removed. */
int fsio_write_new(const char *path, const char *data, size_t n);

/* True if path names an existing folder. */
bool fsio_is_dir(const char *path);

/* Removes path and everything below it. Returns 0 or an errno. */
int fsio_remove_tree(const char *path);

#endif

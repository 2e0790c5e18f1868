/*
 * xalloc: the one place where running out of memory is decided.
 *
 * Every allocation in portref goes through these wrappers. On failure they
 * print one line to stderr and abort, so no call site checks for NULL.
 */
#ifndef PORTREF_XALLOC_H
#define PORTREF_XALLOC_H

#include <stddef.h>

/* Like malloc, but never returns NULL. */
void *xmalloc(size_t size);

/* Like calloc (n * size is checked for overflow), but never returns NULL. */
void *xcalloc(size_t n, size_t size);

/* Like realloc, but never returns NULL. */
void *xrealloc(void *ptr, size_t size);

/* Grows an array of n elements of size bytes to at least need elements,
 * doubling; *cap is updated. Returns the (possibly moved) array. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t size);

/* Returns a new NUL-terminated copy of s; the caller frees it. */
char *xstrdup(const char *s);

/* Returns a new NUL-terminated copy of the n bytes at s; the caller frees it. */
char *xstrndup(const char *s, size_t n);

#endif

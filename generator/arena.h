/*
 * arena: bump allocation for trees that die together.
 *
 * A loaded YAML document, a page's context tree and a compiled template
 * each live in one arena and are released at once. Resetting keeps the
 * first block, so a worker that builds one context per page allocates
 * from the system only while its largest page grows.
 */
#ifndef PORTREF_ARENA_H
#define PORTREF_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* Returns a new, empty arena; free it with arena_free. */
arena *arena_new(void);

/* Frees a and everything allocated in it. NULL is allowed. */
void arena_free(arena *a);

/* Forgets everything allocated in a, keeping one block for reuse. */
void arena_reset(arena *a);

/* Returns size bytes aligned for any type, valid until a is reset or freed. */
void *arena_alloc(arena *a, size_t size);

/* As arena_alloc, zero-filled. */
void *arena_zalloc(arena *a, size_t size);

/* Returns a NUL-terminated copy of the n bytes at s, owned by a. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Returns a NUL-terminated copy of s, owned by a. */
char *arena_strdup(arena *a, const char *s);

/* Returns the concatenation of the strings given, owned by a. Cheaper
 * than arena_printf on hot paths. The macro adds the typed terminator. */
char *arena_cat_list(arena *a, const char *first, ...);
#define arena_cat(a, ...) arena_cat_list(a, __VA_ARGS__, (const char *)0)

/* Returns a formatted string owned by a, as printf. */
char *arena_printf(arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

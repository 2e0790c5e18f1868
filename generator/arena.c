/*
 * arena: a list of blocks, allocated from front to back.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

struct block {
	struct block *next;
	size_t size;
	size_t used;
	_Alignas(ALIGN) unsigned char data[];
};

struct arena {
	struct block *head;
};

static struct block *block_new(size_t need)
{
	size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;
	struct block *b = xmalloc(sizeof *b + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

arena *arena_new(void)
{
	arena *a = xmalloc(sizeof *a);
	a->head = block_new(BLOCK_SIZE);
	return a;
}

void arena_free(arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void arena_reset(arena *a)
{
	/* Keep the largest block: the next page is probably as big. */
	struct block *keep = a->head, *b = a->head;
	while (b) {
		if (b->size > keep->size)
			keep = b;
		b = b->next;
	}
	b = a->head;
	while (b) {
		struct block *next = b->next;
		if (b != keep)
			free(b);
		b = next;
	}
	keep->next = NULL;
	keep->used = 0;
	a->head = keep;
}

void *arena_alloc(arena *a, size_t size)
{
	if (size > SIZE_MAX - ALIGN)
		size = SIZE_MAX - ALIGN; /* xmalloc reports it */
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct block *b = a->head;
	if (b->size - b->used < size) {
		b = block_new(size);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

void *arena_zalloc(arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	memset(p, 0, size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_cat_list(arena *a, const char *first, ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		n += strlen(s);
	va_end(ap);
	char *out = arena_alloc(a, n + 1), *p = out;
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *)) {
		size_t len = strlen(s);
		memcpy(p, s, len);
		p += len;
	}
	va_end(ap);
	*p = '\0';
	return out;
}

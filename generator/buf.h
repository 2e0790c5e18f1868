/*
 * buf: the one growable byte buffer every writer appends to.
 *
 * A buf is cleared and reused across pages rather than freed, so a build
 * allocates its output buffers once per worker. The contents are always
 * NUL-terminated after any call, so ptr can be used as a C string.
 */
#ifndef PORTREF_BUF_H
#define PORTREF_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct buf {
	char *ptr;   /* contents, NUL-terminated; never NULL after buf_init */
	size_t len;  /* bytes used, not counting the NUL */
	size_t cap;  /* bytes allocated */
} buf;

/* Makes b an empty buffer. */
void buf_init(buf *b);

/* Frees b's memory; b may be initialised again. */
void buf_free(buf *b);

/* Empties b, keeping its memory for reuse. */
void buf_clear(buf *b);

/* Makes room for at least extra more bytes. */
void buf_reserve(buf *b, size_t extra);

/* Appends the n bytes at s. Inline: rendering a page makes hundreds of
 * small appends, nearly all of which fit. */
static inline void buf_put(buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (b->cap - b->len <= n)
		buf_reserve(b, n);
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

/* Appends the C string s. */
static inline void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Appends one byte. */
static inline void buf_putc(buf *b, char c)
{
	if (b->cap - b->len <= 1)
		buf_reserve(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

/* Writes v in decimal into out, NUL-terminated; returns its length. */
size_t uint_text(char out[24], unsigned long long v);

/* Appends v in decimal. */
void buf_put_uint(buf *b, unsigned long long v);

/* Appends formatted text, as printf. */
void buf_printf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends formatted text, as vprintf. */
void buf_vprintf(buf *b, const char *fmt, va_list ap);

/* Shortens b to len bytes (len <= b->len). */
void buf_truncate(buf *b, size_t len);

/* Returns b's contents as a new string the caller frees; b becomes empty. */
char *buf_detach(buf *b);

#endif

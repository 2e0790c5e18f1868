/*
 * buf: growable byte buffer.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void buf_init(buf *b)
{
	b->cap = 64;
	b->ptr = xmalloc(b->cap);
	b->ptr[0] = '\0';
	b->len = 0;
}

void buf_free(buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void buf_clear(buf *b)
{
	b->len = 0;
	b->ptr[0] = '\0';
}

void buf_reserve(buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	b->ptr = xgrow(b->ptr, &b->cap, b->len + extra + 1, 1);
}

size_t uint_text(char out[24], unsigned long long v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	size_t n = (size_t)(tmp + sizeof tmp - p);
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

void buf_put_uint(buf *b, unsigned long long v)
{
	char tmp[24];
	buf_put(b, tmp, uint_text(tmp, v));
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	if (n < 0) {
		va_end(again);
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

char *buf_detach(buf *b)
{
	char *s = b->ptr;
	buf_init(b);
	return s;
}

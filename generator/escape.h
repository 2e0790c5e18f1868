/*
 * escape: every output context a string from data can land in.
 *
 * HTML text and quoted attributes share mst_escape_html (mustache.h). The
 * rest live here: JSON strings and safe link targets; and the one UTF-8
 * validator, which every input check calls.
 */
#ifndef PORTREF_ESCAPE_H
#define PORTREF_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Appends s as the inside of a JSON string: quotes, backslashes and
 * control characters escaped, and < > & as \u003c \u003e \u0026 so the
 * text stays inert even if it ever lands inside a script element. */
void escape_json(buf *out, const char *s, size_t n);

/* True if url is an absolute http: or https: URL with a host and no
 * characters that would need escaping to stay one attribute value (so
 * javascript:, data: and relative URLs are refused). */
bool escape_url_is_safe(const char *url);

/* True if the n bytes at s are valid UTF-8: no overlong form, no
 * surrogate (U+D800-U+DFFF), nothing above U+10FFFF, no stray continuation
 * byte and no sequence cut short by the end. NUL bytes are valid UTF-8;
 * callers that refuse them look for them first. On failure *bad (when bad
 * is not NULL) is the offset of the first bad byte: the lead byte of the
 * bad sequence. The one UTF-8 validator of the program. */
bool escape_utf8_valid(const char *s, size_t n, size_t *bad);

#endif

/*
 * mustache: our Mustache engine (spec v1.4 with inheritance and dynamic
 * names; without lambdas).
 *
 * Compile once, render many. A template compiles to nodes that point into
 * its own source text (kept by the set), and renders by appending to a buf
 * from a value tree. Templates live in a set, which is also the namespace
 * of partials and parents: {{>name}}, {{<name}} and {{>*dyn}} look names up
 * there. A set is read-only while rendering, so many threads may render
 * from one set at once as long as no loader is installed.
 *
 * Choices the spec leaves open: an empty string is false in sections, like
 * null, false and the empty list (0 and {} are true). A partial or parent
 * used inline is not indented; a standalone one gets the tag's indentation
 * on each non-empty line, as if pasted there. A standalone block's body
 * loses the indentation common to its lines and takes that of the block
 * it replaces (the ~inheritance spec). A dynamic name that resolves to no
 * string or integer renders nothing, even in a strict set.
 */
#ifndef PORTREF_MUSTACHE_H
#define PORTREF_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/* Bounds on what input controls: nested sections/blocks inside one
 * template, and partials/parents nested at render time. */
#define MST_MAX_NESTING 100
#define MST_MAX_PARTIAL_DEPTH 64

typedef struct mst_set mst_set;
typedef struct mst_template mst_template;

/* Finds the source of a template that is not in the set. On success sets
 * *text to a new malloc'd buffer (the set takes ownership) and *len, and
 * returns true; returns false when there is no such template. */
typedef bool (*mst_loader_fn)(void *ud, const char *name, char **text,
	size_t *len);

/* Writes n bytes of s to out, escaped for where they land. */
typedef void (*mst_escape_fn)(buf *out, const char *s, size_t n);

/* Returns a new, empty set; free it with mst_set_free. */
mst_set *mst_set_new(void);

/* Frees s and every template in it. NULL is allowed. */
void mst_set_free(mst_set *s);

/* In a strict set, a partial or parent that cannot be found is an error at
 * render time ("unknown partial 'x'"); otherwise it renders as nothing, as
 * the spec says. Sets are not strict by default. */
void mst_set_strict(mst_set *s, bool strict);

/* Installs fn to find templates the set does not have (the render command
 * reads DIR/NAME.mustache). A set with a loader must not be shared between
 * threads. A loaded template is added under its name, which is also the
 * file its messages name; a miss is asked again on the next render. */
void mst_set_loader(mst_set *s, mst_loader_fn fn, void *ud);

/* Compiles len bytes of text (copied) as the template called name, which
 * replaces any earlier template of that name. file is the path used in
 * messages (NULL: name). Returns the template, owned by s, or NULL after
 * appending errors to d: unclosed section, mismatched closing tag,
 * malformed tag or delimiter change, nesting past MST_MAX_NESTING. A
 * replaced template stays valid until mst_set_free (its partials are
 * looked up by name when rendering); a failed compile replaces nothing. */
mst_template *mst_set_add(mst_set *s, const char *name, const char *file,
	const char *text, size_t len, diags *d);

/* Returns the template called name, or NULL (the loader is not asked). */
mst_template *mst_set_get(const mst_set *s, const char *name);

/* Checks that every partial and parent named literally by any template in
 * s is in s, appending "unknown partial 'x'" errors at the tag's position
 * for those that are not. Returns true when all are found. */
bool mst_set_check(const mst_set *s, diags *d);

/* What a tag of a compiled template is, for mst_template_walk. */
typedef enum mst_tag_kind {
	MST_TAG_VARIABLE,     /* {{x}}, {{{x}}}, {{&x}} */
	MST_TAG_SECTION,      /* {{#x}} */
	MST_TAG_INVERTED,     /* {{^x}} */
	MST_TAG_PARTIAL,      /* {{>x}}, {{>*x}} */
	MST_TAG_PARENT,       /* {{<x}}, {{<*x}} */
	MST_TAG_BLOCK         /* {{$x}} */
} mst_tag_kind;

typedef struct mst_tag {
	mst_tag_kind kind;
	const char *name;     /* the name as written, not terminated: "page.title",
	                       * "." for the implicit iterator */
	size_t len;
	bool dynamic;         /* {{>*x}}: name is looked up, then included */
	unsigned depth;       /* sections, inverted sections, parents and blocks
	                       * this tag is inside */
	unsigned line, col;   /* 1-based; the column counts characters */
} mst_tag;

/* Calls fn for each tag of t that names something (comments and delimiter
 * changes do not), in document order, so callers never parse Mustache
 * themselves. */
typedef void (*mst_walk_fn)(void *ud, const mst_tag *tag);
void mst_template_walk(const mst_template *t, mst_walk_fn fn, void *ud);

/* The path t's messages name (the file given to mst_set_add). */
const char *mst_template_file(const mst_template *t);

/* t's source text, the set's copy: the names mst_template_walk gives point
 * into it. */
const char *mst_template_text(const mst_template *t);

/* Renders t against ctx (the bottom of the context stack; may be NULL),
 * appending to out. escape is applied to {{name}} string values (numbers
 * and booleans never need it); NULL means values go out as they are.
 * Returns false after appending an error to d (unknown partial in a strict
 * set, partial recursion deeper than MST_MAX_PARTIAL_DEPTH, a loaded
 * partial that does not compile, t NULL); out then holds a partial result
 * to discard. Allocates nothing but out's growth (and, past 256 bytes of
 * nested indentation, one buffer). */
bool mst_render(const mst_template *t, const value *ctx, mst_escape_fn escape,
	buf *out, diags *d);

/* The HTML escape: & < > " ' become entities. Safe in text and in quoted
 * attribute values. */
void mst_escape_html(buf *out, const char *s, size_t n);

#endif

/*
 * loader: YAML (and therefore JSON) text to a value tree.
 *
 * One loader serves data/, i18n/, the site settings, template data and the
 * Mustache spec tests. It follows the YAML 1.2 core schema for plain
 * scalars (null, true/false, decimal/hex/octal integers, floats, .inf,
 * .nan); quoted scalars are strings. It refuses what would make later
 * stages misbehave: duplicate mapping keys, invalid UTF-8, nesting deeper
 * than LOADER_MAX_DEPTH, and aliases that would expand past a bound (the
 * tree shares an anchor's node, so a "billion laughs" document neither
 * copies nor loops; it is refused for what it would mean to a consumer).
 */
#ifndef PORTREF_LOADER_H
#define PORTREF_LOADER_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

#define LOADER_MAX_DEPTH 256
#define LOADER_MAX_FILE (32u << 20)  /* bytes */

/* Parses text (len bytes, need not be NUL-terminated) as one YAML document
 * named name in positions. Returns the root, owned by a, or NULL after
 * appending at least one error to d. An empty document is a null value. */
value *loader_parse(arena *a, const char *name, const char *text, size_t len,
	diags *d);

/* Reads the file at path (at most LOADER_MAX_FILE bytes) and parses it as
 * loader_parse does, with path as the name. */
value *loader_parse_file(arena *a, const char *path, diags *d);

/* Appends an error at each key of map (a VAL_MAP) that is not in the
 * NULL-terminated list allowed, naming file path: "unknown key 'colour'
 * (expected port, name or notes)", or "unknown key 'note' (did you mean
 * 'notes'?)" when an allowed key is near (diag_suggest). The one wording
 * for an unknown key in any file the loader reads. */
void loader_check_keys(const value *map, const char *const *allowed,
	const char *path, diags *d);

#endif

/*
 * value: the tree every stage hands on.
 *
 * Loaded YAML, template data and a page's context are all trees of maps,
 * lists and typed scalars. Every node lives in an arena and records where
 * it came from (file, 1-based line and column; file NULL for nodes built in
 * C). Trees are immutable once built, so a node may be shared (YAML aliases
 * share their anchor's node rather than copying it).
 */
#ifndef PORTREF_VALUE_H
#define PORTREF_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

typedef enum {
	VAL_NULL,
	VAL_BOOL,
	VAL_INT,
	VAL_FLOAT,
	VAL_STRING,
	VAL_LIST,
	VAL_MAP
} val_kind;

typedef struct val_pos {
	const char *file; /* not owned; NULL for values built in C */
	unsigned line, col;
} val_pos;

typedef struct value value;

typedef struct val_pair {
	const char *key;  /* NUL-terminated, owned by the tree's arena */
	size_t key_len;
	val_pos key_pos;
	value *val;
} val_pair;

struct value {
	val_kind kind;
	unsigned char quoted;  /* scalars from YAML: 1 if written in quotes */
	val_pos pos;
	union {
		bool b;
		long long i;
		double f;
		struct { const char *ptr; size_t len; } str; /* NUL-terminated */
		struct { value **items; size_t len, cap; } list;
		struct {
			val_pair *pairs;
			size_t len, cap;
			uint32_t *index; /* hash slots (pair index + 1), or NULL */
			size_t index_cap;
			const value *under; /* looked up when a key is missing */
		} map;
	} u;
};

/* Constructors: each returns a new node owned by a. */
value *value_null(arena *a);
value *value_bool(arena *a, bool b);
value *value_int(arena *a, long long i);
value *value_float(arena *a, double f);
value *value_str(arena *a, const char *s, size_t len); /* copies s */
value *value_cstr(arena *a, const char *s);             /* copies s */
value *value_str_ref(arena *a, const char *s, size_t len); /* s must outlive the tree and be NUL-terminated at len */
value *value_list(arena *a);
value *value_map(arena *a);

/* Appends item to a list. */
void value_list_push(arena *a, value *list, value *item);

/* Adds key -> val to a map without checking for an existing key (the key
 * is copied). Returns false if the key was already present, in which case
 * the map is unchanged. */
bool value_map_put(arena *a, value *map, const char *key, size_t key_len,
	value *val);

/* Shorthand for value_map_put with a C string key; replaces nothing. */
void value_map_set(arena *a, value *map, const char *key, value *val);

/* Appends key -> val for code that builds a map whose keys it knows to be
 * distinct: no check for an existing key, and key is not copied, so it
 * must be NUL-terminated and outlive the map (a literal, usually). */
void value_map_add(arena *a, value *map, const char *key, value *val);

/* Makes lookups in map that miss continue in under (and its own under):
 * one map of what many pages share, beneath each page's own keys, instead
 * of a copy per page. Iteration sees map's own pairs only. */
void value_map_under(value *map, const value *under);

/* Returns the value for key in map (or beneath it), or NULL (also when
 * map is not a map). */
value *value_map_get(const value *map, const char *key, size_t key_len);

/* The hash value_map_get_hashed wants for a key: a caller that looks the
 * same key up many times (a compiled template's names) keeps it. */
uint64_t value_key_hash(const char *key, size_t key_len);

/* As value_map_get, with hash = value_key_hash(key, key_len) (or 0: not
 * known). */
value *value_map_get_hashed(const value *map, const char *key,
	size_t key_len, uint64_t hash);

/* As value_map_get with a C string key. */
value *value_get(const value *map, const char *key);

/* Returns the pair for key (to reach the key's position), or NULL. */
const val_pair *value_map_pair(const value *map, const char *key);

/* Mustache truthiness: false for null, false, empty lists and empty
 * strings (the spec leaves strings open; {{#notes}} on "" should skip);
 * numbers, including 0, and maps are true. */
bool value_truthy(const value *v);

/* Appends v as text: strings as they are, integers in decimal, floats in
 * their shortest form that reads back the same (1.210 -> 1.21), booleans as
 * true/false, null as nothing. Lists and maps append nothing. */
void value_to_text(const value *v, buf *out);

/* The name of a kind for messages: "a string", "a map", ... */
const char *value_kind_name(val_kind k);

#endif

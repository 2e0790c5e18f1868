/*
 * value: constructors, map lookup and text conversion for value trees.
 *
 * Maps keep their pairs in insertion order (output is deterministic and
 * follows the source) and add a hash index once they grow past a few keys,
 * so duplicate detection and lookup stay linear in the input.
 */
#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_FROM 8

static value *node(arena *a, val_kind k)
{
	value *v = arena_zalloc(a, sizeof *v);
	v->kind = k;
	return v;
}

value *value_null(arena *a) { return node(a, VAL_NULL); }

value *value_bool(arena *a, bool b)
{
	value *v = node(a, VAL_BOOL);
	v->u.b = b;
	return v;
}

value *value_int(arena *a, long long i)
{
	value *v = node(a, VAL_INT);
	v->u.i = i;
	return v;
}

value *value_float(arena *a, double f)
{
	value *v = node(a, VAL_FLOAT);
	v->u.f = f;
	return v;
}

value *value_str(arena *a, const char *s, size_t len)
{
	value *v = node(a, VAL_STRING);
	v->u.str.ptr = arena_strndup(a, s, len);
	v->u.str.len = len;
	return v;
}

value *value_cstr(arena *a, const char *s)
{
	return value_str(a, s, strlen(s));
}

value *value_str_ref(arena *a, const char *s, size_t len)
{
	value *v = node(a, VAL_STRING);
	v->u.str.ptr = s;
	v->u.str.len = len;
	return v;
}

value *value_list(arena *a) { return node(a, VAL_LIST); }
value *value_map(arena *a) { return node(a, VAL_MAP); }

/* Arena arrays grow by copying; the old block is simply abandoned. */
static void *grow(arena *a, void *old, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return old;
	size_t n = *cap ? *cap * 2 : 4;
	while (n < need)
		n *= 2;
	void *p = arena_alloc(a, n * size);
	if (old)
		memcpy(p, old, *cap * size);
	*cap = n;
	return p;
}

void value_list_push(arena *a, value *list, value *item)
{
	list->u.list.items = grow(a, list->u.list.items, &list->u.list.cap,
		list->u.list.len + 1, sizeof *list->u.list.items);
	list->u.list.items[list->u.list.len++] = item;
}

static uint64_t hash_key(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void index_insert(value *map, size_t pair)
{
	const val_pair *p = &map->u.map.pairs[pair];
	size_t mask = map->u.map.index_cap - 1;
	size_t slot = hash_key(p->key, p->key_len) & mask;
	while (map->u.map.index[slot])
		slot = (slot + 1) & mask;
	map->u.map.index[slot] = (uint32_t)(pair + 1);
}

static void index_rebuild(arena *a, value *map)
{
	size_t cap = 16;
	while (cap < map->u.map.len * 2)
		cap *= 2;
	map->u.map.index = arena_zalloc(a, cap * sizeof *map->u.map.index);
	map->u.map.index_cap = cap;
	for (size_t i = 0; i < map->u.map.len; i++)
		index_insert(map, i);
}

/* The pair index of key in map, or -1. *hash is hash_key(key, key_len),
 * or 0 for not known yet: it is then computed if the map is indexed. */
static long find_hashed(const value *map, const char *key, size_t key_len,
	uint64_t *hash)
{
	if (map->u.map.index) {
		if (!*hash)
			*hash = hash_key(key, key_len);
		size_t mask = map->u.map.index_cap - 1;
		size_t slot = *hash & mask;
		uint32_t at;
		while ((at = map->u.map.index[slot])) {
			const val_pair *p = &map->u.map.pairs[at - 1];
			if (p->key_len == key_len && memcmp(p->key, key, key_len) == 0)
				return (long)at - 1;
			slot = (slot + 1) & mask;
		}
		return -1;
	}
	for (size_t i = 0; i < map->u.map.len; i++) {
		const val_pair *p = &map->u.map.pairs[i];
		if (p->key_len == key_len && memcmp(p->key, key, key_len) == 0)
			return (long)i;
	}
	return -1;
}

static long find(const value *map, const char *key, size_t key_len)
{
	uint64_t hash = 0;
	return find_hashed(map, key, key_len, &hash);
}

uint64_t value_key_hash(const char *key, size_t key_len)
{
	return hash_key(key, key_len);
}

/* Appends a pair whose key the caller owns or has copied. */
static void append(arena *a, value *map, const char *key, size_t key_len,
	value *val)
{
	map->u.map.pairs = grow(a, map->u.map.pairs, &map->u.map.cap,
		map->u.map.len + 1, sizeof *map->u.map.pairs);
	val_pair *p = &map->u.map.pairs[map->u.map.len++];
	p->key = key;
	p->key_len = key_len;
	p->key_pos = (val_pos){ 0 };
	p->val = val;
	if (map->u.map.len >= INDEX_FROM) {
		if (map->u.map.len * 2 > map->u.map.index_cap)
			index_rebuild(a, map);
		else
			index_insert(map, map->u.map.len - 1);
	}
}

bool value_map_put(arena *a, value *map, const char *key, size_t key_len,
	value *val)
{
	if (find(map, key, key_len) >= 0)
		return false;
	append(a, map, arena_strndup(a, key, key_len), key_len, val);
	return true;
}

void value_map_set(arena *a, value *map, const char *key, value *val)
{
	value_map_put(a, map, key, strlen(key), val);
}

void value_map_add(arena *a, value *map, const char *key, value *val)
{
	append(a, map, key, strlen(key), val);
}

void value_map_under(value *map, const value *under)
{
	map->u.map.under = under;
}

value *value_map_get_hashed(const value *map, const char *key,
	size_t key_len, uint64_t hash)
{
	for (; map && map->kind == VAL_MAP; map = map->u.map.under) {
		long i = find_hashed(map, key, key_len, &hash);
		if (i >= 0)
			return map->u.map.pairs[i].val;
	}
	return NULL;
}

value *value_map_get(const value *map, const char *key, size_t key_len)
{
	return value_map_get_hashed(map, key, key_len, 0);
}

value *value_get(const value *map, const char *key)
{
	return value_map_get(map, key, strlen(key));
}

const val_pair *value_map_pair(const value *map, const char *key)
{
	if (!map || map->kind != VAL_MAP)
		return NULL;
	long i = find(map, key, strlen(key));
	return i < 0 ? NULL : &map->u.map.pairs[i];
}

bool value_truthy(const value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VAL_NULL: return false;
	case VAL_BOOL: return v->u.b;
	case VAL_LIST: return v->u.list.len > 0;
	case VAL_STRING: return v->u.str.len > 0;
	default: return true;
	}
}

static void put_float(double f, buf *out)
{
	if (isnan(f)) {
		buf_puts(out, "NaN");
		return;
	}
	if (isinf(f)) {
		buf_puts(out, f < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (f == floor(f) && fabs(f) < 1e15) {
		buf_printf(out, "%.0f", f);
		return;
	}
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	buf_puts(out, tmp);
}

static void put_int(long long i, buf *out)
{
	if (i < 0)
		buf_putc(out, '-');
	buf_put_uint(out, i < 0 ? 0ull - (unsigned long long)i :
		(unsigned long long)i);
}

void value_to_text(const value *v, buf *out)
{
	if (!v)
		return;
	switch (v->kind) {
	case VAL_NULL: break;
	case VAL_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
	case VAL_INT: put_int(v->u.i, out); break;
	case VAL_FLOAT: put_float(v->u.f, out); break;
	case VAL_STRING: buf_put(out, v->u.str.ptr, v->u.str.len); break;
	case VAL_LIST:
	case VAL_MAP: break;
	}
}

const char *value_kind_name(val_kind k)
{
	switch (k) {
	case VAL_NULL: return "null";
	case VAL_BOOL: return "a boolean";
	case VAL_INT: return "an integer";
	case VAL_FLOAT: return "a number";
	case VAL_STRING: return "a string";
	case VAL_LIST: return "a list";
	case VAL_MAP: return "a map";
	}
	return "a value";
}

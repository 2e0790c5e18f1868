/*
 * ports: data/ports.yaml checked node by node into the port database.
 *
 * The loader hands over a value tree; this stage walks it once, checks
 * every rule of the file's shape (DESIGN.md "Port facts") and copies what
 * it finds into flat arrays owned by the database's arena. It reports every
 * problem it meets, each at the node that is wrong, and goes on so that one
 * run shows them all; the database is returned only when none was an
 * error. Historic service names that break RFC 6335 section 5.1 are
 * warnings, because the registry itself still carries them.
 *
 * The walk is linear in the file: duplicate ports are found with a table
 * indexed by port number, duplicate names within one entry by sorting.
 *
 * The file is written here too (port_db_write, for the importer), so its
 * shape is known in one place: what the writer emits, the loader reads
 * back as the same database.
 */
#include "ports.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "fsio.h"
#include "loader.h"
#include "xalloc.h"

struct check {
	const char *path;
	diags *d;
	arena *a;        /* the database's arena */
	bool copy;       /* the tree lives in another arena: copy strings */
	size_t *seen;    /* per port: entry index + 1 of its first listing */
	val_pos *port_pos; /* per entry: where its port number is */
};

static const char *const entry_keys[] = {
	"port", "name", "assignments", "reserved", "unofficial", "notes", NULL
};
static const char *const assignment_keys[] = {
	"service", "protocols", "description", "note", "references", NULL
};
static const char *const unofficial_keys[] = {
	"name", "protocols", "source", NULL
};
static const char *const top_keys[] = { "registry_date", "ports", NULL };

static void error_at(struct check *c, val_pos p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct check *c, diag_severity sev, val_pos p,
	const char *fmt, va_list ap)
{
	buf msg;
	buf_init(&msg);
	buf_vprintf(&msg, fmt, ap);
	diags_add(c->d, sev, c->path, p.line, p.col, "%s", msg.ptr);
	buf_free(&msg);
}

static void error_at(struct check *c, val_pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(c, DIAG_ERROR, p, fmt, ap);
	va_end(ap);
}

port_range port_range_of(unsigned port)
{
	if (port < 1024)
		return RANGE_WELL_KNOWN;
	if (port < 49152)
		return RANGE_REGISTERED;
	return RANGE_DYNAMIC;
}

const char *port_range_slug(port_range r)
{
	switch (r) {
	case RANGE_WELL_KNOWN: return "well-known";
	case RANGE_REGISTERED: return "registered";
	case RANGE_DYNAMIC: return "dynamic";
	}
	return "dynamic";
}

void port_range_bounds(port_range r, unsigned *lo, unsigned *hi)
{
	switch (r) {
	case RANGE_WELL_KNOWN: *lo = 0; *hi = 1023; return;
	case RANGE_REGISTERED: *lo = 1024; *hi = 49151; return;
	case RANGE_DYNAMIC: *lo = 49152; *hi = PORT_MAX; return;
	}
}

const port_ephemeral_range port_ephemeral[EPHEMERAL_COUNT] = {
	[EPHEMERAL_LINUX] = { "os_linux", 32768, 60999 },
	[EPHEMERAL_WINDOWS_MACOS] = { "os_windows_macos", 49152, PORT_MAX },
	[EPHEMERAL_FREEBSD] = { "os_freebsd", 10000, PORT_MAX },
};

const char *port_proto_name(unsigned bit)
{
	switch (bit) {
	case PROTO_TCP: return "tcp";
	case PROTO_UDP: return "udp";
	case PROTO_SCTP: return "sctp";
	case PROTO_DCCP: return "dccp";
	}
	return NULL;
}

unsigned port_proto_parse(const char *s, size_t n)
{
	for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
		const char *name = port_proto_name(bit);
		if (strlen(name) == n && memcmp(name, s, n) == 0)
			return bit;
	}
	return 0;
}

const char *port_service_name_problem(const char *s)
{
	size_t n = strlen(s);
	bool letter = false;
	if (n > 15)
		return "more than 15 characters";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
		letter |= alpha;
		if (!alpha && !(ch >= '0' && ch <= '9') && ch != '-')
			return "only letters, digits and hyphens are allowed";
		if (ch == '-' && i + 1 < n && s[i + 1] == '-')
			return "two hyphens in a row";
	}
	if (n && s[0] == '-')
		return "begins with a hyphen";
	if (n && s[n - 1] == '-')
		return "ends with a hyphen";
	if (!letter)
		return "no letter";
	return NULL;
}

/* Whether word (n bytes) occurs in text, case-insensitively, with no
 * letter or digit on either side. */
static bool has_word(const char *text, const char *word, size_t n)
{
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, word, n) != 0)
			continue;
		bool before = p > text && isalnum((unsigned char)p[-1]);
		bool after = isalnum((unsigned char)p[n]);
		if (!before && !after)
			return true;
	}
	return false;
}

const char *port_principal_service(const port_entry *e)
{
	const char *best = NULL;
	int best_score = -1;
	for (size_t i = 0; i < e->n_assignments; i++) {
		const char *s = e->assignments[i].service;
		if (!s)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = e->assignments[k].service &&
				strcmp(e->assignments[k].service, s) == 0;
		if (seen)
			continue;
		bool named = false;
		unsigned protos = 0;
		for (size_t k = 0; k < e->n_assignments; k++) {
			const port_assignment *o = &e->assignments[k];
			named = named || (o->description &&
				has_word(o->description, s, strlen(s)));
			if (o->service && strcmp(o->service, s) == 0)
				protos |= o->protocols;
		}
		int n_protos = 0;
		for (; protos; protos &= protos - 1)
			n_protos++;
		/* Earlier rows win ties: only a strictly higher score replaces. */
		int score = (named ? 100 : 0) + n_protos * 2 +
			(port_service_name_problem(s) == NULL);
		if (score > best_score) {
			best = s;
			best_score = score;
		}
	}
	return best;
}

/* Position of a value, or of its key when the value is null (an empty
 * value's node sits where the line ends, which reads oddly). */
static val_pos where(const val_pair *p)
{
	return p->val->kind == VAL_NULL ? p->key_pos : p->val->pos;
}

static void wrong_kind(struct check *c, const val_pair *p, const char *want)
{
	const value *v = p->val;
	bool scalar = v->kind == VAL_BOOL || v->kind == VAL_INT ||
		v->kind == VAL_FLOAT;
	error_at(c, v->pos, "'%s' must be %s, not %s%s", p->key, want,
		value_kind_name(v->kind),
		scalar && strcmp(want, "a string") == 0 ? " (put it in quotes)" : "");
}

/* The string v, checked to be non-blank, NUL-free UTF-8; NULL after an
 * error. what names it in messages ("'notes'", "reference"). */
static const char *text_of(struct check *c, const char *what, const value *v)
{
	const char *s = v->u.str.ptr;
	size_t n = v->u.str.len;
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		s[i] == '\r'))
		i++;
	if (i == n) {
		error_at(c, v->pos, "empty %s", what);
		return NULL;
	}
	if (memchr(s, '\0', n)) {
		error_at(c, v->pos, "%s contains a NUL character", what);
		return NULL;
	}
	size_t bad;
	if (!escape_utf8_valid(s, n, &bad)) {
		error_at(c, v->pos, "%s is not valid UTF-8 (byte 0x%02X at offset %zu)",
			what, (unsigned)(unsigned char)s[bad], bad);
		return NULL;
	}
	return c->copy ? arena_strndup(c->a, s, n) : s;
}

/* The string of a text field, checked; NULL after an error. */
static const char *text_field(struct check *c, const val_pair *p)
{
	if (p->val->kind == VAL_NULL) {
		error_at(c, p->key_pos, "empty '%s'", p->key);
		return NULL;
	}
	if (p->val->kind != VAL_STRING) {
		wrong_kind(c, p, "a string");
		return NULL;
	}
	buf what;
	buf_init(&what);
	buf_printf(&what, "'%s'", p->key);
	const char *s = text_of(c, what.ptr, p->val);
	buf_free(&what);
	return s;
}

/* A protocol list's bits; 0 after an error, or for an empty list when
 * may_be_empty (a registry row IANA lists with no transport protocol). */
static unsigned protocol_list(struct check *c, const val_pair *p,
	bool may_be_empty)
{
	const value *v = p->val;
	if (v->kind == VAL_NULL) {
		error_at(c, p->key_pos, "empty '%s'", p->key);
		return 0;
	}
	if (v->kind != VAL_LIST) {
		error_at(c, v->pos, "'%s' must be a list like [tcp, udp], not %s",
			p->key, value_kind_name(v->kind));
		return 0;
	}
	if (v->u.list.len == 0) {
		if (!may_be_empty)
			error_at(c, v->pos, "empty '%s'", p->key);
		return 0;
	}
	unsigned bits = 0;
	bool ok = true;
	for (size_t i = 0; i < v->u.list.len; i++) {
		const value *it = v->u.list.items[i];
		if (it->kind != VAL_STRING) {
			error_at(c, it->pos, "a protocol must be a string, not %s",
				value_kind_name(it->kind));
			ok = false;
			continue;
		}
		unsigned bit = port_proto_parse(it->u.str.ptr, it->u.str.len);
		if (!bit) {
			error_at(c, it->pos,
				"unknown protocol '%s' (expected tcp, udp, sctp or dccp)",
				it->u.str.ptr);
			ok = false;
		} else if (bits & bit) {
			error_at(c, it->pos, "protocol '%s' is listed twice",
				it->u.str.ptr);
			ok = false;
		}
		bits |= bit;
	}
	return ok ? bits : 0;
}

/* A list field's node, checked to be a non-empty list; NULL after an
 * error. */
static const value *list_field(struct check *c, const val_pair *p)
{
	const value *v = p->val;
	if (v->kind == VAL_NULL) {
		error_at(c, p->key_pos, "empty '%s'", p->key);
		return NULL;
	}
	if (v->kind != VAL_LIST) {
		wrong_kind(c, p, "a list");
		return NULL;
	}
	if (v->u.list.len == 0) {
		error_at(c, v->pos, "empty '%s'", p->key);
		return NULL;
	}
	return v;
}

struct named {
	const char *name;
	unsigned bits;
	val_pos pos;
	size_t order;
};

static int cmp_named(const void *x, const void *y)
{
	const struct named *a = x, *b = y;
	int r = strcmp(a->name, b->name);
	if (r)
		return r;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Reports a name listed twice on one protocol, or twice with none (bits
 * 0: a reference, or a row IANA lists without a protocol, which stands
 * beside the name's rows that have one): sorting keeps this
 * linear-logarithmic however long the list. */
static void check_unique(struct check *c, struct named *items, size_t n,
	const char *what)
{
	if (n < 2)
		return;
	qsort(items, n, sizeof *items, cmp_named);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && strcmp(items[j].name, items[i].name) == 0)
			j++;
		val_pos first[4], first_none = { NULL, 0, 0 };
		unsigned have = 0;
		bool none = false;
		for (size_t k = i; k < j; k++) {
			if (!items[k].bits) {
				if (none)
					error_at(c, items[k].pos,
						"%s '%s' is listed twice (first at %u:%u)", what,
						items[k].name, first_none.line, first_none.col);
				else
					first_none = items[k].pos;
				none = true;
				continue;
			}
			for (unsigned b = 0; b < 4; b++) {
				unsigned bit = 1u << b;
				if (!(items[k].bits & bit))
					continue;
				if (have & bit) {
					error_at(c, items[k].pos,
						"%s '%s' is listed twice on %s (first at %u:%u)",
						what, items[k].name, port_proto_name(bit),
						first[b].line, first[b].col);
					break;
				}
			}
			for (unsigned b = 0; b < 4; b++) {
				if ((items[k].bits & (1u << b)) && !(have & (1u << b)))
					first[b] = items[k].pos;
			}
			have |= items[k].bits;
		}
		i = j;
	}
}

static void load_references(struct check *c, const val_pair *p,
	port_assignment *as)
{
	const value *v = list_field(c, p);
	if (!v)
		return;
	as->references = arena_alloc(c->a, v->u.list.len * sizeof *as->references);
	struct named *seen = xcalloc(v->u.list.len, sizeof *seen);
	size_t n_seen = 0;
	for (size_t i = 0; i < v->u.list.len; i++) {
		const value *it = v->u.list.items[i];
		if (it->kind != VAL_STRING) {
			error_at(c, it->pos, "a reference must be a string, not %s",
				value_kind_name(it->kind));
			continue;
		}
		const char *s = text_of(c, "reference", it);
		if (!s)
			continue;
		as->references[as->n_references++] = s;
		seen[n_seen++] = (struct named){ s, 0, it->pos, i };
	}
	check_unique(c, seen, n_seen, "reference");
	free(seen);
}

static void load_assignment(struct check *c, const value *v,
	port_assignment *as, struct named *names, size_t *n_names)
{
	memset(as, 0, sizeof *as);
	if (v->kind != VAL_MAP) {
		error_at(c, v->pos, "an assignment must be a map, not %s",
			value_kind_name(v->kind));
		return;
	}
	loader_check_keys(v, assignment_keys, c->path, c->d);
	const val_pair *service = value_map_pair(v, "service");
	const val_pair *protocols = value_map_pair(v, "protocols");
	const val_pair *description = value_map_pair(v, "description");
	const val_pair *note = value_map_pair(v, "note");
	const val_pair *references = value_map_pair(v, "references");
	if (service) {
		as->service = text_field(c, service);
		const char *why = as->service ?
			port_service_name_problem(as->service) : NULL;
		/* The registry still carries names older than RFC 6335; no
		 * contributor can change them, so the warning is settled. */
		if (why)
			diags_warn_settled(c->d, c->path, service->val->pos.line,
				service->val->pos.col,
				"service name '%s' breaks RFC 6335 section 5.1: %s",
				as->service, why);
	}
	if (description)
		as->description = text_field(c, description);
	if (note)
		as->note = text_field(c, note);
	if (!service && !description)
		error_at(c, v->pos, "assignment needs 'service' or 'description'");
	if (protocols)
		as->protocols = protocol_list(c, protocols, true);
	else
		error_at(c, v->pos, "assignment needs 'protocols' (write [] when "
			"the registry lists none)");
	if (references)
		load_references(c, references, as);
	if (as->service && (as->protocols || (protocols &&
		protocols->val->kind == VAL_LIST))) {
		names[*n_names] = (struct named){ as->service, as->protocols,
			service->val->pos, *n_names };
		(*n_names)++;
	}
}

static void load_unofficial(struct check *c, const value *v,
	port_unofficial *u, struct named *names, size_t *n_names)
{
	memset(u, 0, sizeof *u);
	if (v->kind != VAL_MAP) {
		error_at(c, v->pos, "an unofficial use must be a map, not %s",
			value_kind_name(v->kind));
		return;
	}
	loader_check_keys(v, unofficial_keys, c->path, c->d);
	const val_pair *name = value_map_pair(v, "name");
	const val_pair *protocols = value_map_pair(v, "protocols");
	const val_pair *source = value_map_pair(v, "source");
	if (name)
		u->name = text_field(c, name);
	else
		error_at(c, v->pos, "unofficial use needs 'name'");
	if (protocols)
		u->protocols = protocol_list(c, protocols, false);
	else
		error_at(c, v->pos, "unofficial use needs 'protocols'");
	if (source && (u->source = text_field(c, source)) &&
		strncmp(u->source, "https://", 8) != 0 &&
		strncmp(u->source, "http://", 7) != 0) {
		error_at(c, source->val->pos, "'source' must be an http:// or "
			"https:// address, not '%s'", u->source);
		u->source = NULL;
	}
	if (u->name) {
		names[*n_names] = (struct named){ u->name, 0, name->val->pos,
			*n_names };
		(*n_names)++;
	}
}

/* The entry's port number, or -1 after an error. */
static long entry_port(struct check *c, const value *e, size_t index,
	long *prev)
{
	const val_pair *p = value_map_pair(e, "port");
	if (!p) {
		error_at(c, e->pos, "entry needs 'port'");
		return -1;
	}
	const value *v = p->val;
	if (v->kind != VAL_INT || v->u.i < 0 || v->u.i > PORT_MAX) {
		buf what;
		buf_init(&what);
		if (v->kind == VAL_INT || v->kind == VAL_FLOAT)
			value_to_text(v, &what);
		else
			buf_puts(&what, value_kind_name(v->kind));
		error_at(c, where(p), "port must be an integer from 0 to %d, not %s",
			PORT_MAX, what.ptr);
		buf_free(&what);
		return -1;
	}
	unsigned port = (unsigned)v->u.i;
	c->port_pos[index] = v->pos;
	if (c->seen[port]) {
		val_pos first = c->port_pos[c->seen[port] - 1];
		error_at(c, v->pos, "port %u is listed twice (first at %u:%u)", port,
			first.line, first.col);
		return -1;
	}
	c->seen[port] = index + 1;
	if (*prev > (long)port)
		error_at(c, v->pos, "ports must be sorted: %u comes after %ld", port,
			*prev);
	*prev = port;
	return port;
}

static void load_entry(struct check *c, const value *e, size_t index,
	long *prev, port_entry *out)
{
	memset(out, 0, sizeof *out);
	out->pos = (val_pos){ c->path, e->pos.line, e->pos.col };
	if (e->kind != VAL_MAP) {
		error_at(c, e->pos, "a port entry must be a map, not %s",
			value_kind_name(e->kind));
		return;
	}
	loader_check_keys(e, entry_keys, c->path, c->d);
	long port = entry_port(c, e, index, prev);
	out->port = port < 0 ? 0 : (unsigned)port;

	const val_pair *assignments = value_map_pair(e, "assignments");
	const val_pair *reserved = value_map_pair(e, "reserved");
	const val_pair *unofficial = value_map_pair(e, "unofficial");
	const val_pair *notes = value_map_pair(e, "notes");
	const val_pair *name = value_map_pair(e, "name");
	if (name && (out->name = text_field(c, name)) &&
		strpbrk(out->name, "\n\r"))
		error_at(c, name->val->pos, "'name' must be one line");
	if (!assignments && !reserved && !unofficial && !notes && !name) {
		if (port >= 0)
			error_at(c, e->pos, "port %ld lists nothing (give assignments, "
				"reserved, name, unofficial or notes)", port);
		return;
	}
	const value *v;
	if (assignments && (v = list_field(c, assignments))) {
		size_t n = v->u.list.len;
		out->assignments = arena_alloc(c->a, n * sizeof *out->assignments);
		struct named *names = xcalloc(n, sizeof *names);
		size_t n_names = 0;
		for (size_t i = 0; i < n && !diags_full(c->d); i++)
			load_assignment(c, v->u.list.items[i], &out->assignments[i],
				names, &n_names);
		out->n_assignments = n;
		check_unique(c, names, n_names, "service");
		free(names);
	}
	if (reserved)
		out->reserved = protocol_list(c, reserved, false);
	if (unofficial && (v = list_field(c, unofficial))) {
		size_t n = v->u.list.len;
		out->unofficial = arena_alloc(c->a, n * sizeof *out->unofficial);
		struct named *names = xcalloc(n, sizeof *names);
		size_t n_names = 0;
		for (size_t i = 0; i < n && !diags_full(c->d); i++)
			load_unofficial(c, v->u.list.items[i], &out->unofficial[i],
				names, &n_names);
		out->n_unofficial = n;
		check_unique(c, names, n_names, "unofficial use");
		free(names);
	}
	if (notes)
		out->notes = text_field(c, notes);
}

/* The registry_date value, checked to be a YYYY-MM-DD date; NULL after an
 * error. */
static const char *registry_date(struct check *c, const val_pair *p)
{
	const char *s = text_field(c, p);
	if (!s)
		return NULL;
	bool ok = strlen(s) == 10;
	for (int i = 0; ok && i < 10; i++)
		ok = (i == 4 || i == 7) ? s[i] == '-' : s[i] >= '0' && s[i] <= '9';
	if (!ok) {
		error_at(c, p->val->pos, "'%s' must be a date like \"2026-02-13\", "
			"not '%s'", p->key, s);
		return NULL;
	}
	return s;
}

static port_db *from_value(const value *root, const char *path, diags *d,
	arena *a, bool copy)
{
	port_db *db = xcalloc(1, sizeof *db);
	db->a = a;
	struct check c = { arena_strdup(a, path), d, a, copy, NULL, NULL };
	size_t errors = d->errors;

	const value *list = NULL;
	if (root->kind != VAL_MAP) {
		error_at(&c, root->pos, "the ports file must be a map with 'ports', "
			"not %s", value_kind_name(root->kind));
	} else {
		loader_check_keys(root, top_keys, c.path, c.d);
		const val_pair *date = value_map_pair(root, "registry_date");
		if (date)
			db->registry_date = registry_date(&c, date);
		const val_pair *p = value_map_pair(root, "ports");
		if (!p)
			error_at(&c, root->pos, "the ports file needs 'ports'");
		else if (p->val->kind != VAL_LIST)
			wrong_kind(&c, p, "a list");
		else
			list = p->val;
	}
	if (list) {
		size_t n = list->u.list.len;
		db->entries = arena_alloc(a, (n ? n : 1) * sizeof *db->entries);
		c.seen = xcalloc(PORT_MAX + 1, sizeof *c.seen);
		c.port_pos = xcalloc(n ? n : 1, sizeof *c.port_pos);
		long prev = -1;
		for (size_t i = 0; i < n && !diags_full(d); i++)
			load_entry(&c, list->u.list.items[i], i, &prev, &db->entries[i]);
		db->len = n;
		free(c.seen);
		free(c.port_pos);
	}
	if (d->errors > errors) {
		port_db_free(db);
		return NULL;
	}
	return db;
}

port_db *port_db_from_value(const value *root, const char *path, diags *d)
{
	return from_value(root, path, d, arena_new(), true);
}

/* The text after "# Source: " in the leading comment block, if any. */
static const char *header_source(arena *a, const char *text, size_t len)
{
	static const char tag[] = "# Source: ";
	size_t i = 0;
	while (i < len && text[i] == '#') {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (end - i > sizeof tag - 1 &&
			memcmp(text + i, tag, sizeof tag - 1) == 0) {
			size_t s = i + sizeof tag - 1, e = end;
			while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\r'))
				e--;
			return arena_strndup(a, text + s, e - s);
		}
		i = end + 1;
	}
	return NULL;
}

port_db *port_db_load(const char *path, diags *d)
{
	size_t len;
	char *text = fsio_read(path, LOADER_MAX_FILE, &len, d);
	if (!text)
		return NULL;
	arena *a = arena_new();
	value *root = loader_parse(a, path, text, len, d);
	port_db *db = root ? from_value(root, path, d, a, false) : NULL;
	if (db)
		db->source = header_source(a, text, len);
	else if (!root)
		arena_free(a);
	free(text);
	return db;
}

void port_db_free(port_db *db)
{
	if (!db)
		return;
	arena_free(db->a);
	free(db);
}

const port_entry *port_db_find(const port_db *db, unsigned port)
{
	size_t lo = 0, hi = db->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (db->entries[mid].port == port)
			return &db->entries[mid];
		if (db->entries[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- writing ----------------------------------------------------------- */

/* True when s would read back as something other than this string under
 * the YAML 1.2 core schema, or a YAML 1.1 reader would take it for a
 * boolean, number or time: such strings are quoted. */
static bool looks_typed(const char *s, size_t n)
{
	static const char *const words[] = {
		"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
		".inf", "+.inf", "-.inf", ".nan", NULL
	};
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
	if (i >= n || !((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		return false;
	for (; i < n; i++)
		if (!strchr("0123456789abcdefABCDEFxXoO._:+-", s[i]))
			return false;
	return true;
}

/* The code point of a three-byte UTF-8 sequence. */
static unsigned decode3(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
}

/* The length of what s[i] starts that a plain or block scalar cannot
 * hold, or 0: C0 controls but tab and newline, DEL, C1 controls, U+2028,
 * U+2029, the byte order mark and the noncharacters U+FFFE and U+FFFF
 * (outside YAML's printable set). */
static size_t unprintable_at(const char *s, size_t n, size_t i)
{
	unsigned char b = (unsigned char)s[i];
	if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F)
		return 1;
	if (b == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		(unsigned char)s[i + 1] <= 0x9F)
		return 2;
	if (b == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
		return 3;
	if (b == 0xEF && i + 2 < n && (((unsigned char)s[i + 1] == 0xBB &&
		(unsigned char)s[i + 2] == 0xBF) || ((unsigned char)s[i + 1] == 0xBF &&
		(unsigned char)s[i + 2] >= 0xBE)))
		return 3;
	return 0;
}

static bool plain_ok(const char *s, bool flow)
{
	size_t n = strlen(s);
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) ||
		s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == ':' ||
		looks_typed(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\t' || unprintable_at(s, n, i))
			return false;
		if (s[i] == ':' && (flow || s[i + 1] == ' '))
			return false;
		if (s[i] == '#' && s[i - 1] == ' ')
			return false;
		if (flow && strchr(",[]{}", s[i]))
			return false;
	}
	return true;
}

static void put_quoted(buf *out, const char *s)
{
	size_t n = strlen(s);
	buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		size_t u = unprintable_at(s, n, i);
		if (b == '"' || b == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)b);
		} else if (b == '\n') {
			buf_puts(out, "\\n");
		} else if (b == '\t') {
			buf_puts(out, "\\t");
		} else if (b == '\r') {
			buf_puts(out, "\\r");
		} else if (u == 1) {
			buf_printf(out, "\\x%02X", b);
		} else if (u == 2) {
			buf_printf(out, "\\u%04X", (unsigned char)s[i + 1]);
		} else if (u == 3) {
			buf_printf(out, "\\u%04X", decode3(s + i));
		} else {
			buf_putc(out, (char)b);
			i++;
			continue;
		}
		i += u ? u : 1;
	}
	buf_putc(out, '"');
}

static void put_scalar(buf *out, const char *s, bool flow)
{
	if (plain_ok(s, flow))
		buf_puts(out, s);
	else
		put_quoted(out, s);
}

static void put_protocols(buf *out, unsigned bits)
{
	buf_putc(out, '[');
	bool first = true;
	for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
		if (!(bits & bit))
			continue;
		if (!first)
			buf_puts(out, ", ");
		buf_puts(out, port_proto_name(bit));
		first = false;
	}
	buf_puts(out, "]\n");
}

/* Notes as a literal block at indent spaces, or quoted when they hold
 * what a block cannot. */
static void put_block(buf *out, const char *s, int indent)
{
	size_t n = strlen(s);
	bool literal = n > 0;
	for (size_t i = 0; i < n && literal; i++)
		literal = s[i] != '\r' && !unprintable_at(s, n, i);
	if (!literal) {
		put_quoted(out, s);
		buf_putc(out, '\n');
		return;
	}
	size_t trailing = 0;
	while (trailing < n && s[n - 1 - trailing] == '\n')
		trailing++;
	buf_putc(out, '|');
	if (s[0] == ' ' || s[0] == '\n' || s[0] == '\t')
		buf_putc(out, '2');
	buf_puts(out, trailing == 0 ? "-" : trailing == 1 ? "" : "+");
	buf_putc(out, '\n');
	size_t end = n - trailing;
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(s + i, '\n', end - i);
		size_t le = nl ? (size_t)(nl - s) : end;
		if (le > i)
			buf_printf(out, "%*s%.*s", indent, "", (int)(le - i), s + i);
		buf_putc(out, '\n');
		i = le + 1;
	}
	for (size_t k = 1; k < trailing; k++)
		buf_putc(out, '\n');
}

void port_db_write(const port_db *db, const char *source, buf *out)
{
	buf_puts(out,
		"# Port facts for portref: every row of the IANA Service Name and\n"
		"# Transport Protocol Port Number Registry that has a port number, with\n"
		"# curated unofficial uses and notes. A port not listed is unassigned.\n"
		"#\n");
	buf_printf(out, "# Source: %s\n", source ? source : "curated only");
	buf_puts(out,
		"#\n"
		"# `portref import` writes 'assignments' and 'reserved' from the registry\n"
		"# and replaces them on every run: do not edit them by hand. Everything\n"
		"# curated survives an import: 'name', 'unofficial', 'notes', and\n"
		"# 'references', which are a union (the importer adds the registry's\n"
		"# references and never removes one: it cannot tell a hand-added\n"
		"# one).\n"
		"# 'registry_date' is the date of the registry snapshot the rows\n"
		"# reflect; an older snapshot is refused unless --allow-older.\n");
	if (db->registry_date) {
		buf_puts(out, "registry_date: ");
		put_scalar(out, db->registry_date, false);
		buf_putc(out, '\n');
	}
	buf_puts(out, db->len ? "ports:\n" : "ports: []\n");
	for (size_t i = 0; i < db->len; i++) {
		const port_entry *e = &db->entries[i];
		buf_printf(out, "  - port: %u\n", e->port);
		if (e->name) {
			buf_puts(out, "    name: ");
			put_scalar(out, e->name, false);
			buf_putc(out, '\n');
		}
		if (e->n_assignments)
			buf_puts(out, "    assignments:\n");
		for (size_t k = 0; k < e->n_assignments; k++) {
			const port_assignment *as = &e->assignments[k];
			const char *lead = "      - ";
			if (as->service) {
				buf_printf(out, "%sservice: ", lead);
				put_scalar(out, as->service, false);
				buf_putc(out, '\n');
				lead = "        ";
			}
			buf_printf(out, "%sprotocols: ", lead);
			put_protocols(out, as->protocols);
			if (as->description) {
				buf_puts(out, "        description: ");
				put_scalar(out, as->description, false);
				buf_putc(out, '\n');
			}
			if (as->note) {
				buf_puts(out, "        note: ");
				put_scalar(out, as->note, false);
				buf_putc(out, '\n');
			}
			if (as->n_references) {
				buf_puts(out, "        references: [");
				for (size_t r = 0; r < as->n_references; r++) {
					if (r)
						buf_puts(out, ", ");
					put_scalar(out, as->references[r], true);
				}
				buf_puts(out, "]\n");
			}
		}
		if (e->reserved) {
			buf_puts(out, "    reserved: ");
			put_protocols(out, e->reserved);
		}
		if (e->n_unofficial)
			buf_puts(out, "    unofficial:\n");
		for (size_t k = 0; k < e->n_unofficial; k++) {
			buf_puts(out, "      - name: ");
			put_scalar(out, e->unofficial[k].name, false);
			buf_puts(out, "\n        protocols: ");
			put_protocols(out, e->unofficial[k].protocols);
			if (e->unofficial[k].source) {
				buf_puts(out, "        source: ");
				put_scalar(out, e->unofficial[k].source, false);
				buf_putc(out, '\n');
			}
		}
		if (e->notes) {
			buf_puts(out, "    notes: ");
			put_block(out, e->notes, 6);
		}
	}
}

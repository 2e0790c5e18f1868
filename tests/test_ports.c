/*
 * Tests for generator/ports.c: the database of data/ports.yaml, each
 * validation error with its exact message and position, several errors in
 * one run, warnings for historic service names, the real file, and the
 * writer's round trip through the loader and the validator.
 */
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "loader.h"
#include "ports.h"

/* Loads src as the ports file "t.yaml"; every diagnostic goes to out, one
 * a line. Returns the database or NULL. */
static port_db *load_text(const char *src, size_t max_errors, buf *out)
{
	diags d;
	diags_init(&d, max_errors);
	arena *a = arena_new();
	value *root = loader_parse(a, "t.yaml", src, strlen(src), &d);
	port_db *db = root ? port_db_from_value(root, "t.yaml", &d) : NULL;
	arena_free(a);
	buf_clear(out);
	for (size_t i = 0; i < d.len; i++) {
		if (i)
			buf_putc(out, '\n');
		diag_format(&d.items[i], out);
	}
	diags_free(&d);
	return db;
}

/* The diagnostics of src, which must not load. */
#define EXPECT(src, want) do { \
	buf m_; \
	buf_init(&m_); \
	port_db *db_ = load_text(src, 0, &m_); \
	CHECK(db_ == NULL); \
	CHECK_STR(m_.ptr, want); \
	port_db_free(db_); \
	buf_free(&m_); \
} while (0)

static void test_valid(void)
{
	buf m;
	buf_init(&m);
	port_db *db = load_text(
		"ports:\n"
		"  - port: 0\n"
		"    reserved: [tcp, udp]\n"
		"  - port: 22\n"
		"    assignments:\n"
		"      - service: ssh\n"
		"        protocols: [tcp, udp, sctp]\n"
		"        description: The Secure Shell (SSH) Protocol\n"
		"        references: [RFC4251]\n"
		"      - protocols: [dccp]\n"
		"        description: any private thing\n"
		"    unofficial:\n"
		"      - name: SSH tarpits\n"
		"        protocols: [tcp]\n"
		"    notes: |\n"
		"      Keep it *patched*.\n"
		"  - port: 3000\n"
		"    unofficial:\n"
		"      - name: Development servers\n"
		"        protocols: [tcp]\n", 0, &m);
	CHECK(db != NULL);
	CHECK_STR(m.ptr, "");
	if (db) {
		CHECK_INT(db->len, 3);
		const port_entry *e = port_db_find(db, 22);
		CHECK(e != NULL);
		CHECK_INT(e->n_assignments, 2);
		CHECK_STR(e->assignments[0].service, "ssh");
		CHECK_INT(e->assignments[0].protocols, PROTO_TCP | PROTO_UDP | PROTO_SCTP);
		CHECK_STR(e->assignments[0].description, "The Secure Shell (SSH) Protocol");
		CHECK_INT(e->assignments[0].n_references, 1);
		CHECK_STR(e->assignments[0].references[0], "RFC4251");
		CHECK(e->assignments[1].service == NULL);
		CHECK_INT(e->assignments[1].protocols, PROTO_DCCP);
		CHECK_INT(e->n_unofficial, 1);
		CHECK_STR(e->unofficial[0].name, "SSH tarpits");
		CHECK_STR(e->notes, "Keep it *patched*.\n");
		CHECK_INT(e->pos.line, 4);
		CHECK_INT(e->pos.col, 5);
		CHECK_STR(e->pos.file, "t.yaml");
		CHECK_INT(port_db_find(db, 0)->reserved, PROTO_TCP | PROTO_UDP);
		CHECK(port_db_find(db, 1) == NULL);
		CHECK(port_db_find(db, 3000) != NULL);
		CHECK(port_db_find(db, 65535) == NULL);
		CHECK(db->source == NULL);
	}
	port_db_free(db);

	db = load_text("ports: []\n", 0, &m);
	CHECK(db != NULL && db->len == 0);
	port_db_free(db);
	buf_free(&m);
}

/* The keys of issue 12: registry_date, a port's name, an assignment
 * listed with no protocol and its registry note, an unofficial use's
 * source. */
static void test_registry_keys(void)
{
	buf m;
	buf_init(&m);
	port_db *db = load_text(
		"registry_date: 2026-02-13\n"
		"ports:\n"
		"  - port: 3389\n"
		"    name: Remote Desktop Protocol (RDP)\n"
		"    assignments:\n"
		"      - service: ms-wbt-server\n"
		"        protocols: [tcp, udp]\n"
		"        description: MS WBT Server\n"
		"    unofficial:\n"
		"      - name: Windows Remote Desktop\n"
		"        protocols: [tcp, udp]\n"
		"        source: https://learn.microsoft.com/windows-server/remote/\n"
		"  - port: 4200\n"
		"    assignments:\n"
		"      - service: vrml-multi-use\n"
		"        protocols: []\n"
		"        description: VRML Multi User Systems\n"
		"        note: A second line of the registry.\n", 0, &m);
	CHECK(db != NULL);
	CHECK_STR(m.ptr, "");
	if (db) {
		CHECK_STR(db->registry_date, "2026-02-13");
		const port_entry *e = port_db_find(db, 3389);
		CHECK(e && e->name && strcmp(e->name,
			"Remote Desktop Protocol (RDP)") == 0);
		CHECK(e && e->n_unofficial == 1 && e->unofficial[0].source &&
			strncmp(e->unofficial[0].source, "https://learn.", 14) == 0);
		CHECK(e && e->assignments[0].note == NULL);
		e = port_db_find(db, 4200);
		CHECK(e && e->n_assignments == 1 && e->assignments[0].protocols == 0);
		CHECK(e && e->assignments[0].note && strcmp(e->assignments[0].note,
			"A second line of the registry.") == 0);
		CHECK(e && e->name == NULL);
	}
	port_db_free(db);
	buf_clear(&m);
	/* A row IANA lists without a protocol stands beside the same name's
	 * rows that have one (IANA's file has such pairs; found by fuzzing
	 * the importer, whose output did not load). */
	db = load_text(
		"ports:\n"
		"  - port: 2049\n"
		"    assignments:\n"
		"      - service: shilp\n"
		"        protocols: [tcp]\n"
		"      - service: shilp\n"
		"        protocols: []\n"
		"        description: d\n", 0, &m);
	CHECK(db != NULL);
	CHECK_STR(m.ptr, "");
	port_db_free(db);
	buf_free(&m);
}

static void test_ranges(void)
{
	CHECK_INT(port_range_of(0), RANGE_WELL_KNOWN);
	CHECK_INT(port_range_of(1023), RANGE_WELL_KNOWN);
	CHECK_INT(port_range_of(1024), RANGE_REGISTERED);
	CHECK_INT(port_range_of(49151), RANGE_REGISTERED);
	CHECK_INT(port_range_of(49152), RANGE_DYNAMIC);
	CHECK_INT(port_range_of(65535), RANGE_DYNAMIC);
	CHECK_STR(port_range_slug(RANGE_WELL_KNOWN), "well-known");
	CHECK_STR(port_range_slug(RANGE_REGISTERED), "registered");
	CHECK_STR(port_range_slug(RANGE_DYNAMIC), "dynamic");
	unsigned lo, hi;
	port_range_bounds(RANGE_REGISTERED, &lo, &hi);
	CHECK_INT(lo, 1024);
	CHECK_INT(hi, 49151);
	CHECK_STR(port_proto_name(PROTO_SCTP), "sctp");
	CHECK_INT(port_proto_parse("dccp", 4), PROTO_DCCP);
	CHECK_INT(port_proto_parse("TCP", 3), 0);
}

static void test_port_errors(void)
{
	EXPECT("ports:\n  - port: 70000\n    notes: x\n",
		"t.yaml:2:11: port must be an integer from 0 to 65535, not 70000");
	EXPECT("ports:\n  - port: -1\n    notes: x\n",
		"t.yaml:2:11: port must be an integer from 0 to 65535, not -1");
	EXPECT("ports:\n  - port: \"22\"\n    notes: x\n",
		"t.yaml:2:11: port must be an integer from 0 to 65535, not a string");
	EXPECT("ports:\n  - port: 22.5\n    notes: x\n",
		"t.yaml:2:11: port must be an integer from 0 to 65535, not 22.5");
	EXPECT("ports:\n  - port:\n    notes: x\n",
		"t.yaml:2:5: port must be an integer from 0 to 65535, not null");
	EXPECT("ports:\n  - notes: x\n",
		"t.yaml:2:5: entry needs 'port'");
	EXPECT("ports:\n  - port: 22\n    notes: x\n  - port: 21\n    notes: y\n",
		"t.yaml:4:11: ports must be sorted: 21 comes after 22");
	EXPECT("ports:\n  - port: 22\n    notes: x\n  - port: 22\n    notes: y\n",
		"t.yaml:4:11: port 22 is listed twice (first at 2:11)");
	EXPECT("ports:\n  - port: 7\n",
		"t.yaml:2:5: port 7 lists nothing (give assignments, reserved, "
		"name, unofficial or notes)");
	EXPECT("ports:\n  - 22\n",
		"t.yaml:2:5: a port entry must be a map, not an integer");
}

static void test_shape_errors(void)
{
	EXPECT("- port: 1\n",
		"t.yaml:1:1: the ports file must be a map with 'ports', not a list");
	EXPECT("entries: []\n",
		"t.yaml:1:1: unknown key 'entries' (expected registry_date or ports)\n"
		"t.yaml:1:1: the ports file needs 'ports'");
	EXPECT("port: []\n",
		"t.yaml:1:1: unknown key 'port' (did you mean 'ports'?)\n"
		"t.yaml:1:1: the ports file needs 'ports'");
	EXPECT("ports: {}\n", "t.yaml:1:8: 'ports' must be a list, not a map");
	EXPECT("ports:\n  - port: 1\n    note: x\n",
		"t.yaml:3:5: unknown key 'note' (did you mean 'notes'?)\n"
		"t.yaml:2:5: port 1 lists nothing (give assignments, reserved, "
		"name, unofficial or notes)");
	EXPECT("ports:\n  - port: 1\n    notes: x\n    colour: red\n",
		"t.yaml:4:5: unknown key 'colour' (expected port, name, assignments, "
		"reserved, unofficial or notes)");
	EXPECT("registry_date: 2026-13\nports: []\n",
		"t.yaml:1:16: 'registry_date' must be a date like \"2026-02-13\", "
		"not '2026-13'");
	EXPECT("registry_date: 20260213\nports: []\n",
		"t.yaml:1:16: 'registry_date' must be a string, not an integer "
		"(put it in quotes)");
}

static void test_assignment_errors(void)
{
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocol: [tcp]\n",
		"t.yaml:5:9: unknown key 'protocol' (did you mean 'protocols'?)\n"
		"t.yaml:4:9: assignment needs 'protocols' (write [] when the "
		"registry lists none)");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: [tpc]\n",
		"t.yaml:5:21: unknown protocol 'tpc' (expected tcp, udp, sctp or dccp)");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: [tcp, udp, tcp]\n",
		"t.yaml:5:31: protocol 'tcp' is listed twice");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: []\n        note: \"\"\n",
		"t.yaml:6:15: empty 'note'");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: []\n      - service: a\n"
		"        protocols: []\n",
		"t.yaml:6:18: service 'a' is listed twice (first at 4:18)");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: tcp\n",
		"t.yaml:5:20: 'protocols' must be a list like [tcp, udp], not a string");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: [a, b]\n"
		"        protocols: [tcp]\n",
		"t.yaml:4:18: 'service' must be a string, not a list");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: [tcp]\n        description: 2000\n",
		"t.yaml:6:22: 'description' must be a string, not an integer "
		"(put it in quotes)");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: \"\"\n"
		"        protocols: [tcp]\n",
		"t.yaml:4:18: empty 'service'");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - protocols: [tcp]\n",
		"t.yaml:4:9: assignment needs 'service' or 'description'");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: [tcp]\n        references: [RFC1, RFC2, RFC1]\n",
		"t.yaml:6:34: reference 'RFC1' is listed twice (first at 6:22)");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: [tcp]\n        references: [1078]\n",
		"t.yaml:6:22: a reference must be a string, not an integer");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - service: a\n"
		"        protocols: [tcp, udp]\n      - service: a\n"
		"        protocols: [udp]\n",
		"t.yaml:6:18: service 'a' is listed twice on udp (first at 4:18)");
	EXPECT("ports:\n  - port: 1\n    assignments: []\n",
		"t.yaml:3:18: empty 'assignments'");
	EXPECT("ports:\n  - port: 1\n    assignments:\n      - ssh\n",
		"t.yaml:4:9: an assignment must be a map, not a string");
}

static void test_curated_errors(void)
{
	EXPECT("ports:\n  - port: 1\n    notes: \"\"\n", "t.yaml:3:12: empty 'notes'");
	EXPECT("ports:\n  - port: 1\n    notes:\n", "t.yaml:3:5: empty 'notes'");
	EXPECT("ports:\n  - port: 1\n    notes: \"  \\n\"\n",
		"t.yaml:3:12: empty 'notes'");
	EXPECT("ports:\n  - port: 1\n    notes: \"a\\0b\"\n",
		"t.yaml:3:12: 'notes' contains a NUL character");
	EXPECT("ports:\n  - port: 1\n    notes: [a]\n",
		"t.yaml:3:12: 'notes' must be a string, not a list");
	EXPECT("ports:\n  - port: 1\n    reserved: [tcp, sctp, xdp]\n",
		"t.yaml:3:27: unknown protocol 'xdp' (expected tcp, udp, sctp or dccp)");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - protocols: [tcp]\n",
		"t.yaml:4:9: unofficial use needs 'name'");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - name: x\n",
		"t.yaml:4:9: unofficial use needs 'protocols'");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - name: x\n"
		"        protocols: [tcp]\n      - name: x\n        protocols: [udp]\n",
		"t.yaml:6:15: unofficial use 'x' is listed twice (first at 4:15)");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - name: x\n"
		"        protocols: []\n",
		"t.yaml:5:20: empty 'protocols'");
	EXPECT("ports:\n  - port: 1\n    reserved: []\n",
		"t.yaml:3:15: empty 'reserved'");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - name: x\n"
		"        protocols: [tcp]\n        source: example.org/x\n",
		"t.yaml:6:17: 'source' must be an http:// or https:// address, not "
		"'example.org/x'");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - name: x\n"
		"        protocols: [tcp]\n        source: javascript:alert(1)\n",
		"t.yaml:6:17: 'source' must be an http:// or https:// address, not "
		"'javascript:alert(1)'");
	EXPECT("ports:\n  - port: 1\n    name: [RDP]\n    notes: x\n",
		"t.yaml:3:11: 'name' must be a string, not a list");
	EXPECT("ports:\n  - port: 1\n    unofficial:\n      - nam: x\n"
		"        protocols: [tcp]\n",
		"t.yaml:4:9: unknown key 'nam' (did you mean 'name'?)\n"
		"t.yaml:4:9: unofficial use needs 'name'");
}

/* The common name: one line of text; and the principal service name by
 * its rule, with the display name that follows from both. */
/* The loader refuses invalid UTF-8 before these checks run; a tree built
 * another way still meets them, at the first bad byte of the string. */
static void test_text_encoding(void)
{
	static const struct { const char *name, *want; } cases[] = {
		{ "ok\xC3", "'name' is not valid UTF-8 (byte 0xC3 at offset 2)" },
		{ "\xED\xA0\x80", "'name' is not valid UTF-8 (byte 0xED at offset 0)" },
		{ "a\xC0\xAF", "'name' is not valid UTF-8 (byte 0xC0 at offset 1)" },
		{ "ab\xF4\x90\x80\x80",
		  "'name' is not valid UTF-8 (byte 0xF4 at offset 2)" },
		{ "\xC3\xA9\x80", "'name' is not valid UTF-8 (byte 0x80 at offset 2)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		arena *a = arena_new();
		value *root = value_map(a), *list = value_list(a);
		value *e = value_map(a);
		value_map_set(a, e, "port", value_int(a, 1));
		value_map_set(a, e, "name", value_cstr(a, cases[i].name));
		value_list_push(a, list, e);
		value_map_set(a, root, "ports", list);
		diags d;
		diags_init(&d, 0);
		port_db *db = port_db_from_value(root, "t.yaml", &d);
		CHECK(db == NULL);
		CHECK_INT(d.len, 1);
		CHECK_STR(d.len ? d.items[0].msg : NULL, cases[i].want);
		port_db_free(db);
		diags_free(&d);
		arena_free(a);
	}
}

static void test_names(void)
{
	EXPECT("ports:\n  - port: 1\n    name: \"\"\n    notes: x\n",
		"t.yaml:3:11: empty 'name'");
	EXPECT("ports:\n  - port: 1\n    name: \"a\\nb\"\n    notes: x\n",
		"t.yaml:3:11: 'name' must be one line");
	EXPECT("ports:\n  - port: 1\n    name: [a]\n    notes: x\n",
		"t.yaml:3:11: 'name' must be a string, not a list");
	buf m;
	buf_init(&m);
	port_db *db = load_text("ports:\n"
		"  - port: 80\n    name: HTTP\n    assignments:\n"
		"      - {service: www-http, protocols: [tcp, udp], description: World Wide Web HTTP}\n"
		"      - {service: http, protocols: [tcp, udp, sctp], description: HTTP}\n"
		"  - port: 113\n    assignments:\n"
		"      - {service: ident, protocols: [tcp]}\n"
		"      - {service: auth, protocols: [tcp, udp], description: Authentication Service}\n"
		"  - port: 625\n    assignments:\n"
		"      - {service: dec_dlm, protocols: [tcp, udp], description: DEC DLM}\n"
		"      - {service: dec-dlm, protocols: [tcp, udp], description: DEC DLM}\n"
		"  - port: 631\n    assignments:\n"
		"      - {service: ipps, protocols: [tcp], description: Internet Printing Protocol over HTTPS}\n"
		"      - {service: ipp, protocols: [tcp], description: IPP (Internet Printing Protocol)}\n"
		"  - port: 999\n    assignments:\n"
		"      - {service: garcon, protocols: [tcp]}\n"
		"      - {service: applix, protocols: [udp], description: Applix ac}\n"
		"  - port: 1000\n    assignments:\n"
		"      - {protocols: [tcp], description: any private printer server}\n",
		0, &m);
	CHECK_STR(m.ptr, "t.yaml:13:19: warning: service name 'dec_dlm' breaks "
		"RFC 6335 section 5.1: only letters, digits and hyphens are allowed");
	CHECK(db != NULL);
	if (db) {
		CHECK_STR(db->entries[0].name, "HTTP");
		CHECK_STR(port_principal_service(&db->entries[0]), "http");
		CHECK_STR(port_principal_service(&db->entries[1]), "auth");
		CHECK_STR(port_principal_service(&db->entries[2]), "dec-dlm");
		CHECK_STR(port_principal_service(&db->entries[3]), "ipp");
		CHECK_STR(port_principal_service(&db->entries[4]), "applix");
		CHECK(port_principal_service(&db->entries[5]) == NULL);
		CHECK(db->entries[1].name == NULL);
	}
	port_db_free(db);
	buf_free(&m);
}

/* Every problem of a file is reported in one run, in file order. */
static void test_many_errors(void)
{
	diags d;
	diags_init(&d, 0);
	port_db *db = port_db_load("tests/fixtures/ports/many-errors.yaml", &d);
	CHECK(db == NULL);
	buf m;
	buf_init(&m);
	for (size_t i = 0; i < d.len; i++) {
		diag_format(&d.items[i], &m);
		buf_putc(&m, '\n');
	}
	CHECK_STR(m.ptr,
		"tests/fixtures/ports/many-errors.yaml:5:11: port must be an integer "
		"from 0 to 65535, not 70000\n"
		"tests/fixtures/ports/many-errors.yaml:10:9: unknown key 'protocol' "
		"(did you mean 'protocols'?)\n"
		"tests/fixtures/ports/many-errors.yaml:9:9: assignment needs "
		"'protocols' (write [] when the registry lists none)\n"
		"tests/fixtures/ports/many-errors.yaml:12:11: ports must be sorted: "
		"21 comes after 22\n"
		"tests/fixtures/ports/many-errors.yaml:15:26: unknown protocol 'tpc' "
		"(expected tcp, udp, sctp or dccp)\n"
		"tests/fixtures/ports/many-errors.yaml:16:12: empty 'notes'\n"
		"tests/fixtures/ports/many-errors.yaml:17:11: port 22 is listed "
		"twice (first at 7:11)\n"
		"tests/fixtures/ports/many-errors.yaml:19:18: warning: service name "
		"'sql*net' breaks RFC 6335 section 5.1: only letters, digits and "
		"hyphens are allowed\n");
	CHECK_INT(d.errors, 7);
	CHECK_INT(d.warnings, 1);
	/* The historic name is a fact of the registry: settled. */
	CHECK_INT(d.settled, 1);

	/* Sorted for reading: errors first, each group in line order. */
	diags_add(&d, DIAG_WARNING, "tests/fixtures/ports/many-errors.yaml", 2,
		1, "an early warning");
	diags_add(&d, DIAG_ERROR, "other.yaml", 1, 1, "a second file");
	diags_sort(&d);
	buf_clear(&m);
	for (size_t i = 0; i < d.len; i++) {
		buf_printf(&m, "%s%u:%u", i ? " " : "", d.items[i].line,
			d.items[i].col);
		if (d.items[i].severity == DIAG_WARNING)
			buf_puts(&m, "w");
	}
	CHECK_STR(m.ptr, "5:11 9:9 10:9 12:11 15:26 16:12 17:11 1:1 2:1w 19:18w");
	CHECK(d.items[d.len - 1].settled && !d.items[d.len - 2].settled);
	diags_free(&d);

	/* The cap stops the walk; what was dropped is still counted. */
	diags_init(&d, 2);
	db = port_db_load("tests/fixtures/ports/many-errors.yaml", &d);
	CHECK(db == NULL);
	CHECK_INT(d.len, 2);
	CHECK(diags_full(&d));
	diags_free(&d);
	buf_free(&m);
}

static void test_historic_names(void)
{
	static const struct { const char *name, *why; } cases[] = {
		{ "sql*net", "only letters, digits and hyphens are allowed" },
		{ "ocs_cmu", "only letters, digits and hyphens are allowed" },
		{ "sixteen-chars-xx", "more than 15 characters" },
		{ "a--b", "two hyphens in a row" },
		{ "-ab", "begins with a hyphen" },
		{ "ab-", "ends with a hyphen" },
		{ "914", "no letter" },
	};
	buf src, m, want;
	buf_init(&src);
	buf_init(&m);
	buf_init(&want);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_clear(&src);
		buf_printf(&src, "ports:\n  - port: 1\n    assignments:\n"
			"      - service: \"%s\"\n        protocols: [tcp]\n",
			cases[i].name);
		port_db *db = load_text(src.ptr, 0, &m);
		CHECK(db != NULL);
		buf_clear(&want);
		buf_printf(&want, "t.yaml:4:18: warning: service name '%s' breaks "
			"RFC 6335 section 5.1: %s", cases[i].name, cases[i].why);
		CHECK_STR(m.ptr, want.ptr);
		port_db_free(db);
	}
	CHECK(port_service_name_problem("www-http") == NULL);
	CHECK(port_service_name_problem("3com-tsmux") == NULL);
	CHECK(port_service_name_problem("abcdefghijklmno") == NULL);
	buf_free(&src);
	buf_free(&m);
	buf_free(&want);
}

static void test_source_header(void)
{
	diags d;
	diags_init(&d, 0);
	port_db *db = port_db_load("tests/fixtures/ports/header.yaml", &d);
	CHECK(db != NULL);
	CHECK_INT(d.errors, 0);
	if (db)
		CHECK_STR(db->source, "services (services(5)); as of 2024-05-01");
	port_db_free(db);
	diags_free(&d);
}

/* The real data loads cleanly; time it roughly (make bench measures). */
static void test_real_file(void)
{
	diags d;
	diags_init(&d, 0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	port_db *db = port_db_load("data/ports.yaml", &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(db != NULL);
	CHECK_INT(d.errors, 0);
	if (db) {
		CHECK(db->len > 6000);
		CHECK(db->source != NULL);
		const port_entry *ssh = port_db_find(db, 22);
		CHECK(ssh && ssh->n_assignments > 0 &&
			strcmp(ssh->assignments[0].service, "ssh") == 0);
		const port_entry *zero = port_db_find(db, 0);
		CHECK(zero && zero->reserved == (PROTO_TCP | PROTO_UDP));
		for (size_t i = 1; i < db->len; i++)
			CHECK(db->entries[i - 1].port < db->entries[i].port);
		/* Rebuilt from IANA's CSV (issue 12): its date, a Reserved row
		 * without protocol, a range listed with none, a split
		 * description. */
		CHECK(db->registry_date && strcmp(db->registry_date,
			"2026-02-13") >= 0);
		const port_entry *e = port_db_find(db, 49151);
		CHECK(e && e->reserved == (PROTO_TCP | PROTO_UDP));
		e = port_db_find(db, 4250);
		CHECK(e && e->n_assignments == 1 && e->assignments[0].protocols == 0);
		e = port_db_find(db, 63);
		CHECK(e && e->n_assignments > 0 && e->assignments[0].note &&
			strcmp(e->assignments[0].description, "whois++") == 0);
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		printf("note: data/ports.yaml: %zu ports, %zu warnings, loaded in "
			"%.1f ms\n", db->len, d.warnings, ms);
	}
	port_db_free(db);
	diags_free(&d);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Strings a plain scalar would misread are quoted and come back as they
 * were; the written file passes the validator. */
static void test_round_trip(void)
{
	static const char *const tricky[] = {
		"plain words", "key: value", "ends with colon:", "a # comment",
		"#hash", "true", "False", "null", "~", "yes", "off", "123", "-7",
		"0x1F", "1e5", "12:30", ".inf", " leading space", "trailing space ",
		"- dash", "? question", "[bracket]", "{brace}", "*star", "&amp",
		"!bang", "|pipe", ">fold", "'single'", "\"double\"", "%percent",
		"@at", "`tick", "tab\there", "line\nbreak", "bell\x07", "del\x7F",
		"c1\xC2\x85", "sep\xE2\x80\xA8", "bom\xEF\xBB\xBF", "caf\xC3\xA9",
		"nonchar\xEF\xBF\xBF", "nonchar\xEF\xBF\xBE", "last\xEF\xBF\xBD",
		"back\\slash", "comma, inside", "3com-tsmux", "sql*net", "a:b",
	};
	static const char *const notes[] = {
		"One line.\n", "No newline", "Two\n\nparagraphs.\n",
		"Trailing blank lines.\n\n\n", "  Indented start.\n",
		"\nBlank first line.\n", "Tab\tinside\n", "Bell \x07 inside\n", "U+FFFF \xEF\xBF\xBF inside\n",
		"CR\r\nline\n", "# Heading\n\n- item: one\n- item: two\n",
	};
	size_t nt = sizeof tricky / sizeof tricky[0];
	size_t nn = sizeof notes / sizeof notes[0];
	port_db db = { 0 };
	db.a = arena_new();
	db.len = nt;
	db.entries = arena_zalloc(db.a, nt * sizeof *db.entries);
	for (size_t i = 0; i < nt; i++) {
		port_entry *e = &db.entries[i];
		e->port = (unsigned)i * 1000;
		e->n_assignments = 1;
		e->assignments = arena_zalloc(db.a, sizeof *e->assignments);
		e->assignments[0].service = tricky[i];
		e->assignments[0].protocols = PROTO_TCP | PROTO_DCCP;
		e->assignments[0].description = tricky[(i + 1) % nt];
		e->assignments[0].n_references = 2;
		e->assignments[0].references = arena_alloc(db.a, 2 * sizeof(char *));
		e->assignments[0].references[0] = tricky[(i + 2) % nt];
		e->assignments[0].references[1] = "RFC1";
		e->reserved = i % 2 ? PROTO_UDP : 0;
		e->n_unofficial = 1;
		e->unofficial = arena_zalloc(db.a, sizeof *e->unofficial);
		e->unofficial[0].name = tricky[(i + 3) % nt];
		e->unofficial[0].protocols = PROTO_SCTP;
		e->notes = notes[i % nn];
	}
	buf out, again;
	buf_init(&out);
	buf_init(&again);
	port_db_write(&db, "a source: with \"quotes\"", &out);
	diags d;
	diags_init(&d, 0);
	arena *a = arena_new();
	value *root = loader_parse(a, "rt.yaml", out.ptr, out.len, &d);
	port_db *back = root ? port_db_from_value(root, "rt.yaml", &d) : NULL;
	CHECK(back != NULL);
	CHECK_INT(d.errors, 0);
	if (back) {
		CHECK_INT(back->len, nt);
		for (size_t i = 0; i < nt && i < back->len; i++) {
			const port_entry *x = &db.entries[i], *y = &back->entries[i];
			CHECK_INT(y->port, x->port);
			CHECK_INT(y->n_assignments, 1);
			CHECK_INT(y->reserved, x->reserved);
			CHECK_STR(y->assignments[0].service, x->assignments[0].service);
			CHECK_STR(y->assignments[0].description,
				x->assignments[0].description);
			CHECK_INT(y->assignments[0].protocols, PROTO_TCP | PROTO_DCCP);
			CHECK_INT(y->assignments[0].n_references, 2);
			CHECK_STR(y->assignments[0].references[0],
				x->assignments[0].references[0]);
			CHECK_STR(y->unofficial[0].name, x->unofficial[0].name);
			CHECK_INT(y->unofficial[0].protocols, PROTO_SCTP);
			CHECK(same_str(y->notes, x->notes));
			if (!same_str(y->notes, x->notes))
				printf("  notes differ for \"%s\": \"%s\"\n", x->notes,
					y->notes);
		}
		port_db_write(back, "a source: with \"quotes\"", &again);
		CHECK_STR(again.ptr, out.ptr);
	}
	/* A few exact spellings. */
	static const char *const spellings[] = {
		"service: \"key: value\"\n",
		"service: \"true\"\n",
		"service: 3com-tsmux\n",
		"service: sql*net\n",
		"service: \"bell\\x07\"\n",
		"service: \"c1\\u0085\"\n",
		"service: caf\xC3\xA9\n",
		"references: [\"comma, inside\", RFC1]\n",
		"references: [\"a:b\", RFC1]\n",
		"    notes: |2\n        Indented start.\n",
		"    notes: |-\n      No newline\n",
		"    notes: |+\n      Trailing blank lines.\n\n\n",
		"    notes: \"CR\\r\\nline\\n\"\n",
	};
	for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++) {
		CHECK(strstr(out.ptr, spellings[i]));
		if (!strstr(out.ptr, spellings[i]))
			printf("  not written: %s", spellings[i]);
	}
	port_db_free(back);
	arena_free(a);
	diags_free(&d);
	arena_free(db.a);
	buf_free(&out);
	buf_free(&again);
}

/* The keys of issue 12 survive a write and a read: registry_date, a
 * port's name, a row with no protocol and its note, an unofficial use's
 * source. */
static void test_round_trip_new_keys(void)
{
	port_db db = { 0 };
	db.a = arena_new();
	db.registry_date = "2026-02-13";
	db.len = 1;
	db.entries = arena_zalloc(db.a, sizeof *db.entries);
	port_entry *e = &db.entries[0];
	e->port = 4200;
	e->name = "Angular: ng serve";
	e->n_assignments = 1;
	e->assignments = arena_zalloc(db.a, sizeof *e->assignments);
	e->assignments[0].service = "vrml-multi-use";
	e->assignments[0].description = "VRML Multi User Systems";
	e->assignments[0].note = "A note: with a colon";
	e->n_unofficial = 1;
	e->unofficial = arena_zalloc(db.a, sizeof *e->unofficial);
	e->unofficial[0].name = "Angular CLI development server";
	e->unofficial[0].protocols = PROTO_TCP;
	e->unofficial[0].source = "https://angular.dev/cli/serve";
	buf out, again;
	buf_init(&out);
	buf_init(&again);
	port_db_write(&db, "test", &out);
	CHECK(strstr(out.ptr, "\nregistry_date: \"2026-02-13\"\nports:\n"));
	CHECK(strstr(out.ptr, "  - port: 4200\n    name: \"Angular: ng serve\"\n"
		"    assignments:\n      - service: vrml-multi-use\n"
		"        protocols: []\n"
		"        description: VRML Multi User Systems\n"
		"        note: \"A note: with a colon\"\n"));
	CHECK(strstr(out.ptr, "        source: https://angular.dev/cli/serve\n"));
	diags d;
	diags_init(&d, 0);
	arena *a = arena_new();
	value *root = loader_parse(a, "rt.yaml", out.ptr, out.len, &d);
	port_db *back = root ? port_db_from_value(root, "rt.yaml", &d) : NULL;
	CHECK(back && back->len == 1);
	if (back && back->len == 1) {
		const port_entry *y = &back->entries[0];
		CHECK_STR(back->registry_date, "2026-02-13");
		CHECK_STR(y->name, e->name);
		CHECK_INT(y->assignments[0].protocols, 0);
		CHECK_STR(y->assignments[0].note, e->assignments[0].note);
		CHECK_STR(y->unofficial[0].source, e->unofficial[0].source);
		port_db_write(back, "test", &again);
		CHECK_STR(again.ptr, out.ptr);
	}
	port_db_free(back);
	arena_free(a);
	diags_free(&d);
	arena_free(db.a);
	buf_free(&out);
	buf_free(&again);
}

int main(void)
{
	RUN(test_valid);
	RUN(test_registry_keys);
	RUN(test_ranges);
	RUN(test_port_errors);
	RUN(test_shape_errors);
	RUN(test_assignment_errors);
	RUN(test_curated_errors);
	RUN(test_text_encoding);
	RUN(test_names);
	RUN(test_many_errors);
	RUN(test_historic_names);
	RUN(test_source_header);
	RUN(test_real_file);
	RUN(test_round_trip);
	RUN(test_round_trip_new_keys);
	DONE("test_ports");
}

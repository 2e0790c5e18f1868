/*
 * open_data: data/ports.json and data/ports.csv, written from the port
 * database the pages are made from, so a program gets in one download what
 * the pages show. Strings are copied as they are, escaped only for the
 * format (JSON strings; CSV fields quoted when they hold a comma, a quote
 * or a line break).
 */
#include "open_data.h"

#include <string.h>

#include "escape.h"
#include "kinds.h"

static const char registry[] = "IANA Service Name and Transport Protocol "
	"Port Number Registry, "
	"https://www.iana.org/assignments/service-names-port-numbers/";

static void json_str(buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	buf_putc(out, '"');
	escape_json(out, s, strlen(s));
	buf_putc(out, '"');
}

static void json_protocols(buf *out, unsigned bits)
{
	buf_putc(out, '[');
	bool first = true;
	for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
		if (!(bits & bit))
			continue;
		buf_printf(out, "%s\"%s\"", first ? "" : ",", port_proto_name(bit));
		first = false;
	}
	buf_putc(out, ']');
}

void open_data_write_json(const port_db *db, const site *s, buf *out)
{
	buf_puts(out, "{\"about\":{\"title\":\"Port Reference: every listed TCP, "
		"UDP, SCTP and DCCP port\",\"site\":");
	json_str(out, s->base_url);
	buf_puts(out, ",\"port_page\":");
	buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s" PAGE_PORTS_DIR "{port}/", s->base_url);
	json_str(out, tmp.ptr);
	buf_free(&tmp);
	buf_puts(out, ",\"sources\":{\"registry\":");
	json_str(out, registry);
	buf_puts(out, ",\"registry_snapshot\":");
	json_str(out, db->source);
	buf_puts(out, ",\"registry_date\":");
	json_str(out, db->registry_date);
	buf_puts(out, ",\"curated\":");
	buf cur;
	buf_init(&cur);
	buf_printf(&cur, "common names, unofficial uses and notes, curated by "
		"the portref project, %s", s->repository);
	json_str(out, cur.ptr);
	buf_free(&cur);
	buf_puts(out, "},\"terms\":\"The assignments and reserved markers are "
		"IANA's registry; the common names, unofficial uses and notes are "
		"the portref project's. No licence is stated for this file.\","
		"\"unlisted\":\"A port not listed is unassigned.\"},\n\"ports\":[");
	for (size_t i = 0; i < db->len; i++) {
		const port_entry *e = &db->entries[i];
		buf_printf(out, "%s\n{\"port\":%u,\"range\":\"%s\",\"name\":",
			i ? "," : "", e->port, port_range_slug(port_range_of(e->port)));
		json_str(out, e->name);
		buf_puts(out, ",\"principal_service\":");
		json_str(out, port_principal_service(e));
		buf_puts(out, ",\"assignments\":[");
		for (size_t k = 0; k < e->n_assignments; k++) {
			const port_assignment *as = &e->assignments[k];
			buf_puts(out, k ? ",{\"service\":" : "{\"service\":");
			json_str(out, as->service);
			buf_puts(out, ",\"protocols\":");
			json_protocols(out, as->protocols);
			buf_puts(out, ",\"description\":");
			json_str(out, as->description);
			buf_puts(out, ",\"note\":");
			json_str(out, as->note);
			buf_puts(out, ",\"references\":[");
			for (size_t r = 0; r < as->n_references; r++) {
				if (r)
					buf_putc(out, ',');
				json_str(out, as->references[r]);
			}
			buf_puts(out, "]}");
		}
		buf_puts(out, "],\"reserved\":");
		json_protocols(out, e->reserved);
		buf_puts(out, ",\"unofficial\":[");
		for (size_t k = 0; k < e->n_unofficial; k++) {
			buf_puts(out, k ? ",{\"name\":" : "{\"name\":");
			json_str(out, e->unofficial[k].name);
			buf_puts(out, ",\"protocols\":");
			json_protocols(out, e->unofficial[k].protocols);
			buf_puts(out, ",\"source\":");
			json_str(out, e->unofficial[k].source);
			buf_putc(out, '}');
		}
		buf_puts(out, "],\"notes\":");
		json_str(out, e->notes);
		buf_putc(out, '}');
	}
	buf_puts(out, "\n]}\n");
}

/* One CSV field: quoted, with quotes doubled, when it needs to be. */
static void csv_field(buf *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

/* A field and the comma that ends it. */
static void csv_cell(buf *out, const char *s)
{
	csv_field(out, s);
	buf_putc(out, ',');
}

/* The protocols as one field, "tcp udp", and the comma that ends it. */
static void csv_protocols(buf *out, unsigned bits)
{
	bool first = true;
	for (unsigned bit = PROTO_TCP; bit <= PROTO_DCCP; bit <<= 1) {
		if (!(bits & bit))
			continue;
		if (!first)
			buf_putc(out, ' ');
		buf_puts(out, port_proto_name(bit));
		first = false;
	}
	buf_putc(out, ',');
}

/* The row's first fields: port, range, common name, kind. */
static void csv_start(buf *out, const port_entry *e, const char *kind)
{
	buf_printf(out, "%u,%s,", e->port, port_range_slug(port_range_of(e->port)));
	csv_field(out, e->name);
	buf_printf(out, ",%s,", kind);
}

void open_data_write_csv(const port_db *db, buf *out)
{
	buf_puts(out, "port,range,common_name,kind,service,protocols,text,note,"
		"references,source\r\n");
	for (size_t i = 0; i < db->len; i++) {
		const port_entry *e = &db->entries[i];
		for (size_t k = 0; k < e->n_assignments; k++) {
			const port_assignment *as = &e->assignments[k];
			csv_start(out, e, "assignment");
			csv_cell(out, as->service);
			csv_protocols(out, as->protocols);
			csv_cell(out, as->description);
			csv_cell(out, as->note);
			buf refs;
			buf_init(&refs);
			for (size_t r = 0; r < as->n_references; r++) {
				if (r)
					buf_puts(&refs, "; ");
				buf_puts(&refs, as->references[r]);
			}
			csv_field(out, refs.ptr);
			buf_free(&refs);
			buf_puts(out, ",\r\n");
		}
		if (e->reserved) {
			csv_start(out, e, "reserved");
			buf_putc(out, ',');
			csv_protocols(out, e->reserved);
			buf_puts(out, ",,,\r\n");
		}
		for (size_t k = 0; k < e->n_unofficial; k++) {
			csv_start(out, e, "unofficial");
			buf_putc(out, ',');
			csv_protocols(out, e->unofficial[k].protocols);
			csv_cell(out, e->unofficial[k].name);
			buf_puts(out, ",,");
			csv_field(out, e->unofficial[k].source);
			buf_puts(out, "\r\n");
		}
		if (e->notes) {
			csv_start(out, e, "notes");
			buf_puts(out, ",,");
			csv_field(out, e->notes);
			buf_puts(out, ",,,\r\n");
		}
	}
}

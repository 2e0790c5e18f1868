/*
 * search_index: every name a reader may type for a port, once per port.
 *
 * The registry repeats names (a row per protocol, aliases, descriptions
 * equal to the service name); the index keeps each string once per port,
 * so a query lists the port once and the file stays small enough for a
 * phone. Ranking is the browser's job (static/search.js): the fields are
 * in the order it ranks them.
 */
#include "search_index.h"

#include <string.h>
#include <strings.h>

#include "escape.h"

/* Whether s equals one of the first n service names of e, or a
 * description among them, ignoring case. */
static bool said_before(const port_entry *e, size_t n, const char *s,
	bool descriptions)
{
	for (size_t k = 0; k < n; k++) {
		const port_assignment *o = &e->assignments[k];
		if (o->service && strcasecmp(o->service, s) == 0)
			return true;
		if (descriptions && o->description &&
			strcasecmp(o->description, s) == 0)
			return true;
	}
	return false;
}

static void put_string(buf *out, const char *s)
{
	buf_putc(out, '"');
	escape_json(out, s, strlen(s));
	buf_putc(out, '"');
}

void search_index_write(const port_db *db, buf *out)
{
	buf services, texts;
	buf_init(&services);
	buf_init(&texts);
	buf_putc(out, '[');
	bool first = true;
	for (size_t i = 0; i < db->len; i++) {
		const port_entry *e = &db->entries[i];
		const char *principal = port_principal_service(e);
		buf_clear(&services);
		if (principal)
			buf_puts(&services, principal);
		buf_clear(&texts);
		for (size_t k = 0; k < e->n_assignments; k++) {
			const port_assignment *as = &e->assignments[k];
			if (as->service && strcmp(as->service, principal) != 0 &&
				!said_before(e, k, as->service, false)) {
				buf_putc(&services, ' ');
				buf_puts(&services, as->service);
			}
			const char *d = as->description;
			if (d && !said_before(e, e->n_assignments, d, false) &&
				!said_before(e, k, d, true) &&
				!(e->name && strcasecmp(e->name, d) == 0)) {
				if (texts.len)
					buf_putc(&texts, '\n');
				buf_puts(&texts, d);
			}
		}
		for (size_t k = 0; k < e->n_unofficial; k++) {
			if (texts.len)
				buf_putc(&texts, '\n');
			buf_puts(&texts, e->unofficial[k].name);
		}
		if (!e->name && !services.len && !texts.len)
			continue;  /* only reserved: the number finds it */
		buf_puts(out, first ? "\n[" : ",\n[");
		first = false;
		buf_put_uint(out, e->port);
		if (e->name || services.len || texts.len) {
			buf_putc(out, ',');
			put_string(out, e->name ? e->name : "");
		}
		if (services.len || texts.len) {
			buf_putc(out, ',');
			put_string(out, services.len ? services.ptr : "");
		}
		if (texts.len) {
			buf_putc(out, ',');
			put_string(out, texts.ptr);
		}
		buf_putc(out, ']');
	}
	buf_puts(out, "\n]\n");
	buf_free(&services);
	buf_free(&texts);
}

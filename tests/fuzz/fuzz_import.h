/*
 * The body shared by the importer's fuzz targets (fuzz_csv, fuzz_services,
 * fuzz_json): whatever the file, parsing either fails with positioned
 * errors or yields rows whose snapshot the writer turns into a file that
 * loads without an error and writes back to the same bytes. The file name
 * picks the format. fuzz_ports uses the round trip alone.
 */
#ifndef PORTREF_FUZZ_IMPORT_H
#define PORTREF_FUZZ_IMPORT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "loader.h"

static inline void round_trip(const port_db *db)
{
	buf out, again;
	buf_init(&out);
	buf_init(&again);
	port_db_write(db, "fuzz", &out);
	diags d;
	diags_init(&d, 10);
	arena *a = arena_new();
	value *root = loader_parse(a, "fuzz.yaml", out.ptr, out.len, &d);
	port_db *back = root ? port_db_from_value(root, "fuzz.yaml", &d) : NULL;
	if (!back)
		abort();  /* the writer wrote a file the validator refuses */
	port_db_write(back, "fuzz", &again);
	if (again.len != out.len || memcmp(again.ptr, out.ptr, out.len) != 0)
		abort();  /* not a fixed point */
	port_db_free(back);
	arena_free(a);
	diags_free(&d);
	buf_free(&out);
	buf_free(&again);
}

/* Parses data as the file called name, then checks the round trip. */
static inline int fuzz_import(const char *name, const uint8_t *data,
	size_t size)
{
	import_source src;
	memset(&src, 0, sizeof src);
	diags d;
	diags_init(&d, 20);
	if (import_source_parse(&src, name, (const char *)data, size, &d)) {
		port_db *snap = import_snapshot(&src, 1, &d);
		if (snap)
			round_trip(snap);
		port_db_free(snap);
	}
	import_source_free(&src);
	diags_free(&d);
	return 0;
}

#endif

/*
 * fuzz_services: the services(5) form through the importer, and the
 * written ports file back through the loader and the validator.
 *
 * Whatever the file, parsing either fails with positioned errors or yields
 * rows whose snapshot the writer turns into a file that loads without an
 * error and writes back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const port_db *db)
{
	buf out, again;
	buf_init(&out);
	buf_init(&again);
	import_write_yaml(db, "fuzz", &out);
	diags d;
	diags_init(&d, 10);
	arena *a = arena_new();
	value *root = loader_parse(a, "fuzz.yaml", out.ptr, out.len, &d);
	port_db *back = root ? port_db_from_value(root, "fuzz.yaml", &d) : NULL;
	if (!back)
		abort();  /* the writer wrote a file the validator refuses */
	import_write_yaml(back, "fuzz", &again);
	if (again.len != out.len || memcmp(again.ptr, out.ptr, out.len) != 0)
		abort();  /* not a fixed point */
	port_db_free(back);
	arena_free(a);
	diags_free(&d);
	buf_free(&out);
	buf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	import_source src;
	memset(&src, 0, sizeof src);
	diags d;
	diags_init(&d, 20);
	if (import_source_parse(&src, "services", (const char *)data, size, &d)) {
		port_db *snap = import_snapshot(&src, 1, &d);
		if (snap)
			round_trip(snap);
		port_db_free(snap);
	}
	import_source_free(&src);
	diags_free(&d);
	return 0;
}

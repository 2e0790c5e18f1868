/*
 * fuzz_ports: any YAML through the loader and the ports.yaml validator.
 *
 * The validator must never crash, whatever the tree; a file it accepts
 * must survive the importer's writer: written, loaded and validated again
 * without an error, and written back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diags d;
	diags_init(&d, 20);
	arena *a = arena_new();
	value *root = loader_parse(a, "ports.yaml", (const char *)data, size, &d);
	port_db *db = root ? port_db_from_value(root, "ports.yaml", &d) : NULL;
	if (db) {
		buf out, again;
		buf_init(&out);
		buf_init(&again);
		import_write_yaml(db, "fuzz", &out);
		diags d2;
		diags_init(&d2, 10);
		arena *a2 = arena_new();
		value *r2 = loader_parse(a2, "w.yaml", out.ptr, out.len, &d2);
		port_db *back = r2 ? port_db_from_value(r2, "w.yaml", &d2) : NULL;
		if (!back)
			abort();  /* the writer wrote a file the validator refuses */
		import_write_yaml(back, "fuzz", &again);
		if (again.len != out.len || memcmp(again.ptr, out.ptr, out.len) != 0)
			abort();  /* not a fixed point */
		port_db_free(back);
		arena_free(a2);
		diags_free(&d2);
		buf_free(&out);
		buf_free(&again);
	}
	port_db_free(db);
	arena_free(a);
	diags_free(&d);
	return 0;
}

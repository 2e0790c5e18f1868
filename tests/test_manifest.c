/*
 * Tests for generator/manifest.c: a round trip, and that every unsafe or
 * malformed manifest is refused whole, with its reason.
 */
#include <stdlib.h>

#include "harness.h"
#include "manifest.h"

/* A manifest with one language (tag) holding port 22, and one file. */
static void sample(buf *out, const char *tag, const char *path,
	const char *file_tag, bool stale)
{
	manifest_port port = { 22, { 7, { 1, 2 }, 3, 4 } };
	manifest_lang lang = { (char *)tag, &port, 1, NULL };
	manifest_file file = { (char *)path, (char *)file_tag,
		{ 0, { 5, 6 }, 7, 8 } };
	manifest m = { stale, false, &lang, 1, &file, 1 };
	buf_clear(out);
	manifest_serialise(&m, out);
}

static const char *refusal(const buf *b)
{
	const char *why = NULL;
	manifest *m = manifest_parse((const unsigned char *)b->ptr, b->len, &why);
	manifest_free(m);
	return m ? NULL : why;
}

static void test_round_trip(void)
{
	buf b;
	buf_init(&b);
	sample(&b, "zh-Hant", "zh-Hant/faq/index.html", "zh-Hant", true);
	const char *why = NULL;
	manifest *m = manifest_parse((const unsigned char *)b.ptr, b.len, &why);
	CHECK(m != NULL);
	if (m) {
		CHECK(m->stale);
		CHECK(!m->elsewhere);
		CHECK_INT(m->n_langs, 1);
		CHECK_STR(m->langs[0].tag, "zh-Hant");
		CHECK_INT(m->langs[0].n_ports, 1);
		CHECK_INT(m->langs[0].ports[0].port, 22);
		CHECK_INT(m->langs[0].ports[0].r.input, 7);
		CHECK_INT(m->langs[0].ports[0].r.output.hi, 2);
		CHECK_INT(m->langs[0].ports[0].r.mtime, 4);
		CHECK_INT(m->n_files, 1);
		CHECK_STR(m->files[0].path, "zh-Hant/faq/index.html");
		CHECK_INT(m->files[0].r.size, 7);
	}
	manifest_free(m);
	buf_free(&b);
}

static void test_unsafe_paths_refused(void)
{
	static const char *const bad[] = {
		"../precious.txt", "/etc/passwd", "a//b", "a/./b", "a/../../b", ".",
		"..", "", "a/", "fr/ports/22/index.html\n", "a\\b", "a b",
		".portref-manifest", ".portref-lock", "caf\xc3\xa9.html", NULL
	};
	buf b;
	buf_init(&b);
	for (size_t i = 0; bad[i]; i++) {
		sample(&b, "en", bad[i], "", false);
		const char *why = refusal(&b);
		if (!why)
			printf("  path '%s' was accepted\n", bad[i]);
		CHECK(why != NULL);
	}
	sample(&b, "en", "fr/ports/22/index.html", "", false);
	CHECK(refusal(&b) == NULL);
	sample(&b, "en", "sitemap-1.xml", "", false);
	CHECK(refusal(&b) == NULL);
	buf_free(&b);
}

static void test_odd_tags_refused(void)
{
	static const char *const bad[] = {
		"..", ".", "", "e", "en/..", "en-", "-en", "en--US", "toolongtag",
		"en_US", "fr/ports", "en-123456789", NULL
	};
	buf b;
	buf_init(&b);
	for (size_t i = 0; bad[i]; i++) {
		sample(&b, bad[i], "index.html", "", false);
		const char *why = refusal(&b);
		if (!why)
			printf("  language tag '%s' was accepted\n", bad[i]);
		CHECK(why != NULL);
		sample(&b, "en", "index.html", bad[i][0] ? bad[i] : "..", false);
		CHECK(refusal(&b) != NULL);
	}
	static const char *const good[] = { "en", "pt-BR", "zh-Hant", "sr-Latn-RS",
		NULL };
	for (size_t i = 0; good[i]; i++) {
		sample(&b, good[i], "index.html", good[i], false);
		CHECK(refusal(&b) == NULL);
	}
	buf_free(&b);
}

static void test_damage_refused(void)
{
	buf b;
	buf_init(&b);
	sample(&b, "en", "index.html", "", false);
	/* Every truncation, and every single flipped bit, is refused. */
	size_t accepted = 0;
	for (size_t n = 0; n < b.len; n++) {
		buf t;
		buf_init(&t);
		buf_put(&t, b.ptr, n);
		accepted += refusal(&t) == NULL;
		buf_free(&t);
	}
	CHECK_INT(accepted, 0);
	for (size_t i = 0; i < b.len * 8; i++) {
		if (i / 8 == MANIFEST_STATE_OFFSET)
			continue;  /* the state byte is outside the checksum */
		b.ptr[i / 8] ^= (char)(1 << (i % 8));
		accepted += refusal(&b) == NULL;
		b.ptr[i / 8] ^= (char)(1 << (i % 8));
	}
	CHECK_INT(accepted, 0);
	/* The state byte is checked on its own. */
	b.ptr[MANIFEST_STATE_OFFSET] = 'X';
	CHECK(refusal(&b) != NULL);
	b.ptr[MANIFEST_STATE_OFFSET] = 'S';
	CHECK(refusal(&b) == NULL);
	/* An older format is named as such. */
	buf_clear(&b);
	buf_puts(&b, "portref-manifest 1\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	CHECK_STR(refusal(&b), "it was written by another version of portref");
	buf_free(&b);
}

static void test_duplicates_refused(void)
{
	manifest_port ports[2] = { { 22, { 1, { 1, 1 }, 1, 1 } },
		{ 22, { 1, { 1, 1 }, 1, 1 } } };
	manifest_lang lang = { "en", ports, 2, NULL };
	manifest m = { false, false, &lang, 1, NULL, 0 };
	buf b;
	buf_init(&b);
	manifest_serialise(&m, &b);
	CHECK_STR(refusal(&b), "its ports are out of order");
	manifest_file files[2] = { { "a.html", "", { 0, { 1, 1 }, 1, 1 } },
		{ "a.html", "", { 0, { 1, 1 }, 1, 1 } } };
	manifest m2 = { false, false, NULL, 0, files, 2 };
	buf_clear(&b);
	manifest_serialise(&m2, &b);
	CHECK_STR(refusal(&b), "it lists a file twice");
	buf_free(&b);
}

int main(void)
{
	RUN(test_round_trip);
	RUN(test_unsafe_paths_refused);
	RUN(test_odd_tags_refused);
	RUN(test_damage_refused);
	RUN(test_duplicates_refused);
	DONE("test_manifest");
}

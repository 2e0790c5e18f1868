/*
 * Tests for generator/i18n.c: fallback to English, missing and unused keys,
 * snippets rendered as plain text, and broken snippets with positions.
 */
#include <stdlib.h>
#include <unistd.h>

#include "fsio.h"
#include "harness.h"
#include "i18n.h"

static char dir[] = "/tmp/portref-test-i18n-XXXXXX";
static const char *const required[] = { "hello", "port", NULL };

static void put(const char *tag, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s.yaml", dir, tag);
	fsio_write_atomic(path, text, strlen(text));
}

/* All messages, one per line, with the folder cut off. */
static void messages(diags *d, buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < d->len; i++) {
		diag g = d->items[i];
		g.file = strrchr(g.file, '/') + 1;
		diag_format(&g, out);
		buf_putc(out, '\n');
	}
}

static void test_fallback_and_render(void)
{
	put("en", "hello: Hello\nport: \"Port {{port}} & more\"\nbye: Bye\n");
	put("fr", "hello: Bonjour\nextra: Inutile\n");
	diags d;
	diags_init(&d, 0);
	i18n *en = i18n_load(dir, "en", NULL, required, &d);
	i18n *fr = i18n_load(dir, "fr", en, NULL, &d);
	CHECK(en && fr);
	buf m;
	buf_init(&m);
	messages(&d, &m);
	CHECK_STR(m.ptr,
		"fr.yaml:2:1: warning: unused key 'extra' (English has no such key)\n"
		"fr.yaml: warning: missing key 'port'; the English text is used\n"
		"fr.yaml: warning: missing key 'bye'; the English text is used\n");
	if (en && fr) {
		CHECK_STR(i18n_text(fr, "hello"), "Bonjour");
		CHECK(!i18n_is_fallback(fr, "hello"));
		CHECK(i18n_is_fallback(fr, "bye"));
		CHECK_INT(fr->n_missing, 2);
		arena *a = arena_new();
		value *data = value_map(a);
		value_map_set(a, data, "port", value_int(a, 22));
		buf out;
		buf_init(&out);
		i18n_render(fr, "port", data, &out);
		/* Plain text: the page escapes it where it lands. */
		CHECK_STR(out.ptr, "Port 22 & more");
		buf_free(&out);
		arena_free(a);
	}
	i18n_free(fr);
	i18n_free(en);
	diags_free(&d);
	buf_free(&m);
}

static void test_errors(void)
{
	put("en", "hello: Hello\n");
	diags d;
	diags_init(&d, 0);
	buf m;
	buf_init(&m);
	CHECK(i18n_load(dir, "en", NULL, required, &d) == NULL);
	messages(&d, &m);
	CHECK_STR(m.ptr, "en.yaml: missing key 'port', which the pages need\n");
	diags_free(&d);

	put("en", "hello: Hello\nport: Port {{port}}\n");
	i18n *en = i18n_load(dir, "en", NULL, required, &d);
	put("de", "hello: [not, text]\nport: \"Port {{#port}} offen\"\n");
	CHECK(i18n_load(dir, "de", en, NULL, &d) == NULL);
	messages(&d, &m);
	CHECK(strstr(m.ptr, "de.yaml:1:8: 'hello' must be text, not a list\n") != NULL);
	CHECK(strstr(m.ptr, "de.yaml:2:28: section 'port' is never closed (opened at 2:13)\n") != NULL);
	diags_free(&d);

	put("ko", "");
	CHECK(i18n_load(dir, "ko", en, NULL, &d) == NULL);
	messages(&d, &m);
	CHECK_STR(m.ptr, "ko.yaml:1:1: the file is empty; it must map string "
		"keys to translated text\n");
	diags_free(&d);
	i18n_free(en);
	buf_free(&m);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_fallback_and_render);
	RUN(test_errors);
	harness_remove_tree(dir);
	DONE("i18n");
}

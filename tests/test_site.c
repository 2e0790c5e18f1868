/*
 * Tests for generator/site.c: settings, and each refusal with its message.
 */
#include <stdlib.h>
#include <unistd.h>

#include "fsio.h"
#include "harness.h"
#include "site.h"

static char dir[] = "/tmp/portref-test-site-XXXXXX";

/* Writes text as the settings file, loads it, and returns the first
 * message (or "" when it loaded). */
static site *load(const char *text, buf *msg)
{
	char path[128];
	snprintf(path, sizeof path, "%s/site.yaml", dir);
	fsio_write_atomic(path, text, strlen(text));
	diags d;
	diags_init(&d, 0);
	site *s = site_load(path, &d);
	buf_clear(msg);
	if (d.len) {
		diag g = d.items[0];
		g.file = (char *)"site.yaml";
		diag_format(&g, msg);
	}
	diags_free(&d);
	return s;
}

static const char *good =
	"base_url: https://ports.test/sub\n"
	"languages: [en, fr, zh-Hant]\n"
	"repository: https://git.test/portref/\n"
	"feedback:\n  url: \"\"\n"
	"common_ports: [22, 80]\n";

static void test_good(void)
{
	buf m;
	buf_init(&m);
	site *s = load(good, &m);
	CHECK(s != NULL);
	CHECK_STR(m.ptr, "");
	if (s) {
		CHECK_STR(s->base_url, "https://ports.test/sub/");
		CHECK_STR(s->base_path, "/sub/");
		CHECK_STR(s->repository, "https://git.test/portref");
		CHECK(s->feedback_url == NULL);
		CHECK_INT(s->n_languages, 3);
		CHECK_STR(s->languages[2], "zh-Hant");
		CHECK_INT(s->n_common_ports, 2);
	}
	site_free(s);
	buf_free(&m);
}

static void test_refusals(void)
{
	buf m;
	buf_init(&m);
	CHECK(!load("base_url: https://p.test/\nlanguages: [en, ../x]\n"
		"repository: https://g.test/r\n", &m));
	CHECK_STR(m.ptr, "site.yaml:2:17: '../x' is not a BCP 47 language tag "
		"(like en, pt-BR or zh-Hant)");
	CHECK(!load("base_url: javascript:alert(1)\nlanguages: [en]\n"
		"repository: https://g.test/r\n", &m));
	CHECK_STR(m.ptr, "site.yaml:1:11: 'base_url' must be an absolute http "
		"or https URL");
	CHECK(!load("base_url: https://p.test/\nlanguages: [fr, en]\n"
		"repository: https://g.test/r\n", &m));
	CHECK_STR(m.ptr, "site.yaml:2:12: the first language must be en, the "
		"default and the fallback of every translation");
	CHECK(!load("base_url: https://p.test/\nlanguages: [en, en]\n"
		"repository: https://g.test/r\n", &m));
	CHECK_STR(m.ptr, "site.yaml:2:17: language 'en' is listed twice");
	CHECK(!load("base_url: https://p.test/\nlanguages: [en]\n"
		"repository: https://g.test/r\ntitel: x\n", &m));
	CHECK_STR(m.ptr, "site.yaml:4:1: unknown key 'titel' (expected base_url, "
		"languages, repository, feedback or common_ports)");
	CHECK(!load("base_url: https://p.test/\nlanguages: [en]\n"
		"repository: https://g.test/r\nfeedback: {ur: 'https://x.test/'}\n",
		&m));
	CHECK_STR(m.ptr, "site.yaml:4:12: unknown key 'ur' (did you mean 'url'?)");
	CHECK(!load("base_url: https://p.test/\nlanguages: [en]\n"
		"repository: https://g.test/r\nfeedback: {url: 'https://x.test/\" "
		"autofocus onfocus=\"alert(1)'}\n", &m));
	CHECK_STR(m.ptr, "site.yaml:4:17: 'url' must be an absolute http or "
		"https URL");
	CHECK(!load("- just\n- a list\n", &m));
	CHECK_STR(m.ptr, "site.yaml:1:1: the settings must be a map, not a list");
	buf_free(&m);
}

static void test_tags(void)
{
	CHECK(site_tag_valid("en"));
	CHECK(site_tag_valid("pt-BR"));
	CHECK(site_tag_valid("zh-Hant"));
	CHECK(site_tag_valid("zh-Hant-TW"));
	CHECK(site_tag_valid("es-419"));
	CHECK(!site_tag_valid(""));
	CHECK(!site_tag_valid("e"));
	CHECK(!site_tag_valid("english"));
	CHECK(!site_tag_valid("../en"));
	CHECK(!site_tag_valid("en/"));
	CHECK(!site_tag_valid("en-"));
	CHECK(!site_tag_valid("en--US"));
	CHECK(!site_tag_valid(".."));
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_good);
	RUN(test_refusals);
	RUN(test_tags);
	char path[128];
	snprintf(path, sizeof path, "%s/site.yaml", dir);
	unlink(path);
	rmdir(dir);
	DONE("site");
}

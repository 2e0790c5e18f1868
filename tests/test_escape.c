/*
 * Tests for generator/escape.c: each output context gets inert text.
 */
#include "escape.h"
#include "harness.h"

static void test_json(void)
{
	buf b;
	buf_init(&b);
	const char *s = "a\"b\\c\n</script><!--&\x01";
	escape_json(&b, s, strlen(s));
	CHECK_STR(b.ptr, "a\\\"b\\\\c\\n\\u003c/script\\u003e\\u003c!--\\u0026\\u0001");
	buf_free(&b);
}

static void test_safe_urls(void)
{
	CHECK(escape_url_is_safe("https://example.org/feedback"));
	CHECK(escape_url_is_safe("http://127.0.0.1:8080/f?x=1"));
	CHECK(!escape_url_is_safe("javascript:alert(1)"));
	CHECK(!escape_url_is_safe("JAVASCRIPT:alert(1)"));
	CHECK(!escape_url_is_safe("data:text/html,<script>"));
	CHECK(!escape_url_is_safe("//evil.example/"));
	CHECK(!escape_url_is_safe("https://"));
	CHECK(!escape_url_is_safe("https:///path"));
	CHECK(!escape_url_is_safe("https://x.org/\" onmouseover=\"alert(1)"));
	CHECK(!escape_url_is_safe("https://x.org/<script>"));
	CHECK(!escape_url_is_safe("https://x.org/ space"));
}

static void test_utf8(void)
{
	size_t bad = 99;
	CHECK(escape_utf8_valid("plain é 漢字 😃", strlen("plain é 漢字 😃"), &bad));
	CHECK(!escape_utf8_valid("ab\xC3\x28", 4, &bad));
	CHECK_INT(bad, 2);
	CHECK(!escape_utf8_valid("\xC0\xAF", 2, &bad));        /* overlong */
	CHECK(!escape_utf8_valid("\xED\xA0\x80", 3, &bad));    /* surrogate */
	CHECK(!escape_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
	CHECK(!escape_utf8_valid("x\xE2\x82", 3, &bad));       /* truncated */
	CHECK_INT(bad, 1);
}

int main(void)
{
	RUN(test_json);
	RUN(test_safe_urls);
	RUN(test_utf8);
	DONE("escape");
}

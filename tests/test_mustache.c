/*
 * Tests for generator/mustache.c beyond the spec: our own cases for
 * escaping, truthiness, indentation and inheritance; every compile and
 * render error with its exact text and position; the set (replacement,
 * check, loader); and rendering one set from many threads at once.
 */
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"
#include "loader.h"
#include "mustache.h"
#include "xalloc.h"

/* Renders tpl against data (YAML) with the partials given as name, text
 * pairs ending in NULL. Returns the output, or the first message
 * ("file:line:col: msg") prefixed with "ERR " when compiling or rendering
 * fails. The result lives until the next call. */
static const char *render_with(mst_escape_fn esc, bool strict,
	const char *tpl, const char *data, const char *const *partials)
{
	static buf result;
	if (!result.ptr)
		buf_init(&result);
	buf_clear(&result);
	arena *a = arena_new();
	diags d;
	diags_init(&d, 0);
	mst_set *s = mst_set_new();
	mst_set_strict(s, strict);
	value *ctx = data ? loader_parse(a, "data.yaml", data, strlen(data), &d)
		: NULL;
	for (size_t i = 0; partials && partials[i]; i += 2)
		mst_set_add(s, partials[i], NULL, partials[i + 1],
			strlen(partials[i + 1]), &d);
	mst_template *t = d.len ? NULL
		: mst_set_add(s, "t", "t.mustache", tpl, strlen(tpl), &d);
	if (t && !mst_render(t, ctx, esc, &result, &d))
		t = NULL;
	if (!t) {
		buf_clear(&result);
		buf_puts(&result, "ERR ");
		if (d.len)
			diag_format(&d.items[0], &result);
	}
	mst_set_free(s);
	diags_free(&d);
	arena_free(a);
	return result.ptr;
}

static const char *render(const char *tpl, const char *data)
{
	return render_with(mst_escape_html, false, tpl, data, NULL);
}

static const char *render_p(const char *tpl, const char *data,
	const char *const *partials)
{
	return render_with(mst_escape_html, false, tpl, data, partials);
}

/* The first message compiling tpl gives, or "" if it compiles. */
static const char *compile_error(const char *tpl)
{
	static buf result;
	if (!result.ptr)
		buf_init(&result);
	buf_clear(&result);
	diags d;
	diags_init(&d, 0);
	mst_set *s = mst_set_new();
	mst_template *t = mst_set_add(s, "t", "t.mustache", tpl, strlen(tpl), &d);
	CHECK(!t == (d.len > 0));
	if (d.len)
		diag_format(&d.items[0], &result);
	mst_set_free(s);
	diags_free(&d);
	return result.ptr;
}

static void test_escaping(void)
{
	const char *data = "s: \"a & b < c > d \\\" e ' f\"\n";
	CHECK_STR(render("{{s}}", data),
		"a &amp; b &lt; c &gt; d &quot; e &#39; f");
	CHECK_STR(render("{{{s}}}|{{& s}}", data),
		"a & b < c > d \" e ' f|a & b < c > d \" e ' f");
	CHECK_STR(render_with(NULL, false, "{{s}}", data, NULL),
		"a & b < c > d \" e ' f");
	/* Escaping applies to values, never to the template's own text. */
	CHECK_STR(render("<p class=\"x\">{{s}}</p>", "s: '<'"),
		"<p class=\"x\">&lt;</p>");
	buf b;
	buf_init(&b);
	mst_escape_html(&b, "", 0);
	CHECK_STR(b.ptr, "");
	mst_escape_html(&b, "&&", 2);
	CHECK_STR(b.ptr, "&amp;&amp;");
	/* The escape skips eight bytes at a time: each special byte, at every
	 * offset of strings up to three words long, and bytes one bit away
	 * from a special one (which must stay), against a byte-wise escape. */
	static const char specials[] = "&<>\"'";
	static const char near[] = "'%.,=~^|`?\xA6\xBC\xA2";
	char text[25];
	buf want;
	buf_init(&want);
	int mismatches = 0;
	for (size_t len = 1; len <= 24; len++) {
		for (size_t at = 0; at < len; at++) {
			for (size_t k = 0; k < sizeof specials - 1 + sizeof near - 1; k++) {
				char c = k < sizeof specials - 1 ? specials[k] :
					near[k - (sizeof specials - 1)];
				memset(text, 'x', len);
				text[at] = c;
				text[len - 1 - at] = c;
				buf_clear(&b);
				buf_clear(&want);
				mst_escape_html(&b, text, len);
				for (size_t i = 0; i < len; i++) {
					switch (text[i]) {
					case '&': buf_puts(&want, "&amp;"); break;
					case '<': buf_puts(&want, "&lt;"); break;
					case '>': buf_puts(&want, "&gt;"); break;
					case '"': buf_puts(&want, "&quot;"); break;
					case '\'': buf_puts(&want, "&#39;"); break;
					default: buf_putc(&want, text[i]); break;
					}
				}
				mismatches += strcmp(b.ptr, want.ptr) != 0;
			}
		}
	}
	CHECK_INT(mismatches, 0);
	buf_free(&want);
	buf_free(&b);
}

static void test_scalars(void)
{
	CHECK_STR(render("{{i}} {{f}} {{t}} {{n}}|{{missing}}|",
		"i: -7\nf: 1.210\nt: false\nn: ~\n"), "-7 1.21 false ||");
	CHECK_STR(render("{{l}}{{m}}", "l: [1]\nm: {a: 1}\n"), "");
	CHECK_STR(render("{{.}}", "just text"), "just text");
	CHECK_STR(render("[{{.}}]", NULL), "[]");
}

static void test_truthiness(void)
{
	const char *data = "empty: ''\nzero: 0\nspace: ' '\nno: false\n"
		"none: []\nmap: {}\n";
	/* Ours: an empty string is false; zero and an empty map are true. */
	CHECK_STR(render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", data), "e");
	CHECK_STR(render("{{#zero}}Z{{/zero}}{{#space}}S{{/space}}", data), "ZS");
	CHECK_STR(render("{{#map}}M{{/map}}{{^none}}N{{/none}}{{^no}}F{{/no}}",
		data), "MNF");
}

static void test_context_stack(void)
{
	const char *data =
		"name: outer\n"
		"people:\n"
		"  - name: Ann\n"
		"    tags: [a, b]\n"
		"  - nick: Bo\n"
		"site: {title: T, nav: {home: /}}\n";
	/* Missing keys fall through to outer frames; dotted names do not. */
	CHECK_STR(render("{{#people}}{{name}}:{{#tags}}{{.}}{{/tags}};{{/people}}",
		data), "Ann:ab;outer:;");
	CHECK_STR(render("{{#people}}{{site.nav.home}}{{/people}}", data), "//");
	CHECK_STR(render("{{#site}}{{nav.title}}|{{title}}{{/site}}", data), "|T");
	CHECK_STR(render("{{#site.nav}}{{home}}{{/site.nav}}", data), "/");
	/* A section on a scalar pushes the scalar. */
	CHECK_STR(render("{{#site.title}}<{{.}}>{{/site.title}}", data), "<T>");
	CHECK_STR(render("{{a..b}}{{.x}}", "a: {b: 1}\n"), "");
}

static void test_delimiters(void)
{
	CHECK_STR(render("{{=<% %>=}}<%a%> <%{b}%> {{a}}", "a: '&'\nb: '&'\n"),
		"&amp; & {{a}}");
	/* A change lasts into sections but not into partials. */
	const char *parts[] = { "p", "{{a}}", NULL };
	CHECK_STR(render_p("{{=| |=}}|#s||a||>p||/s|", "a: x\ns: true\n", parts),
		"xx");
	CHECK_STR(render("{{=[[ ]]=}}\n[[! c ]]\n[[a]]\n", "a: 1\n"), "1\n");
	/* Two tags side by side are not a standalone line. */
	CHECK_STR(render("{{=[[ ]]=}}[[! c ]]\n[[a]]\n", "a: 1\n"), "\n1\n");
}

static void test_standalone(void)
{
	CHECK_STR(render("a\n  {{#t}}  \n  b\n  {{/t}}\t\nc\n", "t: true\n"),
		"a\n  b\nc\n");
	CHECK_STR(render("a\r\n{{! x }}\r\nb", NULL), "a\r\nb");
	/* Interpolation is never standalone, nor are two section tags. */
	CHECK_STR(render("  {{x}}\n", "x: 1\n"), "  1\n");
	CHECK_STR(render("  {{#t}}{{/t}}\nz", "t: true\n"), "  \nz");
}

static void test_partial_indentation(void)
{
	const char *parts[] = {
		"outer", "<ul>\n  {{>item}}\n</ul>\n",
		"item", "<li>{{x}}</li>\n\n<li>{{{y}}}</li>\n",
		"inline", "i1\ni2",
		"wrap", "[{{>inline}}]\n",
		NULL
	};
	/* Indentation adds up, skips empty lines and stays out of values. */
	CHECK_STR(render_p("<nav>\n  {{>outer}}\n</nav>\n", "x: 1\ny: \"a\\nb\"\n",
		parts),
		"<nav>\n  <ul>\n    <li>1</li>\n\n    <li>a\nb</li>\n  </ul>\n</nav>\n");
	/* A partial used inline is not indented, even inside an indented one. */
	CHECK_STR(render_p("  {{>wrap}}", NULL, parts), "  [i1\ni2]\n");
	/* Inside an indented partial, a section's closing tag at a line start
	 * carries the indentation into each iteration. */
	const char *loop[] = { "l", "{{#xs}}{{.}},\n{{/xs}}.\n", NULL };
	CHECK_STR(render_p("  {{>l}}", "xs: [1, 2]\n", loop), "  1,\n  2,\n  .\n");
}

static void test_inheritance(void)
{
	const char *parts[] = {
		"layout",
		"<html>\n"
		"  <title>{{$title}}Default{{/title}}</title>\n"
		"  <body>\n"
		"    {{$body}}\n"
		"    <p>default</p>\n"
		"    {{/body}}\n"
		"  </body>\n"
		"</html>\n",
		"article",
		"{{<layout}}\n"
		"{{$body}}\n"
		"<article>\n"
		"  {{>byline}}\n"
		"  {{$text}}none{{/text}}\n"
		"</article>\n"
		"{{/body}}\n"
		"{{/layout}}\n",
		"byline", "<p>by {{author}}</p>\n",
		NULL
	};
	CHECK_STR(render_p("{{<layout}}{{/layout}}", NULL, parts),
		"<html>\n  <title>Default</title>\n  <body>\n    <p>default</p>\n"
		"  </body>\n</html>\n");
	/* Two levels: the page overrides a block the article defines inside
	 * its own override, and the article's body is reindented to where the
	 * layout expands it, partials included. */
	CHECK_STR(render_p(
		"{{<article}}\n"
		"  {{$title}}On {{topic}}{{/title}}\n"
		"  {{$text}}Hello & bye{{/text}}\n"
		"{{/article}}\n",
		"topic: ports & <b>\nauthor: Ann\n", parts),
		"<html>\n"
		"  <title>On ports &amp; &lt;b&gt;</title>\n"
		"  <body>\n"
		"    <article>\n"
		"      <p>by Ann</p>\n"
		"      Hello & bye\n"
		"    </article>\n"
		"  </body>\n"
		"</html>\n");
	/* A standalone block expands at the indentation of its default
	 * content (the spec's "Intrinsic indentation"), or of its tag when the
	 * default is empty; the argument loses its own indentation. */
	const char *intr[] = {
		"l", "<div>\n  {{$b}}\n    <p>x</p>\n  {{/b}}\n  {{$e}}\n  {{/e}}\n</div>\n",
		NULL
	};
	CHECK_STR(render_p("{{<l}}{{$b}}\n\t<i>y</i>\n\t\t<i>z</i>\n{{/b}}\n"
		"{{$e}}\n      <e/>\n{{/e}}{{/l}}", NULL, intr),
		"<div>\n    <i>y</i>\n    \t<i>z</i>\n  <e/>\n</div>\n");
	/* A block outside any parent renders its default. */
	CHECK_STR(render("{{$x}}d{{/x}}", NULL), "d");
	/* The same name nested inside its own argument does not recurse. */
	const char *self[] = { "p", "<{{$b}}{{/b}}>", NULL };
	CHECK_STR(render_p("{{<p}}{{$b}}x{{$b}}y{{/b}}{{/b}}{{/p}}", NULL, self),
		"<xy>");
	/* Dynamic parents close with the name as written. */
	const char *dyn[] = { "card", "[{{$c}}{{/c}}]", NULL };
	CHECK_STR(render_p("{{<*kind}}{{$c}}{{n}}{{/c}}{{/*kind}}",
		"kind: card\nn: 3\n", dyn), "[3]");
	CHECK_STR(render_p("{{< * kind }}{{$c}}z{{/c}}{{/ *kind }}",
		"kind: card\n", dyn), "[z]");
}

static void test_dynamic_partials(void)
{
	const char *parts[] = { "a", "A{{v}}", "7", "seven", NULL };
	CHECK_STR(render_p("{{#xs}}{{>*k}}{{/xs}}",
		"v: 1\nxs: [{k: a}, {k: 7}, {k: [a]}, {}]\n", parts), "A1seven");
}

static void test_compile_errors(void)
{
	CHECK_STR(compile_error("{{#a}}\n{{^b}}x{{/b}}\nyz"),
		"t.mustache:3:3: section 'a' is never closed (opened at 1:1)");
	CHECK_STR(compile_error("x{{^inv}}"),
		"t.mustache:1:10: section 'inv' is never closed (opened at 1:2)");
	CHECK_STR(compile_error("{{$title}}"),
		"t.mustache:1:11: block 'title' is never closed (opened at 1:1)");
	CHECK_STR(compile_error("\n {{< layout }}"),
		"t.mustache:2:15: parent 'layout' is never closed (opened at 2:2)");
	CHECK_STR(compile_error("{{<*k}}{{/k}}"),
		"t.mustache:1:8: closing tag 'k' does not match parent '*k' "
		"(opened at 1:1)");
	CHECK_STR(compile_error("{{#a}}\n{{#b}}\n  {{/a}}"),
		"t.mustache:3:3: closing tag 'a' does not match section 'b' "
		"(opened at 2:1)");
	CHECK_STR(compile_error("ok\nno {{/a}}"),
		"t.mustache:2:4: closing tag 'a' has no open section");
	CHECK_STR(compile_error("a\n b {{name\n"),
		"t.mustache:2:4: tag is never closed");
	CHECK_STR(compile_error("{{{raw}}"), "t.mustache:1:1: tag is never closed");
	CHECK_STR(compile_error("{{=<% %>=}}<%x}}"),
		"t.mustache:1:12: tag is never closed");
	CHECK_STR(compile_error("ab{{}}"), "t.mustache:1:3: empty tag name");
	CHECK_STR(compile_error("{{# }}"), "t.mustache:1:1: empty tag name");
	CHECK_STR(compile_error("{{{ }}}"), "t.mustache:1:1: empty tag name");
	CHECK_STR(compile_error("{{>*}}"), "t.mustache:1:1: empty tag name");
	CHECK_STR(compile_error("{{!}}{{=<% %>=}}<%! %>"), "");
	CHECK_STR(compile_error("x\n{{=<%=}}"),
		"t.mustache:2:1: invalid delimiter change");
	CHECK_STR(compile_error("{{= a b c =}}"),
		"t.mustache:1:1: invalid delimiter change");
	CHECK_STR(compile_error("{{= =}}"),
		"t.mustache:1:1: invalid delimiter change");
}

static void test_nesting_limit(void)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < MST_MAX_NESTING; i++)
		buf_puts(&b, "{{#a}}");
	for (int i = 0; i < MST_MAX_NESTING; i++)
		buf_puts(&b, "{{/a}}");
	CHECK_STR(compile_error(b.ptr), "");
	buf_clear(&b);
	for (int i = 0; i <= MST_MAX_NESTING; i++)
		buf_puts(&b, i % 2 ? "{{$a}}" : "{{#a}}\n");
	/* The 101st opener: line 51, after the 50th "{{$a}}". */
	CHECK_STR(compile_error(b.ptr),
		"t.mustache:51:7: sections nested deeper than 100");
	buf_free(&b);
}

static void test_render_errors(void)
{
	const char *parts[] = { "self", "x\n  {{>self}}", "nav", "{{>menu}}",
		NULL };
	CHECK_STR(render_with(NULL, true, "a\n {{>nav}}", NULL, parts),
		"ERR nav:1:1: unknown partial 'menu'");
	CHECK_STR(render_with(NULL, true, "{{<base}}{{/base}}", NULL, parts),
		"ERR t.mustache:1:1: unknown partial 'base'");
	CHECK_STR(render_with(NULL, true, "{{>*p}}", "p: nope\n", parts),
		"ERR t.mustache:1:1: unknown partial 'nope'");
	/* Not strict: unknown partials render as nothing, as the spec says. */
	CHECK_STR(render_with(NULL, false, "[{{>nav}}]", NULL, parts), "[]");
	/* Recursion is an error either way. */
	CHECK_STR(render_with(NULL, false, "{{>self}}", NULL, parts),
		"ERR self:2:3: partials nested deeper than 64 (at 'self')");
}

static void test_set(void)
{
	diags d;
	diags_init(&d, 0);
	mst_set *s = mst_set_new();
	mst_template *a1 = mst_set_add(s, "a", NULL, "one", 3, &d);
	const char *src = "{{>a}}\n{{<gone}}{{/gone}} {{>*dyn}}\n  {{>missing}}";
	mst_template *page = mst_set_add(s, "page", "page.mustache", src,
		strlen(src), &d);
	CHECK(a1 && page);
	CHECK(mst_set_get(s, "a") == a1);
	CHECK(mst_set_get(s, "zzz") == NULL);
	CHECK(!mst_set_check(s, &d));
	CHECK_INT(d.len, 2);
	buf m;
	buf_init(&m);
	if (d.len == 2) {
		diag_format(&d.items[0], &m);
		CHECK_STR(m.ptr, "page.mustache:2:1: unknown partial 'gone'");
		buf_clear(&m);
		diag_format(&d.items[1], &m);
		CHECK_STR(m.ptr, "page.mustache:3:3: unknown partial 'missing'");
	}
	/* Replacing keeps the old template usable until the set is freed;
	 * partials are looked up by name when rendering. */
	mst_template *a2 = mst_set_add(s, "a", NULL, "two", 3, &d);
	CHECK(a2 && a2 != a1 && mst_set_get(s, "a") == a2);
	buf_clear(&m);
	CHECK(mst_render(a1, NULL, NULL, &m, &d));
	CHECK(mst_render(page, NULL, NULL, &m, &d));
	CHECK_STR(m.ptr, "onetwo \n");
	/* A template that fails to compile leaves the old one in place. */
	CHECK(!mst_set_add(s, "a", NULL, "{{#x}}", 6, &d));
	CHECK(mst_set_get(s, "a") == a2);
	/* Many templates: the index grows. */
	char name[16];
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "t%d", i);
		mst_set_add(s, name, NULL, name, strlen(name), &d);
	}
	mst_template *t42 = mst_set_get(s, "t42");
	buf_clear(&m);
	CHECK(t42 && mst_render(t42, NULL, NULL, &m, &d));
	CHECK_STR(m.ptr, "t42");
	buf_free(&m);
	mst_set_free(s);
	mst_set_free(NULL);
	diags_free(&d);
}

struct fake_dir {
	int calls;
};

static bool fake_loader(void *ud, const char *name, char **text, size_t *len)
{
	struct fake_dir *fd = ud;
	fd->calls++;
	const char *src = strcmp(name, "head") == 0 ? "<h>{{t}}</h>\n"
		: strcmp(name, "bad") == 0 ? "{{#open}}" : NULL;
	if (!src)
		return false;
	*text = xstrdup(src);
	*len = strlen(src);
	return true;
}

static void test_loader(void)
{
	struct fake_dir fd = { 0 };
	diags d;
	diags_init(&d, 0);
	mst_set *s = mst_set_new();
	mst_set_loader(s, fake_loader, &fd);
	const char *src = "  {{>head}}{{>none}}";
	mst_template *t = mst_set_add(s, "t", NULL, src, strlen(src), &d);
	buf out;
	buf_init(&out);
	CHECK(mst_render(t, NULL, NULL, &out, &d));
	CHECK(mst_render(t, NULL, NULL, &out, &d));
	CHECK_STR(out.ptr, "  <h></h>\n  <h></h>\n");
	CHECK_INT(fd.calls, 3); /* head once, none twice */
	CHECK(mst_set_get(s, "head") != NULL);
	mst_template *u = mst_set_add(s, "u", NULL, "{{>bad}}", strlen("{{>bad}}"),
		&d);
	CHECK(!mst_render(u, NULL, NULL, &out, &d));
	buf m;
	buf_init(&m);
	if (d.len)
		diag_format(&d.items[0], &m);
	CHECK_STR(m.ptr, "bad:1:10: section 'open' is never closed (opened at 1:1)");
	buf_free(&m);
	buf_free(&out);
	mst_set_free(s);
	diags_free(&d);
}

struct job {
	const mst_template *t;
	const value *ctx;
	bool same;
	const char *want;
};

static void *render_many(void *arg)
{
	struct job *j = arg;
	buf out;
	buf_init(&out);
	diags d;
	diags_init(&d, 0);
	j->same = true;
	for (int i = 0; i < 2000; i++) {
		buf_clear(&out);
		if (!mst_render(j->t, j->ctx, mst_escape_html, &out, &d)
			|| strcmp(out.ptr, j->want) != 0)
			j->same = false;
	}
	diags_free(&d);
	buf_free(&out);
	return NULL;
}

static void test_threads(void)
{
	diags d;
	diags_init(&d, 0);
	arena *a = arena_new();
	const char *data = "xs: [{n: 1}, {n: 2}, {n: '<3>'}]\n";
	value *ctx = loader_parse(a, "d.yaml", data, strlen(data), &d);
	mst_set *s = mst_set_new();
	mst_set_strict(s, true);
	const char *item = "<li>{{n}}</li>\n";
	const char *base = "<ul>\n  {{$items}}{{/items}}\n</ul>\n";
	mst_set_add(s, "item", NULL, item, strlen(item), &d);
	mst_set_add(s, "base", NULL, base, strlen(base), &d);
	const char *src = "{{<base}}{{$items}}\n{{#xs}}\n{{>item}}\n{{/xs}}\n"
		"{{/items}}{{/base}}";
	mst_template *t = mst_set_add(s, "page", NULL, src, strlen(src), &d);
	CHECK_INT(d.len, 0);
	const char *want =
		"<ul>\n  <li>1</li>\n  <li>2</li>\n  <li>&lt;3&gt;</li>\n\n</ul>\n";
	struct job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ t, ctx, false, want };
		pthread_create(&th[i], NULL, render_many, &jobs[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(jobs[i].same);
	}
	mst_set_free(s);
	arena_free(a);
	diags_free(&d);
}

int main(void)
{
	RUN(test_escaping);
	RUN(test_scalars);
	RUN(test_truthiness);
	RUN(test_context_stack);
	RUN(test_delimiters);
	RUN(test_standalone);
	RUN(test_partial_indentation);
	RUN(test_inheritance);
	RUN(test_dynamic_partials);
	RUN(test_compile_errors);
	RUN(test_nesting_limit);
	RUN(test_render_errors);
	RUN(test_set);
	RUN(test_loader);
	RUN(test_threads);
	DONE("mustache");
}

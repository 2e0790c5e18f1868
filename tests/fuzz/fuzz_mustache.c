/*
 * fuzz_mustache: arbitrary bytes compiled as a template and rendered
 * against a small fixed context, with a few partials (a leaf, an indented
 * one, a layout with blocks and a parent of that layout).
 *
 * Compiling either fails with positioned errors or yields a template that
 * renders, strict or not, with and without escaping, without a crash, a
 * leak or undefined behaviour. The input is renamed once compiled so that
 * it cannot include itself: a template that calls itself twice renders in
 * exponential time, which is the template's fault and not a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context_yaml[] =
	"name: 'World & <friends>'\n"
	"n: 42\n"
	"f: 1.5\n"
	"t: true\n"
	"no: false\n"
	"nil: null\n"
	"empty: ''\n"
	"list: [{name: x, list: [], dyn: leaf}]\n"
	"none: []\n"
	"obj: {a: {b: deep, c: [1]}}\n"
	"dyn: leaf\n"
	"lay: layout\n"
	"self: main\n";

static const char *const partials[][2] = {
	{ "leaf", "<b>{{name}}</b>\n" },
	{ "indent", "a\n  {{>leaf}}\n\n{{#list}}\n  {{name}}\n{{/list}}\n" },
	{ "layout", "<h1>{{$title}}T{{/title}}</h1>\n  {{$body}}\n    default "
		"{{n}}\n  {{/body}}\n{{>leaf}}" },
	{ "mid", "{{<layout}}{{$title}}M{{/title}}{{/layout}}" },
};

static const value *context(void)
{
	static arena *a;
	static const value *ctx;
	if (!a) {
		diags d;
		diags_init(&d, 0);
		a = arena_new();
		ctx = loader_parse(a, "ctx.yaml", context_yaml,
			sizeof context_yaml - 1, &d);
		if (!ctx)
			abort();
		diags_free(&d);
	}
	return ctx;
}

/* What mst_template_walk hands out must lie inside the template. */
struct walk {
	const uint8_t *data;
	size_t size;
	unsigned lines;
};

static void check_tag(void *ud, const mst_tag *tag)
{
	const struct walk *w = ud;
	const uint8_t *name = (const uint8_t *)tag->name;
	if (tag->len && (name < w->data || name + tag->len > w->data + w->size))
		abort();
	if (!tag->line || !tag->col || tag->line > w->lines ||
		tag->depth > MST_MAX_NESTING)
		abort();
}

static void check_diags(const diags *d)
{
	for (size_t i = 0; i < d->len; i++)
		if (!d->items[i].msg[0] || (d->items[i].file[0] && !d->items[i].line))
			abort();  /* every message has text and, with a file, a place */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const value *ctx = context();
	diags d;
	diags_init(&d, 20);
	mst_set *s = mst_set_new();
	for (size_t i = 0; i < sizeof partials / sizeof *partials; i++)
		if (!mst_set_add(s, partials[i][0], NULL, partials[i][1],
			strlen(partials[i][1]), &d))
			abort();
	mst_template *t = mst_set_add(s, "main", "fuzz.mustache",
		(const char *)data, size, &d);
	if (!t) {
		if (d.errors == 0)
			abort();  /* a refusal always says why */
	} else {
		struct walk w = { (const uint8_t *)mst_template_text(t), size, 1 };
		for (size_t i = 0; i < size; i++)
			w.lines += data[i] == '\n';
		mst_template_walk(t, check_tag, &w);
		if (!mst_set_add(s, "main", NULL, "", 0, &d))
			abort();
		buf out;
		buf_init(&out);
		mst_render(t, ctx, mst_escape_html, &out, &d);
		buf_clear(&out);
		mst_render(t, NULL, NULL, &out, &d);
		mst_set_strict(s, true);
		buf_clear(&out);
		mst_render(t, ctx, mst_escape_html, &out, &d);
		mst_set_check(s, &d);
		buf_free(&out);
	}
	check_diags(&d);
	mst_set_free(s);
	diags_free(&d);
	return 0;
}

/*
 * The official Mustache spec, run as data: each YAML file of
 * tests/mustache-spec (vendored, MIT; or $PORTREF_SPEC_DIR) is read by our loader,
 * and each case is compiled and rendered by our engine with HTML escaping,
 * then compared byte for byte. Every case counts as one test; a failure
 * prints its file, index, name, description and both texts with their
 * newlines made visible. Lambdas are not run (a C engine has none).
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "harness.h"
#include "loader.h"
#include "mustache.h"

static const char *const required[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials",
	"sections", "~inheritance",
};
static const char *const dynamic[] = { "~dynamic-names" };

/* Appends s with \n, \r and \t shown, one output line per source line. */
static void put_visible(const char *label, const char *s, size_t n)
{
	printf("  %s:\n    |", label);
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\n':
			printf("\\n");
			if (i + 1 < n)
				printf("\n    |");
			break;
		case '\r': printf("\\r"); break;
		case '\t': printf("\\t"); break;
		default:
			if ((unsigned char)s[i] < 0x20)
				printf("\\x%02x", (unsigned char)s[i]);
			else
				putchar(s[i]);
		}
	}
	printf("\n");
}

static void report_diff(const char *want, size_t want_len, const char *got,
	size_t got_len)
{
	size_t i = 0;
	while (i < want_len && i < got_len && want[i] == got[i])
		i++;
	unsigned line, col;
	diag_position(want, i, 1, 1, &line, &col);
	printf("  first difference at byte %zu (line %u, column %u)\n", i, line,
		col);
	put_visible("expected", want, want_len);
	put_visible("got", got, got_len);
}

/* The text of a string-ish scalar (the spec has strings; be lenient). */
static void text_of(const value *v, buf *out)
{
	buf_clear(out);
	value_to_text(v, out);
}

static void print_diags(const diags *d)
{
	buf line;
	buf_init(&line);
	for (size_t i = 0; i < d->len; i++) {
		buf_clear(&line);
		diag_format(&d->items[i], &line);
		printf("  %s\n", line.ptr);
	}
	buf_free(&line);
}

/* Runs one case; returns true when it passes. */
static bool run_case(const char *file, size_t index, const value *tc)
{
	const value *name = value_get(tc, "name");
	const value *desc = value_get(tc, "desc");
	const value *partials = value_get(tc, "partials");
	buf tmp, want, got;
	buf_init(&tmp);
	buf_init(&want);
	buf_init(&got);
	diags d;
	diags_init(&d, 0);
	mst_set *set = mst_set_new();
	bool ok = true;

	if (partials && partials->kind == VAL_MAP) {
		for (size_t i = 0; i < partials->u.map.len; i++) {
			const val_pair *p = &partials->u.map.pairs[i];
			text_of(p->val, &tmp);
			if (!mst_set_add(set, p->key, NULL, tmp.ptr, tmp.len, &d))
				ok = false;
		}
	}
	text_of(value_get(tc, "template"), &tmp);
	mst_template *t = mst_set_add(set, "template", NULL, tmp.ptr, tmp.len, &d);
	text_of(value_get(tc, "expected"), &want);
	if (!t)
		ok = false;
	if (ok && !mst_render(t, value_get(tc, "data"), mst_escape_html, &got, &d))
		ok = false;
	if (ok && (got.len != want.len || memcmp(got.ptr, want.ptr, got.len)))
		ok = false;

	if (!ok) {
		buf nm, ds;
		buf_init(&nm);
		buf_init(&ds);
		text_of(name, &nm);
		text_of(desc, &ds);
		printf("FAIL %s #%zu \"%s\": %s", file, index, nm.ptr, ds.ptr);
		if (ds.len == 0 || ds.ptr[ds.len - 1] != '\n')
			printf("\n");
		print_diags(&d);
		report_diff(want.ptr, want.len, got.ptr, got.len);
		buf_free(&nm);
		buf_free(&ds);
	}
	mst_set_free(set);
	diags_free(&d);
	buf_free(&tmp);
	buf_free(&want);
	buf_free(&got);
	return ok;
}

/* Runs every case of DIR/NAME.yml; adds to *passed and *total. */
static void run_file(const char *dir, const char *name, int *passed,
	int *total)
{
	buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s.yml", dir, name);
	arena *a = arena_new();
	diags d;
	diags_init(&d, 0);
	value *root = loader_parse_file(a, path.ptr, &d);
	const value *tests = root ? value_get(root, "tests") : NULL;
	if (!tests || tests->kind != VAL_LIST) {
		printf("FAIL %s: cannot read its tests\n", path.ptr);
		print_diags(&d);
		harness_failed++;
		harness_checks_failed++;
		(*total)++;
	} else {
		for (size_t i = 0; i < tests->u.list.len; i++) {
			bool ok = run_case(name, i, tests->u.list.items[i]);
			if (ok) {
				harness_passed++;
				(*passed)++;
			} else {
				harness_failed++;
				harness_checks_failed++;
			}
			(*total)++;
		}
	}
	diags_free(&d);
	arena_free(a);
	buf_free(&path);
}

int main(void)
{
	const char *dir = getenv("PORTREF_SPEC_DIR");
	if (!dir || !*dir)
		dir = "tests/mustache-spec";
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		/* Vendored in the repository: missing means a broken checkout. */
		printf("spec: %s not found\n", dir);
		printf("spec: 0 passed, 1 failed\n");
		return 1;
	}
	int passed = 0, total = 0;
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		run_file(dir, required[i], &passed, &total);
	int dyn_passed = 0, dyn_total = 0;
	for (size_t i = 0; i < sizeof dynamic / sizeof *dynamic; i++)
		run_file(dir, dynamic[i], &dyn_passed, &dyn_total);
	printf("spec: %d/%d\n", passed, total);
	printf("spec dynamic-names: %d/%d\n", dyn_passed, dyn_total);
	DONE("spec");
}

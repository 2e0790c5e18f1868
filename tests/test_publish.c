/*
 * Tests for generator/publish.c: the four modes, the change lists, the
 * lock, links inside the output, and that a failed fresh build leaves the
 * folder as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "harness.h"
#include "publish.h"

static char dir[] = "/tmp/portref-test-publish-XXXXXX";
static char out[256], elsewhere[256], man[256], wlist[256], rlist[256];
static const char *const langs[] = { "en", "fr" };
static const bool both[] = { true, true };

static publisher *open_with(const char *manifest, bool force)
{
	diags d;
	diags_init(&d, 0);
	publish_options o = { .out = out, .manifest = manifest,
		.written = wlist, .removed = rlist, .force = force };
	publisher *p = publish_open(&o, langs, 2, both, &d);
	diags_free(&d);
	return p;
}

static bool close_out(publisher *p, publish_end end)
{
	diags d;
	diags_init(&d, 0);
	bool r = publish_close(p, end, NULL, &d);
	diags_free(&d);
	return r;
}

static char *read_path(const char *path)
{
	diags d;
	diags_init(&d, 0);
	size_t len;
	char *s = fsio_read(path, 1 << 20, &len, &d);
	diags_free(&d);
	return s;
}

static char *read_out(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", out, rel);
	return read_path(path);
}

static bool exists(const char *rel)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", out, rel);
	return lstat(path, &st) == 0;
}

static void reset(void)
{
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s' '%s' '%s'", out, elsewhere,
		man, wlist, rlist);
	CHECK_INT(system(cmd), 0);
}

static void test_fresh_then_incremental(void)
{
	reset();
	publisher *p = open_with(NULL, false);
	CHECK(p != NULL);
	CHECK_INT(publish_get_mode(p), PUBLISH_FRESH);
	publish_outcome oc;
	CHECK_INT(publish_port(p, 0, 22, 1234, "ports/22/index.html", "ssh", 3, &oc), 0);
	CHECK_INT(oc, PUBLISH_WRITTEN);
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK_INT(publish_file(p, PUBLISH_NEUTRAL, "old.txt", "old", 3, &oc), 0);
	CHECK(close_out(p, PUBLISH_OK));
	char *s = read_out("ports/22/index.html");
	CHECK_STR(s, "ssh");
	free(s);
	CHECK(exists(PUBLISH_MANIFEST));
	CHECK(!exists(PUBLISH_LOCK));
	s = read_path(wlist);
	CHECK_STR(s, "index.html\nold.txt\nports/22/index.html\n");
	free(s);
	unlink(wlist);

	/* Same inputs: current; same bytes: unchanged; mtime kept. */
	struct stat before, after;
	char path[512];
	snprintf(path, sizeof path, "%s/index.html", out);
	stat(path, &before);
	p = open_with(NULL, false);
	CHECK_INT(publish_get_mode(p), PUBLISH_INCREMENTAL);
	CHECK(publish_port_current(p, 0, 22, 1234, "ports/22/index.html"));
	CHECK(!publish_port_current(p, 0, 22, 999, "ports/22/index.html"));
	CHECK(!publish_port_current(p, 1, 22, 1234, "fr/ports/22/index.html"));
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK_INT(oc, PUBLISH_UNCHANGED);
	/* old.txt is not published again: it goes. */
	CHECK(close_out(p, PUBLISH_OK));
	stat(path, &after);
	CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec &&
		before.st_mtim.tv_sec == after.st_mtim.tv_sec);
	CHECK(!exists("old.txt"));
	s = read_path(rlist);
	CHECK_STR(s, "old.txt\n");
	free(s);
	s = read_path(wlist);
	CHECK_STR(s, "");
	free(s);

	/* A page edited by hand is found by its size and written again. */
	snprintf(path, sizeof path, "%s/ports/22/index.html", out);
	FILE *f = fopen(path, "w");
	fputs("vandalised", f);
	fclose(f);
	p = open_with(NULL, false);
	CHECK(!publish_port_current(p, 0, 22, 1234, "ports/22/index.html"));
	CHECK_INT(publish_port(p, 0, 22, 1234, "ports/22/index.html", "ssh", 3, &oc), 0);
	CHECK_INT(oc, PUBLISH_WRITTEN);
	CHECK(close_out(p, PUBLISH_OK));
	s = read_out("ports/22/index.html");
	CHECK_STR(s, "ssh");
	free(s);
}

static void test_delta_from_manifest_alone(void)
{
	reset();
	publisher *p = open_with(man, false);
	publish_outcome oc;
	publish_port(p, 0, 22, 1, "ports/22/index.html", "ssh", 3, &oc);
	publish_port(p, 0, 23, 1, "ports/23/index.html", "telnet", 6, &oc);
	publish_file(p, 1, "fr/index.html", "accueil", 7, &oc);
	CHECK(close_out(p, PUBLISH_OK));
	unlink(wlist);
	unlink(rlist);
	/* CI keeps only the manifest: an empty folder and the old record. */
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
	CHECK_INT(system(cmd), 0);
	p = open_with(man, false);
	CHECK_INT(publish_get_mode(p), PUBLISH_DELTA);
	CHECK(publish_port_current(p, 0, 22, 1, "ports/22/index.html"));
	CHECK_INT(publish_port(p, 0, 23, 2, "ports/23/index.html", "telnet", 6, &oc), 0);
	CHECK_INT(oc, PUBLISH_UNCHANGED);  /* new inputs, same bytes */
	CHECK_INT(publish_port(p, 0, 24, 2, "ports/24/index.html", "x", 1, &oc), 0);
	CHECK_INT(oc, PUBLISH_WRITTEN);
	/* fr/index.html is not published: it is removed from the remote. */
	CHECK(close_out(p, PUBLISH_OK));
	CHECK(!exists("ports/22/index.html"));
	CHECK(exists("ports/24/index.html"));
	char *s = read_path(wlist);
	CHECK_STR(s, "ports/24/index.html\n");
	free(s);
	s = read_path(rlist);
	CHECK_STR(s, "fr/index.html\n");
	free(s);
	/* The next run starts from the new record: nothing left to do. */
	unlink(wlist);
	unlink(rlist);
	p = open_with(man, false);
	CHECK_INT(publish_get_mode(p), PUBLISH_DELTA);
	CHECK(publish_port_current(p, 0, 24, 2, "ports/24/index.html"));
	CHECK(close_out(p, PUBLISH_OK));
	s = read_path(wlist);
	CHECK_STR(s, "");
	free(s);
}

static void test_links_not_followed(void)
{
	reset();
	CHECK_INT(fsio_mkdirs(out), 0);
	CHECK_INT(fsio_mkdirs(elsewhere), 0);
	char link[512];
	snprintf(link, sizeof link, "%s/fr", out);
	CHECK_INT(symlink(elsewhere, link), 0);
	publisher *p = open_with(NULL, true);
	CHECK(p != NULL);
	publish_outcome oc;
	int e = publish_port(p, 1, 22, 1, "fr/ports/22/index.html", "x", 1, &oc);
	CHECK(e == ELOOP || e == ENOTDIR);
	CHECK(!close_out(p, PUBLISH_FAILED));
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/ports", elsewhere);
	CHECK(stat(path, &st) != 0);
}

static void test_lock_and_premade_folder(void)
{
	reset();
	CHECK_INT(mkdir(out, 0770), 0);
	chmod(out, 02770);
	publisher *p = open_with(NULL, false);
	CHECK(p != NULL);
	diags d;
	diags_init(&d, 0);
	publish_options o = { .out = out };
	publisher *second = publish_open(&o, langs, 2, both, &d);
	CHECK(second == NULL);
	CHECK(d.len == 1 && strstr(d.items[0].msg, "another portref build"));
	diags_free(&d);
	publish_outcome oc;
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK(close_out(p, PUBLISH_OK));
	struct stat st;
	CHECK(stat(out, &st) == 0 && (st.st_mode & 07777) == 02770);
	CHECK(exists("index.html"));
}

static void test_failed_fresh_build_leaves_folder_empty(void)
{
	reset();
	CHECK_INT(mkdir(out, 0755), 0);
	publisher *p = open_with(NULL, false);
	publish_outcome oc;
	CHECK_INT(publish_port(p, 0, 22, 1, "ports/22/index.html", "x", 1, &oc), 0);
	CHECK(!close_out(p, PUBLISH_FAILED));
	CHECK(fsio_is_dir(out));
	CHECK(!exists("ports"));
	CHECK(!exists(PUBLISH_LOCK));
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", dir);
	snprintf(man, sizeof man, "%s/site.manifest", dir);
	snprintf(wlist, sizeof wlist, "%s/written.txt", dir);
	snprintf(rlist, sizeof rlist, "%s/removed.txt", dir);
	RUN(test_fresh_then_incremental);
	RUN(test_delta_from_manifest_alone);
	RUN(test_links_not_followed);
	RUN(test_lock_and_premade_folder);
	RUN(test_failed_fresh_build_leaves_folder_empty);
	harness_remove_tree(dir);
	DONE("test_publish");
}

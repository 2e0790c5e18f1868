/*
 * Tests for generator/publish.c: the three modes, the manifest, removal,
 * and that a failed build leaves the output as it was.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "harness.h"
#include "publish.h"

static char dir[] = "/tmp/portref-test-publish-XXXXXX";
static char out[256];
static const char *const langs[] = { "en", "fr" };
static const bool both[] = { true, true };

static publisher *open_out(bool force)
{
	diags d;
	diags_init(&d, 0);
	publisher *p = publish_open(out, langs, 2, both, force, &d);
	diags_free(&d);
	return p;
}

static bool close_out(publisher *p, bool ok, publish_stats *st)
{
	diags d;
	diags_init(&d, 0);
	bool r = publish_close(p, ok, st, &d);
	diags_free(&d);
	return r;
}

static char *read_out(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", out, rel);
	diags d;
	diags_init(&d, 0);
	size_t len;
	char *s = fsio_read(path, 1 << 20, &len, &d);
	diags_free(&d);
	return s;
}

static bool exists(const char *rel)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", out, rel);
	return stat(path, &st) == 0;
}

static void test_fresh_then_incremental(void)
{
	publisher *p = open_out(false);
	CHECK(p != NULL);
	CHECK_INT(publish_get_mode(p), PUBLISH_FRESH);
	publish_outcome oc;
	CHECK_INT(publish_mkdir(p, "ports"), 0);
	CHECK_INT(publish_port(p, 0, 22, 1234, "ports/22/index.html", "ssh", 3, &oc), 0);
	CHECK_INT(oc, PUBLISH_WRITTEN);
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK_INT(publish_file(p, PUBLISH_NEUTRAL, "old.txt", "old", 3, &oc), 0);
	/* Nothing is visible at out until the build closes. */
	CHECK(!fsio_is_dir(out));
	CHECK(close_out(p, true, NULL));
	char *s = read_out("ports/22/index.html");
	CHECK_STR(s, "ssh");
	free(s);
	CHECK(exists(PUBLISH_MANIFEST));

	/* Same inputs: current; same bytes: unchanged; mtime kept. */
	struct stat before, after;
	char path[512];
	snprintf(path, sizeof path, "%s/index.html", out);
	stat(path, &before);
	p = open_out(false);
	CHECK_INT(publish_get_mode(p), PUBLISH_INCREMENTAL);
	CHECK(publish_port_current(p, 0, 22, 1234));
	CHECK(!publish_port_current(p, 0, 22, 999));
	CHECK(!publish_port_current(p, 1, 22, 1234));
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK_INT(oc, PUBLISH_UNCHANGED);
	/* New inputs, same bytes: not written. */
	CHECK_INT(publish_port(p, 0, 22, 999, "ports/22/index.html", "ssh", 3, &oc), 0);
	CHECK_INT(oc, PUBLISH_UNCHANGED);
	/* old.txt is not published again: it is removed. */
	publish_stats st;
	CHECK(close_out(p, true, &st));
	CHECK_INT(st.removed, 1);
	CHECK(!exists("old.txt"));
	stat(path, &after);
	CHECK(before.st_mtime == after.st_mtime && before.st_ino == after.st_ino);

	p = open_out(false);
	CHECK(publish_port_current(p, 0, 22, 999));
	CHECK_INT(publish_port(p, 0, 22, 5, "ports/22/index.html", "ssh2", 4, &oc), 0);
	CHECK_INT(oc, PUBLISH_WRITTEN);
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK(close_out(p, true, NULL));
	s = read_out("ports/22/index.html");
	CHECK_STR(s, "ssh2");
	free(s);
}

static void test_failed_build_keeps_output(void)
{
	/* A failed incremental build keeps what it wrote whole and records it,
	 * so the next build does not trust stale digests. */
	publisher *p = open_out(false);
	publish_outcome oc;
	CHECK_INT(publish_port(p, 0, 22, 6, "ports/22/index.html", "ssh3", 4, &oc), 0);
	CHECK(!close_out(p, false, NULL));
	char *s = read_out("ports/22/index.html");
	CHECK_STR(s, "ssh3");
	free(s);
	p = open_out(false);
	CHECK(publish_port_current(p, 0, 22, 6));
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK(close_out(p, true, NULL));
	CHECK(exists("index.html"));
}

static void test_failed_fresh_build_leaves_nothing(void)
{
	char saved[256];
	snprintf(saved, sizeof saved, "%s", out);
	snprintf(out, sizeof out, "%s/other", dir);
	publisher *p = open_out(false);
	publish_outcome oc;
	CHECK_INT(publish_file(p, 0, "index.html", "x", 1, &oc), 0);
	CHECK(!close_out(p, false, NULL));
	CHECK(!fsio_is_dir(out));
	snprintf(out, sizeof out, "%s", saved);
}

static void test_compare_mode(void)
{
	/* Without a manifest, pages are compared with the files on disk. */
	char path[512];
	snprintf(path, sizeof path, "%s/%s", out, PUBLISH_MANIFEST);
	unlink(path);
	publisher *p = open_out(false);
	CHECK_INT(publish_get_mode(p), PUBLISH_COMPARE);
	publish_outcome oc;
	CHECK_INT(publish_file(p, 0, "index.html", "home", 4, &oc), 0);
	CHECK_INT(oc, PUBLISH_UNCHANGED);
	CHECK_INT(publish_file(p, 0, "index.html", "home!", 5, &oc), 0);
	CHECK_INT(oc, PUBLISH_WRITTEN);
	CHECK(close_out(p, true, NULL));
	CHECK(exists(PUBLISH_MANIFEST));
	/* A corrupt manifest is as good as none. */
	fsio_write_atomic(path, "portref-manifest 1\nxx", 21);
	p = open_out(false);
	CHECK_INT(publish_get_mode(p), PUBLISH_COMPARE);
	CHECK(close_out(p, true, NULL));
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(out, sizeof out, "%s/public", dir);
	RUN(test_fresh_then_incremental);
	RUN(test_failed_build_keeps_output);
	RUN(test_failed_fresh_build_leaves_nothing);
	RUN(test_compare_mode);
	fsio_remove_tree(dir);
	DONE("publish");
}

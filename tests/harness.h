/*
 * harness: the in-tree unit test harness.
 *
 * A test file defines test functions, lists them in main with RUN, and ends
 * with DONE, which prints "NAME: N passed, N failed" and returns non-zero
 * on any failure. A failed check prints file:line and what differed, and
 * the test goes on, so one run shows every failure.
 */
#ifndef PORTREF_HARNESS_H
#define PORTREF_HARNESS_H

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int harness_passed, harness_failed, harness_checks_failed;
static long harness_checks;  /* checks made, failed or not */

#define CHECK(cond) do { \
	harness_checks++; \
	if (!(cond)) { \
		harness_checks_failed++; \
		printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	harness_checks++; \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ != w_) { \
		harness_checks_failed++; \
		printf("  %s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, \
			#got, g_, w_); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	harness_checks++; \
	const char *g_ = (got), *w_ = (want); \
	if (!g_ || strcmp(g_, w_) != 0) { \
		harness_checks_failed++; \
		printf("  %s:%d: %s\n    got:  \"%s\"\n    want: \"%s\"\n", \
			__FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); \
	} \
} while (0)

#define RUN(fn) do { \
	int before_ = harness_checks_failed; \
	long made_ = harness_checks; \
	fn(); \
	if (harness_checks == made_) { \
		harness_failed++; \
		printf("FAIL %s: it made no check\n", #fn); \
	} else if (harness_checks_failed == before_) { \
		harness_passed++; \
	} else { \
		harness_failed++; \
		printf("FAIL %s\n", #fn); \
	} \
} while (0)

static inline int harness_remove_entry(const char *path,
	const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : errno;
}

/* Removes path and everything below it, never following a link: a test's
 * scratch folder. Returns 0 (also when path is not there) or an errno. */
static inline int harness_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : errno;
	return nftw(path, harness_remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

#define DONE(name) do { \
	(void)harness_checks; \
	printf("%s: %d passed, %d failed\n", name, harness_passed, \
		harness_failed); \
	return harness_failed ? 1 : 0; \
} while (0)

#endif

/*
 * fsio: whole-file reads, recursive mkdir, whole-file writes.
 */
#include "fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

static char *read_fd(int fd, const char *path, size_t max, size_t *len,
	diags *d)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diags_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		diags_error(d, path, 0, 0, "cannot read: is a folder");
		return NULL;
	}
	if (st.st_size > 0 && (unsigned long long)st.st_size > max) {
		diags_error(d, path, 0, 0,
			"file is %lld bytes; inputs are limited to %zu bytes",
			(long long)st.st_size, max);
		return NULL;
	}
	buf b;
	buf_init(&b);
	if (st.st_size > 0)
		buf_reserve(&b, (size_t)st.st_size);
	for (;;) {
		buf_reserve(&b, 65536);
		ssize_t n = read(fd, b.ptr + b.len, b.cap - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diags_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
			buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			diags_error(d, path, 0, 0,
				"file is larger than the %zu bytes inputs are limited to",
				max);
			buf_free(&b);
			return NULL;
		}
	}
	b.ptr[b.len] = '\0';
	*len = b.len;
	return b.ptr;
}

char *fsio_read_optional(const char *path, size_t max, size_t *len,
	bool *missing, diags *d)
{
	*missing = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			*missing = true;
			return NULL;
		}
		diags_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	char *s = read_fd(fd, path, max, len, d);
	close(fd);
	return s;
}

char *fsio_read(const char *path, size_t max, size_t *len, diags *d)
{
	bool missing;
	char *s = fsio_read_optional(path, max, len, &missing, d);
	if (missing)
		diags_error(d, path, 0, 0, "cannot open: %s", strerror(ENOENT));
	return s;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t fsio_list(const char *dir, arena *a, const char ***names)
{
	*names = NULL;
	DIR *dh = opendir(dir);
	if (!dh)
		return 0;
	size_t n = 0, cap = 0;
	const char **list = NULL;
	struct dirent *de;
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		list = xgrow(list, &cap, n + 1, sizeof *list);
		list[n++] = arena_strdup(a, de->d_name);
	}
	closedir(dh);
	if (n)
		qsort(list, n, sizeof *list, cmp_name);
	*names = list;
	return n;
}

int fsio_mkdirs(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return errno;
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			return e;
		}
		*s = '/';
	}
	int e = (mkdir(p, 0755) == 0 || errno == EEXIST) ? 0 : errno;
	free(p);
	return e;
}

static int write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes the n bytes at data to a new file at path; a partial file is
 * removed. Returns 0 or an errno. */
static int write_new(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	int e = write_all(fd, data, n);
	if (close(fd) != 0 && !e)
		e = errno;
	if (e)
		unlink(path);
	return e;
}

int fsio_write_atomic(const char *path, const char *data, size_t n)
{
	size_t len = strlen(path);
	char *tmp = xmalloc(len + 32);
	/* A dot name in the same folder: rename(2) is atomic within a file
	 * system, and the pid keeps concurrent builds from colliding. */
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	memcpy(tmp, path, dir);
	snprintf(tmp + dir, len - dir + 32, ".%s.%ld.tmp", path + dir,
		(long)getpid());
	int e = write_new(tmp, data, n);
	if (!e && rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
	}
	free(tmp);
	return e;
}

bool fsio_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- below a folder ------------------------------------------------------ */

int fsio_dir_beneath(int root, const char *rel, size_t n, bool create)
{
	int fd = fcntl(root, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	char name[256];
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && rel[j] != '/')
			j++;
		size_t len = j - i;
		if (len == 0 || len >= sizeof name) {
			close(fd);
			return -EINVAL;
		}
		memcpy(name, rel + i, len);
		name[len] = '\0';
		int next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, name, 0755) != 0 && errno != EEXIST) {
				int e = errno;
				close(fd);
				return -e;
			}
			next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				O_CLOEXEC);
		}
		int e = errno;
		close(fd);
		if (next < 0)
			return -e;
		fd = next;
		i = j + 1;
	}
	return fd;
}

static size_t tmp_name(char *out, size_t cap, const char *name)
{
	return (size_t)snprintf(out, cap, FSIO_TMP_PREFIX "%s" FSIO_TMP_SUFFIX,
		name);
}

int fsio_write_at(int dirfd, const char *name, const char *data, size_t n,
	bool atomic, struct stat *st)
{
	char tmp[300];
	if (tmp_name(tmp, sizeof tmp, name) >= sizeof tmp)
		return ENAMETOOLONG;
	const char *target = atomic ? tmp : name;
	int fd = openat(dirfd, target, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
		O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	int e = write_all(fd, data, n);
	if (!e && st && fstat(fd, st) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && atomic && renameat(dirfd, tmp, dirfd, name) != 0)
		e = errno;
	if (e)
		unlinkat(dirfd, target, 0);
	return e;
}

void fsio_remove_leftover(int dirfd, const char *name)
{
	char tmp[300];
	if (tmp_name(tmp, sizeof tmp, name) < sizeof tmp)
		unlinkat(dirfd, tmp, 0);
}

int fsio_unlink_beneath(int root, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	size_t dir = slash ? (size_t)(slash - rel) : 0;
	int fd = fsio_dir_beneath(root, rel, dir, false);
	if (fd < 0)
		return -fd;
	int e = unlinkat(fd, slash ? slash + 1 : rel, 0) == 0 ? 0 : errno;
	if (!e)
		fsio_remove_leftover(fd, slash ? slash + 1 : rel);
	close(fd);
	/* Each folder above that is now empty goes too, deepest first. */
	while (!e && dir > 0) {
		const char *up = rel + dir;
		size_t parent = dir;
		while (parent > 0 && rel[parent - 1] != '/')
			parent--;
		char name[256];
		size_t len = (size_t)(up - (rel + parent));
		if (len >= sizeof name)
			break;
		memcpy(name, rel + parent, len);
		name[len] = '\0';
		int pfd = fsio_dir_beneath(root, rel, parent ? parent - 1 : 0, false);
		if (pfd < 0)
			break;
		bool gone = unlinkat(pfd, name, AT_REMOVEDIR) == 0;
		close(pfd);
		if (!gone)
			break;
		dir = parent ? parent - 1 : 0;
	}
	return e;
}

#define CLEAR_DEPTH 64  /* the site is four folders deep; refuse more */

static int clear_dir(int dirfd, int depth)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return e;
	}
	int first = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (unlinkat(dirfd, name, 0) == 0)
			continue;
		if (errno != EISDIR && errno != EPERM) {
			if (!first)
				first = errno;
			continue;
		}
		int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
		int e = sub < 0 ? errno : depth >= CLEAR_DEPTH ? ELOOP :
			clear_dir(sub, depth + 1);
		if (sub >= 0)
			close(sub);
		if (!e && unlinkat(dirfd, name, AT_REMOVEDIR) != 0)
			e = errno;
		if (e && !first)
			first = e;
	}
	closedir(d);
	return first;
}

int fsio_clear_beneath(int root)
{
	return clear_dir(root, 0);
}

/*
 * fsio: whole-file reads, recursive mkdir, whole-file writes.
 */
#include "fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

int fsio_write_new(const char *path, const char *data, size_t n)
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
	int e = fsio_write_new(tmp, data, n);
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

static int remove_entry(const char *path, const struct stat *st, int flag,
	struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : errno;
}

int fsio_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : errno;
	return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

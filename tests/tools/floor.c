/*
 * floor: the file-system floor for a build, for make bench.
 *
 *   floor LIST OUT [--jobs N]
 *
 * LIST has one "SIZE PATH" line per file of a built site. floor creates the
 * same folders and files with the same sizes under OUT (which must not
 * exist), with N threads (default 2) taking files in turn, and nothing else:
 * mkdir, open, write, close. The build's cold time over floor's time is
 * the overhead of everything portref does besides creating the files.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
	size_t size;
	char *path;
};

static struct file *files;
static size_t n_files;
static const char *out;
static char *zeros;
static atomic_size_t next;

static void mkdirs(char *path)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
}

static void *worker(void *arg)
{
	(void)arg;
	char path[4096];
	for (;;) {
		size_t i = atomic_fetch_add(&next, 1);
		if (i >= n_files)
			break;
		snprintf(path, sizeof path, "%s/%s", out, files[i].path);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 && errno == ENOENT) {
			mkdirs(path);
			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		}
		if (fd < 0) {
			perror(path);
			exit(1);
		}
		if (files[i].size && write(fd, zeros, files[i].size) !=
			(ssize_t)files[i].size) {
			perror(path);
			exit(1);
		}
		close(fd);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: floor LIST OUT [--jobs N]\n");
		return 2;
	}
	int jobs = 2;
	if (argc == 5 && strcmp(argv[3], "--jobs") == 0)
		jobs = atoi(argv[4]);
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	out = argv[2];
	size_t cap = 0, max = 0;
	char line[4200];
	while (fgets(line, sizeof line, f)) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (n_files == cap) {
			cap = cap ? cap * 2 : 1024;
			files = realloc(files, cap * sizeof *files);
		}
		files[n_files].size = strtoull(line, NULL, 10);
		files[n_files].path = strdup(sp + 1);
		if (files[n_files].size > max)
			max = files[n_files].size;
		n_files++;
	}
	fclose(f);
	zeros = calloc(1, max + 1);
	if (mkdir(out, 0755) != 0) {
		perror(out);
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_t t[64];
	if (jobs < 1 || jobs > 64)
		jobs = 2;
	for (int i = 0; i < jobs; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < jobs; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%zu files in %.3f s\n", n_files, (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

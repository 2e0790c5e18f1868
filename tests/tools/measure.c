/*
 * measure: runs a command and prints its wall time and peak memory.
 *
 *   measure [--cwd DIR] -- COMMAND [ARGS...]
 *
 * Prints "seconds=S peak_kb=K status=N" on stderr after the command ends;
 * exits with the command's status. Used by make bench, which needs peak RSS
 * without depending on GNU time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *cwd = NULL;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--cwd") == 0 && i + 1 < argc)
			cwd = argv[++i];
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: measure [--cwd DIR] -- COMMAND [ARGS...]\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		if (cwd && chdir(cwd) != 0) {
			perror(cwd);
			_exit(127);
		}
		execvp(argv[i], argv + i);
		perror(argv[i]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(stderr, "seconds=%.3f peak_kb=%ld status=%d\n", s, ru.ru_maxrss,
		code);
	return code;
}

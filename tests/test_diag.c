/*
 * Tests for generator/diag.c: diag_position, the one offset-to-line:col
 * conversion every stage's messages rely on.
 */
#include "diag.h"
#include "harness.h"

/* "LINE:COL" of offset in text, counting from start_line:start_col. */
static const char *pos(const char *text, size_t offset, unsigned start_line,
	unsigned start_col)
{
	static char out[32];
	unsigned line, col;
	diag_position(text, offset, start_line, start_col, &line, &col);
	snprintf(out, sizeof out, "%u:%u", line, col);
	return out;
}

static void test_whole_file(void)
{
	const char *t = "ab\ncd\n\nx";
	CHECK_STR(pos(t, 0, 1, 1), "1:1");
	CHECK_STR(pos(t, 2, 1, 1), "1:3");   /* the newline itself */
	CHECK_STR(pos(t, 3, 1, 1), "2:1");
	CHECK_STR(pos(t, 4, 1, 1), "2:2");
	CHECK_STR(pos(t, 7, 1, 1), "4:1");
	CHECK_STR(pos(t, 8, 1, 1), "4:2");   /* the end */
}

/* A column is a character: a multi-byte one counts once; a CR, a tab, a
 * NUL or a stray continuation byte counts as one. */
static void test_characters(void)
{
	CHECK_STR(pos("\xC3\xA9x", 2, 1, 1), "1:2");
	CHECK_STR(pos("\xE6\xBC\xA2\xF0\x9F\x98\x83x", 7, 1, 1), "1:3");
	CHECK_STR(pos("a\r\nb", 2, 1, 1), "1:3");
	CHECK_STR(pos("a\r\nb", 3, 1, 1), "2:1");
	CHECK_STR(pos("\t\tx", 2, 1, 1), "1:3");
	CHECK_STR(pos("a\0b", 2, 1, 1), "1:3");
	CHECK_STR(pos("\x80\x80x", 2, 1, 1), "1:1");  /* as continuations */
	CHECK_STR(pos("\xFFx", 1, 1, 1), "1:2");
}

/* A start position: a string inside a file, or a scanner's cursor. The
 * first line goes on from the start column; later lines start at 1. */
static void test_start(void)
{
	CHECK_STR(pos("ab", 2, 7, 10), "7:12");
	CHECK_STR(pos("ab\ncd", 4, 7, 10), "8:2");
	CHECK_STR(pos("anything", 0, 3, 4), "3:4");
	/* Walking in two steps gives what one walk gives. */
	const char *t = "x\xC3\xA9y\nz\xE6\xBC\xA2w";
	unsigned line, col;
	diag_position(t, 3, 1, 1, &line, &col);
	diag_position(t + 3, 6, line, col, &line, &col);
	unsigned line1, col1;
	diag_position(t, 9, 1, 1, &line1, &col1);
	CHECK_INT(line, line1);
	CHECK_INT(col, col1);
	CHECK_STR(pos(t, 9, 1, 1), "2:3");
}

int main(void)
{
	RUN(test_whole_file);
	RUN(test_characters);
	RUN(test_start);
	DONE("test_diag");
}

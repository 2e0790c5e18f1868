# portref: one GNU Makefile for the generator, the site and every test.
#
#   make site     build the generator and write the whole site to public/
#   make check    every test; ends with one line "N passed, N failed"
#   make help     every other target

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
PKGS    := libcmark yaml-0.1 libxxhash

OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
CPPFLAGS += -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Igenerator
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS   += $(PKG_LIBS) -lm -pthread
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -pthread

SRCS      := $(wildcard generator/*.c)
OBJS      := $(SRCS:generator/%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
TEST_SRCS := $(wildcard tests/test_*.c)
TESTS     := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOLS     := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_SECONDS ?= 60

.PHONY: all site deploy check test-tools unit asan valgrind fuzz bench serve \
	install clean deps golden-regen help
.DEFAULT_GOAL := all

all: $(BUILD)/.deps-ok $(BUILD)/portref

# Missing Debian packages are installed when run as root, or named with the
# exact apt-get line otherwise. The stamp keeps this to once per checkout.
$(BUILD)/.deps-ok: tools/deps
	@mkdir -p $(BUILD)
	@tools/deps build
	@touch $@

deps:
	@tools/deps build

$(BUILD)/portref: $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: generator/%.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c tests/harness.h $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS)

$(BUILD)/tools/%: tests/tools/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS)

-include $(OBJS:.o=.d)

# The change lists accumulate until tools/deploy uploads them.
site: all
	$(BUILD)/portref build --out public --written $(BUILD)/deploy/written.txt \
		--removed $(BUILD)/deploy/removed.txt

# Publish public/ to an rclone remote: what changed since the last deploy
# (make deploy REMOTE=r2:portref), or everything (ALL=1).
deploy:
	@test -n "$(REMOTE)" || { echo "usage: make deploy REMOTE=name:bucket [ALL=1]"; exit 2; }
	@tools/deploy $(if $(ALL),--all) --out public --changes $(BUILD)/deploy $(REMOTE)

# Every suite: unit tests, the Mustache spec, golden pages, the CLI, bad
# input, and the HTML, accessibility and link checks where their tools are.
check: all $(TESTS) $(TOOLS) test-tools
	@tests/run --build $(BUILD)

# The checkers behind the HTML, accessibility and registry suites: Debian
# packages (installed as root, else the apt-get line is printed and those
# suites skip) and the npm packages pinned in tests/package.json.
test-tools:
	@tools/deps test || echo "portref: some suites will be skipped"
	@test tests/node_modules/.package-lock.json -nt tests/package.json || \
		npm install --prefix tests --no-audit --no-fund --loglevel=error \
		>/dev/null 2>&1 || \
		echo "portref: npm install --prefix tests failed; some suites will be skipped"

# Only the C unit tests and the spec (what asan and valgrind run).
unit: all $(TESTS) $(TOOLS)
	@tests/run --build $(BUILD) --unit

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang OPT=-O1 \
		SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		unit

valgrind: all $(TESTS) $(TOOLS)
	@tests/run --build $(BUILD) --unit --valgrind

fuzz:
	@tests/fuzz/run --seconds $(FUZZ_SECONDS)

bench: all $(TOOLS)
	@tests/bench/run --build $(BUILD)

golden-regen: all
	@tests/golden/run --build $(BUILD) --regen

serve:
	@test -d public || { echo "public/ is empty: run make site first"; exit 1; }
	@echo "Serving public/ at http://127.0.0.1:8000/ (Ctrl-C stops)"
	@python3 -m http.server 8000 --bind 127.0.0.1 --directory public

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/portref $(DESTDIR)$(PREFIX)/bin/portref

clean:
	rm -rf build

help:
	@echo "make site         build the generator and the whole site into public/"
	@echo "make deploy       upload what changed to an rclone remote (REMOTE=name:bucket)"
	@echo "make check        every test (ends with 'N passed, N failed, N skipped')"
	@echo "make asan         unit tests under AddressSanitizer + UBSan (clang)"
	@echo "make valgrind     unit tests under valgrind memcheck"
	@echo "make fuzz         each libFuzzer target for FUZZ_SECONDS (default 60)"
	@echo "make bench        build-speed and memory benchmark (takes minutes)"
	@echo "make serve        preview public/ on http://127.0.0.1:8000/"
	@echo "make install      install build/portref to PREFIX (default /usr/local)"
	@echo "make golden-regen rewrite golden pages after a reviewed change"
	@echo "make clean        remove build/"

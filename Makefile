# midosh — build, test, demo, install.
#
#   make            build/midosh and build/midonet-sim
#   make check      build under AddressSanitizer + UndefinedBehaviorSanitizer in build/san
#                   with DEVELOPER=1 (-Werror), then run every test (unit, simulator,
#                   transcripts, terminal), three a core at a time (TEST_JOBS)
#   make demo       a private ZooKeeper, midonet-sim and one agent, and midosh against them
#                   (DIALECT=5: the simulator speaks MidoNet 5.x's API)
#   make bench      benchmarks (print figures; they assert nothing)
#   make install    PREFIX (default /usr/local) and DESTDIR are honoured
#
# Sources are found by directory: a new .c file in lib/, parser/, api/, shell/ or
# completions/ is part of midosh; one in tests/sim/ is part of midonet-sim; each
# tests/unit/test_*.c is a unit-test program.

VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions

O ?= build
CC ?= cc
# A build directory remembers SAN and DEVELOPER ($(O)/config.mk), so that a later
# `make O=build/san install` keeps them; objects depend on it, so changing either rebuilds.
-include $(O)/config.mk
SAN ?= $(O_SAN)
DEVELOPER ?= $(O_DEVELOPER)
ifeq ($(SAN),1)
CFLAGS ?= -O1 -g
else
CFLAGS ?= -O2 -g
endif
# SAN=1 adds the sanitizers to CFLAGS and LDFLAGS, whatever they are.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_CFLAGS := $(if $(filter 1,$(SAN)),$(SAN_FLAGS))
# DEVELOPER=1 (set by `make check` and CI) turns warnings into errors; a release build
# with a newer compiler still builds.
WERROR := $(if $(filter 1,$(DEVELOPER)),-Werror)

PKG_CONFIG ?= pkg-config
MIDOSH_PKGS := libcurl jansson libedit
SIM_PKGS := libmicrohttpd jansson
# The Debian package that provides each .pc file (scripts/install-deps installs them all).
deb_libcurl := libcurl4-openssl-dev
deb_jansson := libjansson-dev
deb_libedit := libedit-dev
deb_libmicrohttpd := libmicrohttpd-dev
# $(call pkg,cflags|libs,PKGS): pkg-config's answer, or a stop naming what is missing.
# Only a compile or a link asks (memoized below), so `make deps`, `clean` and `uninstall`
# work on a machine without the libraries.
pkg_missing = $(strip $(foreach p,$(1),$(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null \
	&& echo y),,$(p))))
pkg = $(if $(shell command -v $(PKG_CONFIG)),,$(error $(PKG_CONFIG) not found; on Debian: \
	apt-get install pkg-config (or run scripts/install-deps)))$(if $(call pkg_missing,$(2)),$(error \
	$(PKG_CONFIG) cannot find $(call pkg_missing,$(2)); on Debian: apt-get install \
	$(foreach p,$(call pkg_missing,$(2)),$(deb_$(p))) (or run scripts/install-deps)),$(shell \
	$(PKG_CONFIG) --$(1) $(2)))
MIDOSH_PKG_CFLAGS = $(eval MIDOSH_PKG_CFLAGS := \
	$(call pkg,cflags,$(MIDOSH_PKGS)))$(MIDOSH_PKG_CFLAGS)
MIDOSH_PKG_LIBS = $(eval MIDOSH_PKG_LIBS := $(call pkg,libs,$(MIDOSH_PKGS)))$(MIDOSH_PKG_LIBS)
SIM_PKG_CFLAGS = $(eval SIM_PKG_CFLAGS := $(call pkg,cflags,$(SIM_PKGS)))$(SIM_PKG_CFLAGS)
SIM_PKG_LIBS = $(eval SIM_PKG_LIBS := $(call pkg,libs,$(SIM_PKGS)))$(SIM_PKG_LIBS)
# libzookeeper-mt ships no .pc file: the compiler is asked for its header instead (once,
# when a compile needs it), so that a missing one is named rather than a compile error.
zk_probe = $(if $(shell printf '\043include <zookeeper/zookeeper.h>\n' | \
	$(CC) $(CPPFLAGS) -DTHREADED -E -x c -o /dev/null - 2>/dev/null && echo y),,$(error \
	$(CC) cannot find zookeeper/zookeeper.h; on Debian: apt-get install libzookeeper-mt-dev \
	(or run scripts/install-deps)))
ZK_CFLAGS = $(eval ZK_CFLAGS := $(zk_probe)-DTHREADED)$(ZK_CFLAGS)
ZK_LIBS := -lzookeeper_mt -lpthread

# C11 without GNU extensions (-Wpedantic); _GNU_SOURCE only for the C library's declarations.
BASE_CFLAGS := -std=c11 -Wpedantic -D_GNU_SOURCE -Wall -Wextra $(WERROR) -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I. \
	-DMIDOSH_VERSION='"$(VERSION)"' -MMD -MP
MIDOSH_CFLAGS = $(BASE_CFLAGS) $(MIDOSH_PKG_CFLAGS) $(ZK_CFLAGS)
MIDOSH_LIBS = $(MIDOSH_PKG_LIBS) $(ZK_LIBS)
SIM_CFLAGS = $(BASE_CFLAGS) $(SIM_PKG_CFLAGS) $(ZK_CFLAGS)
SIM_LIBS = $(SIM_PKG_LIBS) $(ZK_LIBS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_CFLAGS)

LIB_SRC := $(wildcard lib/*.c)
CORE_SRC := $(wildcard parser/*.c) $(wildcard api/*.c)
SHELL_SRC := $(wildcard shell/*.c) $(wildcard completions/*.c)
SIM_SRC := $(wildcard tests/sim/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
# Unit tests link the pure core, the API layer and the shell but its main().
UNIT_LIB_SRC := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c)) \
	$(filter-out shell/main.c,$(SHELL_SRC))

obj = $(patsubst %.c,$(O)/obj/%.o,$(1))
LIB_OBJ := $(call obj,$(LIB_SRC))
CORE_OBJ := $(call obj,$(CORE_SRC))
SHELL_OBJ := $(call obj,$(SHELL_SRC))
SIM_OBJ := $(call obj,$(SIM_SRC))
UNIT_LIB_OBJ := $(call obj,$(UNIT_LIB_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,$(O)/unit/%,$(UNIT_SRC))

.PHONY: all check unit demo bench install uninstall clean deps man FORCE
# Nothing built is an intermediate to delete after use (the unit tests' objects).
.SECONDARY:
all: $(O)/midosh $(O)/midonet-sim $(O)/mangen $(O)/bench/complete $(O)/zknames

# Rewritten only when a setting changes.
CONFIG := O_SAN := $(SAN)\nO_DEVELOPER := $(DEVELOPER)
$(O)/config.mk: FORCE
	@mkdir -p $(O)
	@printf '$(CONFIG)\n' | cmp -s - $@ || printf '$(CONFIG)\n' > $@

$(O)/obj/tests/sim/%.o: tests/sim/%.c $(O)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(SIM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(O)/obj/%.o: %.c $(O)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(MIDOSH_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(O)/midosh: $(SHELL_OBJ) $(CORE_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

$(O)/midonet-sim: $(SIM_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(SIM_LIBS)

$(O)/unit/%: $(O)/obj/tests/unit/%.o $(UNIT_LIB_OBJ) $(CORE_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

unit: $(UNIT_BIN)

# The man page's generated blocks (commands, object types) and the TAB benchmark.
$(O)/mangen: $(O)/obj/man/mangen.o $(CORE_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

$(O)/bench/complete: $(O)/obj/tests/bench/complete.o \
		$(filter-out $(O)/obj/shell/main.o,$(SHELL_OBJ)) $(CORE_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

# What name resolution reads from ZooKeeper, for tests/zk/test_names.py.
$(O)/zknames: $(O)/obj/tests/zk/zknames.o $(CORE_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

man: $(O)/mangen
	$(O)/mangen man/midosh.1 > man/midosh.1.new && mv man/midosh.1.new man/midosh.1

deps:
	@scripts/install-deps --check 2>/dev/null || scripts/install-deps

# Three tests a core at a time (tests/run -j): most of a test's time is spent waiting on
# its simulator, ZooKeeper or a terminal, not computing. TEST_JOBS overrides it.
# The sanitizers' build is at -O1, where gcc's flow warnings (-Wmaybe-uninitialized) stay
# quiet: one test (tests/cli/test_build.py) also builds `all` at -O2 with DEVELOPER=1, in
# build/san/developer-O2, kept from run to run, while the other tests run.
NPROC := $(shell nproc 2>/dev/null || echo 1)
TEST_JOBS ?= $(shell echo $$(( $(NPROC) * 3 )))

check: deps
	$(MAKE) O=build/san SAN=1 DEVELOPER=1 all unit
	tests/run --build build/san -j $(TEST_JOBS)

demo: deps
	$(MAKE) all
	DIALECT=$(DIALECT) scripts/demo

bench: deps
	$(MAKE) all
	tests/bench/run

install: $(O)/midosh
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(O)/midosh $(DESTDIR)$(BINDIR)/midosh
	install -m 644 man/midosh.1 $(DESTDIR)$(MANDIR)/midosh.1
	install -m 644 completions/midosh.bash $(DESTDIR)$(BASHCOMPDIR)/midosh
	install -m 644 completions/_midosh $(DESTDIR)$(ZSHCOMPDIR)/_midosh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/midosh $(DESTDIR)$(MANDIR)/midosh.1 \
		$(DESTDIR)$(BASHCOMPDIR)/midosh $(DESTDIR)$(ZSHCOMPDIR)/_midosh

clean:
	rm -rf build

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)

# ---- fuzzing --------------------------------------------------------------------
#
#   make fuzz      libFuzzer targets (clang) for the lexer and parser, completion, the
#                  rc file reader and the reply parser, each run FUZZ_SECONDS (60) in
#                  build/fuzz; FUZZ_TARGETS picks some. Crashes land in build/fuzz/.
#
# `make check` replays the committed corpus (tests/fuzz/corpus/TARGET/) through the
# same targets built with $(CC) and the sanitizers: $(O)/unit/test_fuzz_TARGET.
FUZZ_TARGETS ?= lexer complete rc reply
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJ = $(O)/obj/tests/fuzz/common.o $(O)/obj/shell/options.o $(CORE_OBJ) $(LIB_OBJ)
FUZZ_REPLAY_BIN := $(patsubst %,$(O)/unit/test_fuzz_%,lexer complete rc reply)

$(O)/unit/test_fuzz_%: $(O)/obj/tests/fuzz/fuzz_%.o $(O)/obj/tests/fuzz/replay.o $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

$(O)/fuzz/fuzz_%: $(O)/obj/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(MIDOSH_LIBS)

unit: $(FUZZ_REPLAY_BIN)

.PHONY: fuzz
fuzz:
	$(MAKE) O=build/fuzz SAN= CC=$(FUZZ_CC) CFLAGS='-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)' \
		LDFLAGS='$(FUZZ_SAN)' $(patsubst %,build/fuzz/fuzz/fuzz_%,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t && \
		echo "fuzz $$t for $(FUZZ_SECONDS) s" && \
		build/fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=build/fuzz/$$t- build/fuzz/corpus/$$t tests/fuzz/corpus/$$t \
			|| exit 1; \
	done

# midosh — build, test, demo, install.
#
#   make            build/midosh and build/midonet-sim
#   make check      build under AddressSanitizer + UndefinedBehaviorSanitizer in build/san,
#                   then run every test (unit, simulator, transcripts, terminal)
#   make demo       a private ZooKeeper, midonet-sim and one agent, and midosh against them
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
CFLAGS ?= -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# A build directory remembers SAN ($(O)/config.mk), so that a later `make O=build/san
# install` keeps the sanitizers; objects depend on it, so changing SAN rebuilds them.
-include $(O)/config.mk
SAN ?= $(O_SAN)
ifeq ($(SAN),1)
CFLAGS := -O1 -g $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)
endif

PKG_CONFIG ?= pkg-config
MIDOSH_PKGS := libcurl jansson libedit
SIM_PKGS := libmicrohttpd jansson
# libzookeeper-mt ships no .pc file.
ZK_CFLAGS := -DTHREADED
ZK_LIBS := -lzookeeper_mt -lpthread

BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter -I. -DMIDOSH_VERSION='"$(VERSION)"' -MMD -MP
MIDOSH_CFLAGS := $(BASE_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(MIDOSH_PKGS) 2>/dev/null) $(ZK_CFLAGS)
MIDOSH_LIBS := $(shell $(PKG_CONFIG) --libs $(MIDOSH_PKGS) 2>/dev/null) $(ZK_LIBS)
SIM_CFLAGS := $(BASE_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(SIM_PKGS) 2>/dev/null) $(ZK_CFLAGS)
SIM_LIBS := $(shell $(PKG_CONFIG) --libs $(SIM_PKGS) 2>/dev/null) $(ZK_LIBS)

LIB_SRC := $(wildcard lib/*.c)
CORE_SRC := $(wildcard parser/*.c) $(wildcard api/*.c)
SHELL_SRC := $(wildcard shell/*.c) $(wildcard completions/*.c)
SIM_SRC := $(wildcard tests/sim/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
# Unit tests link the pure core, the API layer and the shell but its main().
UNIT_LIB_SRC := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c)) $(filter-out shell/main.c,$(SHELL_SRC))

obj = $(patsubst %.c,$(O)/obj/%.o,$(1))
LIB_OBJ := $(call obj,$(LIB_SRC))
CORE_OBJ := $(call obj,$(CORE_SRC))
SHELL_OBJ := $(call obj,$(SHELL_SRC))
SIM_OBJ := $(call obj,$(SIM_SRC))
UNIT_LIB_OBJ := $(call obj,$(UNIT_LIB_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,$(O)/unit/%,$(UNIT_SRC))

.PHONY: all check unit demo bench install uninstall clean deps man FORCE
all: $(O)/midosh $(O)/midonet-sim $(O)/mangen $(O)/bench/complete

# Rewritten only when the setting changes.
$(O)/config.mk: FORCE
	@mkdir -p $(O)
	@echo 'O_SAN := $(SAN)' | cmp -s - $@ || echo 'O_SAN := $(SAN)' > $@

$(O)/obj/tests/sim/%.o: tests/sim/%.c $(O)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(SIM_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/obj/%.o: %.c $(O)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(MIDOSH_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/midosh: $(SHELL_OBJ) $(CORE_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

$(O)/midonet-sim: $(SIM_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(SIM_LIBS)

$(O)/unit/%: $(O)/obj/tests/unit/%.o $(UNIT_LIB_OBJ) $(CORE_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

unit: $(UNIT_BIN)

# The man page's generated blocks (commands, object types) and the TAB benchmark.
$(O)/mangen: $(O)/obj/man/mangen.o $(CORE_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

$(O)/bench/complete: $(O)/obj/tests/bench/complete.o $(filter-out $(O)/obj/shell/main.o,$(SHELL_OBJ)) $(CORE_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

man: $(O)/mangen
	$(O)/mangen man/midosh.1 > man/midosh.1.new && mv man/midosh.1.new man/midosh.1

deps:
	@scripts/install-deps --check 2>/dev/null || scripts/install-deps

check: deps
	$(MAKE) O=build/san SAN=1 all unit
	tests/run --build build/san

demo: deps
	$(MAKE) all
	scripts/demo

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
	$(CC) $(LDFLAGS) -o $@ $^ $(MIDOSH_LIBS)

$(O)/fuzz/fuzz_%: $(O)/obj/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(MIDOSH_LIBS)

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

# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Builds xdpmap: BPF objects -> skeletons -> userspace binary, tests and demo.
#
#   make                 xdpmap and tools/ (reports missing packages, never installs them)
#   make deps            as root: install what building and running xdpmap needs
#   make check-build     also the cmocka and BPF test binaries (tests/unit, tests/bpf)
#   make test            as root: deps, test-deps, build, then every test tier
#   make demo / bench    as root: their packages, build, then tools/demo.sh / tools/bench.sh
#   WERROR=1             every warning of a C or BPF build is an error (CI)
#   SANITIZE=1           ASan + UBSan build in build/san
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

V ?= 0
ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# Sanitizer builds live apart so that they never mix with the normal objects.
ifeq ($(SANITIZE),1)
BUILD    := build/san
else
BUILD    := build
endif
CC       ?= gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
ARCH_INC := /usr/include/$(shell gcc -dumpmachine 2>/dev/null)
PREFIX   ?= /usr/local

CFLAGS   ?= -O2 -g
# user/ is split by role; every folder is on the include path.
USER_DIRS := core target engine probe report service
USER_INC  := $(addprefix -Iuser/,$(USER_DIRS))
XM_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	     -Wno-missing-field-initializers -D_GNU_SOURCE -Iinclude $(USER_INC) -I$(BUILD) -MMD -MP
LIBS     := -lxdp -lbpf -lelf -lz -lmnl -lm -lpcre2-8 -lssl -lcrypto -lpthread
BPF_CFLAGS := -O2 -g -Wall -target bpf -Iinclude -Ibpf -I$(ARCH_INC) -MMD -MP

# CI: warnings are errors in every C and BPF build (fuzz.mk and tools.mk use it too).
ifeq ($(WERROR),1)
XM_WERROR := -Werror
endif
XM_CFLAGS  += $(XM_WERROR)
BPF_CFLAGS += $(XM_WERROR)

ifeq ($(SANITIZE),1)
XM_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDSAN := -fsanitize=address,undefined
endif

BPF_SRCS  := $(wildcard bpf/*.bpf.c)
BPF_OBJS  := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
SKELS     := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
USER_SRCS := $(wildcard $(addprefix user/,$(addsuffix /*.c,$(USER_DIRS))))
USER_OBJS := $(patsubst user/%.c,$(BUILD)/obj/%.o,$(USER_SRCS)) $(BUILD)/obj/default_ports.o
LIB_OBJS  := $(filter-out $(BUILD)/obj/core/main.o,$(USER_OBJS))
# Test tiers: tests/unit (cmocka), tests/bpf (BPF_PROG_TEST_RUN tables); helpers in tests/lib.
TEST_SRCS := $(wildcard tests/unit/test_*.c tests/bpf/test_*.c)
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

# Keep generated BPF objects and skeletons: they are inputs of later rules.
.SECONDARY: $(BPF_OBJS) $(SKELS)

# The simulated network and benchmark tools: sets TOOLS_BINS.
include tools/tools.mk
# libFuzzer targets: 'make fuzz' (sets FUZZ_BINS).
-include tests/fuzz/fuzz.mk

.PHONY: all check-build deps test-deps bench-deps demo-deps check-deps check-unit-deps
.PHONY: test demo clean install bench
all: $(BUILD)/xdpmap $(TOOLS_BINS)

check-build: all $(TEST_BINS)

# Installing (as root): the package sets of tools/deps.sh.
deps:
	$(Q)tools/deps.sh build

test-deps:
	$(Q)tools/deps.sh test

bench-deps:
	$(Q)tools/deps.sh bench

demo-deps:
	$(Q)tools/deps.sh demo

# Builds only check: a missing package stops them with one line naming it.
check-deps:
	$(Q)tools/deps.sh --check build

check-unit-deps:
	$(Q)tools/deps.sh --check build unit

$(BUILD)/%.bpf.o: bpf/%.bpf.c | check-deps
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

$(BUILD)/default_ports.c: data/default-ports.txt tools/gen-ports.sh
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)tools/gen-ports.sh $< > $@

$(BUILD)/obj/default_ports.o: $(BUILD)/default_ports.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(XM_CFLAGS) -c $< -o $@

# Every user object may include a skeleton: build those first.
$(BUILD)/obj/%.o: user/%.c | $(SKELS) check-deps
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(XM_CFLAGS) -c $< -o $@

$(BUILD)/xdpmap: $(USER_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDSAN) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) | $(SKELS) check-unit-deps
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(XM_CFLAGS) -Itests/lib -o $@ $< $(LIB_OBJS) $(LDSAN) $(LIBS) -lcmocka

# One package set after the other (apt holds a lock), then the build, then the run.
test:
	$(Q)tools/deps.sh build
	$(Q)tools/deps.sh test
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)BUILD=$(BUILD) WERROR=$(WERROR) tests/run-all.sh

demo:
	$(Q)tools/deps.sh build
	$(Q)tools/deps.sh demo
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tools/demo.sh

bench:
	$(Q)tools/deps.sh build
	$(Q)tools/deps.sh bench
	$(Q)$(MAKE) --no-print-directory all
	$(Q)XDPMAP=$(BUILD)/xdpmap BASELINE=$(BASELINE) tools/bench.sh

# make install [PREFIX=/usr/local] [DESTDIR=staging]: the binary, its man page, data and the
# bash completion.
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: $(BUILD)/xdpmap
	install -D -m 0755 $(BUILD)/xdpmap $(DESTDIR)$(PREFIX)/bin/xdpmap
	install -D -m 0644 xdpmap.1 $(DESTDIR)$(MANDIR)/man1/xdpmap.1
	install -D -m 0644 xdpmap-service-probes.5 $(DESTDIR)$(MANDIR)/man5/xdpmap-service-probes.5
	install -D -m 0644 data/service-probes $(DESTDIR)$(PREFIX)/share/xdpmap/service-probes
	install -D -m 0644 data/udp-payloads $(DESTDIR)$(PREFIX)/share/xdpmap/udp-payloads
	install -D -m 0644 data/blocklist.conf $(DESTDIR)$(PREFIX)/share/xdpmap/blocklist.conf
	install -D -m 0644 tools/completion/xdpmap.bash $(DESTDIR)$(BASHCOMPDIR)/xdpmap

clean:
	$(Q)rm -rf $(BUILD)

-include $(wildcard $(BUILD)/*.d $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/tests/*/*.d)

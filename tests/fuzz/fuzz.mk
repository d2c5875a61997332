# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# libFuzzer targets (clang, ASan + UBSan) in build/fuzz; 'make fuzz' runs each for FUZZ_SECONDS.
#
# libFuzzer comes with Debian's libclang-rt-14-dev (clang-14 only recommends it).
#   make fuzz                                   every target, FUZZ_SECONDS (60) each
#   make fuzz FUZZ_TARGETS=fuzz_ports FUZZ_SECONDS=600
#   make fuzz-bins                              build only
#   make fuzz-seeds                             rewrite the seed corpora of fuzz_xdp, fuzz_xdp6
# Runs go through tests/fuzz/fuzz_smoke.sh (also the 'make test' smoke test): the work corpus grows
# in build/fuzz/corpus/NAME, crashes land in build/fuzz/crashes/NAME.

FUZZ_DIR     := build/fuzz
FUZZ_CC      ?= $(CLANG)
FUZZ_SECONDS ?= 60
FUZZ_NAMES   := fuzz_targets fuzz_target_file fuzz_ports fuzz_escape fuzz_xdp fuzz_merge \
		fuzz_udp_payloads fuzz_xdp6
# The service database parser and matcher (issue 5), once user/service/service_db.c exists.
FUZZ_SVC     := $(if $(wildcard user/service/service_db.c),fuzz_service_db fuzz_service_match)
FUZZ_NAMES   += $(FUZZ_SVC)
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BINS    := $(addprefix $(FUZZ_DIR)/,$(FUZZ_NAMES))

FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
# The optional escapers that output.h declares (deferred: only fuzz builds run the greps).
FUZZ_HAVE     = $(foreach f,xm_xml_escape xm_text_sanitize xm_json_fputs xm_xml_fputs \
		  xm_text_fputs,$(if $(shell grep -sw '$(f)' user/report/output.h),-DHAVE_$(f)))
FUZZ_CFLAGS   = -O1 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
		-Wno-missing-field-initializers -D_GNU_SOURCE -Iinclude $(USER_INC) -Itests/lib \
		-I$(BUILD) -MMD -MP $(FUZZ_SAN) $(FUZZ_HAVE) $(XM_WERROR)

# The product code under test, instrumented: an archive, so each target links only what it uses.
FUZZ_LIB_SRCS := $(filter user/target/targets.c user/target/ports.c user/report/output_common.c \
		 user/target/targets_ipv6.c \
		 user/report/output_escape.c user/service/service_db.c user/service/fingerprint.c \
		 user/report/json_line.c \
		 user/report/merge.c user/report/results.c user/core/addr.c \
		 user/core/datafile.c user/core/xdp_counters.c \
		 user/probe/udp_payload.c user/probe/csum.c,$(USER_SRCS))
FUZZ_LIB_OBJS := $(patsubst user/%.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRCS)) \
		 $(FUZZ_DIR)/obj/default_ports.o

.PHONY: fuzz fuzz-bins fuzz-seeds check-fuzz-deps
fuzz-bins: $(FUZZ_BINS)

# libFuzzer's runtime is a package of its own: name it when it is missing.
check-fuzz-deps:
	$(Q)tools/deps.sh --check build fuzz

fuzz: fuzz-bins
	$(Q)FUZZ_RUN_SECONDS=$(FUZZ_SECONDS) FUZZ_ONLY="$(strip $(FUZZ_TARGETS))" FUZZ_NOBUILD=1 \
		BUILD=$(BUILD) tests/fuzz/fuzz_smoke.sh

$(FUZZ_DIR)/obj/%.o: user/%.c | $(SKELS) check-fuzz-deps
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/obj/%.o: tests/fuzz/%.c | $(SKELS) check-fuzz-deps
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/obj/default_ports.o: $(BUILD)/default_ports.c
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# The Makefile's bare .SECONDARY: lets make skip a missing object whose source is older than
# the archive (a module added since the last fuzz build): a changed list rebuilds it too.
ifneq ($(filter fuzz%,$(MAKECMDGOALS)),)
$(shell mkdir -p $(FUZZ_DIR) && echo '$(FUZZ_LIB_OBJS)' | cmp -s - $(FUZZ_DIR)/libxm.list || \
	echo '$(FUZZ_LIB_OBJS)' > $(FUZZ_DIR)/libxm.list)
endif

$(FUZZ_DIR)/libxm.a: $(FUZZ_LIB_OBJS) $(wildcard $(FUZZ_DIR)/libxm.list)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $(filter %.o,$^)

# Extra objects and libraries per target; the rule below links them.
$(FUZZ_DIR)/fuzz_targets $(FUZZ_DIR)/fuzz_target_file: \
	$(FUZZ_DIR)/obj/fake_resolver.o $(FUZZ_DIR)/obj/targets_check.o
$(FUZZ_DIR)/fuzz_xdp $(FUZZ_DIR)/fuzz_xdp6: $(FUZZ_DIR)/obj/xdp_harness.o
$(FUZZ_DIR)/fuzz_xdp $(FUZZ_DIR)/fuzz_xdp6: FUZZ_LIBS := -lbpf -lelf -lz
$(addprefix $(FUZZ_DIR)/,$(FUZZ_SVC)): $(FUZZ_DIR)/obj/svc_check.o
$(addprefix $(FUZZ_DIR)/,$(FUZZ_SVC)): FUZZ_LIBS := -lpcre2-8

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz_%.o $(FUZZ_DIR)/libxm.a
	$(call msg,FUZZ-LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -o $@ $(filter %.o,$^) $(FUZZ_DIR)/libxm.a $(FUZZ_LIBS)

# What both seed generators build on: the seed writer, the harness's rodata, the packet builder.
FUZZ_SEED_DEPS := tests/fuzz/seed_writer.c tests/fuzz/seed_writer.h tests/fuzz/xdp_harness.h \
		  tests/lib/pkt_builder.h include/cookie.h include/common_kern_user.h

# Seeds of fuzz_xdp: replies built with the test key, as tests/bpf/test_bpf.c builds them.
$(FUZZ_DIR)/gen_xdp_seeds: tests/fuzz/gen_xdp_seeds.c $(FUZZ_SEED_DEPS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O1 -g -Wall -Wno-unknown-pragmas -Iinclude -Itests/lib $(XM_WERROR) -o $@ \
		$(filter %.c,$^)

# Seeds of fuzz_xdp6: IPv6 replies of every kind the catcher takes, as test_bpf_ipv6.c builds them.
$(FUZZ_DIR)/gen_xdp6_seeds: tests/fuzz/gen_xdp6_seeds.c $(FUZZ_SEED_DEPS) user/probe/probe.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O1 -g -Wall -Wno-unknown-pragmas -Iinclude -Iuser/probe -Itests/lib $(XM_WERROR) \
		-o $@ $(filter %.c,$^)

fuzz-seeds: $(FUZZ_DIR)/gen_xdp_seeds $(FUZZ_DIR)/gen_xdp6_seeds
	$(Q)rm -rf tests/fuzz/corpus/fuzz_xdp && mkdir -p tests/fuzz/corpus/fuzz_xdp
	$(Q)$(FUZZ_DIR)/gen_xdp_seeds tests/fuzz/corpus/fuzz_xdp
	$(Q)rm -rf tests/fuzz/corpus/fuzz_xdp6 && mkdir -p tests/fuzz/corpus/fuzz_xdp6
	$(Q)$(FUZZ_DIR)/gen_xdp6_seeds tests/fuzz/corpus/fuzz_xdp6

-include $(wildcard $(FUZZ_DIR)/obj/*.d $(FUZZ_DIR)/obj/*/*.d)

# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Build rules for tools/: the simulated network (responder + lister); sets TOOLS_BINS.
TOOLS_BINS := $(BUILD)/tools/simnet-responder $(BUILD)/tools/simnet-list $(BUILD)/tools/xsk-txref

TOOLS_CFLAGS = $(XM_CFLAGS) -Itools -I$(BUILD)/tools

$(BUILD)/tools/responder.bpf.o: tools/responder.bpf.c tools/simnet.h | check-deps
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Itools -c $< -o $@

$(BUILD)/tools/responder.skel.h: $(BUILD)/tools/responder.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name responder_bpf > $@

$(BUILD)/tools/simnet-responder: tools/responder.c tools/simnet.h $(BUILD)/tools/responder.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TOOLS_CFLAGS) -o $@ $< $(LDSAN) -lbpf -lelf -lz

$(BUILD)/tools/simnet-list: tools/simnet-list.c tools/simnet.h $(BUILD)/obj/target/ports.o \
			    $(BUILD)/obj/default_ports.o
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TOOLS_CFLAGS) -o $@ $< $(BUILD)/obj/target/ports.o $(BUILD)/obj/default_ports.o $(LDSAN)

# The reference AF_XDP send loop of the TX-only benchmark.
$(BUILD)/tools/xsk-txref: tools/xsk-txref.c | check-deps
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TOOLS_CFLAGS) -o $@ $< $(LDSAN) -lxdp -lbpf -lelf -lz

-include $(wildcard $(BUILD)/tools/*.d)

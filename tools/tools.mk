# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Build rules for tools/: sets TOOLS_BINS (built by 'make all').
TOOLS_BINS :=

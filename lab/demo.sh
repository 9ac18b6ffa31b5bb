#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boots the lab and prints a transcript of the driver at work
# (of the vdpa_sim reference devices with TARGET=sim).

source "$(dirname "$0")/lib.sh"

target=${1:-ifcvf}
"$LAB_DIR/setup.sh"
LAB_TARGET=$target "$LAB_DIR/build.sh"
log "booting the lab guest ($target); this takes about a minute under TCG"
LAB_CMDLINE="lab.demo=1 quiet" "$LAB_DIR/run.sh" demo "$target" ""
sed -e 's/\r$//' -e '/^LAB-/d' "$BUILD_DIR/logs/demo.results"

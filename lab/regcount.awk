# SPDX-License-Identifier: GPL-2.0
# Counts the register accesses of a virtio function in a QEMU trace
# (-trace memory_region_ops_read/write) per repetition and phase: the
# guest marks a repetition by writing 0x02 and then its number, a phase
# by writing 0x01 and then the phase's letter, to isa-debugcon
# (lab/bench-guest.sh). Prints, for driver drv (-v drv=NAME), in the
# order the phases came:
#   BENCH regs DRV PHASE READS WRITES REP
#   BENCH regread DRV PHASE REGION OFFSET COUNT REP    (each register read)
#   BENCH regwrites DRV PHASE REGION COUNT REP         (writes per region)
# The regions counted are virtio-pci's (virtio-pci-common-..., -isr-,
# -device-, -notify-) and, on the IFCVF device model (lab/qemu/), the
# model's own: "ifcvf-common", laid over virtio-pci's common
# configuration, and "ifcvf-lm", the live-migration region in BAR4.
# REGION is then common, isr, device, notify or lm; OFFSET the byte
# offset in it (QEMU places each virtio-pci region at a 4 KiB boundary of
# its BAR; the LM region starts at 0 and is larger).

function hex(s,	n, i) {
	sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++)
		n = n * 16 + index("0123456789abcdef", substr(tolower(s), i, 1)) - 1
	return n
}

function field(name,	v) {
	v = $0; sub(".* " name " ", "", v); sub(/ .*/, "", v)
	return v
}

BEGIN { rep = 1 }
/name 'isa-debugcon'/ && /ops_write/ {
	v = hex(field("value"))
	if (v == 1 || v == 2) { marker = v; next }
	if (marker == 2) {
		rep = sprintf("%c", v)
	} else if (marker == 1) {
		phase = sprintf("%c", v)
		k = rep SUBSEP phase
		if (!(k in seen)) { seen[k] = 1; order[++n] = k }
	}
	marker = 0
	next
}
phase != "" && /name '(virtio-pci-|ifcvf-common|ifcvf-lm)/ {
	k = rep SUBSEP phase
	region = field("name"); gsub(/'/, "", region)
	if (region == "ifcvf-common")
		region = "common"
	else if (region == "ifcvf-lm")
		region = "lm"
	else {
		sub(/^virtio-pci-/, "", region); sub(/-virtio-.*/, "", region)
	}
	if ($1 != "memory_region_ops_read") {
		writes[k]++
		key = k SUBSEP region
		if (!(key in regwrite))
			wkeys[++nwkeys] = key
		regwrite[key]++
		next
	}
	reads[k]++
	off = hex(field("addr"))
	if (region != "lm")
		off %= 4096
	key = k SUBSEP region " " off
	if (!(key in regread))
		keys[++nkeys] = key
	regread[key]++
}
END {
	for (i = 1; i <= n; i++) {
		split(order[i], rp, SUBSEP)
		printf "BENCH regs %s %s %d %d %s\n", drv, rp[2],
		       reads[order[i]], writes[order[i]], rp[1]
	}
	for (i = 1; i <= nkeys; i++) {
		split(keys[i], rp, SUBSEP)
		printf "BENCH regread %s %s %s %d %s\n", drv, rp[2], rp[3],
		       regread[keys[i]], rp[1]
	}
	for (i = 1; i <= nwkeys; i++) {
		split(wkeys[i], rp, SUBSEP)
		printf "BENCH regwrites %s %s %s %d %s\n", drv, rp[2], rp[3],
		       regwrite[wkeys[i]], rp[1]
	}
}

# SPDX-License-Identifier: GPL-2.0
# Counts the virtio-pci register accesses in a QEMU trace
# (-trace memory_region_ops_read/write) per phase: the guest marks a
# phase by writing 0x01 and then the phase's letter to isa-debugcon.
# Prints, for driver drv (-v drv=NAME), in the order the phases came:
#   BENCH regs DRV PHASE READS WRITES
#   BENCH regread DRV PHASE REGION OFFSET COUNT    (each register read)
# REGION is the virtio-pci region (common, isr, device, notify, ...),
# OFFSET the byte offset in it: QEMU places each region at a 4 KiB
# boundary of its BAR.

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

/name 'isa-debugcon'/ && /ops_write/ {
	v = hex(field("value"))
	if (v == 1) { marker = 1; next }
	if (marker) {
		marker = 0; phase = sprintf("%c", v)
		if (!(phase in seen)) { seen[phase] = 1; order[++n] = phase }
	}
	next
}
phase != "" && /name 'virtio-pci-/ {
	if ($1 != "memory_region_ops_read") {
		writes[phase]++
		next
	}
	reads[phase]++
	region = field("name"); gsub(/'/, "", region)
	sub(/^virtio-pci-/, "", region); sub(/-virtio-.*/, "", region)
	key = phase " " region " " (hex(field("addr")) % 4096)
	if (!(key in regread))
		keys[++nkeys] = key
	regread[key]++
}
END {
	for (i = 1; i <= n; i++)
		printf "BENCH regs %s %s %d %d\n", drv, order[i],
		       reads[order[i]], writes[order[i]]
	for (i = 1; i <= nkeys; i++)
		printf "BENCH regread %s %s %d\n", drv, keys[i], regread[keys[i]]
}

# SPDX-License-Identifier: GPL-2.0
# Counts the virtio-pci register accesses in a QEMU trace
# (-trace memory_region_ops_read/write) per phase: the guest marks a
# phase by writing 0x01 and then the phase's letter to isa-debugcon.
# Prints "phase reads writes" per phase, in order.

function hex(s,	n, i) {
	sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++)
		n = n * 16 + index("0123456789abcdef", substr(tolower(s), i, 1)) - 1
	return n
}

/name 'isa-debugcon'/ && /ops_write/ {
	v = $0; sub(/.* value /, "", v); sub(/ .*/, "", v); v = hex(v)
	if (v == 1) { marker = 1; next }
	if (marker) {
		marker = 0; phase = sprintf("%c", v)
		if (!(phase in seen)) { seen[phase] = 1; order[++n] = phase }
	}
	next
}
phase != "" && /name 'virtio-pci-/ {
	if ($1 == "memory_region_ops_read") reads[phase]++
	else writes[phase]++
}
END {
	for (i = 1; i <= n; i++)
		printf "%s %d %d\n", order[i], reads[order[i]], writes[order[i]]
}

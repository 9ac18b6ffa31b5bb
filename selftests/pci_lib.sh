# SPDX-License-Identifier: GPL-2.0
# Where a virtio PCI function keeps its registers, read from its own PCI
# config space (the virtio vendor capabilities, the MSI-X capability)
# and its BARs, not from any driver: the tests that check ifcvf against
# the function use it as their independent view. Sourced after lib.sh.
# shellcheck shell=sh

# hex(), for the awk programs that read the layout: busybox awk has no
# strtonum
PCI_AWK_HEX='
function hex(s,	n, i) {
	sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++)
		n = n * 16 + index("0123456789abcdef", substr(tolower(s), i, 1)) - 1
	return n
}'

# virtio_pci_layout BDF: one line per register block, physical addresses
# and lengths in decimal:
#   common PHYS LEN
#   notify PHYS LEN MULTIPLIER
#   isr PHYS LEN
#   device PHYS LEN
#   msix PHYS ENTRIES          (the MSI-X table)
# Fails when the function has no virtio common configuration capability.
virtio_pci_layout() {
	local dev="/sys/bus/pci/devices/$1"
	od -An -v -tu1 -w1 "$dev/config" | awk -v res="$dev/resource" "$PCI_AWK_HEX"'
	function dword(p) {
		return b[p] + b[p + 1] * 256 + b[p + 2] * 65536 + b[p + 3] * 16777216
	}
	{ b[n++] = $1 + 0 }
	END {
		while ((getline line < res) > 0) {
			split(line, f, " ")
			start[nbar++] = hex(f[1])
		}
		split("common notify isr device", name, " ")
		p = b[52] - b[52] % 4
		for (guard = 0; p && guard < 48; guard++) {
			if (b[p] == 9 && b[p + 3] >= 1 && b[p + 3] <= 4 &&
			    !(b[p + 3] in seen)) {
				t = b[p + 3]; seen[t] = 1
				phys = start[b[p + 4]] + dword(p + 8)
				line = sprintf("%s %.0f %.0f", name[t], phys,
					       dword(p + 12))
				if (t == 2)
					line = line sprintf(" %.0f", dword(p + 16))
				print line
			}
			if (b[p] == 17) {
				tbl = dword(p + 4)
				printf "msix %.0f %d\n",
					start[tbl % 8] + tbl - tbl % 8,
					(b[p + 2] + b[p + 3] * 256) % 2048 + 1
			}
			p = b[p + 1] - b[p + 1] % 4
		}
		if (!(1 in seen))
			exit 1
	}'
}

# virtio_pci_field BDF NAME [COLUMN]: one value of virtio_pci_layout
# (COLUMN 2, the address, unless given)
virtio_pci_field() {
	virtio_pci_layout "$1" | awk -v n="$2" -v c="${3:-2}" '$1 == n { print $c }'
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ifcvf follows the virtio PCI register protocol where QEMU's device
# forgives it: the kernel's mmiotrace records every access ifcvf makes to
# the net function (probe, a virtio_vdpa bring-up and reset, then two
# vhost-vdpa bring-ups, the second with one queue fewer, and dev del),
# and the trace is checked against the rules a real device relies on
# (virtio 1.2, 4.1.4.3 and 3.1.1):
# - after writing status 0 the driver reads the status until it is 0
#   before it writes anything else: a device may take time to reset;
# - after setting FEATURES_OK it reads the status back: the device may
#   refuse the features by leaving the bit clear;
# - it frees an interrupt (the kernel masks its MSI-X entry) only once the
#   device is reset, so that the device no longer raises it;
# - it reads back every MSI-X vector it writes: a device that cannot use
#   one answers VIRTIO_MSI_NO_VECTOR;
# - it starts a queue only with the ring addresses its driver gave in
#   this bring-up: none of them 0 (after a reset nothing of a queue that
#   was ready before is left).
# QEMU resets at once, accepts every feature set ifcvf lets through and
# every vector, so only the trace shows these. The register blocks come
# from the function's own capabilities (pci_lib.sh). mmiotrace traces
# only what is mapped while it runs, so the function is probed again
# under it; it takes the other CPUs offline meanwhile.

. ./lib.sh
. ./pci_lib.sh

T=/sys/kernel/tracing
TRACE=/tmp/ifcvf_register_protocol.trace
bdf=${NET_MGMT#pci/}
pdev=/sys/bus/pci/devices/$bdf

cleanup_test() {
	[ -e $T/current_tracer ] && echo nop >$T/current_tracer
	rm -f $TRACE
}

# the function bound to ifcvf again, its maps made under the tracer
reprobe() {
	echo "$bdf" >"$pdev/driver/unbind" &&
		echo "$bdf" >/sys/bus/pci/drivers_probe &&
		wait_for 5 $VDPA mgmtdev show "$NET_MGMT"
}

# what the test makes the driver do, traced
exercise() {
	local chr
	reprobe || { echo "ifcvf did not probe $bdf again"; return 1; }
	if ! { add_net_vdpa vdpa0 "$NET_MGMT" && bind_vdpa vdpa0 virtio_vdpa &&
	       wait_for 5 vdpa_netdev vdpa0; }; then
		echo "vdpa0 has no netdev"
		return 1
	fi
	chr=$(attach_vhost_vdpa vdpa0) || { echo "$chr"; return 1; }
	./vhost_vdpa_ctl "$chr" start 3 stop start 2 stop || return 1
	$VDPA dev del vdpa0
}

# The checks over the trace (lines "R|W WIDTH TIME MAP PHYS VALUE PC
# PID"): one line "NAME COUNT BAD FIRST-BAD" per rule, FIRST-BAD the
# first offending access, or "-".
check_trace() {
	awk -v layout="$1" "$PCI_AWK_HEX"'
	BEGIN {
		n = split(layout, l, "\n")
		for (i = 1; i <= n; i++) {
			split(l[i], f, " ")
			base[f[1]] = f[2] + 0
			len[f[1]] = f[1] == "msix" ? f[3] * 16 : f[3] + 0
		}
		status = -1; wantvec = -1
	}
	function region(a,	r) {
		for (r in base)
			if (a >= base[r] && a < base[r] + len[r])
				return r
		return ""
	}
	function bad(rule, why) {
		nbad[rule]++
		if (!(rule in first))
			first[rule] = why " (" $0 ")"
	}
	$1 != "R" && $1 != "W" { next }
	{
		a = hex($5); v = hex($6); r = region(a)
		if (r == "")
			next
		off = a - base[r]
		accesses++
	}
	$1 == "R" {
		if (r == "common" && off == 20 && want == "reset" && v == 0)
			want = ""
		else if (r == "common" && off == 20 && want == "features")
			want = ""
		if (r == "common" && off == wantvec)
			wantvec = -1
		next
	}
	{
		# a write while a read-back is still due
		if (want == "reset")
			bad("reset", "written before status read 0")
		if (want == "features")
			bad("features", "written before FEATURES_OK was read back")
		if (wantvec >= 0)
			bad("vector", "written before vector at " wantvec " was read back")
		want = ""; wantvec = -1
	}
	r == "common" && off == 20 {
		if (v == 0) {
			count["reset"]++; want = "reset"
		} else if (int(v / 8) % 2 && !(status >= 0 && int(status / 8) % 2)) {
			count["features"]++; want = "features"
		}
		status = v
	}
	r == "common" && (off == 16 || off == 26) && v != 65535 {
		count["vector"]++; wantvec = off
	}
	r == "common" && off == 22 { q = v; ring[0] = ring[1] = ring[2] = 0 }
	r == "common" && off >= 32 && off < 56 { ring[int((off - 32) / 8)] += v }
	r == "common" && off == 28 && v == 1 {
		count["queue"]++
		if (!ring[0] || !ring[1] || !ring[2])
			bad("queue", "queue " q " started with ring addresses " \
			    ring[0] "/" ring[1] "/" ring[2])
	}
	r == "msix" && off % 16 == 12 && v % 2 == 1 {
		count["irq"]++
		if (status != 0)
			bad("irq", "MSI-X entry " int(off / 16) " masked at status " status)
	}
	END {
		print "accesses", accesses + 0, 0, "-"
		split("reset features irq vector queue", rules, " ")
		for (i = 1; i <= 5; i++)
			print rules[i], count[rules[i]] + 0, nbad[rules[i]] + 0,
			      (rules[i] in first) ? first[rules[i]] : "-"
	}' "$2"
}

# rule NAME DESCRIPTION: one TAP line for a rule of check_trace's answer
rule() {
	local count nbad why
	read -r count nbad why <<EOF
$(echo "$checked" | awk -v n="$1" '$1 == n { $1 = ""; print }')
EOF
	if [ "${count:-0}" -gt 0 ] && [ "$nbad" = 0 ]; then
		ktap_ok "$2 ($count seen)"
	elif [ "${count:-0}" -eq 0 ]; then
		ktap_not_ok "$2" "the trace has none"
	else
		ktap_not_ok "$2" "$nbad of $count break it, first: $why"
	fi
}

[ "$TARGET" = ifcvf ] || setup_failed ifcvf_register_protocol "ifcvf only"
layout=$(virtio_pci_layout "$bdf") ||
	setup_failed ifcvf_register_protocol "no virtio capabilities read from $bdf"
echo "$layout" | sed 's/^/# layout: /'
mount -t tracefs tracefs $T 2>/dev/null
del_all_vdpa
echo 16384 >$T/buffer_size_kb
echo mmiotrace >$T/current_tracer ||
	setup_failed ifcvf_register_protocol "no mmiotrace tracer"
why=$(exercise 2>&1)
ok=$?
cat $T/trace >$TRACE
echo nop >$T/current_tracer

ktap_header 6
checked=$(check_trace "$layout" $TRACE)
echo "$checked" | sed 's/^/# /'
accesses=$(echo "$checked" | awk '$1 == "accesses" { print $2 }')
echo "# $accesses accesses traced"
if [ $ok = 0 ] && [ "${accesses:-0}" -gt 0 ]; then
	ktap_ok "probe, virtio_vdpa and two vhost-vdpa bring-ups ran under mmiotrace"
else
	ktap_not_ok "probe, virtio_vdpa and two vhost-vdpa bring-ups ran under mmiotrace" \
		"$accesses accesses traced; $(echo "$why" | tail -n 3 | tr '\n' ' ')"
fi
rule reset "each reset is waited for: status reads 0 before the next write"
rule features "each FEATURES_OK is read back before the next write"
rule irq "interrupts are freed only once the device is reset"
rule vector "each MSI-X vector written is read back"
rule queue "each queue starts with the ring addresses of its bring-up"
cleanup
ktap_finish

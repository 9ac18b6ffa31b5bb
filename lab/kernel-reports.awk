# SPDX-License-Identifier: GPL-2.0
# Sorts a test's kernel log for lab/guest-init.sh (its dmesg) and for
# lab/console-verdicts.sh (its part of the console log). Prints
#   SPLAT <line>            for every line matching the splat pattern
#                           outside a tolerated report
#   TOLERATED <rule> <line> once per tolerated report, with its headline
#   IOMMU <line>            for every IOMMU fault, where the test is in
#                           lab/iommu-fault-allow.txt (-v allow_iommu=1);
#                           elsewhere an IOMMU fault is a SPLAT
#
# A splat: a warning, a bug, a sanitizer or lockdep report, a hung task,
# an RCU stall, or a device's DMA the IOMMU refused (what a parent driver
# that hands a device a stale or unmapped address produces).
#
# The upstream reports tolerated while a test runs: each rule names the
# kernel function it is about and must match the whole report, from its
# headline to the end of its stack trace; a report that names ifcvf, or
# that has another report inside it, is never tolerated. Keep this list
# tiny.
#
# pciehp-reset-lock: 6.12's pciehp_unconfigure_device() takes
# pci_rescan_remove_lock inside ctrl->reset_lock (held by pciehp_ist()),
# then drops and retakes reset_lock inside pci_rescan_remove_lock around
# each device's removal, which lockdep reports as a circular dependency
# on every hot-unplug through a PCIe slot, whatever the driver.

BEGIN {
	splat = "WARNING:|BUG:|Oops|KASAN:|UBSAN:|general protection|" \
		"Kernel panic|circular locking|recursive locking|" \
		"inconsistent lock|INFO: task .* blocked|refcount_t:|" \
		"ODEBUG:|detected stalls"
	iommu = "DMAR: \\[(DMA|INTR)|DMAR: DRHD: handling fault|" \
		"fault addr 0x|AMD-Vi: Event logged \\[IO_PAGE_FAULT"
}

function flush_report(   i, rule) {
	if (!nlines)
		return
	rule = ""
	if (headline ~ /possible circular locking dependency detected/ &&
	    acquiring ~ /at: pciehp_unconfigure_device\+/ &&
	    holding ~ /at: pciehp_unconfigure_device\+/ && !ours && nsplats == 1)
		rule = "pciehp-reset-lock"
	if (rule != "") {
		print "TOLERATED " rule " " headline
	} else {
		for (i = 1; i <= nlines; i++)
			if (lines[i] ~ splat)
				print "SPLAT " lines[i]
	}
	nlines = 0; nsplats = 0; headline = ""; acquiring = ""; holding = ""
	ours = 0
	next_is = ""
}

{ sub(/\r$/, "") }

# a lockdep report starts here and ends after its stack trace
/WARNING: possible (circular|recursive) locking|WARNING: inconsistent lock state/ {
	flush_report()
	inreport = 1
	headline = $0
}
inreport {
	lines[++nlines] = $0
	if ($0 ~ splat)
		nsplats++
	if (next_is == "acquiring")
		acquiring = $0
	else if (next_is == "holding")
		holding = $0
	next_is = ""
	if ($0 ~ /is trying to acquire lock:$/)
		next_is = "acquiring"
	else if ($0 ~ /but task is already holding lock:$/)
		next_is = "holding"
	# our module's frames, functions and interrupt threads (the kernel
	# release, 6.12.117-ifcvf-debug, also says "ifcvf")
	if ($0 ~ /\[ifcvf\]|ifcvf_|ifcvf\[/)
		ours = 1
	if ($0 ~ /<\/TASK>$/) {
		flush_report()
		inreport = 0
	}
	next
}
$0 ~ iommu { print (allow_iommu ? "IOMMU " : "SPLAT ") $0; next }
$0 ~ splat { print "SPLAT " $0 }
END { flush_report() }

# SPDX-License-Identifier: GPL-2.0
# Turns make bench's figures (the BENCH lines of its boots, see
# bench-guest.sh, bench-perf.sh, bench-scale.sh, regcount.awk) into the
# results: markdown on stdout, JSON into the file json, the chart's data
# into chart.regs and chart.ratios. Medians throughout; nothing here
# judges a figure except the goals of issue 6, which it states.
# Variables: json, chart (file prefix), meta ("key=value;..." lines).

function median(key,	n, i, j, v, t) {
	n = cnt[key]
	if (!n)
		return ""
	for (i = 1; i <= n; i++)
		v[i] = val[key, i]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	lo[key] = v[1]; hi[key] = v[n]
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function add(key, x) {
	val[key, ++cnt[key]] = x
}

function fmt(x, scale) {
	if (x == "")
		return "–"
	x /= scale
	if (x >= 100)
		return sprintf("%.0f", x)
	return x >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x)
}

# "median (min–max)" of a key, scaled
function cell(key, scale,	m) {
	m = median(key)
	if (m == "")
		return "–"
	if (cnt[key] < 2)
		return fmt(m, scale)
	return fmt(m, scale) " (" fmt(lo[key], scale) "–" fmt(hi[key], scale) ")"
}

function ratio(a, b,	ma, mb) {
	ma = median(a); mb = median(b)
	if (ma == "" || mb == "" || mb == 0)
		return ""
	return ma / mb
}

function rfmt(r) {
	return r == "" ? "–" : sprintf("%.2f×", r)
}

function jnum(x) {
	return x == "" ? "null" : sprintf("%.4g", x)
}

function jstr(s) {
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
	return "\"" s "\""
}

# struct virtio_pci_common_cfg and struct virtio_net_config by offset
function reg_name(region, off) {
	if (region == "common" && off in creg)
		return creg[off]
	if (region == "device" && off < 6)
		return "mac[" off "]"
	if (region == "device" && off in nreg)
		return nreg[off]
	return region "+" off
}

BEGIN {
	n = split("device_feature_select 0 device_feature 4 driver_feature_select 8 " \
		  "driver_feature 12 msix_config 16 num_queues 18 device_status 20 " \
		  "config_generation 21 queue_select 22 queue_size 24 " \
		  "queue_msix_vector 26 queue_enable 28 queue_notify_off 30 " \
		  "queue_desc_lo 32 queue_desc_hi 36 queue_driver_lo 40 " \
		  "queue_driver_hi 44 queue_device_lo 48 queue_device_hi 52", names, " ")
	for (i = 1; i < n; i += 2)
		creg[names[i + 1]] = names[i]
	n = split("status 6 max_virtqueue_pairs 8 mtu 10 speed 12 duplex 16", names, " ")
	for (i = 1; i < n; i += 2)
		nreg[names[i + 1]] = names[i]
	f_ratios = chart ".ratios"; f_regs = chart ".regs"; f_vp = chart ".vp"
	drivers = "virtio_pci ifcvf vp_vdpa ifcvf_intree"
	dname["virtio_pci"] = "virtio_pci (native)"
	dname["ifcvf"] = "ifcvf (ours)"
	dname["vp_vdpa"] = "vp_vdpa"
	dname["ifcvf_intree"] = "in-tree ifcvf"
	split("P A L R T", phases, " ")
	pname["P"] = "PCI probe (native: through DRIVER_OK)"
	pname["A"] = "vdpa dev add + virtio_vdpa to DRIVER_OK"
	pname["L"] = "link up"
	pname["R"] = "virtio_vdpa unbind (reset)"
	pname["T"] = "teardown (dev del, PCI unbind)"
	# why ifcvf reads what it reads, per phase and register
	why["P device_status"] = "reset done? (read until 0, at probe start and end) and FEATURES_OK read back once"
	why["P device_feature"] = "device features, low and high half: read once, cached for every later get"
	why["P num_queues"] = "queue count, cached"
	why["P queue_size"] = "each queue's maximum size, cached (get_vq_num_max, get_vq_size)"
	why["P queue_notify_off"] = "each queue's doorbell offset, cached"
	why["A device_status"] = "virtio_vdpa's reset before probing (wait for 0) and FEATURES_OK read back: the device may refuse the features"
	why["A config_generation"] = "the virtio core brackets virtio_net's MAC read with generation reads"
	why["A mac"] = "virtio_net reads the MAC byte by byte (config fields are accessed at their own width)"
	why["A msix_config"] = "config vector read back at DRIVER_OK: a device that cannot map it answers NO_VECTOR"
	why["A queue_msix_vector"] = "each queue's vector read back, for the same reason"
	why["L status"] = "virtio_net reads the link status"
	why["R device_status"] = "reset done?"
	why["T device_status"] = "reset done? (vdpa dev del, then PCI remove)"
}

{ sub(/\r$/, "") }
$1 != "BENCH" { next }
$2 == "regs" { regs[$3, $4] = $5 " " $6; next }
$2 == "regread" {
	k = $3 SUBSEP $4 SUBSEP reg_name($5, $6)
	if (!(k in rr))
		rr_order[++nrr] = k
	rr[k] += $7
	next
}
$2 == "capability" || $2 == "fail" {
	t = $0; sub(/^BENCH [^ ]+ [^ ]+ /, "", t)
	if ($2 == "capability") {
		w = $4; sub(/^[^ ]+ */, "", t)
		cap[$3, w] = t
	} else {
		fails[++nfail] = $3 ": " t
	}
	next
}
# QEMU's CPU time during a sample, in us (lab/bench.sh appends it), or 0.
# It sums the threads alive at each mark: one that ended in between takes
# its time along, and a sample with less CPU than a tenth of its wall
# time is such a one.
function cpu_us(	i, c, w) {
	for (i = 5; i < NF; i++) {
		if ($i == "cpu_us")
			c = $(i + 1)
		if ($i == "wall_us")
			w = $(i + 1)
	}
	return c * 10 >= w ? c : 0
}

# The same sample per second of QEMU's CPU time, under key "cpu-" KEY,
# and by round for the paired ratios
function add_per_cpu(key, work,	c) {
	c = cpu_us()
	if (c <= 0)
		return
	add("cpu-" key, work * 1000000 / c)
	byround["cpu-" key, $4] = work * 1000000 / c
}

# Median (and range, in plo/phi) of the ratios of driver A's figure to
# driver B's in the same round: each pair was measured seconds apart.
function pratio(key, a, b,	r, n, v, i, j, t) {
	n = 0
	for (r = 1; r <= 100; r++)
		if (byround[key SUBSEP a, r] > 0 && byround[key SUBSEP b, r] > 0)
			v[++n] = byround[key SUBSEP a, r] / byround[key SUBSEP b, r]
	plo = phi = ""
	if (!n)
		return ""
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	plo = v[1]; phi = v[n]
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function prfmt(r) {
	if (r == "")
		return "–"
	return sprintf("%.2f× (%.2f–%.2f)", r, plo, phi)
}

$2 == "tcp" || $2 ~ /^fio-/ || $2 == "up" || $2 == "scale-probe" ||
$2 == "scale-add" {
	if ($5 !~ /^[0-9]+$/) {
		fails[++nfail] = $3 " " $2 ": " $5 " " $6 " " $7
		next
	}
	add($2 SUBSEP $3, $5)
	if ($2 == "tcp")
		add_per_cpu($2 SUBSEP $3, $6 * 8)	# bits
	else if ($2 ~ /^fio-/)
		add_per_cpu($2 SUBSEP $3, $6 / ($2 ~ /128k/ ? 128 : 4))	# I/Os
	else if (cpu_us() > 0)
		add("cpu-" $2 SUBSEP $3, cpu_us())
	next
}
$2 == "pps" { add("pps-rx" SUBSEP $3, $6); rx_round[$3, $4] = $6; next }
$2 == "testpmd" { add("pps-tx" SUBSEP $3, $5); tx_round[$3, $4] = $5; next }
$2 == "cycle" {
	if ($5 !~ /^[0-9]+$/) {
		t = $0; sub(/^BENCH cycle [^ ]+ [^ ]+ /, "", t)
		fails[++nfail] = $3 " cycle: " t
		next
	}
	add("cycle" SUBSEP $3, $5); add("cycle-open" SUBSEP $3, $6)
	add("cycle-start" SUBSEP $3, $7); add("cycle-stop" SUBSEP $3, $8)
	if (cpu_us() > 0)
		add("cpu-cycle" SUBSEP $3, cpu_us())
	next
}
$2 == "scale-mem" {
	add("mem-probe-used" SUBSEP $3, $5); add("mem-probe-slab" SUBSEP $3, $6)
	add("mem-add-used" SUBSEP $3, $7); add("mem-add-slab" SUBSEP $3, $8)
	next
}

function rw(d, p,	a) {
	if (!((d, p) in regs))
		return "–"
	split(regs[d, p], a, " ")
	return a[1] " / " a[2]
}

function reads(d, p,	a) {
	split(regs[d, p], a, " ")
	return a[1] + 0
}

function writes(d, p,	a) {
	split(regs[d, p], a, " ")
	return a[2] + 0
}

function goal(ok, text) {
	printf "- **%s** %s\n", ok ? "met:" : "missed:", text
	goals[++ngoals] = (ok ? "met: " : "missed: ") text
}

# geometric mean over the rounds of ifcvf's figure over vp_vdpa's
function gm_rounds(fig,	r, sum, n) {
	for (r = 1; r <= 100; r++)
		if (fig["ifcvf", r] > 0 && fig["vp_vdpa", r] > 0) {
			sum += log(fig["ifcvf", r] / fig["vp_vdpa", r])
			n++
		}
	nppsr = n > nppsr ? n : nppsr
	return n ? exp(sum / n) : ""
}

END {
	gm_rx = gm_rounds(rx_round)
	gm_tx = gm_rounds(tx_round)
	n = split(meta, m, ";")
	for (i = 1; i <= n; i++) {
		split(m[i], kv, "=")
		mv[kv[1]] = kv[2]
	}
	print "# make bench: ifcvf beside virtio_pci, vp_vdpa and the in-tree ifcvf"
	print ""
	printf "Measured by `make bench` (lab/bench.sh, %s min on this machine) on %s:\n", mv["minutes"], mv["date"]
	printf "guest kernel %s, QEMU %s, tree %s.\n", mv["kernel"], mv["qemu"], mv["tree"]
	print ""
	print "**Under TCG absolute figures are not hardware figures.** The guest's"
	print "CPU is emulated (QEMU TCG, one host thread for 2 vCPUs, no KVM) on a"
	print "shared 2-core host, so throughputs and times say nothing about real"
	print "hardware; what carries over are ratios between drivers measured within"
	print "one boot, on identical emulated functions, the drivers taking turns"
	print "round by round. Cells show the median and, in brackets, the range."
	print "Register counts are exact and repeat run after run."
	print ""

	print "## Register accesses per phase"
	print ""
	print "One virtio-net function (receive, transmit and control queue), reads /"
	print "writes of its virtio-pci registers from QEMU's trace"
	print "(`memory_region_ops_read/write`, ioeventfd off so that doorbells count)."
	print "Reads are the expensive accesses on PCIe: non-posted, about a"
	print "microsecond each on an FPGA. The in-tree ifcvf cannot probe the lab's"
	print "modern-only function; its column is a transitional one (see below)."
	print ""
	printf "| phase |"
	nd = split(drivers, dl, " ")
	for (i = 1; i <= nd; i++)
		printf " %s |", dname[dl[i]]
	print ""
	printf "|---|"
	for (i = 1; i <= nd; i++)
		printf "---|"
	print ""
	for (p = 1; p <= 5; p++) {
		printf "| %s |", pname[phases[p]]
		for (i = 1; i <= nd; i++) {
			c = rw(dl[i], phases[p])
			if (dl[i] == "ifcvf_intree" && phases[p] == "A")
				c = c ", fails"
			if (dl[i] == "ifcvf_intree" && phases[p] ~ /[LR]/)
				c = "–"
			printf " %s |", c
		}
		print ""
	}
	printf "| **bring-up: probe + dev add to DRIVER_OK** |"
	for (i = 1; i <= nd; i++) {
		d = dl[i]
		if (d == "ifcvf_intree")
			printf " – |"
		else
			printf " **%d / %d** |", reads(d, "P") + reads(d, "A"), writes(d, "P") + writes(d, "A")
	}
	print ""
	print ""
	nr = reads("virtio_pci", "P"); nw = writes("virtio_pci", "P")
	ar = reads("ifcvf", "A"); aw = writes("ifcvf", "A")
	vr = reads("vp_vdpa", "A"); vw = writes("vp_vdpa", "A")

	print "### Every register ifcvf still reads"
	print ""
	print "| phase | register | reads | why |"
	print "|---|---|---|---|"
	for (i = 1; i <= nrr; i++) {
		split(rr_order[i], kp, SUBSEP)
		if (kp[1] != "ifcvf" || kp[2] !~ /^[PALRT]$/)
			continue
		r = kp[3]; wk = kp[2] " " r
		if (r ~ /^mac\[/) {
			if (r != "mac[0]")
				continue
			macs = 0
			for (j = 0; j < 6; j++)
				macs += rr["ifcvf", kp[2], "mac[" j "]"]
			r = "mac[0..5]"; wk = kp[2] " mac"; c = macs
		} else {
			c = rr[rr_order[i]]
		}
		printf "| %s | %s | %d | %s |\n", kp[2], r, c, (wk in why) ? why[wk] : "?"
		jreads[++njr] = "{\"phase\": " jstr(kp[2]) ", \"register\": " jstr(r) ", \"reads\": " c "}"
	}
	print ""

	print "## The in-tree ifcvf"
	print ""
	print "Built from the same linux-source as the guest kernel (as"
	print "ifcvf_intree.ko), bound through driver_override, its code unchanged."
	print ""
	print "| configuration | result |"
	print "|---|---|"
	printf "| the lab's modern-only function (`disable-legacy=on,iommu_platform=on`) | probe fails: %s |\n", cap["ifcvf_intree", "modern-probe"]
	printf "| a transitional function with `modern-pio-notify=on` (BARs 0, 2, 4 exist) | probe binds: %s reads / writes, management device registered |\n", rw("ifcvf_intree", "P")
	printf "| the same with `iommu_platform=on` (so that the device offers ACCESS_PLATFORM) | QEMU refuses to start: %s |\n", cap["ifcvf_intree", "qemu-iommu"]
	printf "| transitional, vdpa dev add + virtio_vdpa | %s |\n", cap["ifcvf_intree", "virtio_vdpa"]
	printf "| transitional, vdpa dev add + vhost_vdpa, DPDK testpmd txonly | %s; QEMU: %s |\n", cap["ifcvf_intree", "vhost_vdpa"], cap["ifcvf_intree", "qemu-log"]
	print ""
	print "So no QEMU configuration lets the unchanged in-tree ifcvf move data."
	print "Its BAR request needs a transitional function, and QEMU offers"
	print "VIRTIO_F_ACCESS_PLATFORM only on modern-only ones, while the driver"
	print "refuses any feature set without it: virtio_vdpa's virtio_net probe"
	print "fails. DPDK's virtio_user adds ACCESS_PLATFORM on its own, so through"
	print "vhost_vdpa the driver accepts the features, but the device (which did"
	print "not offer the bit and drops it) does not translate through the"
	print "vIOMMU: it reads the ring addresses testpmd programs, IOVAs such as"
	print "0x11841a4000, as guest-physical ones, where there is no RAM, sees an"
	print "empty ring and sends nothing (the trace of this boot shows those"
	print "addresses). On the way down the driver writes queue_enable = 0, which"
	print "QEMU rejects (the device then sets NEEDS_RESET), and get_vq_state reads"
	print "its \"live-migration\" registers at BAR4 + 0x20, which on QEMU are"
	print "queue_desc: the last avail index it reports is half a ring address."
	print "Nothing reaches the wire, so there is nothing to time."
	print ""

	print "## virtio_vdpa datapath"
	print ""
	print "Each driver has two NICs on a hub of their own and a disk on QEMU's"
	print "null backend (no host I/O), all attached at once; the drivers take"
	print "turns every few seconds. iperf3 TCP between a driver's two netdevs in"
	print "two namespaces (2 s after 1 s of warm-up); fio on its disk (O_DIRECT,"
	printf "io_uring, queue depth 16, 2 s per job); medians of %d rounds.\n", cnt["tcp", "ifcvf"]
	print ""
	print "The first table divides each sample's work by the CPU time QEMU had"
	print "during it (all its threads, from the host's schedstat at marks the"
	print "guest sets): what the same emulated CPU gets done, whatever share of"
	print "the shared host QEMU got meanwhile. Its ratios are medians of the"
	print "rounds' ratios (each pair measured seconds apart), with their range;"
	print "the goals use them. The second table is the same samples per second"
	print "of the guest's clock, as iperf3 and fio print them."
	print ""
	print "| per QEMU CPU-second | virtio_pci | ifcvf | vp_vdpa | ifcvf / virtio_pci | vp_vdpa / virtio_pci | ifcvf / vp_vdpa |"
	print "|---|---|---|---|---|---|---|"
	nw_ = split("tcp fio-randread-4k fio-randwrite-4k fio-read-128k fio-write-128k", wl, " ")
	split("TCP;rand read 4k;rand write 4k;seq read 128k;seq write 128k", names, ";")
	for (i = 1; i <= nw_; i++)
		wshort[wl[i]] = names[i]
	wname["tcp"] = "TCP (Mbit)"; wscale["tcp"] = 1000; cscale["tcp"] = 1000000
	wname["fio-randread-4k"] = "random read 4 KiB (k I/Os)"
	wname["fio-randwrite-4k"] = "random write 4 KiB (k I/Os)"
	wname["fio-read-128k"] = "sequential read 128 KiB (MiB)"
	wname["fio-write-128k"] = "sequential write 128 KiB (MiB)"
	wscale["fio-randread-4k"] = wscale["fio-randwrite-4k"] = 1000
	wscale["fio-read-128k"] = wscale["fio-write-128k"] = 8
	for (i = 2; i <= nw_; i++)
		cscale[wl[i]] = wscale[wl[i]]
	dp_ok = 1; dp_vp_ok = 1; dp_text = ""; dp_noise = 0; dp_vp_noise = 0
	for (i = 1; i <= nw_; i++) {
		w = wl[i]; c = "cpu-" w
		r1 = pratio(c, "ifcvf", "virtio_pci"); f1 = prfmt(r1); hi1 = phi
		r2 = pratio(c, "vp_vdpa", "virtio_pci"); f2 = prfmt(r2)
		r3 = pratio(c, "ifcvf", "vp_vdpa"); f3 = prfmt(r3); hi3 = phi
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", wname[w],
		       cell(c SUBSEP "virtio_pci", cscale[w]),
		       cell(c SUBSEP "ifcvf", cscale[w]),
		       cell(c SUBSEP "vp_vdpa", cscale[w]), f1, f2, f3
		print "\"" wshort[w] "\"", (r1 == "" ? 0 : r1), (r2 == "" ? 0 : r2) >f_ratios
		# missed, but some rounds met it: this run cannot tell
		if (r1 == "" || r1 < 0.95) {
			dp_ok = 0
			dp_noise += (r1 != "" && hi1 >= 0.95)
		}
		if (r3 == "" || r3 < 1.0) {
			dp_vp_ok = 0
			dp_vp_noise += (r3 != "" && hi3 >= 1.0)
		}
		dp_text = dp_text sprintf("%s %s/%s", wshort[w], rfmt(r1), rfmt(r3)) (i < nw_ ? ", " : "")
		jdp[i] = sprintf("%s: {\"per_cpu_second\": {\"virtio_pci\": %s, \"ifcvf\": %s, \"vp_vdpa\": %s}, \"per_second\": {\"virtio_pci\": %s, \"ifcvf\": %s, \"vp_vdpa\": %s}, \"ifcvf_vs_native\": %s, \"vp_vdpa_vs_native\": %s, \"ifcvf_vs_vp_vdpa\": %s}",
				 jstr(w), jnum(median(c SUBSEP "virtio_pci")), jnum(median(c SUBSEP "ifcvf")),
				 jnum(median(c SUBSEP "vp_vdpa")), jnum(median(w SUBSEP "virtio_pci")),
				 jnum(median(w SUBSEP "ifcvf")), jnum(median(w SUBSEP "vp_vdpa")),
				 jnum(r1), jnum(r2), jnum(r3))
	}
	print ""
	print "| per second of the guest's clock | virtio_pci | ifcvf | vp_vdpa | ifcvf / virtio_pci | ifcvf / vp_vdpa |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= nw_; i++) {
		w = wl[i]
		printf "| %s | %s | %s | %s | %s | %s |\n", wname[w],
		       cell(w SUBSEP "virtio_pci", wscale[w]), cell(w SUBSEP "ifcvf", wscale[w]),
		       cell(w SUBSEP "vp_vdpa", wscale[w]),
		       rfmt(ratio(w SUBSEP "ifcvf", w SUBSEP "virtio_pci")),
		       rfmt(ratio(w SUBSEP "ifcvf", w SUBSEP "vp_vdpa"))
	}
	print ""

	print "## vhost_vdpa datapath"
	print ""
	print "DPDK testpmd (txonly, one queue pair, net_virtio_user on"
	print "/dev/vhost-vdpa-N) sends to the driver's other NIC, which virtio_pci"
	print "drives natively. The two parents' testpmds run at the same time, each"
	print "forwarding on a vCPU of its own, swapped every round: both see the"
	print "same host at every moment, and the vCPUs' differences cancel out. The"
	printf "ratio is the geometric mean of the %d rounds' ratios (3 s each).\n", nppsr
	print ""
	print "| packets per second (k) | ifcvf | vp_vdpa | ifcvf / vp_vdpa |"
	print "|---|---|---|---|"
	printf "| sent, testpmd's Tx-pps | %s | %s | %s |\n", cell("pps-tx" SUBSEP "ifcvf", 1000), cell("pps-tx" SUBSEP "vp_vdpa", 1000), rfmt(gm_tx)
	printf "| received by the peer netdev | %s | %s | %s |\n", cell("pps-rx" SUBSEP "ifcvf", 1000), cell("pps-rx" SUBSEP "vp_vdpa", 1000), rfmt(gm_rx)
	print ""

	print "## Control plane"
	print ""
	printf "Medians of %d, the drivers taking turns, each on a NIC of its own (so\n", cnt["up", "ifcvf"]
	print "no PCI rebind in between): the wall time in the guest, and the CPU"
	print "time QEMU spent meanwhile (the ratio of the latter is the stable one)."
	print ""
	print "| milliseconds | virtio_pci | ifcvf | vp_vdpa | ifcvf / vp_vdpa |"
	print "|---|---|---|---|---|"
	ru = ratio("up" SUBSEP "ifcvf", "up" SUBSEP "vp_vdpa")
	ruc = ratio("cpu-up" SUBSEP "ifcvf", "cpu-up" SUBSEP "vp_vdpa")
	printf "| vdpa dev add to a netdev up with carrier (native: PCI bind) | %s | %s | %s | %s |\n", cell("up" SUBSEP "virtio_pci", 1000), cell("up" SUBSEP "ifcvf", 1000), cell("up" SUBSEP "vp_vdpa", 1000), rfmt(ru)
	printf "| … QEMU CPU time | %s | %s | %s | %s |\n", cell("cpu-up" SUBSEP "virtio_pci", 1000), cell("cpu-up" SUBSEP "ifcvf", 1000), cell("cpu-up" SUBSEP "vp_vdpa", 1000), rfmt(ruc)
	rc = ratio("cycle" SUBSEP "ifcvf", "cycle" SUBSEP "vp_vdpa")
	rcc = ratio("cpu-cycle" SUBSEP "ifcvf", "cpu-cycle" SUBSEP "vp_vdpa")
	printf "| vhost-vdpa open → DRIVER_OK → reset → close | – | %s | %s | %s |\n", cell("cycle" SUBSEP "ifcvf", 1000), cell("cycle" SUBSEP "vp_vdpa", 1000), rfmt(rc)
	printf "| … of which open (owner, device facts, memory) | – | %s | %s | %s |\n", cell("cycle-open" SUBSEP "ifcvf", 1000), cell("cycle-open" SUBSEP "vp_vdpa", 1000), rfmt(ratio("cycle-open" SUBSEP "ifcvf", "cycle-open" SUBSEP "vp_vdpa"))
	printf "| … of which features, IOTLB, 2 queues, DRIVER_OK | – | %s | %s | %s |\n", cell("cycle-start" SUBSEP "ifcvf", 1000), cell("cycle-start" SUBSEP "vp_vdpa", 1000), rfmt(ratio("cycle-start" SUBSEP "ifcvf", "cycle-start" SUBSEP "vp_vdpa"))
	printf "| … of which reset and close | – | %s | %s | %s |\n", cell("cycle-stop" SUBSEP "ifcvf", 1000), cell("cycle-stop" SUBSEP "vp_vdpa", 1000), rfmt(ratio("cycle-stop" SUBSEP "ifcvf", "cycle-stop" SUBSEP "vp_vdpa"))
	printf "| … QEMU CPU time of the whole cycle (and of starting the tool) | – | %s | %s | %s |\n", cell("cpu-cycle" SUBSEP "ifcvf", 1000), cell("cpu-cycle" SUBSEP "vp_vdpa", 1000), rfmt(rcc)
	print ""

	print "## Scale: 16 NICs in one guest"
	print ""
	print "Each NIC probed, then given a vDPA device bound to virtio_vdpa, one"
	print "after the other; times are medians over the NICs of all passes, memory"
	print "(MemTotal − MemFree, and slab, after dropping caches) is each step's"
	print "growth divided by 16, median over the passes."
	print ""
	print "| per NIC | ifcvf | vp_vdpa | ifcvf / vp_vdpa |"
	print "|---|---|---|---|"
	printf "| PCI probe, ms | %s | %s | %s |\n", cell("scale-probe" SUBSEP "ifcvf", 1000), cell("scale-probe" SUBSEP "vp_vdpa", 1000), rfmt(ratio("scale-probe" SUBSEP "ifcvf", "scale-probe" SUBSEP "vp_vdpa"))
	rsp = ratio("cpu-scale-probe" SUBSEP "ifcvf", "cpu-scale-probe" SUBSEP "vp_vdpa")
	printf "| … QEMU CPU time, ms | %s | %s | %s |\n", cell("cpu-scale-probe" SUBSEP "ifcvf", 1000), cell("cpu-scale-probe" SUBSEP "vp_vdpa", 1000), rfmt(rsp)
	printf "| vdpa dev add to netdev, ms | %s | %s | %s |\n", cell("scale-add" SUBSEP "ifcvf", 1000), cell("scale-add" SUBSEP "vp_vdpa", 1000), rfmt(ratio("scale-add" SUBSEP "ifcvf", "scale-add" SUBSEP "vp_vdpa"))
	rsa = ratio("cpu-scale-add" SUBSEP "ifcvf", "cpu-scale-add" SUBSEP "vp_vdpa")
	printf "| … QEMU CPU time, ms | %s | %s | %s |\n", cell("cpu-scale-add" SUBSEP "ifcvf", 1000), cell("cpu-scale-add" SUBSEP "vp_vdpa", 1000), rfmt(rsa)
	printf "| memory of the probe, KiB (slab) | %s (%s) | %s (%s) | |\n", fmt(median("mem-probe-used" SUBSEP "ifcvf"), 1), fmt(median("mem-probe-slab" SUBSEP "ifcvf"), 1), fmt(median("mem-probe-used" SUBSEP "vp_vdpa"), 1), fmt(median("mem-probe-slab" SUBSEP "vp_vdpa"), 1)
	printf "| memory of dev add + virtio_net, KiB (slab) | %s (%s) | %s (%s) | |\n", fmt(median("mem-add-used" SUBSEP "ifcvf"), 1), fmt(median("mem-add-slab" SUBSEP "ifcvf"), 1), fmt(median("mem-add-used" SUBSEP "vp_vdpa"), 1), fmt(median("mem-add-slab" SUBSEP "vp_vdpa"), 1)
	print ""

	print "## Goals of issue 6"
	print ""
	goal(ar <= nr && ar + aw < nr + nw,
	     sprintf("ifcvf's dev add to DRIVER_OK reads no more than native virtio_pci's probe (%d ≤ %d; %.2f× vp_vdpa's %d) and makes fewer accesses in all (%d < %d).", ar, nr, vr ? ar / vr : 0, vr, ar + aw, nr + nw))
	goal(reads("ifcvf", "P") + ar <= nr,
	     sprintf("even probe and dev add together read no more than native's probe (%d ≤ %d).", reads("ifcvf", "P") + ar, nr))
	goal(dp_ok, "virtio_vdpa datapath ≥ 0.95× native on every workload, per QEMU CPU-second (ifcvf/native, ifcvf/vp_vdpa: " dp_text ")." \
	     (dp_noise ? sprintf(" On %d of the workloads below the mark some rounds were above it: a gap this size is within this lab's noise.", dp_noise) : ""))
	goal(dp_vp_ok, "virtio_vdpa datapath ≥ 1.0× vp_vdpa on every workload (see the line above)." \
	     (dp_vp_noise ? sprintf(" On %d of the workloads below the mark some rounds were above it.", dp_vp_noise) : ""))
	goal(gm_rx != "" && gm_rx >= 1.0, sprintf("vhost_vdpa packets per second ≥ vp_vdpa's (received by the peer %s, sent by testpmd %s).", rfmt(gm_rx), rfmt(gm_tx)))
	goal(ruc != "" && ruc <= 1.0, sprintf("dev add to a usable netdev costs no more than with vp_vdpa (QEMU CPU time %s; wall time %s).", rfmt(ruc), rfmt(ru)))
	goal(rcc != "" && rcc <= 1.0, sprintf("vhost-vdpa open to reset cycle costs no more than with vp_vdpa (QEMU CPU time %s; wall time %s).", rfmt(rcc), rfmt(rc)))
	if (nfail) {
		print ""
		print "## What failed during the run"
		print ""
		for (i = 1; i <= nfail; i++)
			print "- " fails[i]
	}

	# JSON
	printf "{\n  \"note\": %s,\n", jstr("Under TCG absolute figures are not hardware figures: compare ratios measured within one boot. Register counts are exact.") >json
	printf "  \"meta\": {\"date\": %s, \"kernel\": %s, \"qemu\": %s, \"tree\": %s, \"minutes\": %s},\n", jstr(mv["date"]), jstr(mv["kernel"]), jstr(mv["qemu"]), jstr(mv["tree"]), jnum(mv["minutes"]) >json
	printf "  \"registers\": {" >json
	for (i = 1; i <= nd; i++) {
		printf "%s\n    %s: {", (i > 1 ? "," : ""), jstr(dl[i]) >json
		first = 1
		for (p = 1; p <= 5; p++)
			if ((dl[i], phases[p]) in regs) {
				printf "%s%s: {\"reads\": %d, \"writes\": %d}", first ? "" : ", ", jstr(pname[phases[p]]), reads(dl[i], phases[p]), writes(dl[i], phases[p]) >json
				first = 0
			}
		printf "}" >json
	}
	printf "\n  },\n  \"ifcvf_reads\": [" >json
	for (i = 1; i <= njr; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jreads[i] >json
	printf "\n  ],\n  \"in_tree_ifcvf\": {\"modern_only_probe\": %s, \"transitional_probe\": %s, \"qemu_iommu_platform_transitional\": %s, \"virtio_vdpa\": %s, \"vhost_vdpa\": %s},\n",
	       jstr(cap["ifcvf_intree", "modern-probe"]), jstr(rw("ifcvf_intree", "P") " reads / writes"),
	       jstr(cap["ifcvf_intree", "qemu-iommu"]), jstr(cap["ifcvf_intree", "virtio_vdpa"]),
	       jstr(cap["ifcvf_intree", "vhost_vdpa"]) >json
	printf "  \"virtio_vdpa_datapath\": {" >json
	for (i = 1; i <= nw_; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jdp[i] >json
	printf "\n  },\n" >json
	printf "  \"vhost_vdpa_pps\": {\"testpmd_tx\": {\"ifcvf\": %s, \"vp_vdpa\": %s, \"ratio\": %s}, \"peer_rx\": {\"ifcvf\": %s, \"vp_vdpa\": %s, \"ratio\": %s}},\n",
	       jnum(median("pps-tx" SUBSEP "ifcvf")), jnum(median("pps-tx" SUBSEP "vp_vdpa")), jnum(gm_tx),
	       jnum(median("pps-rx" SUBSEP "ifcvf")), jnum(median("pps-rx" SUBSEP "vp_vdpa")), jnum(gm_rx) >json
	printf "  \"control_plane_us\": {\"dev_add_to_netdev\": {\"virtio_pci\": %s, \"ifcvf\": %s, \"vp_vdpa\": %s}, \"dev_add_to_netdev_qemu_cpu\": {\"virtio_pci\": %s, \"ifcvf\": %s, \"vp_vdpa\": %s}, \"vhost_vdpa_cycle\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"vhost_vdpa_cycle_qemu_cpu\": {\"ifcvf\": %s, \"vp_vdpa\": %s}},\n",
	       jnum(median("up" SUBSEP "virtio_pci")), jnum(median("up" SUBSEP "ifcvf")), jnum(median("up" SUBSEP "vp_vdpa")),
	       jnum(median("cpu-up" SUBSEP "virtio_pci")), jnum(median("cpu-up" SUBSEP "ifcvf")), jnum(median("cpu-up" SUBSEP "vp_vdpa")),
	       jnum(median("cycle" SUBSEP "ifcvf")), jnum(median("cycle" SUBSEP "vp_vdpa")),
	       jnum(median("cpu-cycle" SUBSEP "ifcvf")), jnum(median("cpu-cycle" SUBSEP "vp_vdpa")) >json
	printf "  \"scale_16_nics\": {\"probe_us\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"dev_add_us\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"probe_kib\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"dev_add_kib\": {\"ifcvf\": %s, \"vp_vdpa\": %s}},\n",
	       jnum(median("scale-probe" SUBSEP "ifcvf")), jnum(median("scale-probe" SUBSEP "vp_vdpa")),
	       jnum(median("scale-add" SUBSEP "ifcvf")), jnum(median("scale-add" SUBSEP "vp_vdpa")),
	       jnum(median("mem-probe-used" SUBSEP "ifcvf")), jnum(median("mem-probe-used" SUBSEP "vp_vdpa")),
	       jnum(median("mem-add-used" SUBSEP "ifcvf")), jnum(median("mem-add-used" SUBSEP "vp_vdpa")) >json
	printf "  \"goals\": [" >json
	for (i = 1; i <= ngoals; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jstr(goals[i]) >json
	printf "\n  ]\n}\n" >json

	# the chart's register panel: bring-up reads and writes per driver
	for (i = 1; i <= 3; i++)
		print dl[i], reads(dl[i], "P") + reads(dl[i], "A"), writes(dl[i], "P") + writes(dl[i], "A") >f_regs
	# and the ratios ifcvf / vp_vdpa of the other parts
	print "\"vhost pps (peer)\"", (gm_rx == "" ? 0 : gm_rx) >f_vp
	print "\"dev add to netdev\"", (ruc == "" ? 0 : 1 / ruc) >f_vp
	print "\"vhost-vdpa cycle\"", (rcc == "" ? 0 : 1 / rcc) >f_vp
	print "\"16-NIC probe\"", (rsp == "" ? 0 : 1 / rsp) >f_vp
	print "\"16-NIC dev add\"", (rsa == "" ? 0 : 1 / rsa) >f_vp
}

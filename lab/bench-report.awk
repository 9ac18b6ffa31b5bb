# SPDX-License-Identifier: GPL-2.0
# Turns one make bench run into its results: the run's facts (the META
# file, key=value lines from lab/bench.sh) and its figures (the BENCH
# lines of its boots, see bench-guest.sh, bench-perf.sh, bench-scale.sh,
# regcount.awk). Markdown on stdout, JSON into the file json, the chart's
# data into chart.*, and the run's checks of its own figures ("ok WHAT" /
# "not ok WHAT") appended to the file checks.
#
# Every number printed is computed here from this run's lines: medians
# with their range (min-max), and every ratio with the range of the
# per-round ratios it is the median of. Sentences that are not computed
# are printed as notes, marked as such. Nothing here judges a figure
# except the goals of issue 6, which state their mark.

# --- the VM part: its words, each value once, in the order seen -------------

function vmtext(b, k, v) {
	if (index(" " vmt[b, k] " ", " " v " "))
		return
	vmt[b, k] = vmt[b, k] (vmt[b, k] == "" ? "" : " ") v
}

function vm_word(b, k) {
	return ((b, k) in vmt) ? vmt[b, k] : "–"
}

# --- statistics -----------------------------------------------------------

function add(key, x) {
	val[key, ++cnt[key]] = x
}

# sort_n(v, n): v[1..n] in ascending order
function sort_n(v, n,	i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
}

function med_of(v, n) {
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

# median of a key's values, their range in lo[key] and hi[key]
function median(key,	n, i, v) {
	n = cnt[key]
	if (!n)
		return ""
	for (i = 1; i <= n; i++)
		v[i] = val[key, i]
	sort_n(v, n)
	lo[key] = v[1]; hi[key] = v[n]
	return med_of(v, n)
}

# by(key, drv, round, x): a figure of a driver in a round (or sample),
# for the paired ratios
function by(key, drv, r, x) {
	if (!((key, r) in rseen)) {
		rseen[key, r] = 1
		rlist[key, ++nr[key]] = r
	}
	fig[key, drv, r] = x
}

# pair(key, a, b [, geo]): the median (geo: the geometric mean) of the
# ratios of a's figure to b's in the same round, their range in plo and
# phi, their count in pn; "" if no round has both
function pair(key, a, b, geo,	i, r, n, v, s) {
	n = 0
	for (i = 1; i <= nr[key]; i++) {
		r = rlist[key, i]
		if (fig[key, a, r] > 0 && fig[key, b, r] > 0)
			v[++n] = fig[key, a, r] / fig[key, b, r]
	}
	pn = n; plo = phi = ""
	if (!n)
		return ""
	sort_n(v, n)
	plo = v[1]; phi = v[n]
	if (!geo)
		return med_of(v, n)
	for (i = 1; i <= n; i++)
		s += log(v[i])
	return exp(s / n)
}

# --- formatting -------------------------------------------------------------

function fmt(x, scale) {
	if (x == "")
		return "–"
	x /= scale
	if (x >= 100 || x <= -100)
		return sprintf("%.0f", x)
	return (x >= 10 || x <= -10) ? sprintf("%.1f", x) : sprintf("%.2f", x)
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

# a pair()'s result: "median× (min–max)", and its count where it has
# fewer rounds than the section (full)
function rcell(r, full) {
	if (r == "")
		return "–"
	return sprintf("%.2f× (%.2f–%.2f)%s", r, plo, phi,
		       pn < full ? sprintf(" [%d of %d]", pn, full) : "")
}

function jnum(x) {
	return x == "" ? "null" : sprintf("%.6g", x)
}

function jstr(s) {
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
	return "\"" s "\""
}

# a key's median and range as JSON
function jstat(key,	m) {
	m = median(key)
	if (m == "")
		return "null"
	return sprintf("{\"median\": %s, \"min\": %s, \"max\": %s, \"n\": %d}",
		       jnum(m), jnum(lo[key]), jnum(hi[key]), cnt[key])
}

# the last pair() as JSON
function jpair(r) {
	if (r == "")
		return "null"
	return sprintf("{\"ratio\": %s, \"min\": %s, \"max\": %s, \"rounds\": %d}",
		       jnum(r), jnum(plo), jnum(phi), pn)
}

function plural(n, what) {
	return (n + 0) " " what (n == 1 ? "" : "s")
}

function rounds(n) {
	return plural(n, "round")
}

function note(text) {
	print "> *Note, not a measurement:* " text
	print ""
}

function check(ok, what) {
	printf "%s %s\n", ok ? "ok" : "not ok", what >>checks
}

# --- registers ----------------------------------------------------------------

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

# the reads (w = 1) or writes (w = 2) of a driver's phase over its
# repetitions: rmin, rmax set; "" if the phase never came
function reg_range(d, p, w,	i, x, a, found) {
	rmin = rmax = ""
	for (i = 1; i <= nreps[d]; i++) {
		if (!((d, reps[d, i], p) in regs))
			continue
		split(regs[d, reps[d, i], p], a, " ")
		x = a[w] + 0
		if (rmin == "" || x < rmin) rmin = x
		if (rmax == "" || x > rmax) rmax = x
		found = 1
	}
	return found ? rmin : ""
}

function span(a, b) {
	return a == b ? a "" : a "–" b
}

# "reads / writes" of a phase, each with its range over the repetitions
function rw(d, p,	r, w) {
	if (reg_range(d, p, 1) == "")
		return "–"
	r = span(rmin, rmax)
	reg_range(d, p, 2)
	w = span(rmin, rmax)
	return r " / " w
}

# bring-up (P + A) reads (w = 1) or writes (w = 2) of one repetition
function bringup(d, rep, w,	a, b, s) {
	if ((d, rep, "P") in regs) {
		split(regs[d, rep, "P"], a, " "); s += a[w]
	}
	if ((d, rep, "A") in regs) {
		split(regs[d, rep, "A"], b, " "); s += b[w]
	}
	return s + 0
}

# bring-up range over the repetitions into bmin, bmax
function bringup_range(d, w,	i, x) {
	bmin = bmax = ""
	for (i = 1; i <= nreps[d]; i++) {
		x = bringup(d, reps[d, i], w)
		if (bmin == "" || x < bmin) bmin = x
		if (bmax == "" || x > bmax) bmax = x
	}
}

# the registers table: phases by drivers, then bring-up
function regs_table(list,	nd, dl, i, p, c, d, x, r, any) {
	nd = split(list, dl, " ")
	for (i = 1; i <= nd; i++)
		any += nreps[dl[i]] > 0
	if (!any) {
		print "Not measured in this run (BENCH_REG_DRIVERS=\"" mv["reg_drivers"] "\")."
		print ""
		return 0
	}
	printf "| phase |"
	for (i = 1; i <= nd; i++)
		printf " %s |", dname[dl[i]]
	printf "\n|---|"
	for (i = 1; i <= nd; i++)
		printf "---|"
	print ""
	for (p = 1; p <= nphases; p++) {
		c = ""
		for (i = 1; i <= nd; i++) {
			d = dl[i]
			x = rw(d, phases[p])
			if (phases[p] == "A" && index(cap[d, "virtio_vdpa"], "no netdev") == 1)
				x = x ", no netdev"
			c = c " " x " |"
		}
		if (c ~ /[0-9]/)
			printf "| %s |%s\n", pname[phases[p]], c
	}
	printf "| **bring-up: probe + dev add to DRIVER_OK** |"
	for (i = 1; i <= nd; i++) {
		d = dl[i]
		if (!nreps[d]) {
			printf " – |"
			continue
		}
		bringup_range(d, 1); r = span(bmin, bmax)
		bringup_range(d, 2)
		printf " **%s / %s** |", r, span(bmin, bmax)
	}
	print ""
	printf "| **register reads per get_status after DRIVER_OK** |"
	for (i = 1; i <= nd; i++) {
		if (reg_range(dl[i], "S", 1) == "")
			printf " – |"
		else
			printf " **%s** |", span(rmin / STATUS_READS, rmax / STATUS_READS)
	}
	print ""
	print ""
	return 1
}

# "N repetitions" of the drivers of a list, as counted
function reps_text(list,	nd, dl, i, lo_, hi_) {
	nd = split(list, dl, " ")
	for (i = 1; i <= nd; i++) {
		if (!nreps[dl[i]])
			continue
		if (lo_ == "" || nreps[dl[i]] < lo_) lo_ = nreps[dl[i]]
		if (hi_ == "" || nreps[dl[i]] > hi_) hi_ = nreps[dl[i]]
	}
	return lo_ == "" ? "no repetitions" : span(lo_, hi_) (hi_ == 1 ? " repetition" : " repetitions")
}

# the model's own account of the NIC measured ("neta: IFCVF ...") out of
# a boot's list of its functions
function model_nic(t,	n, f, i) {
	n = split(t, f, ";")
	for (i = 1; i <= n; i++)
		if (f[i] ~ /neta: /) {
			sub(/^[0-9]+× /, "", f[i])
			return f[i]
		}
	return t
}

# did every repetition of every driver of the list give the same counts?
function reps_agree(list,	nd, dl, i, p, w) {
	nd = split(list, dl, " ")
	for (i = 1; i <= nd; i++)
		for (p = 1; p <= nphases; p++)
			for (w = 1; w <= 2; w++)
				if (reg_range(dl[i], phases[p], w) != "" && rmin != rmax)
					return 0
	return 1
}

# ratio of two drivers' bring-up reads with its range over repetitions
function reads_ratio(a, b,	amin, amax) {
	bringup_range(a, 1); amin = bmin; amax = bmax
	bringup_range(b, 1)
	if (!nreps[a] || !nreps[b] || !bmin || !bmax)
		return "–"
	if (amin == amax && bmin == bmax)
		return sprintf("%.2f× (%d / %d in every repetition)", amin / bmin, amin, bmin)
	return sprintf("%.2f× (%.2f–%.2f)", (amin + amax) / (bmin + bmax),
		       amin / bmax, amax / bmin)
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
	dname["virtio_pci"] = "virtio_pci (native)"
	dname["ifcvf"] = "ifcvf (ours)"
	dname["vp_vdpa"] = "vp_vdpa"
	dname["ifcvf_intree"] = "in-tree ifcvf, transitional function"
	dname["ifcvf@model"] = "ifcvf (ours)"
	dname["ifcvf_intree@model"] = "in-tree ifcvf"
	n = split("virtio_pci ifcvf vp_vdpa ifcvf_intree", names, " ")
	for (i = 1; i <= n; i++)
		short[names[i]] = names[i]
	short["ifcvf@model"] = "ifcvf (ours)"
	short["ifcvf_intree@model"] = "in-tree ifcvf"
	nphases = split("P A L S R V T", phases, " ")
	# lab/bench-guest.sh's status_reads
	STATUS_READS = 10
	pname["P"] = "PCI probe (native: through DRIVER_OK)"
	pname["A"] = "vdpa dev add + virtio_vdpa to DRIVER_OK"
	pname["L"] = "link up"
	pname["S"] = "10 × get_status after DRIVER_OK (sysfs status)"
	pname["R"] = "virtio_vdpa unbind (reset)"
	pname["V"] = "vhost_vdpa + testpmd attempt (first repetition)"
	pname["T"] = "teardown (dev del, PCI unbind)"
	# why ifcvf reads what it reads, per phase and register: written by
	# hand from the driver's source, printed as a note
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
	why["S device_status"] = "status read from the device on each get_status after DRIVER_OK, so that DEVICE_NEEDS_RESET and a gone function are seen (issue 17)"
	why["R device_status"] = "reset done?"
	why["T device_status"] = "reset done? (vdpa dev del, then PCI remove)"
	nwl = split("tcp fio-randread-4k fio-randwrite-4k fio-read-128k fio-write-128k", wl, " ")
	wname["tcp"] = "TCP (Mbit)"
	wname["fio-randread-4k"] = "random read 4 KiB (k I/Os)"
	wname["fio-randwrite-4k"] = "random write 4 KiB (k I/Os)"
	wname["fio-read-128k"] = "sequential read 128 KiB (MiB)"
	wname["fio-write-128k"] = "sequential write 128 KiB (MiB)"
	split("TCP;rand read 4k;rand write 4k;seq read 128k;seq write 128k", names, ";")
	for (i = 1; i <= nwl; i++)
		wshort[wl[i]] = names[i]
	wscale["tcp"] = 1000; cscale["tcp"] = 1000000
	wscale["fio-randread-4k"] = wscale["fio-randwrite-4k"] = 1000
	wscale["fio-read-128k"] = wscale["fio-write-128k"] = 8
	for (i = 2; i <= nwl; i++)
		cscale[wl[i]] = wscale[wl[i]]
}

# --- input: the run's facts, then its figures ---------------------------------

FILENAME == ARGV[1] {
	k = $0; sub(/=.*/, "", k)
	v = $0; sub(/^[^=]*=/, "", v)
	mv[k] = v
	next
}
{ sub(/\r$/, "") }
$1 != "BENCH" { next }
$2 == "regs" {
	d = $3; rep = $7
	if (!((d, rep) in repseen)) {
		repseen[d, rep] = 1
		reps[d, ++nreps[d]] = rep
	}
	regs[d, rep, $4] = $5 " " $6
	next
}
$2 == "regread" {
	k = $3 SUBSEP $4 SUBSEP reg_name($5, $6)
	if ($8 == reps[$3, 1]) {
		if (!(k in rr))
			rr_order[++nrr] = k
		rr[k] += $7
		rrg[$3, $5] += $7
	}
	next
}
$2 == "regwrites" {
	if ($7 == reps[$3, 1])
		rwr[$3, $4, $5] += $6
	next
}
$2 == "capability" {
	t = $0; sub(/^BENCH [^ ]+ [^ ]+ [^ ]+ */, "", t)
	cap[$3, $4] = t
	next
}
$2 == "fail" {
	t = $0; sub(/^BENCH fail [^ ]+ */, "", t)
	fails[++nfail] = $3 ": " t
	next
}
$2 == "order" {
	t = $0; sub(/^BENCH order /, "", t)
	orders[++norder] = t
	next
}
$2 == "seed" { gseed[$3] = 1; next }
# BENCH vm BOOT ROUND checks P/F/S KEY=VALUE... PROBE KEY VALUE...: one
# migration of lab/bench.sh's vm part (selftests/vm_migrate.sh's line)
$2 == "vm" {
	b = $3
	if (!(b in vmseen)) {
		vmseen[b] = 1
		vmboots[++nvm] = b
	}
	vmruns[b]++
	vmt[b, "checks"] = vmt[b, "checks"] (vmruns[b] > 1 ? ", " : "") $6
	for (i = 7; i <= NF; i++) {
		if ($i ~ /=/) {
			k = $i; sub(/=.*/, "", k)
			v = $i; sub(/^[^=]*=/, "", v)
		} else if (i < NF && $(i + 1) ~ /^[0-9]+$/) {
			k = $i; v = $(i + 1); i++
		} else {
			continue
		}
		# QEMU 7.2 answers "completed" before it sets its times: 0
		if (k ~ /^(qemu_downtime|total)_ms$/ && $0 ~ / total_ms=0 /)
			continue
		if (v ~ /^[0-9]+$/)
			add("vm-" k SUBSEP b, v)
		else
			vmtext(b, k, v)
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

# a sample's figure, and the same per second of QEMU's CPU time
# ("cpu-" KEY) when the work is given
function sample(key, d, r, x, work,	c) {
	add(key SUBSEP d, x)
	by(key, d, r, x)
	c = cpu_us()
	if (c <= 0)
		return
	if (work == "") {
		add("cpu-" key SUBSEP d, c)
		by("cpu-" key, d, r, c)
	} else {
		add("cpu-" key SUBSEP d, work * 1000000 / c)
		by("cpu-" key, d, r, work * 1000000 / c)
	}
}

$2 == "tcp" || $2 ~ /^fio-/ || $2 == "up" || $2 == "scale-probe" ||
$2 == "scale-add" {
	if ($5 !~ /^[0-9]+$/) {
		t = $0; sub(/^BENCH [^ ]+ [^ ]+ [^ ]+ /, "", t)
		sub(/ cpu_us .*/, "", t)
		fails[++nfail] = $3 " " $2 " " $4 ": " t
		next
	}
	if ($2 == "tcp")
		sample($2, $3, $4, $5, $6 * 8)	# bits
	else if ($2 ~ /^fio-/)
		sample($2, $3, $4, $5, $6 / ($2 ~ /128k/ ? 128 : 4))	# I/Os
	else
		sample($2, $3, $4, $5, "")
	next
}
$2 == "pps" { sample("pps-rx", $3, $4, $6, ""); next }
$2 == "testpmd" { sample("pps-tx", $3, $4, $5, ""); next }
$2 == "cycle" {
	if ($5 !~ /^[0-9]+$/) {
		t = $0; sub(/^BENCH cycle [^ ]+ [^ ]+ /, "", t)
		sub(/ cpu_us .*/, "", t)
		fails[++nfail] = $3 " cycle " $4 ": " t
		next
	}
	sample("cycle", $3, $4, $5, "")
	sample("cycle-open", $3, $4, $6, ""); sample("cycle-start", $3, $4, $7, "")
	sample("cycle-stop", $3, $4, $8, "")
	next
}
$2 == "scale-mem" {
	add("mem-probe-used" SUBSEP $3, $5); add("mem-probe-slab" SUBSEP $3, $6)
	add("mem-add-used" SUBSEP $3, $7); add("mem-add-slab" SUBSEP $3, $8)
	next
}

# --- sections -------------------------------------------------------------------

function part_run(p) {
	return index(" " mv["parts"] " ", " " p " ") > 0
}

function not_run(what) {
	print "Not measured in this run (make bench BENCH_PARTS=\"" mv["parts"] "\"): " what "."
	print ""
}

# the datapath tables of a platform: drivers dl[1..nd], ratios of the
# pairs in rp ("a/b a/b")
function datapath_tables(list, ratios, jkey,	nd, dl, npr, pr, i, j, w, ab, full, c, line, jl, r) {
	nd = split(list, dl, " ")
	npr = split(ratios, pr, " ")
	full = 0
	for (i = 1; i <= nd; i++)
		if (cnt["tcp" SUBSEP dl[i]] > full)
			full = cnt["tcp" SUBSEP dl[i]]
	datapath_header("per QEMU CPU-second", nd, dl, npr, pr)
	for (i = 1; i <= nwl; i++) {
		w = wl[i]; c = "cpu-" w
		line = "| " wname[w] " |"
		jl = ""
		for (j = 1; j <= nd; j++) {
			line = line " " cell(c SUBSEP dl[j], cscale[w]) " |"
			jl = jl sprintf("%s%s: {\"per_cpu_second\": %s, \"per_second\": %s}",
					j > 1 ? ", " : "", jstr(dl[j]),
					jstat(c SUBSEP dl[j]), jstat(w SUBSEP dl[j]))
		}
		for (j = 1; j <= npr; j++) {
			split(pr[j], ab, "/")
			r = pair(c, ab[1], ab[2])
			line = line " " rcell(r, full) " |"
			jl = jl sprintf(", %s: {\"per_cpu_second\": %s", jstr(pr[j]), jpair(r))
			if (jkey != "")
				chartr[jkey, i, j] = r " " plo " " phi
			r = pair(w, ab[1], ab[2])
			jl = jl sprintf(", \"per_second\": %s}", jpair(r))
		}
		print line
		jdp[jkey, i] = sprintf("%s: {%s}", jstr(w), jl)
	}
	print ""
	datapath_header("per second of the guest's clock", nd, dl, npr, pr)
	for (i = 1; i <= nwl; i++) {
		w = wl[i]
		line = "| " wname[w] " |"
		for (j = 1; j <= nd; j++)
			line = line " " cell(w SUBSEP dl[j], wscale[w]) " |"
		for (j = 1; j <= npr; j++) {
			split(pr[j], ab, "/")
			line = line " " rcell(pair(w, ab[1], ab[2]), full) " |"
		}
		print line
	}
	print ""
	return full
}

# a datapath table's header: TITLE, the drivers dl[1..nd], the ratios
# pr[1..npr] ("a/b")
function datapath_header(title, nd, dl, npr, pr,	i, j, ab) {
	printf "| %s |", title
	for (i = 1; i <= nd; i++)
		printf " %s |", short[dl[i]]
	for (j = 1; j <= npr; j++) {
		split(pr[j], ab, "/")
		printf " %s / %s |", short[ab[1]], short[ab[2]]
	}
	printf "\n|---|"
	for (i = 1; i <= nd + npr; i++)
		printf "---|"
	print ""
}

# pps table of two drivers a and b
function pps_table(a, b, jkey,	r1, r2, f1, f2) {
	print "| packets per second (k) | " short[a] " | " short[b] " | " short[a] " / " short[b] " |"
	print "|---|---|---|---|"
	r1 = pair("pps-tx", a, b, 1); f1 = rcell(r1, 0); jpps[jkey, "tx"] = jpair(r1)
	printf "| sent, testpmd's Tx-pps | %s | %s | %s |\n", cell("pps-tx" SUBSEP a, 1000), cell("pps-tx" SUBSEP b, 1000), f1
	r2 = pair("pps-rx", a, b, 1); f2 = rcell(r2, 0); jpps[jkey, "rx"] = jpair(r2)
	printf "| received by the peer netdev | %s | %s | %s |\n", cell("pps-rx" SUBSEP a, 1000), cell("pps-rx" SUBSEP b, 1000), f2
	print ""
	jpps[jkey, "fig"] = sprintf("\"testpmd_tx\": {%s: %s, %s: %s}, \"peer_rx\": {%s: %s, %s: %s}",
		jstr(a), jstat("pps-tx" SUBSEP a), jstr(b), jstat("pps-tx" SUBSEP b),
		jstr(a), jstat("pps-rx" SUBSEP a), jstr(b), jstat("pps-rx" SUBSEP b))
	return r2
}

function goal(state, text) {
	printf "- **%s** %s\n", state, text
	goals[++ngoals] = state " " text
}

# met / missed / not measured, for a ratio r against mark (above: at
# least, else at most), with the count of rounds on the goal's side
function goal_state(r, mark, above) {
	if (r == "")
		return "not measured:"
	return (above ? r >= mark : r <= mark) ? "met:" : "missed:"
}

function rounds_side(key, a, b, mark, above,	i, r, n, k, q) {
	for (i = 1; i <= nr[key]; i++) {
		r = rlist[key, i]
		if (!(fig[key, a, r] > 0 && fig[key, b, r] > 0))
			continue
		n++
		q = fig[key, a, r] / fig[key, b, r]
		k += above ? q >= mark : q <= mark
	}
	return sprintf("%d of %d rounds' ratios %s %.2f", k, n, above ? "≥" : "≤", mark)
}

END {
	model_list = "ifcvf@model ifcvf_intree@model"
	pci_list = "virtio_pci ifcvf vp_vdpa ifcvf_intree"

	# --- the run -----------------------------------------------------------
	print "# make bench: ifcvf beside virtio_pci, vp_vdpa and the in-tree ifcvf"
	print ""
	print "Every figure on this page comes from one run of `make bench`"
	print "(lab/bench.sh):"
	print ""
	print "| run | |"
	print "|---|---|"
	printf "| commit | `%s`, %s |\n", mv["commit"], mv["clean"] == "yes" ? "a clean tree" : "**a tree with uncommitted changes: the figures are not of this commit**"
	printf "| date | %s–%s UTC, %s min |\n", mv["date"], mv["end"], mv["minutes"]
	printf "| parts | %s |\n", mv["parts"]
	printf "| seed of the drivers' order | %s (BENCH_SEED=%s replays the orders, listed in results.json) |\n", mv["seed"], mv["seed"]
	printf "| guest kernel | %s |\n", mv["kernel"]
	printf "| QEMU | %s (Debian's) for QEMU's virtio-pci functions; the lab's build of the same source with the IFCVF model (%s) for the model |\n", mv["qemu"], mv["model"]
	split(mv["load"], ld, " "); split(mv["others"], oq, " ")
	printf "| host | %s CPUs, shared; %s; 1-minute load average %s at the start, %s mean, %s max (%d samples, every 5 s); other QEMU processes running meanwhile: %s |\n", mv["cpus"], mv["pinned"] == "" ? "QEMU not pinned to a CPU" : "every QEMU of the run on CPU " mv["pinned"], ld[1], ld[2], ld[3], ld[4], span(oq[1], oq[2])
	printf "| failures | %s |\n", nfail ? nfail " (listed at the end)" : "none"
	print ""
	note("under QEMU's TCG (no KVM here) the guest's CPU is emulated on a shared host: absolute throughputs and times are not hardware figures. What carries over are ratios between drivers measured in the same boot, the drivers taking turns. Cells show the median and, in brackets, the range (min–max); a ratio is the median of the per-round ratios, with their range.")

	# --- registers on QEMU's virtio-pci functions ------------------------------
	print "## Register accesses per phase"
	print ""
	if (!part_run("regs")) {
		not_run("register counts")
	} else {
		print "One virtio-net function (receive, transmit and control queue): reads /"
		print "writes of its registers in QEMU's trace"
		print "(`memory_region_ops_read/write`, ioeventfd off so that doorbells"
		printf "count), one boot per driver, %s of bring-up and\n", reps_text(pci_list " " model_list)
		printf "teardown each: %s.\n", reps_agree(pci_list " " model_list) ? "every repetition gave the same counts" : "a cell with a range means the repetitions differed"
		print ""
		print "### On QEMU's virtio-pci functions"
		print ""
		print "The in-tree ifcvf's column is a transitional function (I/O BAR 0"
		print "and a PIO notify BAR 2 besides BAR 4, the BARs it requests); what it"
		print "did on the lab's modern-only function in this run is further below."
		print ""
		if (regs_table(pci_list) && nreps["ifcvf"] && nreps["vp_vdpa"] && nreps["virtio_pci"]) {
			printf "ifcvf's dev add to DRIVER_OK reads %s of vp_vdpa's; its probe and dev add together %s of native virtio_pci's probe.\n", reads_ratio_phase("ifcvf", "vp_vdpa", "A"), reads_ratio_phase2("ifcvf", "virtio_pci")
			print ""
		}
		note("on PCIe reads are the expensive accesses: non-posted, a round trip each (about a microsecond on an FPGA), while writes are posted.")

		print "### On the IFCVF device model"
		print ""
		print "The same on the lab's IFCVF device model (lab/qemu/), the kernel's"
		print "own ifcvf beside ours; `lm` is the live-migration region in BAR4. The"
		printf "model described the NIC measured as: %s.\n", model_nic(capt("boot-regs-ifcvf-model", "model"))
		print ""
		regs_table(model_list)
		if (nreps["ifcvf@model"] && nreps["ifcvf_intree@model"]) {
			printf "Bring-up reads, ours / in-tree: %s.\n", reads_ratio("ifcvf@model", "ifcvf_intree@model")
			print ""
		}
		print "| region accesses in the first repetition (reads / writes) | ifcvf (ours) | in-tree ifcvf |"
		print "|---|---|---|"
		nrg = split("common device isr notify lm", rgs, " ")
		for (i = 1; i <= nrg; i++) {
			printf "| %s |", rgs[i]
			for (j = 1; j <= 2; j++) {
				d = j == 1 ? "ifcvf@model" : "ifcvf_intree@model"
				ws = 0
				for (p = 1; p <= nphases; p++)
					ws += rwr[d, phases[p], rgs[i]]
				if (nreps[d])
					printf " %d / %d |", rrg[d, rgs[i]], ws
				else
					printf " – |"
			}
			print ""
		}
		print ""
		if ("ifcvf_intree@model" SUBSEP "qemu-log" in cap)
			printf "QEMU's messages while the in-tree ifcvf ran on the model: %s.\n\n", cap["ifcvf_intree@model", "qemu-log"]

		print "### Every register ifcvf reads (QEMU's virtio-pci function, first repetition)"
		print ""
		if (nreps["ifcvf"]) {
			print "| phase | register | reads | why (a note written from the driver's source, not measured) |"
			print "|---|---|---|---|"
		} else {
			print "Not measured in this run."
		}
		for (i = 1; i <= nrr; i++) {
			split(rr_order[i], kp, SUBSEP)
			if (kp[1] != "ifcvf" || kp[2] !~ /^[PALSRT]$/)
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

		print "### The in-tree ifcvf on QEMU's virtio-pci functions"
		print ""
		if (!nreps["ifcvf_intree"]) {
			print "Not measured in this run."
			print ""
		} else {
		print "Built from the same linux-source as the guest kernel (as"
		print "ifcvf_intree.ko), bound through driver_override, its code unchanged."
		print "Each result is what the guest or QEMU printed in this run."
		print ""
		print "| configuration | result |"
		print "|---|---|"
		printf "| the lab's modern-only function (`disable-legacy=on,iommu_platform=on`) | %s |\n", capt("ifcvf_intree", "modern-probe")
		printf "| a transitional function with `modern-pio-notify=on` (BARs 0, 2, 4 exist): probe | %s reads / writes |\n", rw("ifcvf_intree", "P")
		printf "| the same with `iommu_platform=on` (so that the device offers ACCESS_PLATFORM) | QEMU: %s |\n", capt("ifcvf_intree", "qemu-iommu")
		printf "| transitional, vdpa dev add + virtio_vdpa | %s |\n", capt("ifcvf_intree", "virtio_vdpa")
		printf "| transitional, vdpa dev add + vhost_vdpa, DPDK testpmd txonly | %s; QEMU: %s |\n", capt("ifcvf_intree", "vhost_vdpa"), capt("ifcvf_intree", "qemu-log")
		printf "| the IFCVF model, vdpa dev add + virtio_vdpa | %s |\n", capt("ifcvf_intree@model", "virtio_vdpa")
		print ""
		note("why these configurations: the in-tree ifcvf requests BARs 0, 2 and 4 (only a transitional function with a PIO notify BAR has all three) and requires VIRTIO_F_ACCESS_PLATFORM, which QEMU offers only with iommu_platform=on. What each configuration did is the table's, from this run; the IFCVF model gives it its BARs and ACCESS_PLATFORM.")
		}
	}

	# --- datapath on QEMU's virtio-pci functions -------------------------------
	print "## virtio_vdpa datapath"
	print ""
	if (!part_run("perf")) {
		not_run("the datapath on QEMU's virtio-pci functions")
	} else {
		print "Each driver has two NICs on a hub of their own and a disk on QEMU's"
		print "null backend (no host I/O), all attached at once; for every job of"
		print "every round the drivers' order is drawn anew (seeded). iperf3 TCP"
		print "between a driver's two netdevs in two namespaces; fio on its disk"
		printf "(O_DIRECT, io_uring, queue depth 16); %s.\n", rounds(cnt["tcp" SUBSEP "ifcvf"])
		print ""
		print "The first table divides each sample's work by the CPU time QEMU had"
		print "during it (all its threads, from the host's schedstat at marks the"
		print "guest sets): what the same emulated CPU gets done, whatever share of"
		print "the host QEMU got meanwhile. The second is the same samples per"
		print "second of the guest's clock, as iperf3 and fio print them."
		print ""
		full_pci = datapath_tables("virtio_pci ifcvf vp_vdpa", "ifcvf/virtio_pci vp_vdpa/virtio_pci ifcvf/vp_vdpa", "pci")

		print "## vhost_vdpa datapath"
		print ""
		print "DPDK testpmd (txonly, one queue pair, net_virtio_user on"
		print "/dev/vhost-vdpa-N) sends to the driver's other NIC, which virtio_pci"
		print "drives natively. The two parents' testpmds run at the same time, each"
		print "forwarding on a vCPU of its own, the vCPUs drawn anew every round. The"
		printf "ratio is the geometric mean of the %s' ratios, with their range.\n", rounds(cnt["pps-rx" SUBSEP "ifcvf"])
		print ""
		gm_rx = pps_table("ifcvf", "vp_vdpa", "pci"); gm_rx_lo = plo; gm_rx_hi = phi
		gm_tx = pair("pps-tx", "ifcvf", "vp_vdpa", 1); gm_tx_lo = plo; gm_tx_hi = phi

		print "## Control plane"
		print ""
		printf "%s, the drivers in a drawn order each cycle, each on a NIC of\n", plural(cnt["up" SUBSEP "ifcvf"], "cycle")
		print "its own (no PCI rebind in between): the wall time in the guest, and"
		print "the CPU time QEMU spent meanwhile; ratios are medians of the cycles'"
		print "ratios."
		print ""
		print "| milliseconds | virtio_pci | ifcvf | vp_vdpa | ifcvf / vp_vdpa |"
		print "|---|---|---|---|---|"
		ncp = cnt["up" SUBSEP "ifcvf"]
		ru = pair("up", "ifcvf", "vp_vdpa"); fu = rcell(ru, ncp); ju = jpair(ru)
		printf "| vdpa dev add to a netdev up with carrier (native: PCI bind) | %s | %s | %s | %s |\n", cell("up" SUBSEP "virtio_pci", 1000), cell("up" SUBSEP "ifcvf", 1000), cell("up" SUBSEP "vp_vdpa", 1000), fu
		ruc = pair("cpu-up", "ifcvf", "vp_vdpa"); ruc_lo = plo; ruc_hi = phi; fuc = rcell(ruc, ncp); juc = jpair(ruc)
		printf "| … QEMU CPU time | %s | %s | %s | %s |\n", cell("cpu-up" SUBSEP "virtio_pci", 1000), cell("cpu-up" SUBSEP "ifcvf", 1000), cell("cpu-up" SUBSEP "vp_vdpa", 1000), fuc
		rc = pair("cycle", "ifcvf", "vp_vdpa"); fc = rcell(rc, ncp); jc = jpair(rc)
		printf "| vhost-vdpa open → DRIVER_OK → reset → close | – | %s | %s | %s |\n", cell("cycle" SUBSEP "ifcvf", 1000), cell("cycle" SUBSEP "vp_vdpa", 1000), fc
		printf "| … of which open (owner, device facts, memory) | – | %s | %s | %s |\n", cell("cycle-open" SUBSEP "ifcvf", 1000), cell("cycle-open" SUBSEP "vp_vdpa", 1000), rcell(pair("cycle-open", "ifcvf", "vp_vdpa"), ncp)
		printf "| … of which features, IOTLB, 2 queues, DRIVER_OK | – | %s | %s | %s |\n", cell("cycle-start" SUBSEP "ifcvf", 1000), cell("cycle-start" SUBSEP "vp_vdpa", 1000), rcell(pair("cycle-start", "ifcvf", "vp_vdpa"), ncp)
		printf "| … of which reset and close | – | %s | %s | %s |\n", cell("cycle-stop" SUBSEP "ifcvf", 1000), cell("cycle-stop" SUBSEP "vp_vdpa", 1000), rcell(pair("cycle-stop", "ifcvf", "vp_vdpa"), ncp)
		rcc = pair("cpu-cycle", "ifcvf", "vp_vdpa"); rcc_lo = plo; rcc_hi = phi; fcc = rcell(rcc, ncp); jcc = jpair(rcc)
		printf "| … QEMU CPU time of the whole cycle (and of starting the tool) | – | %s | %s | %s |\n", cell("cpu-cycle" SUBSEP "ifcvf", 1000), cell("cpu-cycle" SUBSEP "vp_vdpa", 1000), fcc
		print ""
	}

	# --- on the model -----------------------------------------------------------
	print "## Datapath on the IFCVF model: ours and the in-tree ifcvf"
	print ""
	if (!part_run("model")) {
		not_run("the datapath on the IFCVF model")
	} else {
		print "Both drivers on the same model functions: two NICs on one hub and a"
		print "disk on QEMU's null backend (the model described them as:"
		printf "%s). Both register a PCI driver\n", capt("boot-model", "model")
		print "called \"ifcvf\", so they cannot be loaded at once: each round, in a"
		print "drawn order, each driver is loaded, attached, measured (iperf3, fio,"
		print "then testpmd through vhost_vdpa to the other NIC, which virtio_pci"
		printf "drives) and unloaded; %s. Jobs as above.\n", rounds(cnt["tcp" SUBSEP "ifcvf@model"])
		print ""
		full_model = datapath_tables("ifcvf@model ifcvf_intree@model", "ifcvf@model/ifcvf_intree@model", "model")
		print "vhost_vdpa, testpmd txonly, one driver at a time:"
		print ""
		gm_model = pps_table("ifcvf@model", "ifcvf_intree@model", "model")
	}

	# --- scale ---------------------------------------------------------------------
	print "## Scale: 16 NICs in one guest"
	print ""
	if (!part_run("scale")) {
		not_run("the 16-NIC figures")
	} else {
		print "Each NIC probed, then given a vDPA device bound to virtio_vdpa, one"
		print "after the other, the drivers in a drawn order each pass; times are"
		print "medians over the NICs of all passes (ratios: of NIC i of pass p, ifcvf"
		print "to vp_vdpa); memory (MemTotal − MemFree, and slab, after dropping"
		print "caches) is each step's growth divided by 16, median over the passes."
		print ""
		print "| per NIC | ifcvf | vp_vdpa | ifcvf / vp_vdpa |"
		print "|---|---|---|---|"
		nsc = cnt["scale-probe" SUBSEP "ifcvf"]
		printf "| PCI probe, ms | %s | %s | %s |\n", cell("scale-probe" SUBSEP "ifcvf", 1000), cell("scale-probe" SUBSEP "vp_vdpa", 1000), rcell(pair("scale-probe", "ifcvf", "vp_vdpa"), nsc)
		rsp = pair("cpu-scale-probe", "ifcvf", "vp_vdpa"); rsp_lo = plo; rsp_hi = phi
		printf "| … QEMU CPU time, ms | %s | %s | %s |\n", cell("cpu-scale-probe" SUBSEP "ifcvf", 1000), cell("cpu-scale-probe" SUBSEP "vp_vdpa", 1000), rcell(rsp, nsc)
		printf "| vdpa dev add to netdev, ms | %s | %s | %s |\n", cell("scale-add" SUBSEP "ifcvf", 1000), cell("scale-add" SUBSEP "vp_vdpa", 1000), rcell(pair("scale-add", "ifcvf", "vp_vdpa"), nsc)
		rsa = pair("cpu-scale-add", "ifcvf", "vp_vdpa"); rsa_lo = plo; rsa_hi = phi
		printf "| … QEMU CPU time, ms | %s | %s | %s |\n", cell("cpu-scale-add" SUBSEP "ifcvf", 1000), cell("cpu-scale-add" SUBSEP "vp_vdpa", 1000), rcell(rsa, nsc)
		printf "| memory of the probe, KiB (slab) | %s (%s) | %s (%s) | |\n", cell("mem-probe-used" SUBSEP "ifcvf", 1), cell("mem-probe-slab" SUBSEP "ifcvf", 1), cell("mem-probe-used" SUBSEP "vp_vdpa", 1), cell("mem-probe-slab" SUBSEP "vp_vdpa", 1)
		printf "| memory of dev add + virtio_net, KiB (slab) | %s (%s) | %s (%s) | |\n", cell("mem-add-used" SUBSEP "ifcvf", 1), cell("mem-add-slab" SUBSEP "ifcvf", 1), cell("mem-add-used" SUBSEP "vp_vdpa", 1), cell("mem-add-slab" SUBSEP "vp_vdpa", 1)
		print ""
	}

	# --- live migration of a VM --------------------------------------------------
	print "## Live migration of a VM between two vDPA devices"
	print ""
	if (!part_run("vm")) {
		not_run("live migration of a VM")
	} else {
		vm_section()
	}

	# --- goals -----------------------------------------------------------------------
	print "## Goals of issue 6"
	print ""
	print "Each goal's mark is fixed; whether this run met it is computed from the"
	print "figures above (for a ratio: its median, with the rounds on each side)."
	print ""
	if (part_run("regs")) {
		ar = reg_range("ifcvf", "A", 1); ar_hi = rmax
		nr_ = reg_range("virtio_pci", "P", 1); nr_lo = rmin; nr_hi = rmax
		aw = reg_range("ifcvf", "A", 2); aw_hi = rmax
		nw_ = reg_range("virtio_pci", "P", 2); nw_lo = rmin
		if (ar == "" || nr_ == "")
			goal("not measured:", "ifcvf's dev add to DRIVER_OK reads no more than native virtio_pci's probe.")
		else
			goal(ar_hi <= nr_lo && ar_hi + aw_hi < nr_lo + nw_lo ? "met:" : "missed:",
			     sprintf("ifcvf's dev add to DRIVER_OK reads no more than native virtio_pci's probe (%s ≤ %s) and makes fewer accesses in all (%d < %d).", span(ar, ar_hi), span(nr_lo, nr_hi), ar_hi + aw_hi, nr_lo + nw_lo))
		bringup_range("ifcvf", 1)
		if (bmax == "" || nr_ == "")
			goal("not measured:", "probe and dev add together read no more than native's probe.")
		else
			goal(bmax <= nr_lo ? "met:" : "missed:", sprintf("even probe and dev add together read no more than native's probe (%s ≤ %d).", span(bmin, bmax), nr_lo))
		sr = reg_range("ifcvf", "S", 1); sr_hi = rmax
		ns_ = reg_range("virtio_pci", "S", 1); ns_lo = rmin
		if (sr == "" || ns_ == "")
			goal("not measured:", "get_status after DRIVER_OK reads no more than native virtio_pci's (issue 17).")
		else
			goal(sr_hi <= ns_lo ? "met:" : "missed:", sprintf("get_status after DRIVER_OK reads no more than native virtio_pci's (issue 17): %s ≤ %s reads per call.", span(sr / STATUS_READS, sr_hi / STATUS_READS), ns_lo / STATUS_READS))
	}
	if (part_run("perf")) {
		dp_state = "met:"; dp_vp_state = "met:"; dp_text = ""
		for (i = 1; i <= nwl; i++) {
			w = wl[i]; c = "cpu-" w
			r1 = pair(c, "ifcvf", "virtio_pci"); s1 = rounds_side(c, "ifcvf", "virtio_pci", 0.95, 1)
			if (r1 == "") dp_state = "not measured:"
			else if (r1 < 0.95 && dp_state == "met:") dp_state = "missed:"
			r3 = pair(c, "ifcvf", "vp_vdpa"); s3 = rounds_side(c, "ifcvf", "vp_vdpa", 1.0, 1)
			if (r3 == "") dp_vp_state = "not measured:"
			else if (r3 < 1.0 && dp_vp_state == "met:") dp_vp_state = "missed:"
			dp_text = dp_text sprintf("%s %s (%s), %s (%s)", wshort[w],
				r1 == "" ? "–" : sprintf("%.2f×", r1), s1,
				r3 == "" ? "–" : sprintf("%.2f×", r3), s3) (i < nwl ? "; " : "")
		}
		goal(dp_state, "virtio_vdpa datapath ≥ 0.95× native on every workload, per QEMU CPU-second (per workload: ifcvf / native, then ifcvf / vp_vdpa for the next goal): " dp_text ".")
		goal(dp_vp_state, "virtio_vdpa datapath ≥ 1.0× vp_vdpa on every workload (figures in the line above).")
		goal(goal_state(gm_rx, 1.0, 1), sprintf("vhost_vdpa packets per second ≥ vp_vdpa's (received by the peer %s, sent by testpmd %s; geometric means of the rounds' ratios, with their range).",
		     gm_rx == "" ? "–" : sprintf("%.2f× (%.2f–%.2f)", gm_rx, gm_rx_lo, gm_rx_hi),
		     gm_tx == "" ? "–" : sprintf("%.2f× (%.2f–%.2f)", gm_tx, gm_tx_lo, gm_tx_hi)))
		goal(goal_state(ruc, 1.0, 0), sprintf("dev add to a usable netdev costs no more than with vp_vdpa (QEMU CPU time %s; %s).",
		     ruc == "" ? "–" : sprintf("%.2f× (%.2f–%.2f)", ruc, ruc_lo, ruc_hi), rounds_side("cpu-up", "ifcvf", "vp_vdpa", 1.0, 0)))
		goal(goal_state(rcc, 1.0, 0), sprintf("vhost-vdpa open to reset cycle costs no more than with vp_vdpa (QEMU CPU time %s; %s).",
		     rcc == "" ? "–" : sprintf("%.2f× (%.2f–%.2f)", rcc, rcc_lo, rcc_hi), rounds_side("cpu-cycle", "ifcvf", "vp_vdpa", 1.0, 0)))
	}
	if (!ngoals)
		print "None of the parts the goals are about ran."
	print ""

	# --- failures ----------------------------------------------------------------------
	print "## What failed during the run"
	print ""
	if (!nfail)
		print "Nothing: every boot finished and every sample gave a figure."
	for (i = 1; i <= nfail; i++)
		print "- " fails[i]
	print ""

	checks_of_run()
	write_json()
	write_chart()
}

# what a VM boot of the bench migrated on
function vm_title(b) {
	if (b == "vm-sim")
		return "vdpa_sim_net (reference)"
	if (b == "vm-ifcvf")
		return "ifcvf, QEMU's virtio-pci functions"
	if (b == "vm-model")
		return "ifcvf, IFCVF model VFs (LM region)"
	return b
}

# a count's "median (min–max)", whole numbers
function icell(key,	m) {
	m = median(key)
	if (m == "")
		return "–"
	if (cnt[key] < 2)
		return sprintf("%.0f", m)
	return sprintf("%.0f (%d–%d)", m, lo[key], hi[key])
}

function vm_row(what, k, text,	i) {
	printf "| %s |", what
	for (i = 1; i <= nvm; i++)
		printf " %s |", text ? vm_word(vmboots[i], k) : icell("vm-" k SUBSEP vmboots[i])
	print ""
}

function vm_section(	i, n) {
	for (i = 1; i <= nvm; i++)
		if (vmruns[vmboots[i]] > n)
			n = vmruns[vmboots[i]]
	print "A nested QEMU 7.2 VM (128 MiB, one vCPU: TCG inside the lab's TCG)"
	print "whose NIC is virtio-net over vhost-vdpa on device A migrates live to"
	print "a QEMU waiting with `-incoming` on device B in the same guest, while a"
	print "TCP stream runs each way and a probe sends a datagram every 20 ms"
	printf "(selftests/vm_migrate.sh, make check-vm's boots; %s on each).\n", plural(n, "migration")
	print "vdpa_sim_net has no peer: there the VM's frames come back from the"
	print "device and are counted on the VM's own clock, which stops while QEMU"
	print "does, so its longest gap leaves the stop out."
	print ""
	if (!nvm) {
		print "No boot gave figures (see the failures below)."
		print ""
		return
	}
	printf "| |"
	for (i = 1; i <= nvm; i++)
		printf " %s |", vm_title(vmboots[i])
	printf "\n|---|"
	for (i = 1; i <= nvm; i++)
		printf "---|"
	print ""
	vm_row("path QEMU took", "path", 1)
	vm_row("both devices offer VHOST_BACKEND_F_SUSPEND", "suspend_offered", 1)
	vm_row("vm_migrate.sh checks: passed/failed/skipped, per migration", "checks", 1)
	vm_row("downtime as QEMU reports it, ms", "qemu_downtime_ms", 0)
	vm_row("whole migration as QEMU reports it, ms", "total_ms", 0)
	vm_row("probe seen by", "seen_by", 1)
	vm_row("probe datagrams sent", "sent", 0)
	vm_row("… answered", "answered", 0)
	vm_row("… lost", "lost", 0)
	vm_row("… lost in a row, at most", "lost_in_a_row", 0)
	vm_row("longest gap between two answers, ms", "max_gap_ms", 0)
	print ""
	note("QEMU 7.2 migrates a vhost-vdpa NIC only through shadow virtqueues (x-svq=on): QEMU relays every ring itself and never sends VHOST_VDPA_SUSPEND nor reads a running device's ring state, so the suspend path the model's VFs and vdpa_sim offer has no figures here (QEMU 8.x takes it). The probe's losses are mostly steady state: the nested VM cannot answer 50 datagrams a second while its streams run.")
}

# the capability text, or what is missing
function capt(d, w) {
	return ((d, w) in cap) ? cap[d, w] : "not measured in this run"
}

# reads of phase p, driver a over driver b, with the range over reps
function reads_ratio_phase(a, b, p,	amin, amax) {
	if (reg_range(a, p, 1) == "") return "–"
	amin = rmin; amax = rmax
	if (reg_range(b, p, 1) == "" || !rmin) return "–"
	if (amin == amax && rmin == rmax)
		return sprintf("%.2f× (%d / %d)", amin / rmin, amin, rmin)
	return sprintf("%.2f–%.2f× (%s / %s)", amin / rmax, amax / rmin, span(amin, amax), span(rmin, rmax))
}

# bring-up reads of a over the probe reads of b (native)
function reads_ratio_phase2(a, b,	amin, amax) {
	bringup_range(a, 1); amin = bmin; amax = bmax
	if (amin == "" || reg_range(b, "P", 1) == "" || !rmin) return "–"
	if (amin == amax && rmin == rmax)
		return sprintf("%.2f× (%d / %d)", amin / rmin, amin, rmin)
	return sprintf("%.2f–%.2f× (%s / %s)", amin / rmax, amax / rmin, span(amin, amax), span(rmin, rmax))
}

# The run's checks of its own figures: each part it ran gave every
# figure it should, and no sample failed.
function checks_of_run(	nd, dl, i, j, ok, a) {
	if (part_run("regs")) {
		nd = split(mv["reg_drivers"], dl, " ")
		for (i = 1; i <= nd; i++) {
			ok = nreps[dl[i]] > 0
			for (j = 1; j <= nreps[dl[i]]; j++) {
				split(regs[dl[i], reps[dl[i], j], "P"], a, " ")
				ok = ok && a[1] + a[2] > 0 && ((dl[i], reps[dl[i], j], "T") in regs)
			}
			check(ok, "register counts of " dl[i] ": probe to teardown in every repetition")
			if (dl[i] ~ /^ifcvf(@model)?$/) {
				check(index(cap[dl[i], "virtio_vdpa"], "netdev ") == 1,
				      dl[i] " brings a netdev up through virtio_vdpa")
				check(reg_range(dl[i], "S", 1) != "",
				      dl[i] ": get_status after DRIVER_OK counted in every repetition")
			}
		}
	}
	if (part_run("perf")) {
		figures_check("virtio_pci ifcvf vp_vdpa", "")
		check(cnt["pps-rx" SUBSEP "ifcvf"] && cnt["pps-rx" SUBSEP "vp_vdpa"], "testpmd figures of ifcvf and vp_vdpa")
		check(cnt["up" SUBSEP "ifcvf"] && cnt["up" SUBSEP "vp_vdpa"] && cnt["up" SUBSEP "virtio_pci"], "control-plane figures of every driver")
	}
	if (part_run("model")) {
		figures_check("ifcvf@model ifcvf_intree@model", "")
		check(cnt["pps-rx" SUBSEP "ifcvf@model"] && cnt["pps-rx" SUBSEP "ifcvf_intree@model"], "testpmd figures of both drivers on the model")
	}
	if (part_run("vm"))
		for (i = 1; i <= nvm; i++)
			check(cnt["vm-qemu_downtime_ms" SUBSEP vmboots[i]] == vmruns[vmboots[i]] && cnt["vm-max_gap_ms" SUBSEP vmboots[i]] == vmruns[vmboots[i]],
			      vmboots[i] ": QEMU's downtime and the probe's longest gap of every migration")
	if (part_run("scale"))
		check(cnt["scale-probe" SUBSEP "ifcvf"] && cnt["scale-add" SUBSEP "vp_vdpa"] && cnt["mem-add-used" SUBSEP "ifcvf"], "16-NIC figures of both parents")
	for (i = 1; i <= nfail; i++)
		check(0, "no failure: " fails[i])
}

# every driver of the list has a figure of every job that ran
function figures_check(list,	nd, dl, i, j, any, ok) {
	nd = split(list, dl, " ")
	for (j = 1; j <= nwl; j++) {
		any = 0
		for (i = 1; i <= nd; i++)
			any += cnt[wl[j] SUBSEP dl[i]] > 0
		if (!any && wl[j] != "tcp")
			continue	# a job the run left out (BENCH_JOBS)
		ok = 1
		for (i = 1; i <= nd; i++)
			ok = ok && cnt[wl[j] SUBSEP dl[i]] > 0 && cnt["cpu-" wl[j] SUBSEP dl[i]] > 0
		check(ok, wl[j] " figures of " list)
	}
}

function write_json(	i, nd, dl, p, first, k, b) {
	printf "{\n  \"note\": %s,\n", jstr("Under TCG absolute figures are not hardware figures: compare ratios measured within one boot. Every figure is from the one run described in \"run\".") >json
	printf "  \"run\": {\"commit\": %s, \"clean_tree\": %s, \"date\": %s, \"end\": %s, \"minutes\": %s, \"seed\": %s, \"parts\": %s, \"kernel\": %s, \"qemu\": %s, \"model_qemu\": %s, \"cpus\": %s, \"qemu_on_cpu\": %s, \"load_1min\": {\"start\": %s, \"mean\": %s, \"max\": %s, \"samples\": %s}, \"other_qemu_processes\": {\"min\": %s, \"max\": %s}},\n",
	       jstr(mv["commit"]), mv["clean"] == "yes" ? "true" : "false", jstr(mv["date"]), jstr(mv["end"]),
	       jnum(mv["minutes"]), jnum(mv["seed"]), jstr(mv["parts"]), jstr(mv["kernel"]), jstr(mv["qemu"]),
	       jstr(mv["model"]), jnum(mv["cpus"]), jnum(mv["pinned"]), jnum(ld[1]), jnum(ld[2]), jnum(ld[3]),
	       jnum(ld[4]), jnum(oq[1]), jnum(oq[2]) >json
	printf "  \"registers\": {" >json
	nd = split("virtio_pci ifcvf vp_vdpa ifcvf_intree ifcvf@model ifcvf_intree@model", dl, " ")
	first = 1
	for (i = 1; i <= nd; i++) {
		if (!nreps[dl[i]])
			continue
		printf "%s\n    %s: {\"repetitions\": %d", first ? "" : ",", jstr(dl[i]), nreps[dl[i]] >json
		first = 0
		for (p = 1; p <= nphases; p++) {
			if (reg_range(dl[i], phases[p], 1) == "")
				continue
			printf ", %s: {\"reads\": [%d, %d]", jstr(phases[p] ": " pname[phases[p]]), rmin, rmax >json
			reg_range(dl[i], phases[p], 2)
			printf ", \"writes\": [%d, %d]}", rmin, rmax >json
		}
		printf "}" >json
	}
	printf "\n  },\n  \"ifcvf_reads\": [" >json
	for (i = 1; i <= njr; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jreads[i] >json
	printf "\n  ],\n  \"capabilities\": {" >json
	first = 1
	for (k in cap) {
		split(k, kp, SUBSEP)
		printf "%s\n    %s: %s", first ? "" : ",", jstr(kp[1] " " kp[2]), jstr(cap[k]) >json
		first = 0
	}
	printf "\n  },\n  \"virtio_vdpa_datapath\": {" >json
	for (i = 1; i <= nwl; i++)
		if (("pci", i) in jdp)
			printf "%s\n    %s", (i > 1 ? "," : ""), jdp["pci", i] >json
	printf "\n  },\n  \"model_datapath\": {" >json
	for (i = 1; i <= nwl; i++)
		if (("model", i) in jdp)
			printf "%s\n    %s", (i > 1 ? "," : ""), jdp["model", i] >json
	printf "\n  },\n" >json
	printf "  \"vhost_vdpa_pps\": %s,\n", ("pci", "fig") in jpps ? sprintf("{%s, \"ifcvf/vp_vdpa\": {\"testpmd_tx\": %s, \"peer_rx\": %s}}", jpps["pci", "fig"], jpps["pci", "tx"], jpps["pci", "rx"]) : "null" >json
	printf "  \"model_vhost_vdpa_pps\": %s,\n", ("model", "fig") in jpps ? sprintf("{%s, \"ifcvf@model/ifcvf_intree@model\": {\"testpmd_tx\": %s, \"peer_rx\": %s}}", jpps["model", "fig"], jpps["model", "tx"], jpps["model", "rx"]) : "null" >json
	printf "  \"control_plane_us\": {\"dev_add_to_netdev\": {\"virtio_pci\": %s, \"ifcvf\": %s, \"vp_vdpa\": %s, \"ifcvf/vp_vdpa\": %s}, \"dev_add_to_netdev_qemu_cpu\": {\"virtio_pci\": %s, \"ifcvf\": %s, \"vp_vdpa\": %s, \"ifcvf/vp_vdpa\": %s}, \"vhost_vdpa_cycle\": {\"ifcvf\": %s, \"vp_vdpa\": %s, \"ifcvf/vp_vdpa\": %s}, \"vhost_vdpa_cycle_qemu_cpu\": {\"ifcvf\": %s, \"vp_vdpa\": %s, \"ifcvf/vp_vdpa\": %s}},\n",
	       jstat("up" SUBSEP "virtio_pci"), jstat("up" SUBSEP "ifcvf"), jstat("up" SUBSEP "vp_vdpa"), ju == "" ? "null" : ju,
	       jstat("cpu-up" SUBSEP "virtio_pci"), jstat("cpu-up" SUBSEP "ifcvf"), jstat("cpu-up" SUBSEP "vp_vdpa"), juc == "" ? "null" : juc,
	       jstat("cycle" SUBSEP "ifcvf"), jstat("cycle" SUBSEP "vp_vdpa"), jc == "" ? "null" : jc,
	       jstat("cpu-cycle" SUBSEP "ifcvf"), jstat("cpu-cycle" SUBSEP "vp_vdpa"), jcc == "" ? "null" : jcc >json
	printf "  \"scale_16_nics\": {\"probe_us\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"dev_add_us\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"probe_kib\": {\"ifcvf\": %s, \"vp_vdpa\": %s}, \"dev_add_kib\": {\"ifcvf\": %s, \"vp_vdpa\": %s}},\n",
	       jstat("scale-probe" SUBSEP "ifcvf"), jstat("scale-probe" SUBSEP "vp_vdpa"),
	       jstat("scale-add" SUBSEP "ifcvf"), jstat("scale-add" SUBSEP "vp_vdpa"),
	       jstat("mem-probe-used" SUBSEP "ifcvf"), jstat("mem-probe-used" SUBSEP "vp_vdpa"),
	       jstat("mem-add-used" SUBSEP "ifcvf"), jstat("mem-add-used" SUBSEP "vp_vdpa") >json
	printf "  \"vm_migration\": {" >json
	for (i = 1; i <= nvm; i++) {
		b = vmboots[i]
		printf "%s\n    %s: {\"path\": %s, \"suspend_offered\": %s, \"checks\": %s, \"qemu_downtime_ms\": %s, \"total_ms\": %s, \"seen_by\": %s, \"sent\": %s, \"answered\": %s, \"lost\": %s, \"lost_in_a_row\": %s, \"max_gap_ms\": %s}",
		       (i > 1 ? "," : ""), jstr(b), jstr(vm_word(b, "path")), jstr(vm_word(b, "suspend_offered")),
		       jstr(vm_word(b, "checks")), jstat("vm-qemu_downtime_ms" SUBSEP b), jstat("vm-total_ms" SUBSEP b),
		       jstr(vm_word(b, "seen_by")), jstat("vm-sent" SUBSEP b), jstat("vm-answered" SUBSEP b),
		       jstat("vm-lost" SUBSEP b), jstat("vm-lost_in_a_row" SUBSEP b), jstat("vm-max_gap_ms" SUBSEP b) >json
	}
	printf "\n  },\n" >json
	printf "  \"goals\": [" >json
	for (i = 1; i <= ngoals; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jstr(goals[i]) >json
	printf "\n  ],\n  \"failures\": [" >json
	for (i = 1; i <= nfail; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jstr(fails[i]) >json
	printf "\n  ],\n  \"orders\": [" >json
	for (i = 1; i <= norder; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jstr(orders[i]) >json
	printf "\n  ]\n}\n" >json
}

# The chart's data: bring-up register accesses per driver and platform,
# and the ratios with their ranges (median, min, max)
function write_chart(	nd, dl, i, a, x, y) {
	nd = split("virtio_pci ifcvf vp_vdpa ifcvf@model ifcvf_intree@model", dl, " ")
	for (i = 1; i <= nd; i++) {
		if (!nreps[dl[i]])
			continue
		bringup_range(dl[i], 1); a = bmax
		bringup_range(dl[i], 2)
		print "\"" dl[i] "\"", a, bmax >(chart ".regs")
	}
	for (i = 1; i <= nwl; i++) {
		if (("pci", i, 1) in chartr) {
			split(chartr["pci", i, 1], x, " "); split(chartr["pci", i, 2], y, " ")
			print "\"" wshort[wl[i]] "\"", x[1] + 0, x[2] + 0, x[3] + 0, y[1] + 0, y[2] + 0, y[3] + 0 >(chart ".ratios")
			split(chartr["pci", i, 3], x, " ")
			print "\"" wshort[wl[i]] "\"", x[1] + 0, x[2] + 0, x[3] + 0 >(chart ".vp")
		}
		if (("model", i, 1) in chartr) {
			split(chartr["model", i, 1], x, " ")
			print "\"" wshort[wl[i]] "\"", x[1] + 0, x[2] + 0, x[3] + 0 >(chart ".model")
		}
	}
	# gnuplot wants every file, even for a part that did not run
	printf "" >>(chart ".regs"); printf "" >>(chart ".ratios")
	printf "" >>(chart ".vp"); printf "" >>(chart ".model")
	printf "\"commit %s, %s UTC\"\n", mv["commit"] (mv["clean"] == "yes" ? "" : "-dirty"), mv["date"] >(chart ".title")
}

# SPDX-License-Identifier: GPL-2.0
# make bench's chart, from one run: gnuplot -e "data='PREFIX'; out='FILE.svg'" bench-chart.gp
# PREFIX.title   the run: commit and date
# PREFIX.regs    driver, bring-up reads, writes (most over the repetitions)
# PREFIX.ratios  workload, ifcvf / native (median, min, max), vp_vdpa / native (same)
# PREFIX.vp      workload, ifcvf / vp_vdpa (median, min, max)
# PREFIX.model   workload, ours / in-tree ifcvf on the IFCVF model (median, min, max)
# A part the run left out leaves its file empty: its panel says so.

set terminal svg size 1600,460 dynamic noenhanced font "sans,11" background "white"
set output out
run = system("cat '".data.".title'")
set multiplot layout 1,4 title "make bench, ".run." (QEMU TCG: ratios within one boot, not hardware figures; bars: median, whiskers: min-max over the rounds)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
# room above the bars for the key
set offsets 0, 0, graph 0.18, 0
set key top left horizontal
set xtics nomirror rotate by -30 font ",10"
set ytics nomirror
set yrange [0:*]

has(f) = system("test -s '".data.".".f."' && echo 1 || echo 0") eq "1"

# an empty panel for a part the run left out
empty = "unset xtics; unset ytics; unset grid; set label 1 'not measured in this run' at graph 0.5, 0.5 center; plot [0:1] [0:1] NaN notitle; unset label 1; set xtics nomirror rotate by -30 font ',10'; set ytics nomirror; set grid ytics"

set title "register accesses, probe + dev add to DRIVER_OK"
set style histogram clustered gap 1
if (has("regs")) {
	plot data.".regs" using 2:xtic(1) title "reads" lc rgb "#c0392b", \
	     "" using 3 title "writes" lc rgb "#95a5a6"
} else {
	eval empty
}

set style histogram errorbars gap 1 lw 1
set title "virtio_vdpa datapath per QEMU CPU-second, ratio to native"
if (has("ratios")) {
	plot data.".ratios" using 2:3:4:xtic(1) title "ifcvf" lc rgb "#2471a3", \
	     "" using 5:6:7 title "vp_vdpa" lc rgb "#aab7b8", \
	     1 with lines dt 2 lc rgb "black" notitle
} else {
	eval empty
}

set title "ifcvf / vp_vdpa, per QEMU CPU-second (above 1: ifcvf better)"
if (has("vp")) {
	plot data.".vp" using 2:3:4:xtic(1) title "ifcvf / vp_vdpa" lc rgb "#2471a3", \
	     1 with lines dt 2 lc rgb "black" notitle
} else {
	eval empty
}

set title "IFCVF model: ours / in-tree ifcvf, per QEMU CPU-second"
if (has("model")) {
	plot data.".model" using 2:3:4:xtic(1) title "ifcvf / in-tree" lc rgb "#1e8449", \
	     1 with lines dt 2 lc rgb "black" notitle
} else {
	eval empty
}
unset multiplot

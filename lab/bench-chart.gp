# SPDX-License-Identifier: GPL-2.0
# make bench's chart: gnuplot -e "data='PREFIX'; out='FILE.svg'" bench-chart.gp
# PREFIX.regs    driver, bring-up reads, writes
# PREFIX.ratios  workload, ifcvf / native, vp_vdpa / native
# PREFIX.vp      figure, how many times better ifcvf does than vp_vdpa

set terminal svg size 1200,440 dynamic noenhanced font "sans,11" background "white"
set output out
set multiplot layout 1,3 title "ifcvf beside native virtio_pci and vp_vdpa, make bench (QEMU TCG: ratios within one boot, not hardware figures)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
# room above the bars for the key
set offsets 0, 0, graph 0.18, 0
set key top left horizontal
set xtics nomirror rotate by -30 font ",10"
set ytics nomirror
set yrange [0:*]

set title "register accesses, probe + dev add to DRIVER_OK"
plot data.".regs" using 2:xtic(1) title "reads" lc rgb "#c0392b", \
     "" using 3 title "writes" lc rgb "#95a5a6"

set title "virtio_vdpa datapath per QEMU CPU-second, ratio to native"
plot data.".ratios" using 2:xtic(1) title "ifcvf" lc rgb "#2471a3", \
     "" using 3 title "vp_vdpa" lc rgb "#aab7b8", \
     1 with lines dt 2 lc rgb "black" notitle

set title "ifcvf against vp_vdpa (above 1: ifcvf better)"
plot data.".vp" using 2:xtic(1) title "ifcvf / vp_vdpa" lc rgb "#2471a3", \
     1 with lines dt 2 lc rgb "black" notitle
unset multiplot

#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the nested guest of the VM tier (selftests/vm_*.sh): a QEMU VM
# that the lab guest runs on a vDPA device through vhost-vdpa. It brings
# its NIC up, writes its disk, runs the traffic the kernel command line
# names and reports on its console (the serial port QEMU gives the test):
#   VM-UP IFNAME MAC FEATURES     the NIC is up (virtio features in hex)
#   VM-READY                      the traffic runs
#   VM-PROGRESS WHAT N            every 2 s: bytes or answers so far
#   VM-RESULT WHAT LINE           what each part found
#   VM-POWEROFF                   it powers off now
# It stops the traffic and powers off when the console reads "quit".
#
# vm.ip=ADDR/PREFIX       the NIC's address
# vm.mode=peer            a peer at vm.peer=ADDR: udp-echo on 7000, a
#                         stream from the peer checked on 7001 (pattern
#                         vm.seed + 1), a stream to the peer's 7002
#                         (pattern vm.seed)
# vm.mode=loop            frames to its own MAC every 10 ms, pattern
#                         vm.seed (a device that loops what it sends)
# vm.blk=SEED,OFF,LEN     blk_pattern writes and checks /dev/vda first
# shellcheck shell=sh

/bin/busybox --install -s
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp

param() {
	tr ' ' '\n' </proc/cmdline | sed -n "s/^vm\.$1=//p"
}

# the modules, in their dependency order (lab/build-vm-image.sh)
for m in failover net_failover virtio_net virtio_blk; do
	insmod "/lib/modules/$m.ko" || echo "VM-RESULT insmod $m failed"
done

nic=''
for n in /sys/class/net/*; do
	[ "${n##*/}" = lo ] || { nic=${n##*/}; break; }
done
ip link set lo up
if [ -z "$nic" ] || ! ip link set "$nic" up ||
   ! ip addr add "$(param ip)" dev "$nic"; then
	echo "VM-RESULT nic none or no address (${nic:-none})"
	poweroff -f
fi
tries=100
while [ "$(cat "/sys/class/net/$nic/carrier" 2>/dev/null)" != 1 ] &&
      [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
features=$(cat "/sys/class/net/$nic/device/features" 2>/dev/null)
echo "VM-UP $nic $(cat "/sys/class/net/$nic/address") $features"

seed=$(param seed)
blk=$(param blk)
if [ -n "$blk" ]; then
	# SEED,OFF,LEN, one a word
	# shellcheck disable=SC2046
	set -- $(echo "$blk" | tr ',' ' ')
	if out=$(/bin/blk_pattern write /dev/vda "$1" "$2" "$3" 2>&1) &&
	   out=$(/bin/blk_pattern verify /dev/vda "$1" "$2" "$3" 2>&1); then
		echo "VM-RESULT blk ok $out"
	else
		echo "VM-RESULT blk failed $out"
	fi
fi

# progress FILE WHAT: the count in FILE on the console every 2 s
progress() {
	while sleep 2; do
		echo "VM-PROGRESS $2 $(cat "$1" 2>/dev/null)"
	done
}

senders=''
case $(param mode) in
peer)
	peer=$(param peer)
	vm_traffic udp-echo 7000 &
	senders="$senders $!"
	vm_traffic tcp-recv 7001 $((seed + 1)) /tmp/recv.progress \
		>/tmp/tcp-recv.out 2>&1 &
	receiver=$!
	vm_traffic tcp-send "$peer" 7002 "$seed" >/tmp/tcp-send.out 2>&1 &
	senders="$senders $!"
	progress /tmp/recv.progress tcp-recv &
	ticker=$!
	;;
loop)
	vm_traffic loop "$nic" 10 "$seed" /tmp/loop.progress \
		>/tmp/loop.out 2>&1 &
	senders="$senders $!"
	progress /tmp/loop.progress loop &
	ticker=$!
	;;
esac
echo VM-READY

stty -echo 2>/dev/null
while read -r cmd; do
	[ "$cmd" = quit ] && break
done

[ -n "${ticker:-}" ] && kill "$ticker" 2>/dev/null
# the senders finish their streams; the receiver ends when the peer's
# stream does (the test stops it first), or after 30 s
for pid in $senders; do
	kill -TERM "$pid"
done
for pid in $senders; do
	wait "$pid"
done
if [ -n "${receiver:-}" ]; then
	(sleep 30; kill -TERM "$receiver") 2>/dev/null &
	guard=$!
	wait "$receiver"
	kill "$guard" 2>/dev/null
fi
for f in /tmp/tcp-send.out /tmp/tcp-recv.out /tmp/loop.out; do
	[ -e "$f" ] || continue
	while read -r line; do
		echo "VM-RESULT $line"
	done <"$f"
done
echo VM-POWEROFF
sync
poweroff -f

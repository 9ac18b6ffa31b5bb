#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ifcvf honours device_features, which vdpa_netlink sends (iproute2 6.1
# has no option for it): the device offers what was provisioned, its
# queue count follows CTRL_VQ, and virtio_net runs on what is left.
# Feature sets the function cannot give are refused with EINVAL and the
# reason in the kernel log (the 6.12 core gives dev_add no extack).

. ./lib.sh

NL=./vdpa_netlink
PINGS=30
MRG_RXBUF_BIT=15

hex() { printf '%#x' "$1"; }

# refused_logged DESCRIPTION LOG-PATTERN FEATURES: the add must fail with
# EINVAL, create nothing, and ifcvf must have logged the pattern.
refused_logged() {
	local desc="$1" pattern="$2" out log
	log_mark
	out=$($NL new name=vdpa0 mgmtdev="$NET_MGMT" features="$3" 2>&1)
	log=$(log_since_mark | tail -n 3)
	case $out in
	"errno 22 "*) ;;
	*) ktap_not_ok "$desc" "expected errno 22: $out"; return ;;
	esac
	case $log in
	*"$pattern"*) ;;
	*) ktap_not_ok "$desc" "kernel log: $log"; return ;;
	esac
	if vdpa_dev_exists vdpa0; then
		ktap_not_ok "$desc" "vdpa0 was left behind"
		return
	fi
	ktap_ok "$desc"
}

max_vqs() {
	$VDPA -j dev show "$1" | sed -n 's/.*"max_vqs":\([0-9]*\).*/\1/p'
}

ktap_header 10
del_all_vdpa
sup=$($NL mgmtdev-features "$NET_MGMT" | sed -n 's/^supported_features //p')
[ -n "$sup" ] || echo "# no features read from $NET_MGMT"
: "${sup:=0}"

extra=$((1 << 40))
refused_logged "a feature the function lacks is refused, the log names it" \
	"$(hex $extra) not supported by this device" "$(hex $((sup | extra)))"
refused_logged "no VERSION_1 in device_features is refused, saying why" \
	"VIRTIO_F_VERSION_1 and VIRTIO_F_ACCESS_PLATFORM are required" \
	"$(hex $((sup & ~VERSION_1)))"
refused_logged "no ACCESS_PLATFORM in device_features is refused, saying why" \
	"VIRTIO_F_VERSION_1 and VIRTIO_F_ACCESS_PLATFORM are required" \
	"$(hex $((sup & ~ACCESS_PLATFORM)))"
refused_logged "CTRL_RX without CTRL_VQ is refused, the log names the bit" \
	"feature bit 18 needs" "$(hex $((sup & ~(1 << CTRL_VQ_BIT))))"

# all of them: the function's own queue count, control queue included
$NL new name=vdpa0 mgmtdev="$NET_MGMT" features="$(hex "$sup")" >/dev/null
expect_eq "with all features provisioned vdpa0 has $NET_DEV_VQS virtqueues" \
	"$NET_DEV_VQS" "$(max_vqs vdpa0)"
del_all_vdpa

$NL new name=vdpa0 mgmtdev="$NET_MGMT" \
	features="$(hex $((sup & ~CTRL_VQ_DEPS)))" >/dev/null
expect_eq "without CTRL_VQ vdpa0 has no control queue: 2 virtqueues" \
	2 "$(max_vqs vdpa0)"
del_all_vdpa

# Without MRG_RXBUF and with an MTU above 1500, virtio_net receives into
# chains of pages ("big packets"): large pings exercise those chains.
want=$(hex $((sup & ~(1 << MRG_RXBUF_BIT))))
out=$($NL new name=vdpa0 mgmtdev="$NET_MGMT" features="$want" 2>&1)
expect_eq "device_features without MRG_RXBUF ($want) are accepted" ok "$out"
dev0=$(attach_virtio_net vdpa0)
neg=$($NL config vdpa0 | sed -n 's/^negotiated_features //p')
if [ -n "$neg" ] && [ $(((neg >> MRG_RXBUF_BIT) & 1)) -eq 0 ] &&
   [ $(((neg >> CTRL_VQ_BIT) & 1)) -eq 1 ]; then
	ktap_ok "virtio_net negotiated $neg: no MRG_RXBUF, CTRL_VQ kept"
else
	ktap_not_ok "virtio_net negotiated no MRG_RXBUF, CTRL_VQ kept" \
		"negotiated '$neg'"
fi

size=$((NET_DEV_MTU - 1000))
netns_setup ns0 "$dev0" 10.99.0.1/24 && wait_for 5 netns_carrier ns0 "$dev0"
peer_up vdpa1 >/dev/null
rx0=$(netns_stat ns0 "$dev0" rx_packets)
out=$($IP netns exec ns0 ping -c $PINGS -i 0.05 -W 5 -s $size 10.99.0.2 2>&1)
rx=$(($(netns_stat ns0 "$dev0" rx_packets) - rx0))
desc="$PINGS pings of $size bytes to the peer and back without MRG_RXBUF"
case $out in
*" $PINGS packets received, 0% packet loss"*)
	ktap_ok "$desc, 0% loss ($rx frames received)" ;;
*) ktap_not_ok "$desc, 0% loss" "$(echo "$out" | tail -n 2)" ;;
esac
cleanup
expect_eq "no device left behind" "" "$(ls /sys/bus/vdpa/devices/)"
ktap_finish

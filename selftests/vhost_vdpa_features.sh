#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A vhost-vdpa user gets only features the device offers: one that asks
# for VIRTIO_NET_F_MRG_RXBUF on top of them (the device provisioned
# without it, through vdpa_netlink's device_features, where the function
# has it) and sets FEATURES_OK has exactly the offered features
# negotiated, as the core reports them; a parent that passed the bit on
# would have the function use mergeable buffers the device never
# offered.

. ./lib.sh

NL=./vdpa_netlink
MRG_RXBUF=$((1 << 15))
CTL_IN=/tmp/vhost_vdpa_features.in
CTL_OUT=/tmp/vhost_vdpa_features.out

# (cleanup ends vhost_vdpa_ctl first)
cleanup_test() {
	exec 7>&-
	rm -f $CTL_IN $CTL_OUT
}

hex() { printf '%#x' "$1"; }

ktap_header 3
del_all_vdpa
sup=$($NL mgmtdev-features "$NET_MGMT" | sed -n 's/^supported_features //p')
[ -n "$sup" ] || setup_failed vhost_vdpa_features "no features read from $NET_MGMT"
out=$($NL new name=vdpa0 mgmtdev="$NET_MGMT" features="$(hex $((sup & ~MRG_RXBUF)))" 2>&1)
[ "$out" = ok ] || setup_failed vhost_vdpa_features "device_features without MRG_RXBUF: $out"
chr=$(attach_vhost_vdpa vdpa0) || setup_failed vhost_vdpa_features "$chr"
offered=$(./vhost_vdpa_ctl "$chr" features | sed -n 's/^features //p')
if [ -n "$offered" ] && [ $((offered & MRG_RXBUF)) = 0 ]; then
	ktap_ok "vdpa0 offers $offered: no MRG_RXBUF"
else
	ktap_not_ok "vdpa0 offers no MRG_RXBUF" "offered: '$offered'"
fi

ask=$(hex $((offered | MRG_RXBUF)))
rm -f $CTL_IN
mkfifo $CTL_IN
./vhost_vdpa_ctl "$chr" status 3 set-features "$ask" status 0xb get-status \
	hold <$CTL_IN >$CTL_OUT 2>&1 &
exec 7>$CTL_IN
wait_for 10 grep -q '^hold' $CTL_OUT
sed 's/^/# /' $CTL_OUT
neg=$($NL config vdpa0 | sed -n 's/^negotiated_features //p')
expect_eq "asking for $ask, the features offered are negotiated" \
	"$(hex "$offered")" "$(hex "${neg:-0}")"
expect_eq "and the status reads FEATURES_OK" "get-status 0xb" \
	"$(grep '^get-status' $CTL_OUT)"
cleanup
ktap_finish

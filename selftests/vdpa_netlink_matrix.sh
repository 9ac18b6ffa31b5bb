#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad VDPA_CMD_DEV_NEW requests, sent raw by vdpa_netlink, on the net and
# on the blk management device: every attribute the 6.12 core's policy
# has for DEV_NEW (mgmtdev bus and device name, device name, mac, mtu,
# max_vqp, device_features, queue_index) and types it has none for, with
# wrong sizes, zero, boundary and maximum values, strings without NUL,
# empty and overlong strings, duplicates, nested garbage and framing
# errors. Each row of the table is one test: the request is refused with
# its errno and the reason the core (extack) or the parent (kernel log)
# gives, or, where it is legal, honoured (the device exists under the
# name asked for, with the config asked for). Either way no device is
# left behind and the kernel logs no warning meanwhile.
#
# Rows marked "any" are decided by the vdpa core and hold for every
# parent (vdpa_sim too); "ifcvf" rows are this parent's own checks, and
# "ifcvf,sim" rows those where the reference parent decides alike, so
# that it checks the row too.
# The vdpa core itself checks no device name: "." or "a/b" or a name of
# 256 characters makes vdpa_sim devices no one can address or delete
# and makes kobject warn, so those rows are ifcvf's only.

. ./lib.sh

NL=./vdpa_netlink
SPLAT='WARNING:|BUG:|Oops|KASAN:|UBSAN:|general protection|kmemleak:|circular locking|refcount_t:'
MARK=vdpa_netlink_matrix
# VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM
BASE_FEATURES=0x300000000
NAME255=$(printf '%0255d' 0 | tr 0 a)
# a netlink attribute of type 200 holding a u32: nested garbage
GARBAGE=0800c80001000000

# NET_ADD_ATTRS ("mac X" for vdpa_sim_net) as vdpa_netlink arguments
net_add=$(echo "$NET_ADD_ATTRS" | sed -n 's/^mac \([0-9a-f:]*\)$/mac=\1/p')
maxattr=$($NL maxattr | sed -n 's/^maxattr //p')

# The table, for the management device $M: WHO CLASS EXPECT REASON |
# ATTRIBUTES | WHAT. WHO is any or ifcvf, CLASS net, blk or both. EXPECT
# is an errno, whose REASON must be in the extack or the kernel log, or
# ok:NAME[:FIELD=VALUE]: the device NAME exists, with that config value
# (mtu, or features as VDPA_CMD_DEV_CONFIG_GET reads them back).
# $STD is a well-formed name and mgmtdev, $ADD what the target needs on
# every legal request, $BUS/$DEV the parts of the mgmtdev handle.
table() {
	cat <<EOF
any both 22 Unknown attribute type | $STD 0:u32:1 | type 0 (VDPA_ATTR_UNSPEC) is refused: unknown
any both 22 Unsupported attribute | $STD $maxattr:u32:1 | type $maxattr, the policy's last, has no policy: refused
any both 22 Unknown attribute type | $STD $((maxattr + 1)):u32:1 | type $((maxattr + 1)), one past the policy, is refused: unknown
any both 22 Unknown attribute type | $STD 16383:u32:1 | type 16383, the largest there is, is refused: unknown
any both 22 Unsupported attribute | $STD dev_id:u32:1 | VDPA_ATTR_DEV_ID, an answer-only attribute, is refused
any both 22 Unsupported attribute | $STD 21:u64:0x100000 | type 21 (6.12: BLK_CFG_CAPACITY, not provisionable) is refused
any both 22 Unsupported attribute | $STD dev_id:nest:$GARBAGE | nested garbage in a policy-less type is refused
any both 22 Unknown attribute type | $STD $((maxattr + 1)):nest:$GARBAGE | nested garbage in an unknown type is refused
any both 22 NLA_F_NESTED not expected | $STD mtu:nest:dc05 | mtu flagged NLA_F_NESTED is refused
any both 22 NLA_F_NESTED not expected | name:nest:$GARBAGE mgmtdev=$M | nested garbage as the device name is refused
any both 22 invalid attribute length | $STD mtu:u8:200 | mtu as a u8 is refused
any both 22 invalid attribute length | $STD mtu:u32:1500 | mtu as a u32 is refused
any both 22 invalid attribute length | $STD mtu:hex: | an empty mtu is refused
any both 22 invalid attribute length | $STD max_vqp:u8:1 | max_vqp as a u8 is refused
any both 22 invalid attribute length | $STD max_vqp:u32:1 | max_vqp as a u32 is refused
any both 22 invalid attribute length | $STD features:u32:1 | device_features as a u32 is refused
any both 22 invalid attribute length | $STD features:hex:00000000030000000000000000000000 | device_features of 16 bytes are refused
any both 22 invalid attribute length | $STD queue_index:u16:1 | queue_index as a u16 is refused
any both 34 integer out of range | $STD mtu=0 | mtu 0 is refused with ERANGE
any both 34 integer out of range | $STD mtu=67 | mtu 67, one below the policy's 68, is refused with ERANGE
any both 34 integer out of range | $STD mtu=67 mtu=1500 | a valid second mtu does not hide an invalid first one
any both 34 binary attribute size out of range | $STD mac:hex: | an empty mac is refused with ERANGE
any both 34 binary attribute size out of range | $STD mac=02:00:00 | a 3-byte mac is refused with ERANGE
any both 34 binary attribute size out of range | $STD mac=02:00:00:00:00:01:02 | a 7-byte mac is refused with ERANGE
any both 34 Attribute failed policy validation | name:bytes: mgmtdev=$M | an empty (0-byte) name is refused with ERANGE
any both 34 Attribute failed policy validation | name=mx0 $BUS mgmtdev_dev:bytes: | an empty (0-byte) mgmtdev name is refused with ERANGE
any both 22 Attribute failed policy validation | name=mx0 mgmtdev_bus:bytes: mgmtdev_dev:str:$DEV | an empty (0-byte) bus name is refused
any both 22 Attribute failed policy validation | name=mx0 mgmtdev_bus:bytes:pci mgmtdev_dev:str:$DEV | a bus name without its NUL is refused
any both 19 Fail to find the specified management device | name=mx0 mgmtdev_bus:str: mgmtdev_dev:str:$DEV | a bus name "" finds no mgmtdev: ENODEV
any both 19 Fail to find the specified management device | name=mx0 mgmtdev_bus:repeat:4000xp mgmtdev_dev:str:$DEV | a 4000-byte bus name finds no mgmtdev: ENODEV
any both 19 Fail to find the specified management device | name=mx0 $BUS mgmtdev_dev:repeat:4000xa | a 4000-byte mgmtdev name finds no mgmtdev: ENODEV
any both 19 Fail to find the specified management device | name=mx0 mgmtdev=nosuchbus/$DEV | a nonexistent mgmtdev bus is refused with ENODEV
any both 19 Fail to find the specified management device | name=mx0 mgmtdev=pci/0000:00:1f.7 | a nonexistent mgmtdev is refused with ENODEV
any both 22 Fail to find the specified management device | name=mx0 | a request without a mgmtdev is refused
any both 22 | mgmtdev=$M | a request without a name is refused
any both 22 bytes leftover after parsing attributes | $STD raw:0102 | bytes after the last attribute are refused
any both 22 bytes leftover after parsing attributes | $STD raw:08000d00dc05 | an attribute cut short by the message's end is refused
any both 22 At least one pair of VQs is required | $STD max_vqp=0 | max_vqp 0 is refused
any both 22 At least one pair of VQs is required | $STD max_vqp=1 max_vqp=0 | of two max_vqp the last one counts: 0 is refused
any both 22 Missing features 0x400000 | $STD max_vqp=2 features=$BASE_FEATURES | max_vqp 2 with device_features lacking MQ is refused
any both 22 Missing features 0x20 | $STD mac=02:00:00:00:00:01 features=$BASE_FEATURES | mac with device_features lacking MAC is refused
any both 22 Missing features 0x8 | $STD mtu=1500 features=$BASE_FEATURES | mtu with device_features lacking MTU is refused
any blk 95 Some provided attributes are not supported: 0x2000 | $STD mtu=1500 | mtu on a blk mgmtdev is refused: EOPNOTSUPP
any blk 95 Some provided attributes are not supported: 0x1000 | $STD max_vqp=1 | max_vqp on a blk mgmtdev is refused: EOPNOTSUPP
any blk 95 Some provided attributes are not supported: 0x400 | $STD mac=02:00:00:00:00:01 | mac on a blk mgmtdev is refused: EOPNOTSUPP
any both ok:mx0 | $STD $ADD queue_index:u32:5 | queue_index, meaningless for DEV_NEW, is ignored
any both ok:mxb | name=mxa name=mxb mgmtdev=$M $ADD | of two names the last one names the device
any both ok:mx0 | name=mx0 mgmtdev_dev:str:nosuch mgmtdev=$M $ADD | of two mgmtdev names the last one counts
any both ok:mxnul | name:bytes:mxnul mgmtdev=$M $ADD | a name without NUL in a padded attribute names the device
ifcvf both ok:mx0 | name=mx0 mgmtdev_bus:hex:7063690078797a00 mgmtdev_dev:str:$DEV | a bus name ends at its NUL: bytes after it are ignored
ifcvf,sim net ok:mx0:mtu=68 | $STD mtu=68 | mtu 68, the policy's minimum, is honoured
ifcvf net ok:mx0:mtu=$NET_DEV_MTU | $STD mtu=$NET_DEV_MTU | mtu $NET_DEV_MTU, the function's own, is honoured
ifcvf,sim net ok:mx0:mtu=68 | $STD mtu=1500 mtu=68 | of two mtus the last one counts
ifcvf net 22 mtu 65535 out of range | $STD mtu=65535 | mtu 65535 is refused, naming the range
ifcvf net 22 mtu 56325 out of range | $STD mtu:be16:1500 | NLA_F_NET_BYTEORDER is ignored: mtu 1500 big-endian reads as 56325
ifcvf net ok:mx0 | $STD max_vqp=$NET_DEV_VQP | max_vqp $NET_DEV_VQP, the function's own, is honoured
ifcvf net 22 max_vqp 65535 out of range | $STD max_vqp=65535 | max_vqp 65535 is refused, naming the range
ifcvf both 22 VIRTIO_F_VERSION_1 and VIRTIO_F_ACCESS_PLATFORM are required | $STD features=0 | device_features 0 are refused, saying why
ifcvf blk 22 not supported by this device | $STD features=0xffffffffffffffff | all 64 device_features bits are refused, saying why
ifcvf blk ok:mx0:features=$SUP | $STD features=$SUP | device_features = all the mgmtdev supports are honoured
ifcvf both 22 name must have | name=. mgmtdev=$M | the name "." is refused, saying why
ifcvf both 22 name must have | name=.. mgmtdev=$M | the name ".." is refused, saying why
ifcvf both 22 name must have | name=a/b mgmtdev=$M | a name with a '/' is refused, saying why
ifcvf both ok:$NAME255 | name=$NAME255 mgmtdev=$M | a name of 255 characters (NAME_MAX) is honoured
ifcvf both 22 name must have | name:repeat:256xa mgmtdev=$M | a name of 256 characters is refused, saying why
ifcvf both 22 name must have | name:repeat:65000xa mgmtdev=$M | a name of 65000 characters is refused, saying why
EOF
}

# the kernel log since the marker of test $1
log_since() {
	dmesg | awk -v m="$MARK: test $1:" 'found; index($0, m) { found = 1 }'
}

mark() {
	echo "$MARK: test $1: $2" >/dev/kmsg
}

vdpa_devs() {
	ls /sys/bus/vdpa/devices/
}

# del_named NAME: deletes it through netlink (names iproute2 cannot pass)
del_named() {
	[ "$($NL del "$1")" = ok ]
}

# del_all_named: every vDPA device, whatever its name
del_all_named() {
	local d
	for d in /sys/bus/vdpa/devices/*; do
		[ -e "$d" ] && del_named "${d##*/}"
	done
}

# config_value NAME FIELD: mtu from VDPA_CMD_DEV_CONFIG_GET (iproute2),
# or the device_features vdpa_netlink reads back
config_value() {
	case $2 in
	features) $NL config "$1" | sed -n 's/^device_features //p' ;;
	*) $VDPA -j dev config show "$1" |
		sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" ;;
	esac
}

# honoured EXPECT OUT: the device EXPECT (ok:NAME[:FIELD=VALUE]) exists,
# is the only one and has that config; prints why not and fails if not
honoured() {
	local want="${1#ok:}" name field value got
	name=${want%%:*}
	[ "$2" = ok ] || { echo "refused: $2"; return 1; }
	[ "$(vdpa_devs)" = "$name" ] ||
		{ echo "devices: '$(vdpa_devs | tr '\n' ' ')'"; return 1; }
	case $want in
	*:*=*)
		field=${want#*:}
		value=${field#*=}
		field=${field%%=*}
		got=$(config_value "$name" "$field")
		[ "$((got))" = "$((value))" ] ||
			{ echo "$field is '$got', not $value"; return 1; }
		;;
	esac
	del_named "$name" || { echo "$name could not be deleted"; return 1; }
}

# refused ERRNO REASON OUT LOG: refused with that errno and the reason in
# the extack (OUT) or the kernel log, leaving no device behind
refused() {
	case $3 in
	"errno $1 ("*) ;;
	*) echo "expected errno $1: $3"; return 1 ;;
	esac
	case "$3 $4" in
	*"$2"*) ;;
	*) echo "no '$2' in: $3 $(echo "$4" | tail -n 2)"; return 1 ;;
	esac
	[ -z "$(vdpa_devs)" ] ||
		{ echo "left behind: $(vdpa_devs | tr '\n' ' ')"; return 1; }
}

# judge EXPECT REASON OUT LOG: honoured or refused, as EXPECT says
judge() {
	case $1 in
	ok*) honoured "$1" "$3" ;;
	*) refused "$1" "$2" "$3" "$4" ;;
	esac
}

# run_row N CLASS-AND-ROW: one test
run_row() {
	local n="$1" head attrs desc out log why
	head=${2%%|*}
	attrs=${2#*|}
	desc=${attrs#*|}
	attrs=${attrs%%|*}
	# the row's head: class, expectation and reason, one a word
	# shellcheck disable=SC2086
	set -- $head
	cls=$1 expect=$2
	shift 2
	desc="$cls: $(echo "$desc" | sed 's/^ *//')"
	mark "$n" "$desc"
	# the row's attributes: vdpa_netlink arguments, one a word
	# shellcheck disable=SC2086
	out=$($NL new $attrs 2>&1)
	log=$(log_since "$n")
	if ! why=$(judge "$expect" "$*" "$out" "$log"); then
		ktap_not_ok "$desc" "$why"
		# nothing may disturb the next rows
		del_all_named
	elif echo "$log" | grep -qE "$SPLAT"; then
		ktap_not_ok "$desc" "kernel log: $(echo "$log" |
			grep -E "$SPLAT" | head -n 2 | tr '\n' ' ')"
	else
		ktap_ok "$desc"
	fi
}

# rows CLASS MGMTDEV ADD: the table's rows for one mgmtdev, "CLASS
# EXPECT REASON | ATTRIBUTES | WHAT" each
rows() {
	local cls="$1" M="$2" ADD="$3" STD DEV BUS SUP who c line
	STD="name=mx0 mgmtdev=$M"
	DEV=${M#*/}
	BUS=
	case $M in */*) BUS="mgmtdev_bus:str:${M%%/*}" ;; esac
	SUP=$($NL mgmtdev-features "$M" | sed -n 's/^supported_features //p')
	table | while read -r who c line; do
		case ",$who," in
		,any, | *",$TARGET,"*) ;;
		*) continue ;;
		esac
		[ "$c" = both ] || [ "$c" = "$cls" ] || continue
		echo "$cls $line"
	done
}

# The core reads NLA_STRING attributes with nla_data() as C strings
# (vdpa_nl_cmd_dev_add_set_doit, vdpa_mgmtdev_get_from_attr), but the
# policy lets them come without a NUL: a string that fills its attribute
# is read on into the next one. Correct would be to take exactly its
# bytes; these rows assert what the 6.12 core does instead (an upstream
# bug), so that a core that behaves otherwise fails them and they are
# looked at again.
#
# next_attr_len MGMTDEV: the length of the first attribute vdpa_netlink
# puts for mgmtdev=MGMTDEV, as the byte the core reads after a name that
# fills its attribute (the bus name's, or the device name's if there is
# no bus; the next byte, the length's high one, is 0 and ends the string)
next_attr_len() {
	local first="${1%%/*}"
	printf '%02x' $((4 + ${#first} + 1))
}

# unterminated_name N: "mx4b" (4 bytes, no padding) before the mgmtdev:
# the device is named mx4b and that byte
unterminated_name() {
	local want desc out got d
	want="6d 78 34 62 $(next_attr_len "$NET_MGMT")"
	desc="6.12 core: a name without NUL that fills its attribute runs on into the next one: the device is named (hex) $want"
	mark "$1" "$desc"
	out=$($NL new name:bytes:mx4b mgmtdev="$NET_MGMT" ${net_add:+"$net_add"} \
		2>&1)
	# (the names as they are: ls prints a control character as "?")
	got=$(for d in /sys/bus/vdpa/devices/*; do
		[ -e "$d" ] && printf '%s/' "${d##*/}"
	done | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ *2f *$//')
	if [ "$out" = ok ] && [ "$got" = "$want" ]; then
		ktap_ok "$desc"
	else
		ktap_not_ok "$desc" "$out, devices (hex): '$got'"
	fi
	del_all_named
}

# unterminated_mgmtdev N MGMTDEV: its device name without NUL, followed by
# another attribute. A name of a multiple of 4 bytes fills its attribute
# and the core compares the next attribute's header too: no mgmtdev is
# found (ENODEV); a shorter one ends at its padding and finds MGMTDEV.
unterminated_mgmtdev() {
	local dev="${2#*/}" out bus='' desc
	case $2 in */*) bus="mgmtdev_bus:str:${2%%/*}" ;; esac
	if [ $((${#dev} % 4)) -eq 0 ]; then
		desc="6.12 core: a mgmtdev name without NUL that fills its attribute runs on into the next one: $2 is not found"
	else
		desc="a mgmtdev name without NUL in a padded attribute finds $2"
	fi
	mark "$1" "$desc"
	out=$($NL new name=mx0 ${bus:+"$bus"} "mgmtdev_dev:bytes:$dev" \
		queue_index:u32:0 ${3:+"$3"} 2>&1)
	if [ $((${#dev} % 4)) -ne 0 ] && [ "$out" = ok ] &&
	   [ "$(vdpa_devs)" = mx0 ]; then
		ktap_ok "$desc"
	elif [ $((${#dev} % 4)) -eq 0 ] && [ -z "$(vdpa_devs)" ] &&
	     [ "${out#errno 19 *Fail to find the specified management device}" != "$out" ]; then
		ktap_ok "$desc: $out"
	else
		ktap_not_ok "$desc" "$out, devices: $(vdpa_devs)"
	fi
	del_all_named
}

del_all_vdpa
list=/tmp/vdpa_netlink_matrix.rows
{
	rows net "$NET_MGMT" "$net_add"
	rows blk "$BLK_MGMT" ""
} >"$list"
ktap_header $(($(wc -l <"$list") + 5))
if [ -z "$maxattr" ]; then
	ktap_not_ok "the vdpa family reports its policy's maxattr"
	ktap_finish
fi
echo "# vdpa family maxattr $maxattr"

n=0
while IFS= read -r row; do
	n=$((n + 1))
	run_row $n "$row"
done <"$list"
unterminated_name $((n + 1))
unterminated_mgmtdev $((n + 2)) "$NET_MGMT" "$net_add"
unterminated_mgmtdev $((n + 3)) "$BLK_MGMT" ""
rm -f "$list"

expect_eq "no device left behind" "" "$(vdpa_devs)"
mark $((n + 4)) end
splats=$(dmesg | grep -E "$SPLAT" | head -n 3)
expect_eq "the kernel logged no warning meanwhile" "" "$splats"
ktap_finish

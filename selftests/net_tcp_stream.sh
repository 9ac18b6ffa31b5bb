#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A TCP stream crosses between the two NICs' netdevs intact: the bytes
# received hash the same as the bytes sent.

. ./lib.sh

MIB=${STREAM_MIB:-64}

ktap_header 2
del_all_vdpa
net_pair_up "$NET_MGMT"

dd if=/dev/urandom of=/tmp/stream bs=1M count="$MIB" 2>/dev/null
sent=$(sha256sum </tmp/stream | cut -d' ' -f1)
# busybox nc stops at EOF on its own stdin: -e gives each end a program
# that owns the socket instead.
printf '#!/bin/sh\nexec cat >/tmp/received\n' >/tmp/receive.sh
printf '#!/bin/sh\nexec cat /tmp/stream\n' >/tmp/send.sh
chmod +x /tmp/receive.sh /tmp/send.sh
$IP netns exec ns1 nc -l -p 5001 -e /tmp/receive.sh &
listener=$!
sleep 0.5
$IP netns exec ns0 nc 10.99.0.2 5001 -e /tmp/send.sh
wait $listener
expect_eq "$MIB MiB received" $((MIB * 1048576)) "$(stat -c %s /tmp/received)"
expect_eq "the received bytes hash as the sent ones" "$sent" \
	"$(sha256sum </tmp/received | cut -d' ' -f1)"
rm -f /tmp/stream /tmp/received /tmp/receive.sh /tmp/send.sh
cleanup
ktap_finish

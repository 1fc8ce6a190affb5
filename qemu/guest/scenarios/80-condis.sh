#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CoNDIS behaviour seen from Linux: admission control of reserved rates
# (CBR PCRs summed against the line rate, CELLRATE_NOT_AVAILABLE ->
# EINVAL, nothing reserved on failure, freed on close) and a KOBJ_CHANGE
# uevent with the carrier on every link change.
. /tests/lib.sh

I0=$(atm_itf atm0)
LINE=353207	# the devices' line rate, cells/s (OC-3)

# hold NAME ARGS...: open a VC with atmtest and keep it open until
# "release NAME" kills the holder (which closes the VC)
hold() {
	name=$1
	shift
	atmtest open "$@" -H > "/tmp/$name.out" 2>/dev/null &
	eval "pid_$name=\$!"
	wait_for 10 sh -c "[ -s /tmp/$name.out ]"
}
held() { [ "$(cat "/tmp/$1.out")" = ok ]; }
release() {
	eval "p=\$pid_$1"
	kill "$p"
	wait "$p" 2>/dev/null
}

hold vc1 "$I0.0.60" -d tx -c 200000
check "CBR 200000 cells/s: admitted" held vc1
check "another 200000: refused, EINVAL (over $LINE)" \
	sh -c "atmtest open $I0.0.61 -d tx -c 200000 < /dev/null | grep -qx EINVAL"
hold vc2 "$I0.0.62" -d tx -c $((LINE - 200000))
check "exactly the rest ($((LINE - 200000))): admitted at the boundary" held vc2
check "one cell/s more: refused" \
	sh -c "atmtest open $I0.0.63 -d tx -c 1 < /dev/null | grep -qx EINVAL"
check "UBR needs no reservation: admitted" \
	sh -c "atmtest open $I0.0.64 -d tx < /dev/null | grep -qx ok"
check "an RX-only CBR VC reserves nothing: admitted" \
	sh -c "atmtest open $I0.0.65 -d rx -c 100000 < /dev/null | grep -qx ok"
release vc1
check "closing it removed the VC" not grep -q '^vc 0.60 ' "/proc/net/atm/coatm:$I0"
check "after closing the first, 200000 fits again" \
	sh -c "atmtest open $I0.0.61 -d tx -c 200000 < /dev/null | grep -qx ok"
release vc2
check "and with both closed, the whole line" \
	sh -c "atmtest open $I0.0.61 -d tx -c $LINE < /dev/null | grep -qx ok"

# Carrier changes reach user space as uevents (busybox uevent runs its
# program once per netlink event).
uevent sh -c 'echo "$ACTION $DEVPATH CARRIER=$CARRIER" >> /tmp/uevents' &
upid=$!
# It listens once its NETLINK_KOBJECT_UEVENT (15) socket exists.
listening() { awk -v p="$upid" '$2 == 15 && $3 == p' /proc/net/netlink | grep -q .; }
wait_for 10 listening || notok "uevent listener never opened its socket"
hostctl set_link atm0 off >/dev/null
check "link down: KOBJ_CHANGE uevent with CARRIER=0" \
	wait_for 10 has_line /tmp/uevents "^change .*/coatm$I0 CARRIER=0"
hostctl set_link atm0 on >/dev/null
check "link up: KOBJ_CHANGE uevent with CARRIER=1" \
	wait_for 10 has_line /tmp/uevents "^change .*/coatm$I0 CARRIER=1"
kill $upid
wait $upid 2>/dev/null
finish

# SPDX-License-Identifier: GPL-2.0
# TAP helpers for guest scenarios: source this, then call ok/notok/check.
T=0
SCEN=$(basename "$0" .sh)

ok() { T=$((T + 1)); echo "ok $T - $SCEN: $*"; }
notok() { T=$((T + 1)); echo "not ok $T - $SCEN: $*"; FAILED=1; }

# check NAME CMD...: one test that passes if CMD succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}

# wait_for SECONDS CMD...: wait until CMD succeeds, polling the condition,
# for at most SECONDS. Returns CMD's last status.
wait_for() {
	limit=$(($1 * 100))
	shift
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge $limit ] && return 1
		usleep 10000
	done
	return 0
}

# The runner wires QEMU devices atm0 and atm1 (ids usable with hostctl)
# with these ESIs; the guest finds its ATM interfaces by ESI.
MAC_atm0=02:c0:a7:00:00:00
MAC_atm1=02:c0:a7:00:00:01

# atm_dir DEV: /sys/class/atm/<name> of QEMU device DEV (atm0, atm1)
atm_dir() {
	eval "mac=\$MAC_$1"
	for d in /sys/class/atm/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$mac" ] && echo "$d" && return 0
	done
	return 1
}

# atm_itf DEV: the ATM interface number of QEMU device DEV
atm_itf() {
	d=$(atm_dir "$1") || return 1
	cat "$d/atmindex"
}

carrier_is() { [ "$(cat "$(atm_dir "$1")/carrier" 2>/dev/null)" = "$2" ]; }

finish() { [ -z "$FAILED" ]; }

# not CMD...: succeeds when CMD fails (for check)
not() { ! "$@"; }

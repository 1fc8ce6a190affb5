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

# uptime_s: whole seconds since boot, the clock of the waits below
uptime_s() {
	read -r up _ < /proc/uptime
	echo "${up%.*}"
}

# wait_for SECONDS CMD...: wait until CMD succeeds, polling the condition
# every 10 ms, for at most SECONDS of elapsed time (not a number of polls:
# under load each poll takes longer). Returns 1 if the time ran out.
wait_for() {
	wait_every 10000 "$@"
}

# wait_every USECS SECONDS CMD...: wait_for, polling every USECS
wait_every() {
	every=$1
	end=$(($(uptime_s) + $2 + 1))
	shift 2
	while ! "$@"; do
		[ "$(uptime_s)" -ge "$end" ] && return 1
		usleep "$every"
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

# Two-guest mode (runner.py --pair): ROLE is a or b; guest a has only
# atm0, guest b only atm1, and the two are linked. Empty in the one-guest
# world.
ROLE=$(sed -n 's/.*coatm\.role=\([ab]\).*/\1/p' /proc/cmdline)
case "$ROLE" in
a) LOCAL=atm0 PEER=b ;;
b) LOCAL=atm1 PEER=a ;;
esac

# barrier NAME [WORDS...]: wait (through the host) until the other guest
# reaches barrier NAME too; prints the WORDS it gave. Fails if the other
# guest waits at another barrier or has stopped. Give each barrier of a
# scenario its own NAME.
barrier() {
	b=$1
	shift
	hostctl barrier "$SCEN.$b" "$@"
}

carrier_is() { [ "$(cat "$(atm_dir "$1")/carrier" 2>/dev/null)" = "$2" ]; }

finish() { [ -z "$FAILED" ]; }

# not CMD...: succeeds when CMD fails (for check)
not() { ! "$@"; }

# Background jobs a scenario started; reap_all kills what is left.
BG=""
bg_start() { "$@" & BG="$BG $!"; }
reap_all() {
	for p in $BG; do kill "$p" 2>/dev/null; done
	for p in $BG; do wait "$p" 2>/dev/null; done
	BG=""
}

# file_size FILE: bytes in FILE (0 if missing)
file_size() { [ -f "$1" ] && wc -c < "$1" | tr -d ' ' || echo 0; }
size_at_least() { [ "$(file_size "$1")" -ge "$2" ]; }
has_line() { grep -q "$2" "$1" 2>/dev/null; }

# aal_stat ITF AAL FIELD: one statistic of interface ITF as atmdiag
# prints it; AAL is AAL0 or AAL5, FIELD one of tx tx_err rx rx_err rx_drop
aal_stat() {
	atmdiag "$1" | awk -v aal="$2" -v f="$3" '
		BEGIN { split("tx tx_err rx rx_err rx_drop", n, " ");
			for (i in n) col[n[i]] = i }
		{ for (i = 1; i <= NF; i++) if ($i == aal) { print $(i + col[f]); exit } }'
}

# dev_counter ITF NAME: a device counter from the driver's proc_read
dev_counter() {
	tr ' ' '\n' < "/proc/net/atm/coatm:$1" | grep -A1 -x "$2" | tail -n1
}

# vc_up ITF VPI.VCI DIR [AAL]: the shim lists the VC as active
# (proc_read line "vc VPI.VCI aalN DIR active ...")
vc_up() { grep -q "^vc $2 aal${4:-5} $3 active" "/proc/net/atm/coatm:$1"; }

# IP over ATM helpers. WHERE, when given, is a command prefix that runs
# in another network namespace (e.g. "nsenter -t PID -n -m").

# pings COUNT IP [SIZE] [WHERE]: COUNT echo requests to IP, five a
# second, all answered
pings() {
	${4:-} ping -c "$1" -i 0.2 -W 5 ${3:+-s $3} "$2" > /tmp/ping.out 2>&1
	grep -q "$1 packets transmitted, $1 packets received" /tmp/ping.out
}

# tcp_listen PORT OUT [WHERE]: a TCP receiver (busybox nc -l) writing
# what arrives to OUT, in the background (reap_all ends it). Its stdin is
# a FIFO held open: nc quits at EOF of its stdin, which would end the
# connection before the data is in.
tcp_listen() {
	rm -f "$2" "$2.hold"
	mkfifo "$2.hold"
	bg_start sh -c "exec sleep 600 > $2.hold"
	bg_start sh -c "exec ${3:-} nc -l -p $1 < $2.hold > $2"
	wait_for 10 sh -c "${3:-} netstat -ltn | grep -q ':$1 '"
}

# tcp_send IP PORT FILE [WHERE]: send FILE to a tcp_listen receiver; nc
# returns when FILE is in its socket, not when it has arrived
tcp_send() { ${4:-} nc "$1" "$2" < "$3"; }

# sha FILE: the SHA-256 of FILE
sha() { sha256sum < "$1" | cut -d' ' -f1; }

# now_cs: uptime in centiseconds
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# tcp_retrans [WHERE]: TCP segments retransmitted so far
tcp_retrans() {
	${1:-} awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++)
		if ($i == "RetransSegs") c = i; h = 1 } else print $c }' /proc/net/snmp
}

# pair_copy FROM PORT BYTES IP: two-guest TCP check. Guest FROM sends
# BYTES random bytes to IP:PORT on the other guest, which checks that
# they all arrived and have the SHA-256 the sender gave at the barrier.
# Both guests call it alike.
pair_copy() {
	from=$1 port=$2 n=$3 ip=$4
	if [ "$ROLE" = "$from" ]; then
		head -c "$n" /dev/urandom > /tmp/tcp.in
		barrier "listen$port" > /dev/null
		r0=$(tcp_retrans)
		t0=$(now_cs)
		tcp_send "$ip" "$port" /tmp/tcp.in
		barrier "sent$port" "$(sha /tmp/tcp.in)" > /dev/null
		barrier "got$port" > /dev/null
		echo "# TCP $n bytes to guest $PEER: $(($(now_cs) - t0))0 ms," \
			"$(($(tcp_retrans) - r0)) segments retransmitted"
	else
		tcp_listen "$port" /tmp/tcp.out
		barrier "listen$port" > /dev/null
		want=$(barrier "sent$port")
		check "TCP from guest $PEER: $n bytes arrived" \
			wait_for 120 size_at_least /tmp/tcp.out "$n"
		check "TCP from guest $PEER: the bytes are the ones sent (sha256)" \
			[ "$(sha /tmp/tcp.out)" = "$want" ]
		barrier "got$port" > /dev/null
		reap_all
	fi
}

# netdev_stat DEV NAME [WHERE]: a statistic of network interface DEV
netdev_stat() { ${3:-} cat "/sys/class/net/$1/statistics/$2"; }

# aal5_sent ITF: AAL5 PDUs interface ITF sent or failed to send
aal5_sent() { echo $(($(aal_stat "$1" AAL5 tx) + $(aal_stat "$1" AAL5 tx_err))); }

# pdu_crosses FROM TO VCI: a PDU written on interface FROM, VC 0.VCI,
# arrives on interface TO (aread there)
pdu_crosses() {
	out=/tmp/crosses.$3
	bg_start sh -c "exec atmtest tty aread $2.0.$3 > $out 2>&1"
	wait_for 10 vc_up "$2" "0.$3" rx || { notok "aread VC $2.0.$3 never opened"; return 1; }
	sent=$(awrite "$1.0.$3" "PDU crossing")
	[ "$sent" = 12 ] && wait_for 10 has_line "$out" "^12: "
	r=$?
	reap_all
	return $r
}

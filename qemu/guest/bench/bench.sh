#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest side of `make bench` (scripts/bench.sh boots it with
# runner.py --bench). Measures, side by side in this one boot:
#   ceiling   pipe copy and loopback TCP
#   aal5      ttcp_atm AAL5 UBR over coatm (ports 0/1 at OC-3, ports 2/3
#             at the device's maximum line rate, both directions) and
#             over an atmtcp pair
#   ip        br2684 LLC bridged over coatm ports 2/3 and the e1000 pair,
#             iperf3 TCP and UDP (64-byte datagrams), one end in a netns
#   cbr       received cell rate / PCR at 1..100 % of OC-3
#   qos       a UBR bulk VC beside a saturated CBR VC at 1 % of OC-3
#   vcs       4096 PVCs open at once, open+close cycles (coatm, atmtcp)
# It prints one line per result for scripts/bench_report.py:
#   R GROUP LABEL RUN FIELD=VALUE...  a measured run
#   J GROUP LABEL RUN {iperf3 JSON}   an iperf3 run, parsed by the host
#   U GROUP LABEL WHY...              could not be measured, and why
# and never judges a number: the host reports ratios.
#
# coatm.bench=smoke on the kernel command line: one tiny run of each.
. /tests/lib.sh

MODE=$(sed -n 's/.*coatm\.bench=\([a-z]*\).*/\1/p' /proc/cmdline)
MODE=${MODE:-full}
# SMOKE: each transfer this many PDUs (AAL5, CBR), iperf3 this many bytes
# (the smoke: one size, both line rates, both directions, one CBR rate)
if [ "$MODE" = smoke ]; then
	RUNS=1 SMOKE=20 SECS=1 NVCS=16 NCYCLE=5 IDLE=300 PIPE_MIB=8 VCS_LIMIT=60
	IPERF_LEN="-n 256K" IPERF_UDP_LEN="-n 6400"
	SIZES=9180 CASES="max/0to1 oc3/1to0" CBR_PCTS=10
else
	RUNS=3 SMOKE= SECS=3 NVCS=4096 NCYCLE=0 IDLE=2000 PIPE_MIB=1024 VCS_LIMIT=300
	IPERF_LEN="-t $SECS" IPERF_UDP_LEN="-t $SECS"
	SIZES="64 1500 9180 65535" CASES="max/0to1 max/1to0 oc3/0to1 oc3/1to0"
	CBR_PCTS="1 10 50 90 100"
fi
OC3=353207
MAC_atm2=02:c0:a7:00:00:02
MAC_atm3=02:c0:a7:00:00:03

# wait_s SECONDS CMD...: poll CMD until it succeeds, for at most SECONDS of
# wall time (lib.sh's wait_for counts polls, which a slow kernel stretches)
wait_s() {
	end=$(awk -v t="$EPOCHREALTIME" -v s="$1" 'BEGIN { printf "%.6f", t + s }')
	shift
	until "$@"; do
		awk -v t="$EPOCHREALTIME" -v e="$end" 'BEGIN { exit !(t > e) }' && return 1
		usleep 20000
	done
}
R() { echo "R $*"; }
U() { echo "U $*"; }
now() { echo "$EPOCHREALTIME"; }
# runs: 1 .. RUNS
runs() { seq 1 "$RUNS"; }
# scaled N: N, or the smoke's count
scaled() { echo "${SMOKE:-$1}"; }
section() { echo "# bench: $* at $(cut -d' ' -f1 /proc/uptime) s"; }
# cells LEN: ATM cells of one AAL5 PDU of LEN bytes
cells() { echo $((($1 + 8 + 47) / 48)); }

sysctl -qw net.core.rmem_max=8388608
sysctl -qw net.core.rmem_default=8388608
# No console chatter while measuring.
echo 1 > /proc/sys/kernel/printk

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
I2=$(atm_itf atm2)
I3=$(atm_itf atm3)

# The plan, for the host to check that each measurement gave a result
# (R or J) or said why not (U): "E GROUP LABEL".
echo "E ceiling pipe"
echo "E ceiling lo-tcp"
for len in $SIZES; do
	for c in $CASES; do echo "E aal5 coatm/$c/$len"; done
	echo "E aal5 atmtcp/-/0to1/$len"
done
for pct in $CBR_PCTS; do echo "E cbr oc3/$pct"; done
echo "E qos oc3/cbr1"
for x in coatm/open coatm/cycle atmtcp/open atmtcp/cycle; do echo "E vcs $x"; done
for x in br2684/tcp br2684/udp64 e1000/tcp e1000/udp64; do echo "E ip $x"; done
echo "# bench: mode $MODE, $RUNS run(s) each; coatm OC-3 itfs $I0/$I1," \
	"max-rate itfs $I2/$I3; kernel $(uname -r)"

# ---------------------------------------------------------------- ceiling
section ceiling
for run in $(runs); do
	mib=$PIPE_MIB
	t0=$(now)
	dd if=/dev/zero bs=1M count="$mib" 2>/dev/null | cat > /dev/null
	t1=$(now)
	R ceiling pipe "$run" $(awk -v b=$((mib * 1048576)) -v a="$t0" -v z="$t1" \
		'BEGIN { printf "mbit=%.1f secs=%.3f", b * 8 / (z - a) / 1e6, z - a }')
done

# iperf3 JSON on one line (it prints no newline inside a string)
json_line() { tr -d '\n' < "$1"; echo; }

iperf_server() {	# iperf_server WHERE IP
	rm -f /tmp/iperf.s
	bg_start sh -c "exec $1 iperf3 -s -4 -B $2 -p 5201 > /tmp/iperf.s 2>&1"
	wait_s 10 sh -c "$1 netstat -ltn | grep -q ':5201 '"
}
# iperf_runs GROUP LABEL IP OPTIONS...: RUNS iperf3 clients from here
iperf_runs() {
	ig=$1 il=$2 ip=$3
	shift 3
	for run in $(runs); do
		if timeout $((SECS + 30)) iperf3 -4 -c "$ip" -p 5201 -J "$@" \
			> /tmp/iperf.json 2>&1; then
			echo "J $ig $il $run $(json_line /tmp/iperf.json)"
		else
			U "$ig" "$il" "iperf3 failed: $(json_line /tmp/iperf.json | cut -c1-200)"
		fi
	done
}

section lo-tcp
if command -v iperf3 > /dev/null; then
	iperf_server "" 127.0.0.1
	# shellcheck disable=SC2086
	iperf_runs ceiling lo-tcp 127.0.0.1 $IPERF_LEN
	reap_all
else
	U ceiling lo-tcp "no iperf3 in the guest"
fi

# ------------------------------------------------------------------- aal5
# snap ITF FILE: the counters that can explain a lost PDU: atmdiag's AAL5
# counters of ITF and, for a coatm port, the device's.
snap() {
	{
		atmdiag "$1" | awk '{ for (i = 1; i <= NF; i++) if ($i == "AAL5") {
			print "aal5_tx", $(i + 1); print "aal5_tx_err", $(i + 2)
			print "aal5_rx", $(i + 3); print "aal5_rx_err", $(i + 4)
			print "aal5_rx_drop", $(i + 5); exit } }'
		[ -r "/proc/net/atm/coatm:$1" ] &&
			awk '/^device:/ { for (i = 2; i < NF; i += 2) print $i, $(i + 1) }' \
				"/proc/net/atm/coatm:$1"
	} > "$2" 2>/dev/null
}
# delta PREFIX A B: " PREFIX_name=N" for each counter that moved
delta() {
	awk -v p="$1" 'NR == FNR { a[$1] = $2; next }
		{ d = $2 - a[$1]; if (d) printf " %s_%s=%d", p, $1, d }' "$2" "$3"
}

# pvc_ready ITF VCI: an open RX VC on ITF, as the ATM core lists it
pvc_ready() { awk -v i="$1" -v c="$2" '$1 == i && $3 == c { f = 1 } END { exit !f }' \
	/proc/net/atm/pvc; }

# aal5 PATH RATE DIR FROM TO LEN COUNT RUN VCI: one ttcp_atm transfer
aal5() {
	p=$1 r=$2 d=$3 from=$4 to=$5 len=$6 n=$7 run=$8 vci=$9
	l=$p/$r/$d/$len
	ta=$(now)
	snap "$from" /tmp/s.t0
	snap "$to" /tmp/s.r0
	rm -f /tmp/ttcp.r /tmp/ttcp.t
	ttcp_atm -r -a -s -l "$len" -b 8388608 "$to.0.$vci" > /tmp/ttcp.r 2>&1 &
	rp=$!
	if ! wait_s 10 pvc_ready "$to" "$vci"; then
		kill "$rp" 2>/dev/null
		U aal5 "$l" "receiver VC $to.0.$vci did not open: $(head -c 200 /tmp/ttcp.r)"
		return
	fi
	tb=$(now)
	timeout 300 ttcp_atm -t -a -s -l "$len" -n "$n" "$from.0.$vci" > /tmp/ttcp.t 2>&1
	tc=$(now)
	# The receiver stops at the end marker; give it the sender's time.
	wait_s 30 has_line /tmp/ttcp.r 'ttcp-r:'
	echo "# $l: setup $(awk -v a="$ta" -v b="$tb" -v c="$tc" -v d="$(now)" 'BEGIN { printf "%.2f s, send %.2f s, end %.2f s", b - a, c - b, d - c }')"
	kill "$rp" 2>/dev/null
	wait "$rp" 2>/dev/null
	snap "$from" /tmp/s.t1
	snap "$to" /tmp/s.r1
	t=$(sed -n 's/^ttcp-t: \([0-9]*\) bytes in \([0-9.]*\) real.*/\1 \2/p' /tmp/ttcp.t)
	rx=$(sed -n 's/^ttcp-r: \([0-9]*\) bytes in \([0-9.]*\) real.*/\1 \2/p' /tmp/ttcp.r)
	if [ -z "$t" ]; then
		U aal5 "$l" "sender failed: $(head -c 200 /tmp/ttcp.t)"
		return
	fi
	[ -n "$rx" ] || rx="x x"
	# PDUs the receiving socket was given (with the 1 start and up to 5
	# end markers): what arrived when ttcp-r never saw an end marker
	rxd=$(($(awk '$1 == "aal5_rx" { print $2 }' /tmp/s.r1) - \
		$(awk '$1 == "aal5_rx" { print $2 }' /tmp/s.r0)))
	# shellcheck disable=SC2086
	set -- $t $rx
	R aal5 "$l" "$run" $(awk -v n="$n" -v len="$len" -v tb="$1" -v ts="$2" \
		-v rb="$3" -v rs="$4" -v rxd="$rxd" 'BEGIN {
		if (ts < 0.005) ts = 0.005
		printf "sent=%d tx_pdus_s=%.0f tx_mbit=%.1f", n, n / ts, tb * 8 / ts / 1e6
		if (rb == "x") {
			got = rxd - 1; if (got > n) got = n; if (got < 0) got = 0
			printf " received=%d lost=%d rx_missing=1", got, n - got; exit }
		if (rs < 0.005) rs = 0.005
		got = rb / len
		printf " received=%d lost=%d rx_pdus_s=%.0f rx_mbit=%.1f", got, n - got,
			got / rs, rb * 8 / rs / 1e6 }')$(delta snd /tmp/s.t0 /tmp/s.t1)$(delta rcv /tmp/s.r0 /tmp/s.r1)
}

# count_for RATE LEN: PDUs of one run (about 1.5 to 2 s in this guest)
count_for() {
	case "$1/$2" in
	oc3/64) n=60000 ;; oc3/1500) n=20000 ;; oc3/9180) n=3000 ;; oc3/65535) n=400 ;;
	*/64) n=60000 ;; */1500) n=40000 ;; */9180) n=12000 ;; */65535) n=1600 ;;
	*) n=10000 ;;
	esac
	scaled "$n"
}

# The atmtcp pair: interfaces 10 and 11 linked over loopback TCP.
section atmtcp setup
AT0=10 AT1=11
ATMTCP=
if insmod /lib/modules/kernel/atmtcp.ko 2>/tmp/atmtcp.ins ||
	grep -q '^atmtcp ' /proc/modules; then
	atmtcp virtual $AT0 listen > /tmp/atmtcp.0 2>&1 &
	wait_s 10 sh -c "netstat -ltn | grep -q ':2812 '"
	atmtcp virtual $AT1 connect 127.0.0.1 > /tmp/atmtcp.1 2>&1 &
	wait_s 10 sh -c "[ -e /proc/net/atm/atmtcp:$AT0 ] && [ -e /proc/net/atm/atmtcp:$AT1 ]"
	section atmtcp linked
	# Stock 6.1.192 refuses the daemon's answer to the open: the
	# opener waits for ever (uninterruptibly). Try one open first.
	atmtest open $AT0.0.99 > /tmp/atmtcp.try 2>&1 < /dev/null &
	if wait_s 3 has_line /tmp/atmtcp.try '^ok'; then
		ATMTCP=1
	else
		why="a PVC open does not complete: not patched with"
		why="$why qemu/bench-kernel-patches/ (daemon said:"
		why="$why $(tr '\n' ' ' < /tmp/atmtcp.0 | cut -c1-100))"
	fi
else
	why="no atmtcp module: $(cat /tmp/atmtcp.ins)"
fi
section aal5
vci=100
# Run 1 of every case, then run 2, ...: a drift in the host's load spreads
# over all of them alike.
for run in $(runs); do
	for len in $SIZES; do
		for c in $CASES; do
			r=${c%/*} d=${c#*/}
			if [ "$r" = max ]; then a=$I2 b=$I3; else a=$I0 b=$I1; fi
			[ "$d" = 1to0 ] && { x=$a; a=$b; b=$x; }
			vci=$((vci + 1))
			aal5 coatm "$r" "$d" "$a" "$b" "$len" "$(count_for "$r" "$len")" \
				"$run" $vci
		done
		if [ -n "$ATMTCP" ]; then
			vci=$((vci + 1))
			aal5 atmtcp - 0to1 $AT0 $AT1 "$len" "$(count_for max "$len")" \
				"$run" $vci
		fi
	done
done

if [ -z "$ATMTCP" ]; then
	for len in $SIZES; do U aal5 "atmtcp/-/0to1/$len" "$why"; done
fi

# -------------------------------------------------------------------- cbr
# rate_rx ITF VCI OUT [COUNT]: an atmtest rate receiver in the background
rate_rx() {
	rm -f "$3"
	atmtest rate "$1.0.$2" ${4:+-n $4} -t $IDLE > "$3" 2>&1 &
	RATE_PID=$!
	wait_s 10 has_line "$3" '^ok'
}
# rate_cells OUT LEN: cells/s from first to last SDU of a rate receiver
rate_cells() {
	awk -v c="$(cells "$2")" '/^rate/ { if ($2 > 1 && $4 > 0)
		printf "%.1f", ($2 - 1) * c / ($4 / 1e6); else printf "0"; f = 1 }
		END { if (!f) printf "0" }' "$1"
}

section cbr
CBR_LEN=9180
for pct in $CBR_PCTS; do
	pcr=$((OC3 * pct / 100))
	for run in $(runs); do
		vci=$((vci + 1))
		# About SECS seconds of traffic, at least 30 PDUs.
		n=$((pcr * SECS / $(cells $CBR_LEN)))
		[ "$n" -lt 30 ] && n=30
		n=$(scaled $n)
		rate_rx "$I1" $vci /tmp/cbr.r "$n" || {
			U cbr "oc3/$pct" "receiver did not open: $(cat /tmp/cbr.r)"; continue; }
		timeout 120 atmtest send "$I0.0.$vci" -s $CBR_LEN -n "$n" -c "$pcr" > /tmp/cbr.t 2>&1
		wait "$RATE_PID"
		got=$(rate_cells /tmp/cbr.r $CBR_LEN)
		R cbr "oc3/$pct" "$run" pcr="$pcr" sent="$n" \
			received="$(awk '/^rate/ { print $2 }' /tmp/cbr.r)" \
			rx_cells_s="$got" ratio="$(awk -v g="$got" -v p="$pcr" 'BEGIN { printf "%.4f", g / p }')"
	done
done

# -------------------------------------------------------------------- qos
# A CBR VC at 1 % of OC-3 kept saturated; beside it, a UBR bulk VC. The
# UBR VC should get the rest of the line.
section qos
for run in $(runs); do
	cv=$((vci + 1)) uv=$((vci + 2))
	vci=$((vci + 2))
	pcr=$((OC3 / 100))
	rate_rx "$I1" $cv /tmp/qos.c
	CRX=$RATE_PID
	rate_rx "$I1" $uv /tmp/qos.u
	URX=$RATE_PID
	# The CBR sender never runs dry during the UBR transfer.
	atmtest send "$I0.0.$cv" -s $CBR_LEN -n 1000000 -c "$pcr" > /dev/null 2>&1 &
	CTX=$!
	usleep 300000
	rest=$((OC3 - pcr))
	n=$(scaled $((rest * SECS / $(cells $CBR_LEN))))
	# Bounded: a UBR VC stuck behind the CBR VC would take minutes.
	timeout $((SECS + 5)) atmtest send "$I0.0.$uv" -s $CBR_LEN -n "$n" > /dev/null 2>&1
	wait "$URX"
	kill "$CTX" 2>/dev/null
	wait "$CTX" 2>/dev/null
	wait "$CRX"
	u=$(rate_cells /tmp/qos.u $CBR_LEN)
	c=$(rate_cells /tmp/qos.c $CBR_LEN)
	R qos "oc3/cbr1" "$run" pcr="$pcr" ubr_cells_s="$u" cbr_cells_s="$c" \
		$(awk -v u="$u" -v c="$c" -v p="$pcr" -v r="$rest" \
		'BEGIN { printf "ubr_of_rest=%.4f cbr_ratio=%.4f", u / r, c / p }')
done

# -------------------------------------------------------------------- vcs
# vcs PATH ITF: COUNT PVCs open at once, then open+close cycles
vcs() {
	p=$1 itf=$2
	for run in $(runs); do
		# An open that never gets its answer sleeps uninterruptibly
		# (atmtcp_send_control): no signal ends it, so do not wait for
		# ever; say how far it got and leave that interface alone.
		atmtest vcs "$itf.0.32" -n "$NVCS" > /tmp/vcs.out 2>&1 &
		vp=$!
		if ! wait_s "$VCS_LIMIT" has_line /tmp/vcs.out '^vcs'; then
			U vcs "$p/open" "not done after $VCS_LIMIT s, $(awk -v i="$itf" \
				'$1 == i { n++ } END { print n + 0 }' /proc/net/atm/pvc) VCs open"
			U vcs "$p/cycle" "not measured: the VC opens of $p/open hang"
			return
		fi
		wait "$vp"
		# shellcheck disable=SC2046
		set -- $(awk '/^vcs/ { print $2, $3, $4, $5 }' /tmp/vcs.out)
		nc=$NCYCLE
		if [ $# = 4 ]; then
			R vcs "$p/open" "$run" opened="$1" wanted="$2" \
				$(awk -v n="$1" -v o="$3" -v c="$4" 'BEGIN {
				printf "open_s=%.3f opens_s=%.1f closes_s=%.1f",
					o / 1e6, n / (o / 1e6 + 1e-6), n / (c / 1e6 + 1e-6) }') \
				"error=$(sed -n 's/^error //p' /tmp/vcs.out | tr -c 'A-Za-z0-9_\n' _)"
		else
			U vcs "$p/open" "atmtest vcs: $(head -c 200 /tmp/vcs.out)"
		fi
		# Open+close: about SECS seconds' worth, from the rate just seen.
		if [ "$nc" = 0 ] && [ $# != 4 ]; then
			nc=200
		elif [ "$nc" = 0 ]; then
			nc=$(awk -v n="$1" -v o="$3" -v c="$4" -v s="$SECS" 'BEGIN {
				r = 1 / (o / 1e6 / n + c / 1e6 / n + 1e-6); k = int(r * s)
				if (k < 20) k = 20; if (k > 20000) k = 20000; print k }')
		fi
		timeout 600 atmtest cycle "$itf.0.32" -n "$nc" > /tmp/cyc.out 2>&1
		# shellcheck disable=SC2046
		set -- $(awk '/^cycle/ { print $2, $3, $4 }' /tmp/cyc.out)
		if [ $# = 3 ]; then
			R vcs "$p/cycle" "$run" cycles="$1" \
				$(awk -v n="$1" -v u="$3" 'BEGIN { printf "cycles_s=%.1f", n / (u / 1e6 + 1e-6) }')
		else
			U vcs "$p/cycle" "atmtest cycle: $(head -c 200 /tmp/cyc.out)"
		fi
	done
}
section vcs
vcs coatm "$I0"
if [ -n "$ATMTCP" ]; then
	vcs atmtcp $AT0
else
	U vcs atmtcp/open "$why"
	U vcs atmtcp/cycle "$why"
fi

# --------------------------------------------------------------------- ip
section ip
if command -v iperf3 > /dev/null; then
	bg_start unshare -m -n sh -c 'mount -t sysfs sysfs /sys && exec sleep 100000'
	NSP=${BG# }
	NS="nsenter -t $NSP -n -m"
	wait_s 10 grep -qx sleep "/proc/$NSP/comm"
	$NS ip link set lo up
	reap_ours() {
		for pid in $BG; do [ "$pid" = "$NSP" ] || kill "$pid" 2>/dev/null; done
		for pid in $BG; do [ "$pid" = "$NSP" ] || wait "$pid" 2>/dev/null; done
		BG=" $NSP"
	}

	# ip_pair LABEL HERE THERE NET: addresses NET.1 here, NET.2 there,
	# then TCP and UDP-64 with the server there
	ip_pair() {
		pl=$1 here=$2 there=$3 net=$4
		ip link set "$there" netns "$NSP"
		ip addr add "$net.1/24" dev "$here"
		$NS ip addr add "$net.2/24" dev "$there"
		ip link set "$here" up
		$NS ip link set "$there" up
		if ! wait_s 20 ping -c 1 -W 1 "$net.2" > /dev/null 2>&1; then
			U ip "$pl/tcp" "no ping across $here - $there"
			U ip "$pl/udp64" "no ping across $here - $there"
			return
		fi
		iperf_server "$NS" "$net.2"
		# shellcheck disable=SC2086
		iperf_runs ip "$pl/tcp" "$net.2" $IPERF_LEN
		# shellcheck disable=SC2086
		iperf_runs ip "$pl/udp64" "$net.2" -u -b 0 -l 64 $IPERF_UDP_LEN
		reap_ours
	}

	eths=$(ls /sys/class/net | grep '^eth' | head -n 2 | tr '\n' ' ')
	# shellcheck disable=SC2086
	set -- $eths
	if [ $# = 2 ]; then
		ip_pair e1000 "$1" "$2" 10.0.1
	else
		U ip e1000/tcp "no e1000 pair in this kernel (found: $eths)"
		U ip e1000/udp64 "no e1000 pair in this kernel (found: $eths)"
	fi

	br2684ctl -b -c 0 -e 0 -p 1 -a "$I2.0.35" 2>>/tmp/br2684ctl.log
	br2684ctl -b -c 1 -e 0 -p 1 -a "$I3.0.35" 2>>/tmp/br2684ctl.log
	if wait_s 10 sh -c '[ -e /sys/class/net/nas0 ] && [ -e /sys/class/net/nas1 ]'; then
		ip_pair br2684 nas0 nas1 10.0.35
	else
		U ip br2684/tcp "br2684ctl: $(cat /tmp/br2684ctl.log)"
		U ip br2684/udp64 "br2684ctl: $(cat /tmp/br2684ctl.log)"
	fi
	reap_all
else
	for l in e1000/tcp e1000/udp64 br2684/tcp br2684/udp64; do
		U ip $l "no iperf3 in the guest"
	done
fi

echo "# bench: done"
exit 0

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# First throughput figures: ttcp_atm -a -s, UBR, port 0 -> port 1, at
# 64 and 9180 bytes. Prints PDUs/s and Mbit/s as both ends saw them and
# what the counters say was lost. Run with scripts/guest-run.sh.
. /tests/lib.sh

I0=$(atm_itf atm0)
I1=$(atm_itf atm1)
sysctl -qw net.core.rmem_max=8388608
for spec in "64 20000" "9180 3000"; do
	set -- $spec
	len=$1 n=$2 vci=$((1000 + len % 1000))
	rx0=$(aal_stat "$I1" AAL5 rx)
	ttcp_atm -r -a -s -b 8388608 -l "$len" "$I1.0.$vci" > /tmp/b.r 2>&1 &
	rpid=$!
	wait_for 10 vc_up "$I1" "0.$vci" rx
	ttcp_atm -t -a -s -l "$len" -n "$n" "$I0.0.$vci" > /tmp/b.t 2>&1
	wait_for 60 has_line /tmp/b.r 'ttcp-r:'
	kill $rpid 2>/dev/null
	wait $rpid 2>/dev/null
	got=$(( $(aal_stat "$I1" AAL5 rx) - rx0 - 6 ))
	for f in /tmp/b.t /tmp/b.r; do
		sed -n 's/^\(ttcp-[tr]\): \([0-9]*\) bytes in \([0-9.]*\) real.*/\1 \2 \3/p' "$f" |
		while read -r who bytes secs; do
			awk -v w="$who" -v b="$bytes" -v s="$secs" -v l="$len" -v n="$n" -v g="$got" \
			'BEGIN { printf "%s %5d B: %d of %d PDUs, %.0f PDUs/s, %.1f Mbit/s\n",
				 w, l, (w == "ttcp-t" ? n : g), n, b / l / s, b * 8 / s / 1e6 }'
		done
	done
done

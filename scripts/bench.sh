#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build the bench kernel (the test kernel without its debug
# set, with E1000 and a fixed atmtcp: scripts/build-kernel.sh bench), QEMU,
# our modules and a guest with iperf3; boot ONE guest with four coatm NICs
# (ports 0/1 at OC-3 on hub 0, ports 2/3 at the maximum line rate on hub
# 2) and two e1000 NICs (hub 1); run qemu/guest/bench/bench.sh there; write
# out/bench/bench-<time>.json (and latest.json) and print the table.
# See Documentation/bench.rst.
#
# BENCH_KDIR=TREE bench.sh: the same with the kernel built in TREE.
#
# bench.sh --smoke [OUTDIR]: one tiny run of each measurement against the
# test kernel, as make test runs it: fails unless every measurement gave
# its numbers (or, for the anchors the test kernel lacks, said why not).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$COATM_ROOT"

mode=full variant=bench out=$COATM_ROOT/out/bench
if [ "${1:-}" = --smoke ]; then
	mode=smoke variant=test out=${2:-$COATM_ROOT/out/bench-smoke}
fi
mkdir -p "$out" "$COATM_CACHE"
t0=$(date +%s)

bash scripts/deps.sh >&2
# BENCH_KDIR: measure with another kernel tree (built, with bzImage).
kdir=${BENCH_KDIR:-$(kernel_tree "$variant")}
qemu=$(qemu_binary)
make -s KDIR="$kdir" modules >&2
bash scripts/mkinitramfs.sh "$out/initramfs.cpio" "$kdir" "$COATM_ROOT"

# A second cpio archive: the guest side of the bench and iperf3 (Debian's,
# dynamically linked) with the libraries it loads.
layer=$(mktemp -d)
trap 'rm -rf "$layer"' EXIT
chmod 755 "$layer"
mkdir -p "$layer/bench"
cp qemu/guest/bench/*.sh "$layer/bench/"
chmod +x "$layer"/bench/*.sh
copy_with_libs() {
	local f=$1 lib
	mkdir -p "$layer$(dirname "$f")"
	cp -L "$f" "$layer$f"
	for lib in $(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*'); do
		mkdir -p "$layer$(dirname "$lib")"
		cp -L "$lib" "$layer$lib"
	done
}
copy_with_libs "$(command -v iperf3)"
(cd "$layer" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$out/bench.cpio"
cat "$out/initramfs.cpio" "$out/bench.cpio" > "$out/run.cpio"

# The device model alone on the host, while the machine is still quiet.
model=
if [ $mode = full ]; then
	model=$out/model.txt
	make -s -C qemu/tests bench > "$model" 2>&1 ||
		echo "bench: the model's micro-benchmark failed: $model" >&2
fi

t1=$(date +%s)
echo "bench: kernel $(basename "$kdir"), QEMU and initramfs ready in $((t1 - t0)) s;" \
	"booting the guest ($mode)" >&2
load0=$(cut -d' ' -f1-3 /proc/loadavg)
rc=0
python3 scripts/runner.py --raw --bench --qemu "$qemu" \
	--kernel "$kdir/arch/x86/boot/bzImage" --initrd "$out/run.cpio" \
	--out "$out/guest" --timeout "${COATM_BENCH_TIMEOUT:-3600}" --stall 0 \
	--append "coatm.run=/bench/bench.sh coatm.bench=$mode" \
	> "$out/guest.out" || rc=$?
load1=$(cut -d' ' -f1-3 /proc/loadavg)
t2=$(date +%s)
echo "bench: guest ran $((t2 - t1)) s (exit $rc); its output: $out/guest.out" >&2
[ $rc = 0 ] || { tail -n 20 "$out/guest.out"; echo "bench: see $out/guest/console.log" >&2; }

stamp=$(date +%Y%m%d-%H%M%S)
json=$out/bench-$stamp.json
check=
[ $mode = smoke ] && check=--check
rc2=0
python3 scripts/bench_report.py "$out/guest.out" --json "$json" $check \
	--meta "kernel=$(basename "$kdir")" --meta "mode=$mode" \
	--meta "runs=$([ $mode = smoke ] && echo 1 || echo 3)" \
	--meta "load_start=$load0" --meta "load_end=$load1" \
	--meta "guest_seconds=$((t2 - t1))" --meta "git=$(git describe --always --dirty 2>/dev/null || echo ?)" \
	${model:+--model "$model"} ||
	rc2=$?
cp "$json" "$out/latest.json"
echo "bench: JSON in $json (and $out/latest.json); $(($(date +%s) - t0)) s in all" >&2
[ $rc = 0 ] && [ $rc2 = 0 ]

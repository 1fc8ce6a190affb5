#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make coverage: line and branch coverage of drivers/ from the guest suite.
#
# Builds condis.ko and coatm.ko with gcov (GCOV_PROFILE=y; the test kernel
# has CONFIG_GCOV_KERNEL) in a copy of the tree under out/coverage/src,
# runs the guest suite (KUnit and every scenario, as make test does) and
# the two-guest pair scenarios with them, and collects their .gcda files
# from each guest (qemu/guest/init, coatm.gcov=1); gcov_persist keeps the
# counts of a module across unload and reload. Prints line and branch
# coverage per file with lcov, writes an HTML report to
# out/coverage/html/, and ends with "drivers/: NN.N% of lines".
# Exits non-zero if a guest run failed (the figures are printed anyway).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$COATM_ROOT"

out=$COATM_ROOT/out/coverage
rm -rf "$out"
mkdir -p "$out" "$COATM_CACHE"
bash scripts/deps.sh >&2
kdir=$(kernel_tree)
qemu=$(qemu_binary)
if ! grep -qx 'CONFIG_GCOV_KERNEL=y' "$kdir/.config"; then
	echo "coverage: the test kernel in $kdir has no CONFIG_GCOV_KERNEL" >&2
	exit 1
fi

# A copy of the module sources, built with gcov, so the normal build's
# objects stay as they are. gcov names the data files by these paths.
src=$out/src
mkdir -p "$src"
cp -r Kbuild Makefile drivers include kunit "$src/"
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name '*.gcno' -o -name '*.gcda' \) -delete
make -s -C "$src" KDIR="$kdir" GCOV_PROFILE=y modules >"$out/modules.log" 2>&1 ||
	{ cat "$out/modules.log"; exit 1; }
make -s -C tools >&2
bash scripts/mkinitramfs.sh "$out/initramfs.cpio" "$kdir" "$src"

# extract LOG: unpack the GCOV block of a guest's results.log into $src,
# adding to what is there (lcov sums the counts of several runs only if
# they are in separate directories: one per guest).
n=0
extract() {
	local dir=$out/gcda/$n
	n=$((n + 1))
	mkdir -p "$dir"
	sed -n '/^#### GCOV BEGIN/,/^#### GCOV END/p' "$1" | sed '1d;$d' |
		base64 -d | gzip -dc | tar -C "$dir" -xf -
}

rc=0
python3 scripts/runner.py --qemu "$qemu" --kernel "$kdir/arch/x86/boot/bzImage" \
	--initrd "$out/initramfs.cpio" --out "$out/guest" --append "coatm.gcov=1" \
	--timeout "${COATM_GUEST_TIMEOUT:-2700}" > "$out/guest.log" || rc=$?
tail -n 1 "$out/guest.log"
extract "$out/guest/results.log"
python3 scripts/runner.py --pair --qemu "$qemu" --kernel "$kdir/arch/x86/boot/bzImage" \
	--initrd "$out/initramfs.cpio" --out "$out/pair" --append "coatm.gcov=1" \
	--timeout "${COATM_GUEST_TIMEOUT:-1500}" > "$out/pair.log" || rc=$?
tail -n 1 "$out/pair.log"
for g in a b; do
	extract "$out/pair/$g/results.log"
done

# Each guest's data beside the objects' .gcno, captured separately, then
# added up.
infos=()
for d in "$out"/gcda/*; do
	# The guest's path under /sys/kernel/debug/gcov is the build path.
	find "$d" -name '*.gcda' | while read -r f; do
		case ${f#"$d"} in
		"$src"/*) cp "$f" "${f#"$d"}" ;;
		*) echo "coverage: unexpected data file ${f#"$d"}" >&2 ;;
		esac
	done
	lcov -q --rc lcov_branch_coverage=1 --capture --directory "$src" \
		--output-file "$d.info" 2>>"$out/lcov.log"
	find "$src" -name '*.gcda' -delete
	infos+=(--add-tracefile "$d.info")
done
lcov -q --rc lcov_branch_coverage=1 "${infos[@]}" --output-file "$out/all.info" \
	2>>"$out/lcov.log"
lcov -q --rc lcov_branch_coverage=1 --extract "$out/all.info" "$src/drivers/*" \
	--output-file "$out/drivers.info" 2>>"$out/lcov.log"
genhtml -q --branch-coverage --prefix "$src" --output-directory "$out/html" \
	"$out/drivers.info" >>"$out/lcov.log" 2>&1
lcov --rc lcov_branch_coverage=1 --list "$out/drivers.info" | sed "s|$src/||"
echo "coverage: HTML report in $out/html/index.html" >&2
lcov --rc lcov_branch_coverage=1 --summary "$out/drivers.info" 2>&1 |
	awk '/lines\.*:/ { sub(/%/, "", $2); printf "drivers/: %.1f%% of lines\n", $2 }'
exit $rc

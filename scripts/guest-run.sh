#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# guest-run.sh [--pair] FILE: run the shell script FILE inside the test
# guest (two coatm NICs on one hub, condis.ko and coatm.ko loaded,
# atm-tools and /tests/lib.sh available). Prints what the script printed
# and exits with its exit status; 124 if the guest did not finish. Logs:
# out/guest-run/.
#
# --pair: run FILE in two guests at once, a and b, each with one NIC, the
# two NICs linked by a QEMU stream netdev; each output line is prefixed
# with "a: " or "b: ". In the guests, $ROLE is a or b and `barrier NAME`
# (lib.sh) meets the other guest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pair=
if [ "${1:-}" = --pair ]; then
	pair=--pair
	shift
fi
file=${1:?usage: guest-run.sh [--pair] FILE}
[ -f "$file" ] || { echo "guest-run: no such file: $file" >&2; exit 2; }
out=${COATM_OUT:-$COATM_ROOT/out/guest-run}
eval "$(bash "$COATM_ROOT/scripts/prepare.sh" "$out")"

# A second cpio archive appended to the first adds /tests/user.sh.
extra=$(mktemp -d)
chmod 755 "$extra"	# its "." entry sets the mode of /
trap 'rm -rf "$extra"' EXIT
mkdir -p "$extra/tests"
cp "$file" "$extra/tests/user.sh"
(cd "$extra" && find . | cpio -o -H newc --quiet -R 0:0) > "$out/user.cpio"
cat "$INITRD" "$out/user.cpio" > "$out/run.cpio"

exec python3 "$COATM_ROOT/scripts/runner.py" --raw --qemu "$QEMU" \
	--kernel "$KDIR/arch/x86/boot/bzImage" --initrd "$out/run.cpio" \
	--out "$out/guest" --timeout "${COATM_GUEST_TIMEOUT:-600}" \
	--append "coatm.run=/tests/user.sh" $pair

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: sparse (C=2) over our kernel code and checkpatch --strict
# over every kernel source and header of ours; QEMU's own checkpatch over
# the device model. Any finding fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$COATM_ROOT"

if [ -z "${KDIR:-}" ]; then
	KDIR=/lib/modules/$(uname -r)/build
	[ -d "$KDIR" ] || KDIR=$(kernel_tree)
fi
fail=0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
make -s -C "$KDIR" M="$COATM_ROOT" C=2 modules >"$log" 2>&1 || fail=1
# sparse never fails the build by itself: any warning about our files does.
if grep -E "^($COATM_ROOT/)?(drivers|kunit|include)/.*: (warning|error)" "$log"; then
	fail=1
fi
[ $fail = 0 ] || { echo "check: sparse/build findings above"; cat "$log"; }

files=$(git ls-files -co --exclude-standard 'drivers/*.[ch]' 'kunit/*.[ch]' \
	'include/*.h')
if ! perl "$KDIR/scripts/checkpatch.pl" --strict --no-tree --quiet \
	--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES -f $files; then
	fail=1
fi
# kernel-doc on every exported symbol and on the miniport contract.
if "$KDIR/scripts/kernel-doc" -none -v $files 2>&1 | grep -i warn; then
	fail=1
fi

# Every exported symbol has a kernel-doc comment.
for sym in $(grep -ho 'EXPORT_SYMBOL[_A-Z]*([a-z_0-9]*)' $files | sed 's/.*(\(.*\))/\1/'); do
	if ! grep -qE "^ \* $sym(\(\))? - " $files; then
		echo "check: exported $sym has no kernel-doc"
		fail=1
	fi
done

src=$(qemu_src 2>/dev/null || true)
if [ -n "$src" ] && [ -x "$src/scripts/checkpatch.pl" ]; then
	perl "$src/scripts/checkpatch.pl" --no-tree -q -f \
		qemu/*.c qemu/*.h || fail=1
fi

[ $fail = 0 ] && echo "check: clean"
exit $fail

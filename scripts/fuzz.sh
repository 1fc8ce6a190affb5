#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fuzz.sh SECONDS [SEED] [WORKERS]: run the fuzzer (tools/fuzz/atmfuzz.c)
# for SECONDS in the test guest through guest-run.sh, with the checks of
# scenario 66-fuzz.sh afterwards (no VC left, kmemleak clean, both ports
# carry traffic each way; guest-run's runner reports any kernel splat).
# SEED defaults to one from the clock; it is printed, and the same SEED
# replays the run. `make fuzz SECONDS=N SEED=S` calls this. Exit status:
# the guest script's (non-zero on any violation or failed check), 124 if
# the guest did not finish.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

secs=${1:?usage: fuzz.sh SECONDS [SEED] [WORKERS]}
seed=${2:-$(date +%s)}
workers=${3:-4}
case "$secs$seed$workers" in
*[!0-9]*) echo "fuzz.sh: SECONDS, SEED and WORKERS are numbers" >&2; exit 2 ;;
esac
echo "fuzz: seed $seed, $secs s, $workers workers" >&2

script=$(mktemp)
trap 'rm -f "$script"' EXIT
# Operations: as many as fit in the time (the fuzzer stops at -t).
cat > "$script" <<EOS
#!/bin/sh
export FUZZ_SEED=$seed FUZZ_SECONDS=$secs FUZZ_WORKERS=$workers
export FUZZ_OPS=$((secs * 100000))
exec sh /tests/66-fuzz.sh
EOS
export COATM_GUEST_TIMEOUT=$((secs + 600))
# The fuzzer prints nothing until it ends.
export COATM_GUEST_STALL=0
export COATM_OUT=${COATM_OUT:-$COATM_ROOT/out/fuzz}
rc=0
bash "$COATM_ROOT/scripts/guest-run.sh" "$script" || rc=$?
echo "fuzz: seed $seed: exit $rc (logs: $COATM_OUT)" >&2
exit $rc

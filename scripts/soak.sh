#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# soak.sh [PDUS] [SEED]: the soak (qemu/guest/soak/soak.sh) in the test
# guest through guest-run.sh: PDUS (10^6) PDUs on a healthy link, a
# quarter as many under resets and a quarter under link flaps, across 64
# VCs opening and closing; see that script for what it checks.
# `make soak PDUS=N SEED=S` calls this. Not part of make test (it runs
# for many minutes). Exit status: the guest script's; 124 if the guest
# did not finish.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pdus=${1:-1000000}
seed=${2:-1}
case "$pdus$seed" in
*[!0-9]*) echo "soak.sh: PDUS and SEED are numbers" >&2; exit 2 ;;
esac
echo "soak: $pdus PDUs, seed $seed" >&2

script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<EOS
#!/bin/sh
export SOAK_PDUS=$pdus SOAK_SEED=$seed
exec sh /tests/soak/soak.sh
EOS
# The debug kernel moves a few thousand PDUs a second: allow 1.5 ms each.
export COATM_GUEST_TIMEOUT=$((pdus * 3 / 2000 + 600))
# A phase prints nothing until it ends.
export COATM_GUEST_STALL=0
export COATM_OUT=${COATM_OUT:-$COATM_ROOT/out/soak}
rc=0
bash "$COATM_ROOT/scripts/guest-run.sh" "$script" || rc=$?
echo "soak: $pdus PDUs, seed $seed: exit $rc (logs: $COATM_OUT)" >&2
exit $rc

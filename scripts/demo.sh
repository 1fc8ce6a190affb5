#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build everything, boot a guest with two linked coatm NICs,
# load the driver and show the devices, a PVC and an SVC call and the carrier
# with atm-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/guest-run.sh qemu/guest/demo/demo.sh

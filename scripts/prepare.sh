#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# prepare.sh OUTDIR: deps, test kernel, QEMU, our modules and the guest
# initramfs. Prints shell assignments KDIR=, QEMU=, INITRD= on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$COATM_ROOT"

out=$1
mkdir -p "$out" "$COATM_CACHE"
bash scripts/deps.sh >&2
kdir=$(kernel_tree)
qemu=$(qemu_binary)
make -s KDIR="$kdir" modules >&2
bash scripts/mkinitramfs.sh "$out/initramfs.cpio" "$kdir" "$COATM_ROOT"
echo "KDIR=$kdir"
echo "QEMU=$qemu"
echo "INITRD=$out/initramfs.cpio"

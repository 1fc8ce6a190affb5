#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The debug kernel's PVC scenario, unchanged, on Debian's kernel: aread /
# awrite and ttcp_atm between the two ports, bytes checked.
exec sh /tests/50-pvc.sh

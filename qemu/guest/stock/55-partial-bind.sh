#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The debug kernel's partial-bind scenario, unchanged, on Debian's kernel,
# which lacks the fix to net/atm: coatm's refusal is what keeps a user
# from locking the machine up through it.
exec sh /tests/59-partial-bind.sh

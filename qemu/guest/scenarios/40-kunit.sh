#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Load the KUnit suites (built as modules) and hand their KTAP to the host,
# which parses and counts every test case.
. /tests/lib.sh

for m in /lib/modules/coatm/*_test.ko; do
	name=$(basename "$m" .ko)
	if ! insmod "$m"; then
		notok "insmod $name"
		continue
	fi
	for r in /sys/kernel/debug/kunit/*/results; do
		suite=$(basename "$(dirname "$r")")
		grep -q "^#### KUNIT $suite" /tmp/kunit-done 2>/dev/null && continue
		echo "#### KUNIT BEGIN $suite"
		cat "$r"
		echo "#### KUNIT END $suite"
		echo "#### KUNIT $suite" >> /tmp/kunit-done
	done
	rmmod "$name" || notok "rmmod $name"
done
finish

# SPDX-License-Identifier: GPL-2.0
#
# coatm: CoNDIS shim + PCI ATM SAR NIC driver, its QEMU device model,
# and the test world around them. See README.md.
#
#   make            build condis.ko and coatm.ko against $(KDIR)
#   make install    install them into $(INSTALL_MOD_PATH)/lib/modules/<release>/
#                   $(INSTALL_MOD_DIR) (default: extra) and run depmod
#   make test       install deps, build everything, run all tests
#   make demo       boot a guest with two linked NICs and show them
#   make bench      measure coatm against atmtcp and e1000 in one guest
#   make check      sparse (C=2) + checkpatch --strict, must be clean
#   make guest-run FILE=script.sh   run a shell script inside the guest
#   make coverage   line and branch coverage of drivers/ from the guest
#                   suite (gcov, lcov; HTML in out/coverage/html)
#   make soak PDUS=N SEED=S   the soak (scripts/soak.sh): 10^6 PDUs across
#                   64 VCs opening and closing, then resets and link flaps
#   make fuzz SECONDS=N SEED=S   run the fuzzer (tools/fuzz) for N seconds
#                   in the guest with seed S (default: 300 s, seed from
#                   the clock)

KDIR ?= /lib/modules/$(shell uname -r)/build
M := $(CURDIR)
INSTALL_MOD_DIR ?= extra
# The release modules_install installs for: UTS_RELEASE, as in vermagic
# (Debian's headers answer `make kernelrelease` with the upstream version).
KRELEASE = $(shell awk '/UTS_RELEASE/ { gsub(/"/, "", $$3); print $$3 }' \
	     $(KDIR)/include/generated/utsrelease.h)

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(M) modules

install: modules
	$(MAKE) -C $(KDIR) M=$(M) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KRELEASE)

tools:
	$(MAKE) -C tools

clean:
	$(MAKE) -C $(KDIR) M=$(M) clean 2>/dev/null || true
	$(MAKE) -C qemu/tests clean
	$(MAKE) -C tools clean
	rm -rf out

test:
	scripts/test.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

check:
	scripts/check.sh

coverage:
	scripts/coverage.sh

guest-run:
	scripts/guest-run.sh $(FILE)

PDUS ?= 1000000
soak:
	scripts/soak.sh $(PDUS) $(or $(SEED),1)

SECONDS ?= 300
fuzz:
	scripts/fuzz.sh $(SECONDS) $(SEED)

.PHONY: all modules install tools clean test demo bench check coverage guest-run soak fuzz

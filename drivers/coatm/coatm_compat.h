/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coatm: what differs between the kernels coatm builds for (Debian's 6.1
 * and 6.12). Each entry names the kernel change that needs it; the list
 * is in Documentation/coatm-driver.rst, "Kernels".
 */
#ifndef COATM_COMPAT_H
#define COATM_COMPAT_H

#include <linux/pci.h>

/*
 * v6.8 ("PCI: Add PCI_IRQ_INTX and PCI_IRQ_ALL_TYPES") named the legacy
 * interrupt PCI_IRQ_INTX; v6.10 removed PCI_IRQ_LEGACY.
 */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

#endif /* COATM_COMPAT_H */

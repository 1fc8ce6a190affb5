/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coatm: PCI ATM SAR NIC miniport for the CoNDIS shim.
 *
 * Locking and context:
 * - probe/remove run in process context and may sleep.
 * - coatm_misc_irq() is the hard IRQ handler of vector COATM_VEC_MISC (or
 *   of the shared INTx line): it reads and acks INT_CAUSE and defers the
 *   work; it takes no lock.
 * - link_work runs on the system workqueue: it reads STATUS and indicates
 *   the link state to the shim. It is the only writer of @link_up.
 * - @int_mask is written only in process context with the IRQ disabled or
 *   quiesced (probe, remove).
 */
#ifndef _COATM_H
#define _COATM_H

#include <linux/atomic.h>
#include <linux/pci.h>
#include <linux/workqueue.h>
#include <condis/condis.h>
#include "coatm_hw.h"

#define COATM_DRV_NAME	"coatm"

/**
 * struct coatm_dev - one coatm NIC
 * @pdev: the PCI device
 * @regs: BAR0
 * @ad: the shim adapter, NULL until registered
 * @caps: validated capabilities
 * @esi: end system identifier
 * @msix: true if MSI-X vectors are in use, false for INTx
 * @int_mask: value last written to INT_MASK
 * @link_up: carrier as last indicated to the shim
 * @link_work: reads the link state after a LINK interrupt
 * @irqs: interrupts handled, for debugging
 * @link_events: link changes seen
 */
struct coatm_dev {
	struct pci_dev *pdev;
	void __iomem *regs;
	struct condis_adapter *ad;
	struct coatm_caps caps;
	u8 esi[COATM_ESI_LEN];
	bool msix;
	u32 int_mask;
	bool link_up;
	struct work_struct link_work;
	atomic_t irqs;
	atomic_t link_events;
};

static inline u32 coatm_rd(struct coatm_dev *cd, u32 reg)
{
	return readl(cd->regs + reg);
}

static inline void coatm_wr(struct coatm_dev *cd, u32 reg, u32 val)
{
	writel(val, cd->regs + reg);
}

/* coatm_hw.c */
int coatm_hw_init(struct coatm_dev *cd);
int coatm_hw_reset(struct coatm_dev *cd);
void coatm_hw_set_int_mask(struct coatm_dev *cd, u32 mask);
bool coatm_hw_link_up(struct coatm_dev *cd);

/* coatm_irq.c */
int coatm_irq_init(struct coatm_dev *cd);
void coatm_irq_fini(struct coatm_dev *cd);

#endif /* _COATM_H */

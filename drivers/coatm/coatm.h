/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coatm: PCI ATM SAR NIC miniport for the CoNDIS shim.
 *
 * Context and locking:
 * - probe/remove, the VC handlers (create/activate/deactivate/delete) and
 *   set_loopback run in process context and may sleep.
 * - The hard IRQ handlers read and acknowledge INT_CAUSE and defer: TX
 *   and RX completions to tasklets (BH), events and link changes to
 *   work items (process context).
 * - @tx_lock (BH) protects the TX queues (rings, shadow slots, backlogs)
 *   and every coatm_vc's @inflight, @closing and @txq. The send handler takes it
 *   from process or BH context; skbs are completed outside it.
 * - @rx_lock (BH) protects the RX rings, the buffers, @vc_table lookups
 *   and every coatm_vc's reassembly state. The RX tasklet holds it while
 *   it runs; a VC leaves @vc_table under it, so no receive is indicated
 *   on a VC after its close completed.
 * - @cmd_lock (BH) protects the command ring and its pending table.
 *   Events are processed by @evt_work only.
 * - @ctrl_lock protects the CTRL register shadow, and makes setting
 *   @removing atomic with unmasking interrupts and arming the watchdog.
 * - Reset (coatm_reset.c) runs in process context from the shim, which
 *   keeps sends, OID requests and VC operations out while it runs; the
 *   reset quiesces interrupts, tasklets and work items before it touches
 *   the rings.
 */
#ifndef _COATM_H
#define _COATM_H

#include <linux/atomic.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <condis/condis.h>
#include "coatm_desc.h"
#include "coatm_hw.h"
#include "coatm_compat.h"

#define COATM_DRV_NAME	"coatm"
#define COATM_DRV_VERSION	0x00010000	/* 1.0: major << 16 | minor */

/**
 * struct coatm_ring - one descriptor ring in coherent host memory
 * @desc: the entries
 * @dma: their bus address
 * @size: entries, a power of two
 * @esize: bytes per entry
 * @prod: producer index (free running); the driver's own for TX, RXF, CMD
 * @cons: consumer index (free running); the driver's own for RXC, EVT
 * @id: COATM_RING_*
 */
struct coatm_ring {
	void *desc;
	dma_addr_t dma;
	u32 size;
	u32 esize;
	u32 prod;
	u32 cons;
	unsigned int id;
};

/**
 * struct coatm_tx_slot - what the driver remembers of a posted TX descriptor
 * @skb: the skb, completed when the device is done with it; NULL if the
 *	send was copied to @copy (and completed at once)
 * @copy: the copy's block in @tx_pool, or NULL if @skb is mapped
 * @dma: the mapping of @skb's data, or of @copy
 * @map_len: the mapped length (@skb only)
 * @vc: the VC it was sent on; NULL: the slot is free
 */
struct coatm_tx_slot {
	struct sk_buff *skb;
	void *copy;
	dma_addr_t dma;
	u32 map_len;
	struct coatm_vc *vc;
};

/**
 * struct coatm_rx_buf - one receive buffer, mapped once, recycled
 * @data: the buffer
 * @dma: its streaming mapping (DMA_FROM_DEVICE)
 * @posted: owned by the device (on the RXF ring or held for reassembly)
 */
struct coatm_rx_buf {
	void *data;
	dma_addr_t dma;
	bool posted;
};

/*
 * TX queues. A device with COATM_CAP_TX_CLASS_RINGS has one TX ring per
 * service class and serves CBR, then VBR, then UBR among the heads its
 * shaping lets go, so no VC's shaping holds back a VC of another class;
 * without it every class shares the one ring. Each queue has its own
 * backlog, so a full CBR ring does not hold back UBR sends either.
 */
enum coatm_txq_id {
	COATM_TXQ_UBR,
	COATM_TXQ_CBR,
	COATM_TXQ_VBR,
	COATM_NUM_TXQ,
};

/**
 * struct coatm_txq - one TX queue
 * @ring: its descriptor ring
 * @slots: one per ring entry
 * @backlog: sends waiting for room on @ring
 * @sb_head: where the status block holds the ring's HEAD (COATM_SB_*)
 * @wd_head: HEAD at the last watchdog check
 * @name: for messages and /proc
 */
struct coatm_txq {
	struct coatm_ring ring;
	struct coatm_tx_slot *slots;
	struct sk_buff_head backlog;
	unsigned int sb_head;
	u32 wd_head;
	const char *name;
};

/* What a closing VC whose last send was reaped needs next (@tx_action). */
enum coatm_vc_tx_action {
	COATM_VC_DRAINED = 1,
	COATM_VC_CLOSED,
};

/* Largest tx_copybreak: a copy never needs more than a page. */
#define COATM_TX_COPYBREAK_MAX	4096

/* Most buffers one AAL5 PDU may span. */
#define COATM_MAX_FRAGS		(DIV_ROUND_UP(COATM_AAL5_MAX_SDU + 55, \
					      COATM_RX_BUF_SIZE_MIN) + 1)

/**
 * struct coatm_vc - the miniport's per-VC state
 * @cd: the device
 * @cvc: the shim's VC
 * @handle: the device's VC handle (an index < max VCs)
 * @opened: the device has the VC programmed (an OPEN succeeded); written
 *	only by the VC handlers and @evt_work, which the shim and the
 *	ordered workqueue serialize
 * @vpi: VPI
 * @vci: VCI
 * @aal: COATM_AAL0 or COATM_AAL5
 * @dir: COATM_DIR_* bits
 * @max_sdu: largest SDU accepted on receive
 * @inflight: sends accepted whose descriptor the device has not finished
 *	with, or which wait on a backlog (under @tx_lock); a copied send
 *	counts until its descriptor is reaped, though its skb is completed
 * @closing: deactivation requested; CLOSE goes out when @inflight is 0,
 *	or when @drain_work gives up waiting (under @tx_lock)
 * @close_posted: the CLOSE command was posted (under @tx_lock)
 * @close_done: the device answered the CLOSE while sends were still to
 *	be completed: the last one completes the deactivation (under
 *	@tx_lock)
 * @drain_work: a closing VC whose sends did not go out in close_drain_ms
 *	(a VC shaped far below them): discards the rest and closes it
 * @tx_rate: cells/s the device may send the VC at (its PCR, or SCR for
 *	VBR; 0: the line rate), for the TX watchdog (under @tx_lock)
 * @tx_max_cells: cells of the largest SDU posted on the VC (under @tx_lock)
 * @txq: the TX queue its sends go to (under @tx_lock)
 * @txq_next: the TX queue of its service class; @txq follows it only
 *	while no send is in flight, so the VC's PDUs never pass each other
 *	on two rings (under @tx_lock)
 * @tx_node: on @tx_closing while @tx_action waits (under @tx_lock)
 * @tx_action: what a closing VC whose last send was reaped needs next:
 *	COATM_VC_DRAINED (post its CLOSE) or COATM_VC_CLOSED (complete its
 *	deactivation)
 * @reactivate: the pending OPEN/MODIFY is a MODIFY
 * @frags: buffer ids of the AAL5 PDU being received (under @rx_lock)
 * @frag_len: bytes in each of @frags
 * @nfrags: entries in @frags
 * @rx_pdus: PDUs indicated on this VC
 * @rx_errors: PDUs lost on this VC (damaged or no memory)
 */
struct coatm_vc {
	struct coatm_dev *cd;
	struct condis_vc *cvc;
	u16 handle;
	bool opened;
	u16 vpi;
	u32 vci;
	u8 aal;
	u8 dir;
	u32 max_sdu;
	u32 inflight;
	bool closing;
	bool close_posted;
	bool close_done;
	struct delayed_work drain_work;
	u32 tx_rate;
	u32 tx_max_cells;
	u8 txq;
	u8 txq_next;
	struct list_head tx_node;
	u8 tx_action;
	bool reactivate;
	u32 frags[COATM_MAX_FRAGS];
	u32 frag_len[COATM_MAX_FRAGS];
	u32 nfrags;
	u64 rx_pdus;
	u64 rx_errors;
};

/*
 * Driver-internal opcode: an OPEN that re-programs an active VC after a
 * reset. The device sees COATM_CMD_OPEN.
 */
#define COATM_CMD_REPROGRAM	0x8001

/**
 * struct coatm_cmd_pending - a command waiting for its event
 * @vc: the VC, NULL once the VC was deleted without waiting
 * @opcode: COATM_CMD_* or COATM_CMD_REPROGRAM
 * @tag: the tag it was posted with
 */
struct coatm_cmd_pending {
	struct coatm_vc *vc;
	u16 opcode;
	u32 tag;
};

/**
 * struct coatm_errors - what the driver caught the device doing wrong
 * @bad_index: a ring index out of range
 * @bad_buf: an RX completion naming a buffer the device does not hold
 * @bad_len: a length beyond the buffer or the PDU limit
 * @bad_vc: a completion for a VC handle that is not open for it
 * @bad_seq: an AAL5 RX completion out of its PDU's order (one before it
 *	went missing, COATM_CAP_RXC_FRAG)
 * @bad_event: an event that matches no pending command
 * @tx_not_done: TX HEAD passed a descriptor the device did not complete
 * @device_errors: error interrupts (ERROR register set)
 * @tx_timeouts: watchdog: TX made no progress for tx_timeout_ms
 * @dead: watchdog or reset found the device off the bus
 */
struct coatm_errors {
	u64 bad_index;
	u64 bad_buf;
	u64 bad_len;
	u64 bad_vc;
	u64 bad_seq;
	u64 bad_event;
	u64 tx_not_done;
	u64 device_errors;
	u64 tx_timeouts;
	u64 dead;
};

/**
 * struct coatm_dev - one coatm NIC
 * @pdev: the PCI device
 * @regs: BAR0
 * @ad: the shim adapter, NULL until registered (set under @ctrl_lock;
 *	the link and error paths read it with READ_ONCE())
 * @caps: validated capabilities
 * @esi: end system identifier
 * @msix: true if MSI-X vectors are in use, false for INTx
 * @int_mask: value last written to INT_MASK (under @ctrl_lock; the
 *	interrupt handler reads it locklessly). LINK and ERROR stay masked
 *	while @ad is NULL and once @removing is set: their handlers report
 *	to the shim.
 * @link_up: carrier as last indicated to the shim
 * @link_work: reads the link state after a LINK interrupt
 * @irqs: interrupts handled, for debugging
 * @link_events: link changes seen
 * @ctrl_lock: protects @ctrl, @int_mask, @ad and @removing
 * @ctrl: value last written to CTRL
 * @sb: status block (coherent), the device's ring indices
 * @sb_dma: its bus address
 * @txq: the TX queues (COATM_TXQ_*)
 * @nr_txq: TX queues in use: COATM_NUM_TXQ, or 1 (UBR's carries all)
 * @tx_done: sends to complete from the TX tasklet: those that failed
 *	before reaching a ring, and those copied to one
 * @tx_pool: blocks sends of up to @tx_copybreak bytes are copied to
 * @tx_copybreak: 0, or the largest send copied rather than mapped
 * @tx_closing: closing VCs whose last send was reaped (their @tx_action)
 * @tx_copied: sends copied and completed at once (under @tx_lock)
 * @tx_copy_errors: of those, the ones the device then failed: not sent,
 *	their socket already told they were (under @tx_lock)
 * @tx_lock: see the locking notes above
 * @tx_tasklet: reaps TX completions
 * @rxf: RX free buffer ring
 * @rxc: RX completion ring
 * @rx_bufs: the receive buffers, indexed by buffer id
 * @nr_rx_bufs: entries in @rx_bufs
 * @rx_buf_size: bytes per receive buffer
 * @rx_lock: see the locking notes above
 * @rx_tasklet: processes RX completions
 * @vc_table: open VCs by device handle (under @rx_lock)
 * @vc_ida: allocates device handles
 * @cmd: command ring
 * @cmd_pending: one per command ring entry
 * @cmd_done_vc: the VC whose command's completion @evt_work is running
 *	(under @cmd_lock): coatm_delete_vc() waits for it before freeing it
 * @cmd_lock: see the locking notes above
 * @evt: event ring
 * @evt_work: processes events
 * @err: device misbehaviour caught
 * @wq: ordered workqueue for @evt_work, @link_work, @error_work and
 *	@watchdog
 * @removing: remove() started: no interrupt unmasking or watchdog arming
 *	(under @ctrl_lock)
 * @dead: the last reset found the device off the bus
 * @resetting: a reset is in progress: a closing VC that drains does not
 *	post its CLOSE (under @tx_lock)
 * @error_work: handles an error interrupt: asks the shim for a reset
 * @last_error: ERROR bits the interrupt handler saw, for @error_work
 * @watchdog: checks that TX makes progress and the device answers
 * @wd_cells: TX cell counter (low word) at the last check
 * @wd_since: jiffies when TX last made progress
 * @resets: resets done
 * @reset_tx_lost: sends completed with RESET_IN_PROGRESS by resets
 * @tx_aborted: sends a closing VC discarded after close_drain_ms (under
 *	@tx_lock)
 * @wd_checks: watchdog checks done (it runs every tx_timeout_ms / 4)
 * @reprogram_left: re-programming OPENs not yet answered, plus one
 * @reprogram_done: completed when @reprogram_left drops to zero
 * @cnt_base: device counters banked by resets (the device zeroes them)
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

	spinlock_t ctrl_lock;	/* see above */
	u32 ctrl;

	__le32 *sb;
	dma_addr_t sb_dma;

	struct coatm_txq txq[COATM_NUM_TXQ];
	unsigned int nr_txq;
	struct sk_buff_head tx_done;
	struct dma_pool *tx_pool;
	u32 tx_copybreak;
	struct list_head tx_closing;
	u64 tx_copied;
	u64 tx_copy_errors;
	spinlock_t tx_lock;	/* see above */
	struct tasklet_struct tx_tasklet;

	struct coatm_ring rxf;
	struct coatm_ring rxc;
	struct coatm_rx_buf *rx_bufs;
	u32 nr_rx_bufs;
	u32 rx_buf_size;
	spinlock_t rx_lock;	/* see above */
	struct tasklet_struct rx_tasklet;
	struct coatm_vc **vc_table;
	struct ida vc_ida;

	struct coatm_ring cmd;
	struct coatm_cmd_pending *cmd_pending;
	struct coatm_vc *cmd_done_vc;
	spinlock_t cmd_lock;	/* see above */
	struct coatm_ring evt;
	struct work_struct evt_work;

	struct coatm_errors err;
	struct workqueue_struct *wq;

	bool removing;
	bool dead;
	bool resetting;
	struct work_struct error_work;
	atomic_t last_error;
	struct delayed_work watchdog;
	u32 wd_cells;
	unsigned long wd_since;
	u64 resets;
	u64 reset_tx_lost;
	u64 tx_aborted;
	atomic_t wd_checks;
	atomic_t reprogram_left;
	struct completion reprogram_done;
	u64 cnt_base[COATM_NUM_COUNTERS];
};

static inline u32 coatm_rd(struct coatm_dev *cd, u32 reg)
{
	return readl(cd->regs + reg);
}

static inline void coatm_wr(struct coatm_dev *cd, u32 reg, u32 val)
{
	writel(val, cd->regs + reg);
}

/* The device's copy of one of its ring indices, from the status block. */
static inline u32 coatm_sb_index(struct coatm_dev *cd, unsigned int off)
{
	u32 v = le32_to_cpu(READ_ONCE(cd->sb[off / sizeof(u32)]));

	/* Entries the index announces are read only after it. */
	dma_rmb();
	return v;
}

/* coatm_main.c */
int coatm_hw_start(struct coatm_dev *cd, u32 ctrl);

/* coatm_hw.c */
bool coatm_hw_alive(struct coatm_dev *cd);
int coatm_hw_init(struct coatm_dev *cd);
int coatm_hw_reset(struct coatm_dev *cd);
void coatm_hw_set_int_mask(struct coatm_dev *cd, u32 mask);
bool coatm_hw_link_up(struct coatm_dev *cd);
void coatm_hw_set_ctrl(struct coatm_dev *cd, u32 set, u32 clear);
u64 coatm_hw_counter(struct coatm_dev *cd, unsigned int n);
void coatm_hw_counters_save(struct coatm_dev *cd);

/* coatm_irq.c */
int coatm_irq_init(struct coatm_dev *cd);
void coatm_irq_quiesce(struct coatm_dev *cd);
void coatm_irq_fini(struct coatm_dev *cd);

/* coatm_rings.c */
int coatm_rings_alloc(struct coatm_dev *cd);
void coatm_rings_program(struct coatm_dev *cd);
void coatm_rings_free(struct coatm_dev *cd);

/* coatm_tx.c */
void coatm_tx_send(struct coatm_dev *cd, struct coatm_vc *vc,
		   struct sk_buff *skb, bool oam);
void coatm_tx_tasklet(struct tasklet_struct *t);
void coatm_tx_reclaim(struct coatm_dev *cd);
void coatm_tx_abort_vc(struct coatm_dev *cd, struct coatm_vc *vc);
unsigned long coatm_tx_shaping_grace(struct coatm_dev *cd,
				     struct coatm_txq *q, u32 head);
unsigned int coatm_txq_of_service(struct coatm_dev *cd, u32 service);

/* coatm_rx.c */
int coatm_rx_alloc_bufs(struct coatm_dev *cd);
void coatm_rx_free_bufs(struct coatm_dev *cd);
void coatm_rx_post_all(struct coatm_dev *cd);
void coatm_rx_tasklet(struct tasklet_struct *t);
void coatm_rx_poll_locked(struct coatm_dev *cd);
void coatm_rx_release_vc_locked(struct coatm_dev *cd, struct coatm_vc *vc);
void coatm_rx_reset(struct coatm_dev *cd);

/* coatm_cmd.c */
int coatm_cmd_post(struct coatm_dev *cd, struct coatm_vc *vc, u16 opcode,
		   const struct condis_vc_params *p);
void coatm_evt_work(struct work_struct *work);
void coatm_cmd_reset(struct coatm_dev *cd);

/* coatm_reset.c */
u32 coatm_reset(void *priv);
void coatm_error_work(struct work_struct *work);
void coatm_watchdog_work(struct work_struct *work);
void coatm_watchdog_arm(struct coatm_dev *cd);
void coatm_unmask_all(struct coatm_dev *cd);
void coatm_set_adapter(struct coatm_dev *cd, struct condis_adapter *ad);

/* coatm_oid.c */
extern const u32 coatm_oids[];
extern const unsigned int coatm_nr_oids;
u32 coatm_oid_request(void *priv, void *vc_ctx, struct condis_oid_req *req);

/* coatm_vc.c */
extern const struct condis_miniport_ops coatm_miniport_ops;
void coatm_vc_open_done(struct coatm_vc *vc, u32 dev_status);
void coatm_vc_close_done(struct coatm_vc *vc);
void coatm_vc_closed(struct coatm_vc *vc);
void coatm_vc_drained(struct coatm_vc *vc);
void coatm_vc_reprogram_done(struct coatm_vc *vc, u32 dev_status);
void coatm_vc_forget(struct coatm_vc *vc);

#endif /* _COATM_H */

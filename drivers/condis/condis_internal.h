/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CoNDIS shim internals, shared by the files of drivers/condis/ only.
 */
#ifndef _CONDIS_INTERNAL_H
#define _CONDIS_INTERNAL_H

#include <linux/atmdev.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>
#include <condis/condis.h>

/* TX cells, RX cells, HEC errors: what SONET_GETSTAT reports */
#define CONDIS_PHY_NR_COUNTERS	3

/**
 * struct condis_adapter - one registered miniport adapter
 * @dev: the ATM core's device; its dev_data points back here
 * @ops: the miniport's handlers; never called, nor read, once @halted is
 *	set (they may be in an unloaded module): read them only with
 *	@halted seen false under @ops_rwsem (or @reset_mutex), or on an
 *	ACTIVE VC (halting took every VC down)
 * @priv: the miniport's context
 * @info: the adapter description given at registration; its @type,
 *	@description and @miniport_oids point to the shim's own copies,
 *	freed with the adapter (the miniport's may be unloaded memory once
 *	it unregistered)
 * @lock: protects @halted, @resetting, @failed, @link_up, @link_rate, @vcs
 *	and the counters
 * @halted: set by condis_unregister_adapter(); no more miniport calls
 * @resetting: a reset is in progress: sends complete with
 *	RESET_IN_PROGRESS without reaching the miniport, OID requests fail
 *	with it (read locklessly in condis_send(), under RCU)
 * @failed: the last reset failed: the device is dead, every VC was
 *	halted, new VCs are refused with -EIO until a reset succeeds
 * @link_up: carrier, as last indicated by the miniport
 * @link_rate: line rate in cells per second, as last indicated
 * @vcs: every VC the miniport knows (created and not yet deleted)
 * @nr_vcs: entries on @vcs
 * @status_count: status indications received, for proc_read
 * @illegal_ops: VC operations refused by the state machine
 * @loopback: ATM_LM_* mode in force
 * @protocol_options: GEN_CO_PROTOCOL_OPTIONS as last set
 * @reserved_rate: cells/s reserved by CBR PCRs and VBR SCRs of TX VCs
 *	(admission control, under @lock)
 * @tx_bytes: bytes sent on all VCs (GEN_CO_BYTES_XMIT)
 * @rx_bytes: bytes received on all VCs (GEN_CO_BYTES_RCV)
 * @oam_tx: OAM cells sent (send_oam) and completed successfully
 * @oam_rx: OAM cells handed to a VC's push_oam
 * @oam_dropped: OAM cells received on a VC with no push_oam, or not sent
 * @resets: resets started
 * @reset_failures: resets that found the device dead
 * @reset_drops: sends completed with RESET_IN_PROGRESS by the shim
 * @uevent_work: sends the carrier KOBJ_CHANGE uevent in process context
 * @reset_work: runs a reset the miniport asked for
 * @reset_mutex: serializes resets, and halting VCs after a failed reset
 *	with condis_unregister_adapter()
 * @reset_done: completed by condis_reset_complete()
 * @reset_status: the status condis_reset_complete() reported
 * @phy_mutex: protects @phy_base, @phy_diag and @phy_framing
 * @phy_base: counter values at the last SONET_GETSTATZ
 * @phy_diag: SONET_INS_* error insertion bits set by SONET_SETDIAG
 * @phy_framing: SONET_FRAME_SONET or SONET_FRAME_SDH
 * @ops_rwsem: held for reading around every miniport call but send (VC
 *	operations including their bounded waits, OID requests, proc_read,
 *	set_loopback); for writing while the miniport resets and to set
 *	@halted
 * @ref: held by the registration and by the ATM device until dev_close
 *
 * Lifetime: the ATM core may call dev_close() after the miniport has gone
 * (when the last socket drops its device reference), so the adapter is
 * freed by whichever of condis_unregister_adapter() and dev_close() puts
 * the last reference.
 */
struct condis_adapter {
	struct atm_dev *dev;
	const struct condis_miniport_ops *ops;
	void *priv;
	struct condis_adapter_info info;
	spinlock_t lock;	/* see above */
	bool halted;
	bool resetting;
	bool failed;
	bool link_up;
	u32 link_rate;
	struct list_head vcs;
	unsigned int nr_vcs;
	u64 status_count;
	u64 illegal_ops;
	int loopback;
	u32 protocol_options;
	u64 reserved_rate;
	atomic64_t tx_bytes;
	atomic64_t rx_bytes;
	atomic64_t oam_tx;
	atomic64_t oam_rx;
	atomic64_t oam_dropped;
	u64 resets;
	u64 reset_failures;
	atomic64_t reset_drops;
	struct work_struct uevent_work;
	struct work_struct reset_work;
	struct mutex reset_mutex;	/* see above */
	struct completion reset_done;
	u32 reset_status;
	struct mutex phy_mutex;	/* see above */
	u64 phy_base[CONDIS_PHY_NR_COUNTERS];
	int phy_diag;
	int phy_framing;
	struct rw_semaphore ops_rwsem;
	struct kref ref;
};

/**
 * enum condis_vc_state - the CoNDIS VC states
 * @CONDIS_VC_CREATED: created, never activated
 * @CONDIS_VC_ACTIVATING: activation pending in the miniport
 * @CONDIS_VC_ACTIVE: moves data
 * @CONDIS_VC_DEACTIVATING: deactivation pending in the miniport
 * @CONDIS_VC_DEACTIVATED: stopped; may be activated again or deleted
 */
enum condis_vc_state {
	CONDIS_VC_CREATED,
	CONDIS_VC_ACTIVATING,
	CONDIS_VC_ACTIVE,
	CONDIS_VC_DEACTIVATING,
	CONDIS_VC_DEACTIVATED,
};

/**
 * struct condis_vc_stats - what the shim counts for one VC
 * @tx_ok: sends completed successfully
 * @tx_err: sends refused or completed with an error
 * @rx_ok: receives indicated
 * @rx_err: damaged receives (CRC, length)
 * @rx_nobuf: receives dropped for want of buffer or socket space
 * @tx_bytes: bytes sent
 * @rx_bytes: bytes received
 */
struct condis_vc_stats {
	atomic64_t tx_ok;
	atomic64_t tx_err;
	atomic64_t rx_ok;
	atomic64_t rx_err;
	atomic64_t rx_nobuf;
	atomic64_t tx_bytes;
	atomic64_t rx_bytes;
};

/**
 * struct condis_vc - one VC, owned by the shim
 * @ad: the adapter
 * @vcc: the Linux socket side, NULL once detached
 * @ctx: the miniport's per-VC context from create_vc
 * @lock: protects @state, @vcc, @params, @op_status, @abandoned, @deleted,
 *	@reactivating and @old_params
 * @vpi: VPI, fixed at create (read without a lock)
 * @vci: VCI, fixed at create (read without a lock)
 * @aal: AAL type, fixed at create (read without a lock)
 * @dirs: %CONDIS_VC_TRANSMIT and/or %CONDIS_VC_RECEIVE, fixed at create
 *	(read without a lock)
 * @owner: the user (fsuid) that created the VC (a socket's connect), fixed
 * @user_counted: counts against condis_max_user_vcs for @owner (created by
 *	a socket without CAP_NET_ADMIN; under the adapter's @lock)
 * @state: CoNDIS state
 * @params: media parameters in force (or being activated); the miniport
 *	may write granted rates into them while an activation pends
 * @old_params: parameters to restore if a re-activation fails
 * @reactivating: the pending activation changes an active VC
 * @prev_state: the state a failed (non-re-)activation returns to
 * @op_status: result of the last pending activation/deactivation
 * @op_done: completed by condis_{,de}activate_vc_complete()
 * @abandoned: a bounded wait gave up; the completion finishes the job
 * @deleted: delete_vc was called; the miniport no longer knows the VC
 *	(written under @lock, read locklessly by condis_find_vc())
 * @ctx_rwsem: held for reading by a per-VC OID request from its check of
 *	@deleted until it is out of the miniport's oid_request; taken for
 *	writing by delete, after setting @deleted, before delete_vc frees @ctx
 * @cleanup_work: finishes an abandoned VC in process context
 * @inflight: sends accepted and not yet completed
 * @entering: sends between their check of @state and the return of the
 *	miniport's send (or send_oam) handler, which never sleeps; a
 *	deactivation waits for it to reach 0 before it calls the miniport
 * @node: on the adapter's @vcs
 * @reserved: cells/s this VC holds in the adapter's @reserved_rate
 *	(under the adapter's @lock)
 * @old_reserved: @reserved before a pending re-activation (under @lock)
 * @new_reserved: what an activation reserves once it succeeded; until
 *	then a re-activation holds the larger of it and @old_reserved (under
 *	@lock)
 * @st: per-VC statistics
 * @ref: the adapter list's reference plus one per waiter or pending op
 */
struct condis_vc {
	struct condis_adapter *ad;
	struct atm_vcc *vcc;
	void *ctx;
	spinlock_t lock;	/* see above */
	u16 vpi;
	u32 vci;
	u32 aal;
	u32 dirs;
	kuid_t owner;
	bool user_counted;
	enum condis_vc_state state;
	struct condis_vc_params params;
	struct condis_vc_params old_params;
	bool reactivating;
	enum condis_vc_state prev_state;
	u32 op_status;
	struct completion op_done;
	bool abandoned;
	bool deleted;
	struct rw_semaphore ctx_rwsem;	/* see above */
	struct work_struct cleanup_work;
	atomic_t inflight;
	atomic_t entering;
	struct list_head node;
	u64 reserved;
	u64 old_reserved;
	u64 new_reserved;
	struct condis_vc_stats st;
	struct kref ref;
};

extern const struct atmdev_ops condis_atmdev_ops;

void condis_adapter_put(struct condis_adapter *ad);
void condis_apply_link(struct condis_adapter *ad, bool up, u32 rate);
void condis_uevent_work(struct work_struct *work);
int condis_proc_read(struct atm_dev *dev, loff_t *pos, char *page);

/* condis_ioctl.c */
int condis_ioctl(struct atm_dev *dev, unsigned int cmd, void __user *arg);

/* condis_phy.c */
int condis_phy_ioctl(struct condis_adapter *ad, unsigned int cmd,
		     void __user *arg);

/* condis_oid.c */
u32 condis_oid_request(struct condis_adapter *ad, struct condis_vc *vc,
		       struct condis_oid_req *req);
int condis_oid_ioctl(struct condis_adapter *ad, bool set, void __user *arg);

/* condis_vc.c */
int condis_open(struct atm_vcc *vcc);
void condis_close(struct atm_vcc *vcc);
int condis_send(struct atm_vcc *vcc, struct sk_buff *skb);
int condis_send_oam(struct atm_vcc *vcc, void *cell, int flags);

/*
 * Marks an skb the shim allocated for send_oam in ATM_SKB(skb)->atm_options
 * (whose other bits are ATM_ATMOPT_*): condis_send_complete() frees it
 * instead of giving it to vcc->pop, which owns only the socket's skbs.
 */
#define CONDIS_SKB_OAM	BIT(31)
int condis_change_qos(struct atm_vcc *vcc, struct atm_qos *qos, int flags);
int condis_params_from_qos(const struct atm_qos *qos, short vpi, int vci,
			   struct condis_vc_params *p);
void condis_halt_vcs(struct condis_adapter *ad, int err);

/* condis_reset.c */
int condis_reset_adapter(struct condis_adapter *ad);
bool condis_reset_miniport(struct condis_adapter *ad);
void condis_reset_end(struct condis_adapter *ad, bool failed);
void condis_reset_work(struct work_struct *work);
void condis_status_uevent(struct condis_adapter *ad, const char *env);
extern unsigned int condis_reset_timeout_ms;
int condis_status_to_errno(u32 status);
const char *condis_vc_state_name(enum condis_vc_state state);

/*
 * The CoNDIS VC operations, for the Linux edge here and for KUnit
 * (EXPORT_SYMBOL_IF_KUNIT). activate and deactivate return the final
 * status, or NDIS_STATUS_PENDING if their bounded wait expired.
 */
struct condis_vc *condis_vc_create(struct condis_adapter *ad,
				   struct atm_vcc *vcc,
				   const struct condis_vc_params *p);
u32 condis_vc_activate(struct condis_vc *vc, const struct condis_vc_params *p);
u32 condis_vc_change(struct condis_vc *vc, const struct condis_vc_params *p);
u32 condis_vc_deactivate(struct condis_vc *vc);
u32 condis_vc_delete(struct condis_vc *vc);
void condis_vc_get(struct condis_vc *vc);
void condis_vc_unreserve(struct condis_vc *vc);
void condis_count_illegal(struct condis_adapter *ad);
void condis_vc_put(struct condis_vc *vc);

/* Bounded waits for pending VC operations, in milliseconds. */
extern unsigned int condis_activate_timeout_ms;
extern unsigned int condis_deactivate_timeout_ms;
/* VCs one user may hold through sockets without CAP_NET_ADMIN. */
extern unsigned int condis_max_user_vcs;
bool condis_vc_abandon_pending(struct condis_vc *vc);
bool condis_oid_may_access_vc(struct condis_vc *vc);

#endif /* _CONDIS_INTERNAL_H */

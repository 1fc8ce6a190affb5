// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: the VC state machine and the Linux ATM VC operations.
 *
 * Linux open = CoNDIS create + activate; close = deactivate + delete.
 * Activation and deactivation may pend in the miniport; Linux cannot
 * return from open or close before they are done, so the shim waits for
 * them, bounded. A VC whose wait expired is "abandoned": the caller gets
 * an error (open) or returns (close), and the late completion finishes
 * the job from a work item, so nothing stays half open.
 *
 * Context: open, close and change_qos run in process context under the
 * socket lock and may sleep. send (atmdev_ops.send and .send_bh) runs in
 * process or BH context and never sleeps. The completion up-calls may
 * come from process or BH context.
 */

#include <linux/atmdev.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "condis_internal.h"

/*
 * condis_activate_timeout_ms - bounded wait (ms) for a pending activation
 * condis_deactivate_timeout_ms - bounded wait (ms) for a pending deactivation
 *
 * Module parameters; exported to KUnit so tests can shorten them.
 */
unsigned int condis_activate_timeout_ms = 5000;
module_param_named(activate_timeout_ms, condis_activate_timeout_ms, uint, 0644);
MODULE_PARM_DESC(activate_timeout_ms, "Bounded wait for a pending VC activation (ms)");
EXPORT_SYMBOL_IF_KUNIT(condis_activate_timeout_ms);

unsigned int condis_deactivate_timeout_ms = 5000;
module_param_named(deactivate_timeout_ms, condis_deactivate_timeout_ms, uint,
		   0644);
MODULE_PARM_DESC(deactivate_timeout_ms, "Bounded wait for a pending VC deactivation (ms)");
EXPORT_SYMBOL_IF_KUNIT(condis_deactivate_timeout_ms);

/*
 * condis_max_user_vcs - VCs one user may hold through sockets opened
 * without CAP_NET_ADMIN, on each adapter (0: none)
 */
unsigned int condis_max_user_vcs = 64;
module_param_named(max_user_vcs, condis_max_user_vcs, uint, 0644);
MODULE_PARM_DESC(max_user_vcs, "VCs per user and adapter without CAP_NET_ADMIN");
EXPORT_SYMBOL_IF_KUNIT(condis_max_user_vcs);

/* Linux's atm_trafprm has no burst size: VBR VCs opened by sockets get this. */
#define CONDIS_LINUX_VBR_MBS	32

const char *condis_vc_state_name(enum condis_vc_state state)
{
	switch (state) {
	case CONDIS_VC_CREATED:
		return "created";
	case CONDIS_VC_ACTIVATING:
		return "activating";
	case CONDIS_VC_ACTIVE:
		return "active";
	case CONDIS_VC_DEACTIVATING:
		return "deactivating";
	case CONDIS_VC_DEACTIVATED:
		return "deactivated";
	}
	return "?";
}

/**
 * condis_status_to_errno() - the errno the Linux edge reports for a status
 * @status: an NDIS status code
 *
 * Return: 0 for success, a negative errno otherwise.
 */
int condis_status_to_errno(u32 status)
{
	switch (status) {
	case NDIS_STATUS_SUCCESS:
		return 0;
	case NDIS_STATUS_PENDING:
		return -EINPROGRESS;
	case NDIS_STATUS_RESOURCES:
		return -ENOMEM;
	case NDIS_STATUS_INVALID_LENGTH:
		return -EMSGSIZE;
	case NDIS_STATUS_INVALID_DATA:
	case NDIS_STATUS_CELLRATE_NOT_AVAILABLE:
	case NDIS_STATUS_INCOMPATABLE_QOS:
		return -EINVAL;
	case NDIS_STATUS_VC_NOT_AVAILABLE:
		return -EADDRINUSE;
	case NDIS_STATUS_VC_NOT_ACTIVATED:
		return -ENOTCONN;
	case NDIS_STATUS_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case NDIS_STATUS_RESET_IN_PROGRESS:
		return -EAGAIN;
	case NDIS_STATUS_ADAPTER_REMOVED:
	case NDIS_STATUS_CLOSING:
		return -ENODEV;
	default:
		return -EIO;
	}
}

static int condis_flow_from_tp(const struct atm_trafprm *tp,
			       struct condis_flow *f, u32 *flags)
{
	int goal;

	f->max_sdu = tp->max_sdu;
	switch (tp->traffic_class) {
	case ATM_UBR:
		f->service = NDIS_ATM_SERVICE_CATEGORY_UBR;
		/* A UBR PCR is only a cap; 0 means the line rate. */
		f->pcr = tp->max_pcr > 0 ? tp->max_pcr : 0;
		return 0;
	case ATM_CBR:
		f->service = NDIS_ATM_SERVICE_CATEGORY_CBR;
		goal = atm_pcr_goal(tp);
		if (!goal)
			return -EINVAL;	/* a CBR VC reserves a rate */
		f->pcr = abs(goal);
		*flags |= goal > 0 ? CONDIS_ROUND_UP_FLOW : CONDIS_ROUND_DOWN_FLOW;
		return 0;
	case ATM_VBR:
		/* PCR from max_pcr, SCR from pcr; MBS is not in the Linux API. */
		if (tp->max_pcr <= 0 || tp->pcr <= 0 || tp->pcr > tp->max_pcr)
			return -EINVAL;
		f->service = NDIS_ATM_SERVICE_CATEGORY_VBR;
		f->pcr = tp->max_pcr;
		f->scr = tp->pcr;
		f->mbs = CONDIS_LINUX_VBR_MBS;
		return 0;
	default:
		return -EINVAL;		/* ABR, ANYCLASS: not supported */
	}
}

/**
 * condis_params_from_qos() - CoNDIS media parameters from a Linux QoS
 * @qos: the socket's QoS
 * @vpi: VPI
 * @vci: VCI
 * @p: the result
 *
 * Return: 0, or -EINVAL for an AAL other than 0 and 5, a traffic class
 * the shim does not support, or a VC with neither direction.
 */
int condis_params_from_qos(const struct atm_qos *qos, short vpi, int vci,
			   struct condis_vc_params *p)
{
	int err;

	memset(p, 0, sizeof(*p));
	if (vpi < 0 || vci < 0 || vci > 0xffff)
		return -EINVAL;
	p->vpi = vpi;
	p->vci = vci;
	switch (qos->aal) {
	case ATM_AAL0:
		p->aal = NDIS_AAL_TYPE_AAL0;
		break;
	case ATM_AAL5:
		p->aal = NDIS_AAL_TYPE_AAL5;
		break;
	default:
		return -EINVAL;
	}
	if (qos->txtp.traffic_class != ATM_NONE) {
		p->flags |= CONDIS_VC_TRANSMIT;
		err = condis_flow_from_tp(&qos->txtp, &p->tx, &p->flags);
		if (err)
			return err;
	}
	if (qos->rxtp.traffic_class != ATM_NONE) {
		u32 ignored = 0;

		p->flags |= CONDIS_VC_RECEIVE;
		err = condis_flow_from_tp(&qos->rxtp, &p->rx, &ignored);
		if (err)
			return err;
	}
	if (!(p->flags & (CONDIS_VC_TRANSMIT | CONDIS_VC_RECEIVE)))
		return -EINVAL;
	return 0;
}

static void condis_vc_release(struct kref *ref)
{
	struct condis_vc *vc = container_of(ref, struct condis_vc, ref);
	struct condis_adapter *ad = vc->ad;

	kfree(vc);
	condis_adapter_put(ad);
}

/**
 * condis_vc_put() - drop a reference to a VC
 * @vc: the VC; freed with its last reference
 */
void condis_vc_put(struct condis_vc *vc)
{
	kref_put(&vc->ref, condis_vc_release);
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_put);

/**
 * condis_vc_get() - take a reference to a VC
 * @vc: the VC
 */
void condis_vc_get(struct condis_vc *vc)
{
	kref_get(&vc->ref);
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_get);

void condis_count_illegal(struct condis_adapter *ad)
{
	spin_lock_bh(&ad->lock);
	ad->illegal_ops++;
	spin_unlock_bh(&ad->lock);
}

#define CONDIS_VC_DIRS	(CONDIS_VC_TRANSMIT | CONDIS_VC_RECEIVE)

/* Two VCs clash if they share VPI/VCI and a direction. */
static bool condis_vc_clash(const struct condis_vc *vc,
			    const struct condis_vc_params *p)
{
	return vc->vpi == p->vpi && vc->vci == p->vci &&
	       (vc->dirs & p->flags & CONDIS_VC_DIRS);
}

static void condis_abandoned_work(struct work_struct *work);
static u32 condis_vc_activate_locked(struct condis_vc *vc,
				     const struct condis_vc_params *p,
				     bool change);
static u32 condis_vc_deactivate_locked(struct condis_vc *vc);
static void condis_vc_unstick(struct condis_vc *vc, bool reset_held, int err);

/* Cells/s a VC with @p reserves: CBR PCR or VBR SCR of its TX side. */
static u64 condis_reservation(const struct condis_vc_params *p)
{
	if (!(p->flags & CONDIS_VC_TRANSMIT))
		return 0;
	switch (p->tx.service) {
	case NDIS_ATM_SERVICE_CATEGORY_CBR:
		return p->tx.pcr;
	case NDIS_ATM_SERVICE_CATEGORY_VBR:
		return p->tx.scr;
	default:
		return 0;
	}
}

/*
 * Admission control: move @vc's reservation to @want if the link can
 * carry it (the VC's old reservation counts as free). Caller holds
 * vc->lock. Returns false if the sum would exceed the line rate.
 */
static bool condis_reserve(struct condis_vc *vc, u64 want)
{
	struct condis_adapter *ad = vc->ad;
	bool ok;

	spin_lock_bh(&ad->lock);
	ok = ad->reserved_rate - vc->reserved + want <= ad->link_rate;
	if (ok) {
		ad->reserved_rate = ad->reserved_rate - vc->reserved + want;
		vc->reserved = want;
	}
	spin_unlock_bh(&ad->lock);
	return ok;
}

/* A VC that stopped holds no rate. Caller holds vc->lock. */
void condis_vc_unreserve(struct condis_vc *vc)
{
	condis_reserve(vc, 0);
}

/**
 * condis_vc_create() - CoNDIS create VC
 * @ad: the adapter
 * @vcc: the Linux socket that will use the VC, or NULL
 * @p: media parameters; VPI/VCI and directions must not clash with a VC
 *	the adapter already has
 *
 * Never pends. The VC starts CREATED, on the adapter's list (which holds
 * one reference, dropped by condis_vc_delete()). Its VPI/VCI, AAL and
 * directions are fixed from now on.
 *
 * A VC for a socket (@vcc set) whose caller lacks CAP_NET_ADMIN may not
 * reserve a rate (CBR, VBR transmit) and counts against
 * condis_max_user_vcs for the caller's fsuid.
 *
 * Context: process context, the socket's caller; waits for a reset in
 * progress.
 * Return: the VC, or ERR_PTR(-ENODEV) (halted), -EIO (device dead after a
 * failed reset), -ENOSPC (max VCs), -EADDRINUSE (clash), -EPERM (a
 * reservation without CAP_NET_ADMIN), -EDQUOT (the caller holds
 * condis_max_user_vcs VCs already), or the errno of the miniport's
 * failure.
 */
struct condis_vc *
condis_vc_create(struct condis_adapter *ad, struct atm_vcc *vcc,
		 const struct condis_vc_params *p)
{
	struct condis_vc *vc, *other;
	unsigned int user_vcs = 0;
	bool limited;
	u32 status;
	int err;

	/* Sockets of users without CAP_NET_ADMIN: see Documentation. */
	limited = vcc && !ns_capable_noaudit(&init_user_ns, CAP_NET_ADMIN);
	if (limited && condis_reservation(p))
		return ERR_PTR(-EPERM);

	vc = kzalloc(sizeof(*vc), GFP_KERNEL);
	if (!vc)
		return ERR_PTR(-ENOMEM);
	vc->ad = ad;
	vc->vcc = vcc;
	vc->vpi = p->vpi;
	vc->vci = p->vci;
	vc->aal = p->aal;
	vc->dirs = p->flags & CONDIS_VC_DIRS;
	vc->user_counted = limited;
	vc->owner = current_fsuid();
	vc->params = *p;
	vc->state = CONDIS_VC_CREATED;
	spin_lock_init(&vc->lock);
	init_completion(&vc->op_done);
	init_rwsem(&vc->ctx_rwsem);
	INIT_WORK(&vc->cleanup_work, condis_abandoned_work);
	atomic_set(&vc->inflight, 0);
	atomic_set(&vc->entering, 0);
	kref_init(&vc->ref);		/* the adapter list's */

	down_read(&ad->ops_rwsem);
	spin_lock_bh(&ad->lock);
	if (ad->halted || ad->failed) {
		err = ad->halted ? -ENODEV : -EIO;
		goto fail;
	}
	if (ad->nr_vcs >= ad->info.max_vcs) {
		err = -ENOSPC;
		goto fail;
	}
	list_for_each_entry(other, &ad->vcs, node) {
		if (condis_vc_clash(other, p)) {
			err = -EADDRINUSE;
			goto fail;
		}
		if (limited && other->user_counted &&
		    uid_eq(other->owner, vc->owner))
			user_vcs++;
	}
	if (limited && user_vcs >= READ_ONCE(condis_max_user_vcs)) {
		err = -EDQUOT;
		goto fail;
	}
	list_add_tail(&vc->node, &ad->vcs);
	ad->nr_vcs++;
	kref_get(&ad->ref);
	spin_unlock_bh(&ad->lock);

	status = ad->ops->create_vc(ad->priv, vc, &vc->ctx);
	up_read(&ad->ops_rwsem);
	if (status != NDIS_STATUS_SUCCESS) {
		spin_lock_bh(&ad->lock);
		list_del(&vc->node);
		ad->nr_vcs--;
		spin_unlock_bh(&ad->lock);
		condis_vc_put(vc);
		return ERR_PTR(condis_status_to_errno(status));
	}
	return vc;

fail:
	spin_unlock_bh(&ad->lock);
	up_read(&ad->ops_rwsem);
	kfree(vc);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_create);

/**
 * condis_vc_delete() - CoNDIS delete VC
 * @vc: a CREATED or DEACTIVATED VC
 *
 * Never pends; refused (and counted) in any other state.
 *
 * Context: process context.
 * Return: %NDIS_STATUS_SUCCESS or %NDIS_STATUS_FAILURE.
 */
u32 condis_vc_delete(struct condis_vc *vc)
{
	struct condis_adapter *ad = vc->ad;

	down_read(&ad->ops_rwsem);
	spin_lock_bh(&vc->lock);
	if (vc->deleted || (vc->state != CONDIS_VC_CREATED &&
			    vc->state != CONDIS_VC_DEACTIVATED)) {
		spin_unlock_bh(&vc->lock);
		up_read(&ad->ops_rwsem);
		condis_count_illegal(ad);
		return NDIS_STATUS_FAILURE;
	}
	vc->vcc = NULL;
	WRITE_ONCE(vc->deleted, true);	/* condis_find_vc() reads it */
	spin_unlock_bh(&vc->lock);

	/*
	 * A per-VC OID request still using vc->ctx is out of the miniport,
	 * and so is a send that saw the VC active before the miniport
	 * closed it (condis_indicate_vc_status()).
	 */
	down_write(&vc->ctx_rwsem);
	up_write(&vc->ctx_rwsem);
	wait_var_event(&vc->entering, !atomic_read(&vc->entering));
	ad->ops->delete_vc(ad->priv, vc->ctx);
	up_read(&ad->ops_rwsem);
	spin_lock_bh(&ad->lock);
	list_del(&vc->node);
	ad->nr_vcs--;
	spin_unlock_bh(&ad->lock);
	condis_vc_put(vc);
	return NDIS_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_delete);

/*
 * Wait, bounded, for a pending operation. Returns the operation's status,
 * or NDIS_STATUS_PENDING if the wait expired: the VC is then abandoned and
 * its completion finishes the job, unless the operation is a change of an
 * active VC: that one stays with its socket, and its completion applies
 * the change, or on failure keeps the old parameters.
 */
static u32 condis_vc_wait(struct condis_vc *vc, unsigned int timeout_ms)
{
	u32 status;

	if (wait_for_completion_timeout(&vc->op_done,
					msecs_to_jiffies(timeout_ms)))
		return READ_ONCE(vc->op_status);

	spin_lock_bh(&vc->lock);
	if (completion_done(&vc->op_done)) {
		status = vc->op_status;	/* just made it */
	} else if (vc->state == CONDIS_VC_ACTIVATING && vc->reactivating) {
		status = NDIS_STATUS_PENDING;	/* the VC stays */
	} else {
		vc->abandoned = true;
		vc->vcc = NULL;
		status = NDIS_STATUS_PENDING;
	}
	spin_unlock_bh(&vc->lock);
	return status;
}

/**
 * condis_vc_activate() - CoNDIS activate (or re-activate) VC
 * @vc: a CREATED, DEACTIVATED or ACTIVE VC
 * @p: media parameters to activate with
 *
 * Waits, bounded, for a pending activation. Refused (FAILURE, counted)
 * while an operation is pending. @p must have the VPI/VCI, AAL and
 * directions the VC was created with (else INVALID_DATA).
 *
 * Context: process context, may sleep.
 * Return: the final status, or %NDIS_STATUS_PENDING if the wait expired:
 * a CREATED or DEACTIVATED VC is then abandoned and its completion tears
 * it down; an ACTIVE one stays ACTIVATING with its socket until the
 * completion applies the change (or, on failure, restores the old
 * parameters).
 */
u32
condis_vc_activate(struct condis_vc *vc, const struct condis_vc_params *p)
{
	struct condis_adapter *ad = vc->ad;
	u32 status;

	down_read(&ad->ops_rwsem);
	status = condis_vc_activate_locked(vc, p, false);
	up_read(&ad->ops_rwsem);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_activate);

/**
 * condis_vc_change() - change the traffic parameters of an ACTIVE VC
 * @vc: the VC
 * @p: the new parameters, as for condis_vc_activate()
 *
 * condis_vc_activate() restricted to an ACTIVE VC: a VC that is not
 * active (never activated, or dropped by the miniport) is not brought
 * back to life by a change of its QoS.
 *
 * Context: process context, may sleep.
 * Return: as condis_vc_activate(), or %NDIS_STATUS_VC_NOT_ACTIVATED if
 * @vc is CREATED, DEACTIVATING or DEACTIVATED (not counted as illegal).
 */
u32 condis_vc_change(struct condis_vc *vc, const struct condis_vc_params *p)
{
	struct condis_adapter *ad = vc->ad;
	u32 status;

	down_read(&ad->ops_rwsem);
	status = condis_vc_activate_locked(vc, p, true);
	up_read(&ad->ops_rwsem);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_change);

/* condis_vc_activate() (condis_vc_change() if @change) with ops_rwsem held. */
static u32 condis_vc_activate_locked(struct condis_vc *vc,
				     const struct condis_vc_params *p,
				     bool change)
{
	struct condis_adapter *ad = vc->ad;
	u32 status;

	spin_lock_bh(&vc->lock);
	if (vc->deleted) {
		/* Halted (device gone or dead) between create and activate. */
		spin_unlock_bh(&vc->lock);
		return NDIS_STATUS_ADAPTER_REMOVED;
	}
	if (READ_ONCE(ad->failed)) {
		/* A reset found the device dead while this waited for it. */
		spin_unlock_bh(&vc->lock);
		return NDIS_STATUS_HARD_ERRORS;
	}
	if (p->vpi != vc->vpi || p->vci != vc->vci || p->aal != vc->aal ||
	    (p->flags & CONDIS_VC_DIRS) != vc->dirs) {
		spin_unlock_bh(&vc->lock);
		return NDIS_STATUS_INVALID_DATA;	/* fixed at create */
	}
	if (change && vc->state != CONDIS_VC_ACTIVE &&
	    vc->state != CONDIS_VC_ACTIVATING) {
		spin_unlock_bh(&vc->lock);
		return NDIS_STATUS_VC_NOT_ACTIVATED;
	}
	switch (vc->state) {
	case CONDIS_VC_CREATED:
	case CONDIS_VC_DEACTIVATED:
		vc->reactivating = false;
		break;
	case CONDIS_VC_ACTIVE:
		vc->reactivating = true;
		vc->old_params = vc->params;
		break;
	default:
		spin_unlock_bh(&vc->lock);
		condis_count_illegal(ad);
		return NDIS_STATUS_FAILURE;
	}
	/*
	 * A change of an active VC holds the larger of its old and new rates
	 * until it is done: the old ones are in force until then, and are
	 * back if it fails, so no other VC may take what it would free.
	 */
	vc->old_reserved = vc->reserved;
	vc->new_reserved = condis_reservation(p);
	if (!condis_reserve(vc, max(vc->new_reserved, vc->reserved))) {
		spin_unlock_bh(&vc->lock);
		return NDIS_STATUS_CELLRATE_NOT_AVAILABLE;
	}
	vc->params = *p;
	vc->prev_state = vc->state;
	vc->state = CONDIS_VC_ACTIVATING;
	reinit_completion(&vc->op_done);
	spin_unlock_bh(&vc->lock);

	/* The miniport may write the granted rates back into vc->params. */
	status = ad->ops->activate_vc(ad->priv, vc->ctx, &vc->params);
	if (status == NDIS_STATUS_PENDING)
		return condis_vc_wait(vc, condis_activate_timeout_ms);

	/* Synchronous outcome: complete it ourselves. */
	condis_activate_vc_complete(vc, status);
	return status;
}

/*
 * A pending activation or deactivation finished: move @vc out of the
 * @pending state, wake the waiter, and let an abandoned VC's work item
 * take it further.
 */
static void condis_vc_op_complete(struct condis_vc *vc,
				  enum condis_vc_state pending, u32 status)
{
	bool abandoned;

	spin_lock_bh(&vc->lock);
	if (vc->state != pending) {
		spin_unlock_bh(&vc->lock);
		condis_count_illegal(vc->ad);
		dev_warn_ratelimited(vc->ad->info.parent,
				     "condis: completion for a %s VC, expected %s\n",
				     condis_vc_state_name(vc->state),
				     condis_vc_state_name(pending));
		return;
	}
	if (pending == CONDIS_VC_DEACTIVATING) {
		vc->state = CONDIS_VC_DEACTIVATED;
		condis_reserve(vc, 0);		/* a stopped VC holds no rate */
	} else if (status == NDIS_STATUS_SUCCESS) {
		vc->state = CONDIS_VC_ACTIVE;
		condis_reserve(vc, vc->new_reserved);	/* <= what it holds */
	} else if (vc->reactivating) {
		vc->params = vc->old_params;
		vc->state = CONDIS_VC_ACTIVE;
		condis_reserve(vc, vc->old_reserved);
	} else {
		vc->state = vc->prev_state;	/* CREATED or DEACTIVATED */
		condis_reserve(vc, 0);
	}
	vc->op_status = status;
	abandoned = vc->abandoned;
	/* Every waiter: the operation's caller, and halt. */
	complete_all(&vc->op_done);
	spin_unlock_bh(&vc->lock);
	if (abandoned) {
		condis_vc_get(vc);	/* the work item's reference */
		if (!schedule_work(&vc->cleanup_work))
			condis_vc_put(vc);
	}
}

/**
 * condis_activate_vc_complete() - a pending activation finished
 * @vc: the VC
 * @status: %NDIS_STATUS_SUCCESS, or why activation failed
 *
 * On success the VC is ACTIVE. On failure a new VC goes back to CREATED
 * (or DEACTIVATED), and an active VC whose parameters were being changed
 * stays ACTIVE with its old parameters.
 *
 * Context: any but hard IRQ.
 */
void condis_activate_vc_complete(struct condis_vc *vc, u32 status)
{
	condis_vc_op_complete(vc, CONDIS_VC_ACTIVATING, status);
}
EXPORT_SYMBOL_GPL(condis_activate_vc_complete);

/**
 * condis_vc_deactivate() - CoNDIS deactivate VC
 * @vc: an ACTIVE VC (DEACTIVATED: a no-op)
 *
 * Waits, bounded, for a pending deactivation; refused (FAILURE, counted)
 * in any other state.
 *
 * Context: process context, may sleep.
 * Return: the final status, or %NDIS_STATUS_PENDING if the wait expired.
 */
u32 condis_vc_deactivate(struct condis_vc *vc)
{
	struct condis_adapter *ad = vc->ad;
	u32 status;

	down_read(&ad->ops_rwsem);
	status = condis_vc_deactivate_locked(vc);
	up_read(&ad->ops_rwsem);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(condis_vc_deactivate);

/* condis_vc_deactivate() with ops_rwsem held for reading. */
static u32 condis_vc_deactivate_locked(struct condis_vc *vc)
{
	struct condis_adapter *ad = vc->ad;
	u32 status;

	spin_lock_bh(&vc->lock);
	if (vc->state == CONDIS_VC_DEACTIVATED) {
		spin_unlock_bh(&vc->lock);
		return NDIS_STATUS_SUCCESS;
	}
	if (vc->state != CONDIS_VC_ACTIVE) {
		spin_unlock_bh(&vc->lock);
		condis_count_illegal(ad);
		return NDIS_STATUS_FAILURE;
	}
	vc->state = CONDIS_VC_DEACTIVATING;
	reinit_completion(&vc->op_done);
	spin_unlock_bh(&vc->lock);

	/*
	 * Every send that saw the VC active is inside the miniport, which
	 * counts it, after this: the send handler never sleeps, so the wait
	 * is short, and it is this VC's alone (no grace period per close).
	 */
	wait_var_event(&vc->entering, !atomic_read(&vc->entering));
	status = ad->ops->deactivate_vc(ad->priv, vc->ctx);
	if (status == NDIS_STATUS_PENDING)
		return condis_vc_wait(vc, condis_deactivate_timeout_ms);
	condis_deactivate_vc_complete(vc, status);
	return status;
}

/**
 * condis_deactivate_vc_complete() - a pending deactivation finished
 * @vc: the VC
 * @status: the outcome; the VC is DEACTIVATED whatever it is
 *
 * The miniport calls this only once every send accepted on @vc has been
 * completed and it will indicate no more receives on @vc.
 *
 * Context: any but hard IRQ.
 */
void condis_deactivate_vc_complete(struct condis_vc *vc, u32 status)
{
	condis_vc_op_complete(vc, CONDIS_VC_DEACTIVATING, status);
}
EXPORT_SYMBOL_GPL(condis_deactivate_vc_complete);

/* A late completion on an abandoned VC: take it down the rest of the way. */
static void condis_abandoned_work(struct work_struct *work)
{
	struct condis_vc *vc = container_of(work, struct condis_vc,
					    cleanup_work);
	enum condis_vc_state state;

	spin_lock_bh(&vc->lock);
	vc->abandoned = false;
	state = vc->state;
	spin_unlock_bh(&vc->lock);

	if (state != CONDIS_VC_ACTIVE ||
	    condis_vc_deactivate(vc) != NDIS_STATUS_PENDING)
		condis_vc_delete(vc);
	/* else abandoned again: its completion queues us once more */
	condis_vc_put(vc);
}

/**
 * condis_vc_abandon_pending() - let a pending change finish a closed VC
 * @vc: the VC of a socket being closed
 *
 * A change of an active VC (change_qos) whose wait expired leaves the VC
 * ACTIVATING with its socket. If its socket closes before the completion
 * comes, the VC is abandoned like one whose open timed out: it forgets
 * the socket and the completion's work item deactivates and deletes it.
 *
 * Context: process context.
 * Return: true if @vc was abandoned (the caller must not deactivate or
 * delete it), false if no operation pends on it.
 */
bool condis_vc_abandon_pending(struct condis_vc *vc)
{
	bool pending;

	spin_lock_bh(&vc->lock);
	pending = vc->state == CONDIS_VC_ACTIVATING;
	if (pending) {
		vc->abandoned = true;
		vc->vcc = NULL;
	}
	spin_unlock_bh(&vc->lock);
	return pending;
}

int condis_open(struct atm_vcc *vcc)
{
	struct condis_adapter *ad = vcc->dev->dev_data;
	struct condis_vc_params p;
	struct condis_vc *vc;
	short vpi = vcc->vpi;
	int vci = vcc->vci;
	u32 status;
	int err;

	/*
	 * A partial PVC bind (an SVC is opened only with the VPI and VCI
	 * the signalling daemon gave). No VC can be set up without them,
	 * and net/atm would hash the socket twice when it is connected
	 * again (Documentation/testing.rst): refuse it.
	 */
	if (vpi == ATM_VPI_UNSPEC || vci == ATM_VCI_UNSPEC)
		return -EINVAL;
	if (!ad)
		return -ENODEV;

	err = condis_params_from_qos(&vcc->qos, vpi, vci, &p);
	if (err)
		return err;
	if (vpi >> ad->info.vpi_bits || vci >> ad->info.vci_bits)
		return -EINVAL;
	if (!(ad->info.aal_types & p.aal))
		return -EINVAL;

	set_bit(ATM_VF_ADDR, &vcc->flags);
	vc = condis_vc_create(ad, vcc, &p);
	if (IS_ERR(vc)) {
		clear_bit(ATM_VF_ADDR, &vcc->flags);
		return PTR_ERR(vc);
	}
	/* Ours across the wait (halt may delete it); the socket's after. */
	condis_vc_get(vc);

	status = condis_vc_activate(vc, &p);
	if (status == NDIS_STATUS_PENDING) {
		/* Timed out; the late completion tears the VC down. */
		condis_vc_put(vc);
		clear_bit(ATM_VF_ADDR, &vcc->flags);
		return -ETIMEDOUT;
	}
	if (status != NDIS_STATUS_SUCCESS) {
		if (status != NDIS_STATUS_ADAPTER_REMOVED)	/* else halted */
			condis_vc_delete(vc);
		condis_vc_put(vc);
		clear_bit(ATM_VF_ADDR, &vcc->flags);
		return condis_status_to_errno(status);
	}

	vcc->dev_data = vc;
	set_bit(ATM_VF_READY, &vcc->flags);
	return 0;
}

/*
 * Wait, bounded by deactivate_timeout_ms, for the miniport to complete
 * every send on @vc. Returns false if some are still out.
 */
static bool condis_vc_sends_done(struct condis_vc *vc)
{
	unsigned long t = msecs_to_jiffies(condis_deactivate_timeout_ms);

	return wait_var_event_timeout(&vc->inflight,
				      !atomic_read(&vc->inflight), t);
}

void condis_close(struct atm_vcc *vcc)
{
	struct condis_vc *vc = vcc->dev_data;
	bool deleted;

	clear_bit(ATM_VF_READY, &vcc->flags);
	if (!vc) {
		clear_bit(ATM_VF_ADDR, &vcc->flags);
		return;
	}
	/* A halted adapter already took the VC down: only unlink it. */
	spin_lock_bh(&vc->lock);
	deleted = vc->deleted;
	spin_unlock_bh(&vc->lock);

	/*
	 * The socket may go away once close returns: no send on it may be
	 * left in the miniport. A deactivation that timed out is finished
	 * by a reset (condis_vc_unstick()); the VC is then deleted by its
	 * completion (condis_abandoned_work()), as is one with a change
	 * still pending, whose sends from before it are waited for too.
	 */
	if (!deleted && condis_vc_abandon_pending(vc)) {
		if (atomic_read(&vc->inflight))
			condis_vc_unstick(vc, false, 0);
	} else if (!deleted) {
		if (condis_vc_deactivate(vc) == NDIS_STATUS_PENDING) {
			condis_vc_unstick(vc, false, 0);
		} else {
			/*
			 * A VC the miniport closed itself (CLOSING) was not
			 * deactivated here: its sends may still be out.
			 */
			if (!condis_vc_sends_done(vc))
				condis_vc_unstick(vc, false, 0);
			condis_vc_delete(vc);
		}
	}
	vcc->dev_data = NULL;
	condis_vc_put(vc);	/* the socket's reference */
	clear_bit(ATM_VF_ADDR, &vcc->flags);
}

int condis_change_qos(struct atm_vcc *vcc, struct atm_qos *qos, int flags)
{
	struct condis_vc *vc = vcc->dev_data;
	struct condis_vc_params p;
	u32 status;
	int err;

	if (!vc)
		return -ENOTCONN;
	if (!(flags & ATM_MF_SET))
		return 0;	/* inquiry only */
	if (qos->aal != vcc->qos.aal)
		return -EINVAL;
	err = condis_params_from_qos(qos, vcc->vpi, vcc->vci, &p);
	if (err)
		return err;
	if ((p.flags & CONDIS_VC_DIRS) != vc->dirs)
		return -EINVAL;		/* directions are fixed */
	/* Reserving a rate needs CAP_NET_ADMIN, as at open. */
	if (condis_reservation(&p) && !capable(CAP_NET_ADMIN))
		return -EPERM;

	/*
	 * Only an ACTIVE VC: one the miniport dropped (after a reset) stays
	 * down until its socket closes. A change whose wait expires keeps
	 * the VC: the late completion applies it, or keeps the old QoS.
	 */
	status = condis_vc_change(vc, &p);
	switch (status) {
	case NDIS_STATUS_PENDING:
		return -ETIMEDOUT;
	case NDIS_STATUS_FAILURE:
		return -EBUSY;		/* an earlier change still pends */
	case NDIS_STATUS_SUCCESS:
		break;
	default:
		return condis_status_to_errno(status);
	}
	/*
	 * The ATM core leaves the socket's QoS to the driver: without this
	 * SO_ATMQOS would read the old one, and sendmsg() would check the
	 * old max_sdu while the VC enforces the new.
	 */
	vcc->qos = *qos;
	return 0;
}

/*
 * A send passed its state check (under @vc->lock, on an ACTIVE VC) and is
 * on its way into the miniport: one more in flight, and one more a
 * deactivation waits to see enter.
 */
static void condis_vc_send_enter(struct condis_vc *vc)
{
	lockdep_assert_held(&vc->lock);
	atomic_inc(&vc->inflight);
	atomic_inc(&vc->entering);
}

/* The miniport has the send (or it was completed): let a deactivation on. */
static void condis_vc_send_entered(struct condis_vc *vc)
{
	/* Fully ordered: pairs with wait_var_event() in deactivation. */
	if (atomic_dec_and_test(&vc->entering))
		wake_up_var(&vc->entering);
}

int condis_send(struct atm_vcc *vcc, struct sk_buff *skb)
{
	struct condis_vc *vc = vcc->dev_data;
	struct condis_adapter *ad;
	int err = 0;

	if (!vc) {
		err = -ENOTCONN;
		goto drop;
	}
	ad = vc->ad;
	if (!(vc->params.flags & CONDIS_VC_TRANSMIT)) {
		err = -EINVAL;
		goto drop;
	}
	if (vc->params.aal == NDIS_AAL_TYPE_AAL0) {
		if (skb->len != ATM_AAL0_SDU)
			err = -EINVAL;
	} else if (!skb->len) {
		err = -EINVAL;		/* length 0 is AAL5's abort */
	} else if (skb->len > ad->info.max_sdu) {
		err = -EMSGSIZE;
	}
	if (err)
		goto drop;
	if (skb_linearize(skb)) {
		err = -ENOMEM;
		goto drop;
	}

	/*
	 * From the state check to the return of the miniport's send,
	 * @entering holds off a deactivation (condis_vc_deactivate_locked()
	 * waits for it) and RCU a reset (condis_reset_miniport()
	 * synchronizes), so the miniport has accepted, and counts, every
	 * send that saw the VC active before either calls it.
	 */
	rcu_read_lock();
	spin_lock_bh(&vc->lock);
	/* A re-activation rewrites vc->params under vc->lock. */
	if (vc->params.aal != NDIS_AAL_TYPE_AAL0 &&
	    skb->len > vc->params.tx.max_sdu)
		err = -EMSGSIZE;
	else if (vc->state != CONDIS_VC_ACTIVE)
		err = condis_status_to_errno(NDIS_STATUS_VC_NOT_ACTIVATED);
	else
		condis_vc_send_enter(vc);
	spin_unlock_bh(&vc->lock);
	if (err) {
		rcu_read_unlock();
		goto drop;
	}

	ATM_SKB(skb)->vcc = vcc;
	if (READ_ONCE(ad->resetting)) {
		rcu_read_unlock();
		condis_vc_send_entered(vc);
		/* Lost to the reset, and counted; the socket stays usable. */
		atomic64_inc(&ad->reset_drops);
		condis_send_complete(vc, skb, NDIS_STATUS_RESET_IN_PROGRESS);
		return 0;
	}
	ad->ops->send(ad->priv, vc->ctx, skb);
	rcu_read_unlock();
	condis_vc_send_entered(vc);
	return 0;

drop:
	atomic_inc(&vcc->stats->tx_err);
	if (vc)
		atomic64_inc(&vc->st.tx_err);
	if (vcc->pop)
		vcc->pop(vcc, skb);
	else
		dev_kfree_skb_any(skb);
	return err;
}

/*
 * One send fewer in the miniport. After the last one, condis_vc_wait_sends()
 * may return and the socket go away: the skb was given back before this.
 */
static void condis_vc_send_done(struct condis_vc *vc)
{
	if (atomic_dec_and_test(&vc->inflight))
		wake_up_var(&vc->inflight);
}

/*
 * Wait until the miniport completed every send on @vc. The miniport must
 * (a reset completes them all); one that does not is named every
 * deactivate_timeout_ms, and the wait goes on: returning would let it
 * complete into a socket, or a VC, that is gone.
 */
static void condis_vc_wait_sends(struct condis_vc *vc)
{
	unsigned long t = msecs_to_jiffies(condis_deactivate_timeout_ms);

	while (!wait_var_event_timeout(&vc->inflight,
				       !atomic_read(&vc->inflight), t))
		dev_err(vc->ad->info.parent,
			"condis: VC %u.%u: %d sends still in the miniport\n",
			vc->params.vpi, vc->params.vci,
			atomic_read(&vc->inflight));
}

/*
 * A VC operation on @vc outlived its bounded wait: the miniport does not
 * finish it (a hung device, a command lost). Reset the miniport, which
 * completes every send it holds and finishes every pending operation
 * (condis_miniport_ops.reset), then wait for the VC's last send.
 * @reset_held: the caller holds reset_mutex (halt); then the adapter is
 * halted, or a reset just failed and the miniport already gave up all.
 *
 * Context: process context, may sleep.
 */
static void condis_vc_unstick(struct condis_vc *vc, bool reset_held, int err)
{
	struct condis_adapter *ad = vc->ad;

	dev_warn(ad->info.parent,
		 "condis: VC %u.%u does not stop (%d sends in flight): resetting atm%d\n",
		 vc->params.vpi, vc->params.vci, atomic_read(&vc->inflight),
		 ad->dev->number);
	if (!reset_held)
		condis_reset_adapter(ad);	/* -ENODEV: halt does it */
	else if (!err && ad->ops->reset)
		condis_reset_end(ad, condis_reset_miniport(ad));
	condis_vc_wait_sends(vc);
}

/**
 * condis_send_complete() - the miniport is done with a send
 * @vc: the VC it was sent on
 * @skb: the skb passed to &condis_miniport_ops.send
 * @status: %NDIS_STATUS_SUCCESS, or why it was not sent
 *
 * Gives the skb back to its owner (vcc->pop, or frees it) and counts it
 * in the ATM device's statistics (ATM_GETSTAT).
 *
 * Context: BH or process context, never hard IRQ; never with a lock held
 * that the miniport's send takes (pop may send again).
 */
void condis_send_complete(struct condis_vc *vc, struct sk_buff *skb,
			  u32 status)
{
	struct atm_vcc *vcc = ATM_SKB(skb)->vcc;

	if (ATM_SKB(skb)->atm_options & CONDIS_SKB_OAM) {
		/* Ours, from condis_send_oam(): not the socket's to pop. */
		atomic64_inc(status == NDIS_STATUS_SUCCESS ?
			     &vc->ad->oam_tx : &vc->ad->oam_dropped);
		dev_kfree_skb_any(skb);
		condis_vc_send_done(vc);
		return;
	}

	if (status == NDIS_STATUS_SUCCESS) {
		atomic_inc(&vcc->stats->tx);
		atomic64_inc(&vc->st.tx_ok);
		atomic64_add(skb->len, &vc->st.tx_bytes);
		atomic64_add(skb->len, &vc->ad->tx_bytes);
	} else {
		atomic_inc(&vcc->stats->tx_err);
		atomic64_inc(&vc->st.tx_err);
	}
	if (vcc->pop)
		vcc->pop(vcc, skb);
	else
		dev_kfree_skb_any(skb);
	condis_vc_send_done(vc);
}
EXPORT_SYMBOL_GPL(condis_send_complete);

/**
 * condis_send_oam() - atmdev_ops.send_oam: send one F5 OAM cell on a VC
 * @vcc: the VC's socket side
 * @cell: 52 bytes: the host-order cell header (PTI 4 or 5), 48-byte payload
 * @flags: unused (as in every Linux ATM driver)
 *
 * The cell is copied; the miniport sends it between the VC's SDUs.
 *
 * Context: process or BH context; never sleeps.
 * Return: 0, -ENOTCONN (no VC, or not ACTIVE), -EOPNOTSUPP (miniport
 * without send_oam), -EINVAL (not an F5 OAM cell, or a receive-only VC),
 * -EAGAIN (reset in progress), -ENOMEM.
 */
int condis_send_oam(struct atm_vcc *vcc, void *cell, int flags)
{
	struct condis_vc *vc = vcc->dev_data;
	struct condis_adapter *ad;
	struct sk_buff *skb;
	u32 hdr, pti;
	int err = 0;

	if (!vc)
		return -ENOTCONN;
	ad = vc->ad;
	memcpy(&hdr, cell, sizeof(hdr));
	pti = (hdr & ATM_HDR_PTI_MASK) >> ATM_HDR_PTI_SHIFT;
	if ((pti != 4 && pti != 5) || !(vc->dirs & CONDIS_VC_TRANSMIT))
		return -EINVAL;
	skb = alloc_skb(ATM_AAL0_SDU, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, cell, ATM_AAL0_SDU);
	ATM_SKB(skb)->vcc = vcc;
	ATM_SKB(skb)->atm_options = CONDIS_SKB_OAM;

	/*
	 * The miniport's ops are valid only until it unregistered, which
	 * took every VC down: look at them on an ACTIVE VC only. From the
	 * check to the miniport's send_oam, RCU keeps a deactivation (and
	 * a reset) from calling the miniport: see condis_send().
	 */
	rcu_read_lock();
	spin_lock_bh(&vc->lock);
	if (vc->state != CONDIS_VC_ACTIVE)
		err = -ENOTCONN;
	else if (!ad->ops->send_oam)
		err = -EOPNOTSUPP;
	else
		condis_vc_send_enter(vc);
	spin_unlock_bh(&vc->lock);
	if (err) {
		rcu_read_unlock();
		kfree_skb(skb);
		return err;
	}
	if (READ_ONCE(ad->resetting)) {
		rcu_read_unlock();
		condis_vc_send_entered(vc);
		condis_send_complete(vc, skb, NDIS_STATUS_RESET_IN_PROGRESS);
		return -EAGAIN;
	}
	ad->ops->send_oam(ad->priv, vc->ctx, skb);
	rcu_read_unlock();
	condis_vc_send_entered(vc);
	return 0;
}

/**
 * condis_indicate_oam() - hand a received F5 OAM cell to the VC's user
 * @vc: the VC it arrived on
 * @cell: 52 bytes laid out as for &condis_miniport_ops.send_oam
 *
 * Calls the socket's push_oam (set by an in-kernel user of the VC) or
 * counts the cell as dropped. The miniport indicates OAM cells on an AAL0
 * VC as ordinary cells instead: a raw-cell user sees every cell.
 *
 * Context: BH context.
 */
void condis_indicate_oam(struct condis_vc *vc, const void *cell)
{
	struct atm_vcc *vcc;

	spin_lock(&vc->lock);
	vcc = vc->state == CONDIS_VC_ACTIVE ? vc->vcc : NULL;
	spin_unlock(&vc->lock);
	/* Like a receive: none is indicated once deactivation completed. */
	if (vcc && vcc->push_oam) {
		atomic64_inc(&vc->ad->oam_rx);
		vcc->push_oam(vcc, (void *)cell);
	} else {
		atomic64_inc(&vc->ad->oam_dropped);
	}
}
EXPORT_SYMBOL_GPL(condis_indicate_oam);

/**
 * condis_alloc_rx_skb() - allocate an skb for a receive on a VC
 * @vc: the VC
 * @len: bytes the skb must hold
 *
 * Charges @len to the receiving socket (atm_alloc_charge()). A VC that is
 * not active, or a socket over its receive buffer, gets no skb and the
 * drop is counted (rx_drop in ATM_GETSTAT).
 *
 * Context: BH context.
 * Return: the skb, or NULL.
 */
struct sk_buff *condis_alloc_rx_skb(struct condis_vc *vc, unsigned int len)
{
	struct atm_vcc *vcc;
	struct sk_buff *skb = NULL;

	spin_lock(&vc->lock);
	vcc = vc->state == CONDIS_VC_ACTIVE ? vc->vcc : NULL;
	if (vcc) {
		/* On failure the ATM core counts the rx_drop itself. */
		skb = atm_alloc_charge(vcc, len, GFP_ATOMIC);
		if (skb)
			ATM_SKB(skb)->vcc = vcc;
		else
			atomic64_inc(&vc->st.rx_nobuf);
	} else {
		/*
		 * A VC being closed (or not yet open): dropped, and counted
		 * where ATM_GETSTAT sees it, since no socket will.
		 */
		atomic64_inc(&vc->st.rx_nobuf);
		atomic_inc(vc->params.aal == NDIS_AAL_TYPE_AAL0 ?
			   &vc->ad->dev->stats.aal0.rx_drop :
			   &vc->ad->dev->stats.aal5.rx_drop);
	}
	spin_unlock(&vc->lock);
	return skb;
}
EXPORT_SYMBOL_GPL(condis_alloc_rx_skb);

/**
 * condis_indicate_receive() - hand a received SDU to the VC's user
 * @vc: the VC
 * @skb: from condis_alloc_rx_skb() on the same VC, filled
 *
 * Context: BH context.
 */
void condis_indicate_receive(struct condis_vc *vc, struct sk_buff *skb)
{
	struct atm_vcc *vcc = ATM_SKB(skb)->vcc;

	atomic64_inc(&vc->st.rx_ok);
	atomic64_add(skb->len, &vc->st.rx_bytes);
	atomic64_add(skb->len, &vc->ad->rx_bytes);
	__net_timestamp(skb);
	vcc->push(vcc, skb);
	atomic_inc(&vcc->stats->rx);
}
EXPORT_SYMBOL_GPL(condis_indicate_receive);

/**
 * condis_indicate_receive_error() - count a receive that was lost
 * @vc: the VC
 * @dropped: true for a drop for want of buffers (rx_drop), false for a
 *	damaged PDU (rx_err: CRC or length error)
 *
 * Context: BH context.
 */
void condis_indicate_receive_error(struct condis_vc *vc, bool dropped)
{
	struct atm_vcc *vcc;

	atomic64_inc(dropped ? &vc->st.rx_nobuf : &vc->st.rx_err);
	spin_lock(&vc->lock);
	vcc = vc->vcc;
	if (vcc)
		atomic_inc(dropped ? &vcc->stats->rx_drop : &vcc->stats->rx_err);
	spin_unlock(&vc->lock);
}
EXPORT_SYMBOL_GPL(condis_indicate_receive_error);

/**
 * condis_vc_params() - the media parameters in force on a VC
 * @vc: the VC
 *
 * Return: the parameters; valid until the VC is deleted or re-activated.
 */
const struct condis_vc_params *condis_vc_params(struct condis_vc *vc)
{
	return &vc->params;
}
EXPORT_SYMBOL_GPL(condis_vc_params);

/*
 * Halt: take every VC down through the miniport before it goes away.
 * Sockets keep their (now inert) VC until they close.
 */
void condis_halt_vcs(struct condis_adapter *ad, int err)
{
	unsigned long timeout = msecs_to_jiffies(condis_deactivate_timeout_ms);
	struct condis_vc *vc;
	bool busy, deleted, stuck;

	for (;;) {
		spin_lock_bh(&ad->lock);
		vc = list_first_entry_or_null(&ad->vcs, struct condis_vc, node);
		if (vc)
			kref_get(&vc->ref);
		spin_unlock_bh(&ad->lock);
		if (!vc)
			break;

		/* Halt finishes the VC itself: no cleanup work from here on. */
		spin_lock_bh(&vc->lock);
		/* A dead device: its socket hears it now, not at close. */
		if (err && vc->vcc)
			vcc_release_async(vc->vcc, err);
		vc->abandoned = false;
		busy = vc->state == CONDIS_VC_ACTIVATING ||
		       vc->state == CONDIS_VC_DEACTIVATING;
		spin_unlock_bh(&vc->lock);
		/* Let an operation in progress (an open, a close) finish. */
		if (busy)
			wait_for_completion_timeout(&vc->op_done, timeout);
		if (cancel_work_sync(&vc->cleanup_work))
			condis_vc_put(vc);	/* the cancelled work's */
		stuck = condis_vc_deactivate(vc) == NDIS_STATUS_PENDING;
		spin_lock_bh(&vc->lock);
		stuck |= vc->state == CONDIS_VC_ACTIVATING ||
			 vc->state == CONDIS_VC_DEACTIVATING;
		spin_unlock_bh(&vc->lock);
		/* The miniport must give back every send before delete_vc. */
		if (stuck || atomic_read(&vc->inflight)) {
			condis_vc_unstick(vc, true, err);
			/* The reset's completion queued the cleanup work. */
			if (cancel_work_sync(&vc->cleanup_work))
				condis_vc_put(vc);
		}
		spin_lock_bh(&vc->lock);
		/* Whatever happened, the miniport forgets this VC now. */
		vc->state = CONDIS_VC_DEACTIVATED;
		condis_reserve(vc, 0);
		vc->abandoned = false;
		deleted = vc->deleted;
		spin_unlock_bh(&vc->lock);
		if (!deleted)
			condis_vc_delete(vc);
		condis_vc_put(vc);
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * CoNDIS shim: adapter reset, device failure and per-VC status.
 *
 * A reset is asked for by the miniport (condis_request_reset(): its
 * watchdog saw the device stop, or the device reported an error) or by
 * user space (CONDIS_IOC_RESET). The shim then
 *
 *  1. marks the adapter resetting: condis_send() completes new sends with
 *     RESET_IN_PROGRESS without calling the miniport, OID requests fail
 *     with it;
 *  2. waits for sends already inside the miniport (RCU) and for OID
 *     requests and VC operations in progress (ops_rwsem, for writing);
 *  3. calls the miniport's reset handler, which completes the sends it
 *     holds with RESET_IN_PROGRESS, resets the hardware and re-programs
 *     every active VC;
 *  4. lets sends, OIDs and VC operations through again.
 *
 * VCs, and the sockets on them, are untouched: traffic resumes without
 * user space doing anything; only the PDUs in flight are lost, and
 * counted (tx_err of the socket, reset drops of the adapter).
 *
 * A reset that fails (HARD_ERRORS, or no completion in reset_timeout_ms)
 * means the device is dead: every VC is halted through the miniport, each
 * socket gets EIO, and new VCs are refused with EIO until a later reset
 * succeeds. KOBJ_CHANGE uevents with CONDIS_RESET=START, END or FAILED
 * bracket every reset.
 *
 * Context: process context, may sleep (the reset work item or the ioctl).
 */

#include <linux/atmdev.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <kunit/visibility.h>
#include "condis_internal.h"

/*
 * condis_reset_timeout_ms - bounded wait (ms) for a pending reset; a
 * reset that takes longer counts as a failed one. Exported to KUnit.
 */
unsigned int condis_reset_timeout_ms = 10000;
module_param_named(reset_timeout_ms, condis_reset_timeout_ms, uint, 0644);
MODULE_PARM_DESC(reset_timeout_ms, "Bounded wait for a pending adapter reset (ms)");
EXPORT_SYMBOL_IF_KUNIT(condis_reset_timeout_ms);

/* Tell user space, with one KEY=VALUE, what happened to the adapter. */
void condis_status_uevent(struct condis_adapter *ad, const char *env)
{
	char *envp[2] = { (char *)env, NULL };

	kobject_uevent_env(&ad->dev->class_dev.kobj, KOBJ_CHANGE, envp);
}

/**
 * condis_reset_miniport() - the core of a reset: the miniport's handler
 * @ad: the adapter
 *
 * Marks the adapter resetting, waits for sends inside the miniport (RCU)
 * and for OID requests and VC operations (ops_rwsem), calls the reset
 * handler and waits, bounded, for a pending one. Leaves @ad->resetting
 * set: the caller clears it once it is done (after halting every VC if
 * the reset failed).
 *
 * Context: process context, may sleep; the caller holds @ad->reset_mutex
 * and not @ad->ops_rwsem.
 * Return: true if the reset failed (the device is dead).
 */
bool condis_reset_miniport(struct condis_adapter *ad)
{
	bool failed;
	u32 status;

	lockdep_assert_held(&ad->reset_mutex);
	spin_lock_bh(&ad->lock);
	ad->resetting = true;
	ad->resets++;
	spin_unlock_bh(&ad->lock);
	dev_info(ad->info.parent, "condis: atm%d: reset\n", ad->dev->number);
	condis_status_uevent(ad, "CONDIS_RESET=START");

	/* No send is inside the miniport after this, and none enters. */
	synchronize_rcu();
	/* Nor an OID request or a VC operation. */
	down_write(&ad->ops_rwsem);
	reinit_completion(&ad->reset_done);
	status = ad->ops->reset(ad->priv);
	if (status == NDIS_STATUS_PENDING) {
		unsigned long t = msecs_to_jiffies(condis_reset_timeout_ms);

		if (wait_for_completion_timeout(&ad->reset_done, t))
			status = READ_ONCE(ad->reset_status);
		else
			status = NDIS_STATUS_HARD_ERRORS;
	}
	failed = NDIS_STATUS_IS_ERROR(status) ||
		 status == NDIS_STATUS_HARD_ERRORS;
	/* Before the VC operations that waited for the reset go on. */
	spin_lock_bh(&ad->lock);
	ad->failed = failed;
	if (failed)
		ad->reset_failures++;
	spin_unlock_bh(&ad->lock);
	up_write(&ad->ops_rwsem);
	if (failed)
		dev_err(ad->info.parent,
			"condis: atm%d: reset failed (0x%08x): device dead\n",
			ad->dev->number, status);
	return failed;
}

/* The end of a reset: sends go to the miniport again. */
void condis_reset_end(struct condis_adapter *ad, bool failed)
{
	spin_lock_bh(&ad->lock);
	ad->resetting = false;
	spin_unlock_bh(&ad->lock);
	condis_status_uevent(ad, failed ? "CONDIS_RESET=FAILED" :
					  "CONDIS_RESET=END");
}

/**
 * condis_reset_adapter() - reset an adapter, keeping its VCs
 * @ad: the adapter
 *
 * Context: process context, may sleep.
 * Return: 0; -EOPNOTSUPP if the miniport cannot reset; -ENODEV if the
 * adapter is halted; -EIO if the device is dead (every VC was halted).
 */
int condis_reset_adapter(struct condis_adapter *ad)
{
	bool failed;
	int err;

	mutex_lock(&ad->reset_mutex);
	spin_lock_bh(&ad->lock);
	/*
	 * The miniport's ops only while it is registered: unregistration
	 * sets @halted, then waits for reset_mutex before it returns.
	 */
	if (ad->halted || !ad->ops->reset) {
		err = ad->halted ? -ENODEV : -EOPNOTSUPP;
		spin_unlock_bh(&ad->lock);
		mutex_unlock(&ad->reset_mutex);
		return err;
	}
	spin_unlock_bh(&ad->lock);
	failed = condis_reset_miniport(ad);
	/* Sends still complete with RESET_IN_PROGRESS meanwhile. */
	if (failed)
		condis_halt_vcs(ad, -EIO);
	condis_reset_end(ad, failed);
	mutex_unlock(&ad->reset_mutex);
	return failed ? -EIO : 0;
}
EXPORT_SYMBOL_IF_KUNIT(condis_reset_adapter);

void condis_reset_work(struct work_struct *work)
{
	struct condis_adapter *ad = container_of(work, struct condis_adapter,
						 reset_work);

	condis_reset_adapter(ad);
}

/**
 * condis_request_reset() - ask the shim to reset the adapter
 * @ad: the adapter
 *
 * For a miniport that found its device hung (a watchdog, CoNDIS's
 * CheckForHang) or broken (an error interrupt). The reset runs later, in
 * process context; requests while one is queued or running are merged.
 *
 * Context: any but hard IRQ.
 */
void condis_request_reset(struct condis_adapter *ad)
{
	spin_lock_bh(&ad->lock);
	if (!ad->halted && !ad->resetting)
		schedule_work(&ad->reset_work);
	spin_unlock_bh(&ad->lock);
}
EXPORT_SYMBOL_GPL(condis_request_reset);

/**
 * condis_reset_complete() - a pending reset finished
 * @ad: the adapter
 * @status: %NDIS_STATUS_SUCCESS, %NDIS_STATUS_SOFT_ERRORS, or
 *	%NDIS_STATUS_HARD_ERRORS if the device is dead
 *
 * Context: any but hard IRQ.
 */
void condis_reset_complete(struct condis_adapter *ad, u32 status)
{
	WRITE_ONCE(ad->reset_status, status);
	complete(&ad->reset_done);
}
EXPORT_SYMBOL_GPL(condis_reset_complete);

/**
 * condis_indicate_vc_status() - report a status that concerns one VC only
 * @vc: the VC
 * @status: %NDIS_STATUS_CLOSING: the hardware dropped the VC (e.g. it
 *	could not be re-programmed after a reset). The miniport has
 *	completed every send on it and indicates no more receives; the VC
 *	becomes DEACTIVATED and its socket, and only that socket, sees
 *	ECONNRESET. Other statuses are counted and logged.
 *
 * Context: process or BH context.
 */
void condis_indicate_vc_status(struct condis_vc *vc, u32 status)
{
	struct condis_adapter *ad = vc->ad;
	struct atm_vcc *vcc;

	spin_lock_bh(&ad->lock);
	ad->status_count++;
	spin_unlock_bh(&ad->lock);
	if (status != NDIS_STATUS_CLOSING) {
		dev_dbg(ad->info.parent, "condis: VC %u.%u: status 0x%08x\n",
			vc->vpi, vc->vci, status);
		return;
	}

	spin_lock_bh(&vc->lock);
	if (vc->state != CONDIS_VC_ACTIVE) {
		spin_unlock_bh(&vc->lock);
		condis_count_illegal(ad);
		return;
	}
	vc->state = CONDIS_VC_DEACTIVATED;
	condis_vc_unreserve(vc);
	vcc = vc->vcc;
	/* The socket lives until its close, which needs vc->lock first. */
	if (vcc)
		vcc_release_async(vcc, -ECONNRESET);
	spin_unlock_bh(&vc->lock);
	dev_warn(ad->info.parent, "condis: VC %u.%u closed by the miniport\n",
		 vc->vpi, vc->vci);
}
EXPORT_SYMBOL_GPL(condis_indicate_vc_status);

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CoNDIS shim: the contract between the generic shim (drivers/condis/)
 * and a connection-oriented ATM miniport driver.
 *
 * The shim owns the Linux &struct atm_dev and implements &struct
 * atmdev_ops once for every miniport; it runs the per-VC state machine
 * of CoNDIS (CREATED, ACTIVATING, ACTIVE, DEACTIVATING, DEACTIVATED) and
 * maps it to Linux open/close/send/receive. A miniport describes its
 * adapter with &struct condis_adapter_info, implements
 * &struct condis_miniport_ops and registers with
 * condis_register_adapter(). See Documentation/condis.rst.
 *
 * Statuses are NDIS status codes (include/condis/ndis.h). Handlers that
 * may pend return %NDIS_STATUS_PENDING and report the outcome later with
 * the matching *_complete() call, from any context but hard IRQ.
 */
#ifndef _CONDIS_CONDIS_H
#define _CONDIS_CONDIS_H

#include <linux/atmdev.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <condis/ndis.h>

struct condis_adapter;
struct condis_vc;
struct device;
struct module;

/**
 * struct condis_adapter_info - what a miniport tells the shim about an adapter
 * @type: short device type name shown by the ATM core ("coatm")
 * @parent: the bus device; becomes the parent of the ATM class device
 * @esi: end system identifier (the adapter's MAC address)
 * @vpi_bits: number of VPI bits the adapter supports
 * @vci_bits: number of VCI bits the adapter supports
 * @max_vcs: number of VCs the adapter can have open at once
 * @link_rate: line rate in cells per second
 * @link_up: carrier state at registration time
 * @aal_types: AALs supported, %NDIS_AAL_TYPE_* bits
 * @max_sdu: largest AAL5 SDU the adapter sends and receives
 * @loopback_modes: ATM_LM_* modes the miniport's set_loopback accepts
 * @service_categories: %NDIS_ATM_SERVICE_CATEGORY_* bits supported
 * @description: vendor description (GEN_CO_VENDOR_DESCRIPTION)
 * @vendor_driver_version: GEN_CO_VENDOR_DRIVER_VERSION (major << 16 | minor)
 * @miniport_oids: OIDs the miniport's oid_request answers itself
 * @nr_miniport_oids: entries in @miniport_oids
 *
 * Copied by condis_register_adapter(), together with what @type,
 * @description and @miniport_oids point to: the shim still answers for
 * the ATM device (its type, OID queries, proc reads) after
 * condis_unregister_adapter(), when the miniport may be unloaded.
 * @parent must stay valid until condis_unregister_adapter() returns.
 */
struct condis_adapter_info {
	const char *type;
	struct device *parent;
	u8 esi[ESI_LEN];
	u8 vpi_bits;
	u8 vci_bits;
	u32 max_vcs;
	u32 link_rate;
	bool link_up;
	u32 aal_types;
	u32 max_sdu;
	u32 loopback_modes;
	u32 service_categories;
	const char *description;
	u32 vendor_driver_version;
	const u32 *miniport_oids;
	unsigned int nr_miniport_oids;
};

/**
 * struct condis_oid_req - one OID request as the miniport sees it
 * @oid: the OID
 * @set: a set (else a query)
 * @buf: the information buffer (kernel memory)
 * @len: bytes at @buf
 * @bytes_written: query: bytes written; set: bytes used
 * @bytes_needed: bytes needed, with %NDIS_STATUS_BUFFER_TOO_SHORT or
 *	%NDIS_STATUS_INVALID_LENGTH
 */
struct condis_oid_req {
	u32 oid;
	bool set;
	void *buf;
	u32 len;
	u32 bytes_written;
	u32 bytes_needed;
};

/**
 * struct condis_link_state - payload of %NDIS_STATUS_LINK_STATE
 * @media_connect_state: %NDIS_MEDIA_CONNECT_STATE_CONNECTED or
 *	%NDIS_MEDIA_CONNECT_STATE_DISCONNECTED
 * @cell_rate: line rate in cells per second, 0 if unchanged/unknown
 */
struct condis_link_state {
	u32 media_connect_state;
	u32 cell_rate;
};

/**
 * struct condis_flow - traffic parameters of one direction of a VC
 * @service: %NDIS_ATM_SERVICE_CATEGORY_* (CBR, VBR, UBR); 0 if this
 *	direction is not used
 * @pcr: peak cell rate, cells/s (0: the line rate)
 * @scr: sustainable cell rate, cells/s (VBR)
 * @mbs: maximum burst size, cells (VBR)
 * @max_sdu: largest SDU, bytes
 */
struct condis_flow {
	u32 service;
	u32 pcr;
	u32 scr;
	u32 mbs;
	u32 max_sdu;
};

/**
 * struct condis_vc_params - media parameters of a VC (CoNDIS ATM_MEDIA_PARAMETERS)
 * @vpi: virtual path identifier
 * @vci: virtual channel identifier
 * @aal: %NDIS_AAL_TYPE_AAL0 or %NDIS_AAL_TYPE_AAL5
 * @flags: %CONDIS_VC_TRANSMIT and/or %CONDIS_VC_RECEIVE, plus
 *	%CONDIS_ROUND_UP_FLOW / %CONDIS_ROUND_DOWN_FLOW
 * @tx: transmit flow
 * @rx: receive flow
 */
struct condis_vc_params {
	u16 vpi;
	u32 vci;
	u32 aal;
	u32 flags;
	struct condis_flow tx;
	struct condis_flow rx;
};

/**
 * struct condis_miniport_ops - handlers a miniport implements
 * @owner: module that implements the handlers
 * @create_vc: allocate the miniport's per-VC state and return it in
 *	@vc_ctx. Never pends. Returns %NDIS_STATUS_SUCCESS or
 *	%NDIS_STATUS_RESOURCES. Process context.
 * @delete_vc: free what create_vc allocated. Never pends; only called on
 *	a VC that is not active. Process context.
 * @activate_vc: program the VC into the hardware with @params. Returns
 *	%NDIS_STATUS_SUCCESS, an error (%NDIS_STATUS_INVALID_DATA,
 *	%NDIS_STATUS_RESOURCES, %NDIS_STATUS_CELLRATE_NOT_AVAILABLE...)
 *	or %NDIS_STATUS_PENDING followed by condis_activate_vc_complete().
 *	On an active VC it changes the traffic parameters; on failure the
 *	old ones must stay in force. The miniport may write granted rates
 *	back into @params before completing. Process context.
 * @deactivate_vc: stop the VC in the hardware once every send accepted
 *	on it has completed. Returns %NDIS_STATUS_SUCCESS or
 *	%NDIS_STATUS_PENDING followed by condis_deactivate_vc_complete().
 *	No receive is indicated on the VC after it completes. Process
 *	context.
 * @send: queue @skb (one AAL5 SDU, or one 52-byte AAL0 cell as the Linux
 *	ATM core lays it out) for transmission on an active VC. Must not
 *	sleep (BH or process context). Every skb passed here is completed
 *	exactly once with condis_send_complete(), never from within @send.
 * @send_oam: optional; queue one F5 OAM cell (PTI 4 or 5) on an active VC
 *	of any AAL: @skb holds 52 bytes laid out as a Linux AAL0 cell (the
 *	host-order header, then the 48-byte payload, whose CRC-10 the
 *	miniport or its hardware fills in). Completed like @send, exactly
 *	once, with condis_send_complete(). Never sleeps.
 * @set_loopback: set an ATM_LM_* loopback mode. Process context.
 * @proc_read: optional extra lines for /proc/net/atm/<type>:<n>; like
 *	&atmdev_ops.proc_read, called with @pos from 0 until it returns 0.
 * @oid_request: optional; answer an OID request the shim does not answer
 *	itself (those in &condis_adapter_info.miniport_oids, or unknown ones:
 *	then %NDIS_STATUS_INVALID_OID). @vc_ctx is NULL for an adapter-wide
 *	request. Returns the NDIS status; does not pend. Process context;
 *	requests are not serialized.
 * @reset: optional; reset the adapter (CoNDIS MiniportReset). The shim
 *	calls it with no send inside @send, no OID request and no VC
 *	operation in progress, and holds new ones off until it is over. The
 *	miniport completes every send it holds with
 *	%NDIS_STATUS_RESET_IN_PROGRESS, finishes any activation or
 *	deactivation still pending (an abandoned one: activation fails,
 *	deactivation succeeds), resets the hardware and re-programs every
 *	VC it had activated, so VC handles (and the sockets on them) stay
 *	valid. A VC it cannot re-program is reported with
 *	condis_indicate_vc_status(%NDIS_STATUS_CLOSING). Returns
 *	%NDIS_STATUS_SUCCESS (or %NDIS_STATUS_SOFT_ERRORS), %NDIS_STATUS_PENDING
 *	followed by condis_reset_complete(), or %NDIS_STATUS_HARD_ERRORS if
 *	the device is dead: the shim then halts every VC. Process context,
 *	may sleep.
 *
 * The shim calls no handler after condis_unregister_adapter() returned
 * and serializes activate/deactivate/delete of one VC.
 */
struct condis_miniport_ops {
	struct module *owner;
	u32 (*create_vc)(void *priv, struct condis_vc *vc, void **vc_ctx);
	void (*delete_vc)(void *priv, void *vc_ctx);
	u32 (*activate_vc)(void *priv, void *vc_ctx,
			   struct condis_vc_params *params);
	u32 (*deactivate_vc)(void *priv, void *vc_ctx);
	void (*send)(void *priv, void *vc_ctx, struct sk_buff *skb);
	void (*send_oam)(void *priv, void *vc_ctx, struct sk_buff *skb);
	int (*set_loopback)(void *priv, int mode);
	int (*proc_read)(void *priv, loff_t pos, char *page);
	u32 (*oid_request)(void *priv, void *vc_ctx, struct condis_oid_req *req);
	u32 (*reset)(void *priv);
};

/* AAL types (NDIS AAL_TYPE) */
#define NDIS_AAL_TYPE_AAL0		0x01
#define NDIS_AAL_TYPE_AAL1		0x02
#define NDIS_AAL_TYPE_AAL34		0x04
#define NDIS_AAL_TYPE_AAL5		0x08

/* Service categories (NDIS ATM_SERVICE_CATEGORY) */
#define NDIS_ATM_SERVICE_CATEGORY_CBR	0x01
#define NDIS_ATM_SERVICE_CATEGORY_VBR	0x02
#define NDIS_ATM_SERVICE_CATEGORY_UBR	0x04
#define NDIS_ATM_SERVICE_CATEGORY_ABR	0x08

/* VC flags (CoNDIS ATM media parameter flags) */
#define CONDIS_ROUND_DOWN_FLOW		0x00000080
#define CONDIS_ROUND_UP_FLOW		0x00000100
#define CONDIS_VC_TRANSMIT		0x00000004
#define CONDIS_VC_RECEIVE		0x00000008

struct condis_adapter *
condis_register_adapter(const struct condis_miniport_ops *ops,
			const struct condis_adapter_info *info, void *priv);
void condis_unregister_adapter(struct condis_adapter *ad);
void *condis_adapter_priv(struct condis_adapter *ad);
int condis_adapter_number(struct condis_adapter *ad);
void condis_indicate_status(struct condis_adapter *ad, u32 status,
			    const void *buf, unsigned int len);
void condis_indicate_vc_status(struct condis_vc *vc, u32 status);
void condis_request_reset(struct condis_adapter *ad);
void condis_reset_complete(struct condis_adapter *ad, u32 status);

void condis_activate_vc_complete(struct condis_vc *vc, u32 status);
void condis_deactivate_vc_complete(struct condis_vc *vc, u32 status);
void condis_send_complete(struct condis_vc *vc, struct sk_buff *skb,
			  u32 status);
u32 condis_oid_put(struct condis_oid_req *req, const void *val, u32 size);
struct sk_buff *condis_alloc_rx_skb(struct condis_vc *vc, unsigned int len);
void condis_indicate_receive(struct condis_vc *vc, struct sk_buff *skb);
void condis_indicate_receive_error(struct condis_vc *vc, bool dropped);
void condis_indicate_oam(struct condis_vc *vc, const void *cell);
const struct condis_vc_params *condis_vc_params(struct condis_vc *vc);

#endif /* _CONDIS_CONDIS_H */

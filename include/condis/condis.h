/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CoNDIS shim: the contract between the generic shim (drivers/condis/)
 * and a connection-oriented ATM miniport driver.
 *
 * The shim owns the Linux &struct atm_dev and implements &struct
 * atmdev_ops once for every miniport. A miniport describes its adapter
 * with &struct condis_adapter_info, registers it with
 * condis_register_adapter() and reports adapter events with
 * condis_indicate_status(). See Documentation/condis.rst.
 */
#ifndef _CONDIS_CONDIS_H
#define _CONDIS_CONDIS_H

#include <linux/atmdev.h>
#include <linux/types.h>
#include <condis/ndis.h>

struct condis_adapter;
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
 *
 * Copied by condis_register_adapter(); the miniport may free it after.
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
 * struct condis_miniport_ops - handlers a miniport implements
 * @owner: module that implements the handlers
 *
 * The VC, send, OID, reset and halt handlers of the CoNDIS contract are
 * added here as the shim grows; the shim never calls a handler after
 * condis_unregister_adapter() has returned.
 */
struct condis_miniport_ops {
	struct module *owner;
};

struct condis_adapter *
condis_register_adapter(const struct condis_miniport_ops *ops,
			const struct condis_adapter_info *info, void *priv);
void condis_unregister_adapter(struct condis_adapter *ad);
void *condis_adapter_priv(struct condis_adapter *ad);
int condis_adapter_number(struct condis_adapter *ad);
void condis_indicate_status(struct condis_adapter *ad, u32 status,
			    const void *buf, unsigned int len);

#endif /* _CONDIS_CONDIS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * coatm: the OIDs the miniport answers itself, from the device's
 * counters (the shim answers the general and ATM ones). The device counts
 * cells for the whole port, so these are adapter-wide only.
 *
 * Context: process context (OID requests through the shim).
 */

#include <uapi/linux/condis.h>
#include "coatm.h"

const u32 coatm_oids[] = {
	OID_ATM_RCV_CELLS_OK, OID_ATM_XMIT_CELLS_OK, OID_ATM_RCV_CELLS_DROPPED,
	OID_ATM_RCV_INVALID_VPI_VCI, OID_ATM_CELLS_HEC_ERROR,
	OID_ATM_RCV_REASSEMBLY_ERROR, OID_GEN_CO_RCV_CRC_ERROR,
};

const unsigned int coatm_nr_oids = ARRAY_SIZE(coatm_oids);

u32 coatm_oid_request(void *priv, void *vc_ctx, struct condis_oid_req *req)
{
	struct coatm_dev *cd = priv;
	u64 v;

	switch (req->oid) {
	case OID_ATM_RCV_CELLS_OK:
		v = coatm_hw_counter(cd, COATM_CNT_RX_CELLS);
		break;
	case OID_ATM_XMIT_CELLS_OK:
		v = coatm_hw_counter(cd, COATM_CNT_TX_CELLS);
		break;
	case OID_ATM_RCV_CELLS_DROPPED:
		v = coatm_hw_counter(cd, COATM_CNT_RX_DROP_CELLS);
		break;
	case OID_ATM_RCV_INVALID_VPI_VCI:
		v = coatm_hw_counter(cd, COATM_CNT_RX_INVALID_VC);
		break;
	case OID_ATM_CELLS_HEC_ERROR:
		v = coatm_hw_counter(cd, COATM_CNT_RX_HEC_ERR);
		break;
	case OID_ATM_RCV_REASSEMBLY_ERROR:
		v = coatm_hw_counter(cd, COATM_CNT_RX_CRC_ERR) +
		    coatm_hw_counter(cd, COATM_CNT_RX_LEN_ERR);
		break;
	case OID_GEN_CO_RCV_CRC_ERROR:
		v = coatm_hw_counter(cd, COATM_CNT_RX_CRC_ERR);
		break;
	default:
		return NDIS_STATUS_INVALID_OID;
	}
	if (req->set)
		return NDIS_STATUS_NOT_SUPPORTED;	/* counters are read only */
	if (vc_ctx)
		return NDIS_STATUS_NOT_SUPPORTED;	/* the port counts cells */
	return condis_oid_put(req, &v, sizeof(v));
}

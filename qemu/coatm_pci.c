/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * QEMU model of coatm, a PCI ATM SAR NIC.
 *
 * This file binds the QEMU-independent device logic (coatm_core.c) to a
 * PCI function: BAR0 holds the registers of coatm_regs.h, BAR1 the
 * MSI-X table and PBA (only with vectors=3; vectors=0 leaves INTx A
 * as the only interrupt). The wire is a QEMU net client, so the link
 * follows "set_link" and frames travel to and from a -netdev. The core's
 * timers run on QEMU_CLOCK_VIRTUAL. Its engines (TX, commands) run from
 * one bottom half each, which the core schedules when a doorbell wakes
 * them: an MMIO write only records the index and returns to the guest.
 * The fault knobs (cmd-delay-us, cmd-stall, tx-stall, rx-corrupt,
 * hostile-rxc, raise-error, refuse-open, refuse-rings, dead) are QOM
 * properties that QMP qom-set changes on the running device.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/pci/pci.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "qom/object.h"

#include "coatm_regs.h"
#include "coatm_core.h"

#define TYPE_COATM "coatm"
OBJECT_DECLARE_SIMPLE_TYPE(CoatmState, COATM)

typedef struct CoatmTimer {
    CoatmState *s;
    int id;
    QEMUTimer *timer;
} CoatmTimer;

typedef struct CoatmEngine {
    CoatmState *s;
    int id;
    QEMUBH *bh;
} CoatmEngine;

/* Fault knobs; the core has the live values once it is initialised */
enum {
    COATM_KNOB_CMD_DELAY_US,
    COATM_KNOB_RX_CORRUPT,
    COATM_KNOB_HOSTILE_RXC,
    COATM_KNOB_RAISE_ERROR,
    COATM_KNOB_REFUSE_OPEN,
    COATM_KNOB_REFUSE_RINGS,
    COATM_NUM_KNOBS_U32,
};

struct CoatmState {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    NICState *nic;
    NICConf conf;

    /* properties */
    uint32_t vectors;
    uint32_t line_rate;
    uint32_t max_vcs;
    uint32_t vpi_bits;
    uint32_t vci_bits;

    /* knobs set before realize */
    uint32_t knob_u32[COATM_NUM_KNOBS_U32];
    bool cmd_stall;
    bool tx_stall;
    bool dead;

    bool core_ready;
    CoatmTimer timers[COATM_NUM_TIMERS];
    CoatmEngine engines[COATM_NUM_ENGINES];
    struct coatm_core core;
};

/* Core callbacks */

static void coatm_notify(void *opaque, unsigned int vector)
{
    CoatmState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(s);

    if (msix_enabled(pdev)) {
        msix_notify(pdev, vector);
    }
}

static void coatm_set_level(void *opaque, bool level)
{
    CoatmState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(s);

    /* With MSI-X on, INTx stays deasserted. */
    pci_set_irq(pdev, msix_enabled(pdev) ? 0 : level);
}

static int coatm_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    CoatmState *s = opaque;

    return pci_dma_read(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static int coatm_dma_write(void *opaque, uint64_t addr, const void *buf,
                           size_t len)
{
    CoatmState *s = opaque;

    return pci_dma_write(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static void coatm_link_tx(void *opaque, const void *buf, size_t len)
{
    CoatmState *s = opaque;

    qemu_send_packet(qemu_get_queue(s->nic), buf, len);
}

static int64_t coatm_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void coatm_timer_mod(void *opaque, int timer_id, int64_t expire_ns)
{
    CoatmState *s = opaque;

    timer_mod(s->timers[timer_id].timer, expire_ns);
}

static void coatm_timer_del(void *opaque, int timer_id)
{
    CoatmState *s = opaque;

    timer_del(s->timers[timer_id].timer);
}

static void coatm_timer_cb(void *opaque)
{
    CoatmTimer *t = opaque;

    coatm_core_timer_fired(&t->s->core, t->id);
}

static void coatm_schedule(void *opaque, int engine)
{
    CoatmState *s = opaque;

    qemu_bh_schedule(s->engines[engine].bh);
}

static void coatm_engine_bh(void *opaque)
{
    CoatmEngine *e = opaque;

    coatm_core_run_engine(&e->s->core, e->id);
}

static const struct coatm_core_ops coatm_core_ops = {
    .notify = coatm_notify,
    .set_level = coatm_set_level,
    .dma_read = coatm_dma_read,
    .dma_write = coatm_dma_write,
    .link_tx = coatm_link_tx,
    .now_ns = coatm_now_ns,
    .timer_mod = coatm_timer_mod,
    .timer_del = coatm_timer_del,
    .schedule = coatm_schedule,
};

/* BAR0 */

static uint64_t coatm_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    CoatmState *s = opaque;
    enum coatm_mmio_status st;
    uint32_t val;

    st = coatm_core_mmio_read(&s->core, addr, &val);
    if (st != COATM_MMIO_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "coatm: read of 0x%" HWADDR_PRIx " (size %u): %s\n",
                      addr, size, coatm_mmio_status_str(st));
    }
    return val;
}

static void coatm_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    CoatmState *s = opaque;
    enum coatm_mmio_status st;

    st = coatm_core_mmio_write(&s->core, addr, val);
    if (st != COATM_MMIO_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "coatm: write of 0x%" PRIx64 " to 0x%" HWADDR_PRIx
                      " (size %u) ignored: %s\n",
                      val, addr, size, coatm_mmio_status_str(st));
    }
}

static const MemoryRegionOps coatm_mmio_ops = {
    .read = coatm_mmio_read,
    .write = coatm_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

/* Net client */

static bool coatm_can_receive(NetClientState *nc)
{
    /* The device takes every frame: what it cannot use, it counts. */
    return true;
}

static ssize_t coatm_receive(NetClientState *nc, const uint8_t *buf,
                             size_t size)
{
    CoatmState *s = qemu_get_nic_opaque(nc);

    coatm_core_link_rx(&s->core, buf, size);
    return size;
}

static void coatm_link_status_changed(NetClientState *nc)
{
    CoatmState *s = qemu_get_nic_opaque(nc);

    coatm_core_set_link(&s->core, !nc->link_down);
}

static NetClientInfo coatm_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = coatm_can_receive,
    .receive = coatm_receive,
    .link_status_changed = coatm_link_status_changed,
};

/* PCI */

static void coatm_write_config(PCIDevice *pdev, uint32_t addr, uint32_t val,
                               int len)
{
    CoatmState *s = COATM(pdev);
    bool had_msix = msix_enabled(pdev);

    pci_default_write_config(pdev, addr, val, len);

    /* Turning MSI-X off hands a pending interrupt back to INTx. */
    if (had_msix && !msix_enabled(pdev)) {
        pci_set_irq(pdev, coatm_core_irq_level(&s->core));
    }
}

static void coatm_free_timers(CoatmState *s)
{
    unsigned int i;

    for (i = 0; i < COATM_NUM_TIMERS; i++) {
        timer_free(s->timers[i].timer);
        s->timers[i].timer = NULL;
    }
    for (i = 0; i < COATM_NUM_ENGINES; i++) {
        if (s->engines[i].bh) {
            qemu_bh_delete(s->engines[i].bh);
            s->engines[i].bh = NULL;
        }
    }
}

static bool coatm_check_props(CoatmState *s, Error **errp)
{
    if (s->vpi_bits > COATM_MAX_VPI_BITS) {
        error_setg(errp, "vpi-bits must be at most %u",
                   COATM_MAX_VPI_BITS);
        return false;
    }
    if (s->vci_bits > COATM_MAX_VCI_BITS) {
        error_setg(errp, "vci-bits must be at most %u",
                   COATM_MAX_VCI_BITS);
        return false;
    }
    if (s->max_vcs < 1 || s->max_vcs > 65535) {
        error_setg(errp, "max-vcs must be between 1 and 65535");
        return false;
    }
    if (s->vectors != 0 && s->vectors != COATM_NUM_VECTORS) {
        error_setg(errp, "vectors must be 0 (INTx only) or %u",
                   COATM_NUM_VECTORS);
        return false;
    }
    if (s->line_rate < 1 || s->line_rate > COATM_LINE_RATE_MAX) {
        error_setg(errp, "line-rate must be between 1 and %u",
                   COATM_LINE_RATE_MAX);
        return false;
    }
    return true;
}

static void coatm_realize(PCIDevice *pdev, Error **errp)
{
    CoatmState *s = COATM(pdev);
    DeviceState *dev = DEVICE(pdev);
    struct coatm_core_config cfg = { 0 };
    unsigned int i;
    int ret;

    if (!coatm_check_props(s, errp)) {
        return;
    }

    pdev->config_write = coatm_write_config;
    pci_config_set_interrupt_pin(pdev->config, 1);

    memory_region_init_io(&s->mmio, OBJECT(s), &coatm_mmio_ops, s,
                          "coatm-mmio", COATM_BAR0_SIZE);
    pci_register_bar(pdev, COATM_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->mmio);

    if (s->vectors > 0) {
        if (msix_init_exclusive_bar(pdev, s->vectors, COATM_BAR_MSIX,
                                    errp)) {
            return;
        }
        for (i = 0; i < s->vectors; i++) {
            msix_vector_use(pdev, i);
        }
    }

    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&coatm_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);

    memcpy(cfg.esi, s->conf.macaddr.a, sizeof(cfg.esi));
    cfg.line_rate = s->line_rate;
    cfg.max_vcs = s->max_vcs;
    cfg.vpi_bits = s->vpi_bits;
    cfg.vci_bits = s->vci_bits;
    cfg.vectors = s->vectors;
    cfg.link_up = !qemu_get_queue(s->nic)->link_down;
    for (i = 0; i < COATM_NUM_TIMERS; i++) {
        s->timers[i].s = s;
        s->timers[i].id = i;
        s->timers[i].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, coatm_timer_cb,
                                          &s->timers[i]);
    }
    for (i = 0; i < COATM_NUM_ENGINES; i++) {
        s->engines[i].s = s;
        s->engines[i].id = i;
        s->engines[i].bh = qemu_bh_new_guarded(coatm_engine_bh,
                                               &s->engines[i],
                                               &dev->mem_reentrancy_guard);
    }
    /* coatm_check_props() let through only what the core accepts. */
    ret = coatm_core_init(&s->core, &cfg, &coatm_core_ops, s);
    if (ret < 0) {
        error_setg(errp, "coatm: out of memory for %u VCs", s->max_vcs);
        coatm_free_timers(s);
        qemu_del_nic(s->nic);
        s->nic = NULL;
        if (s->vectors > 0) {
            msix_unuse_all_vectors(pdev);
            msix_uninit_exclusive_bar(pdev);
        }
        return;
    }
    s->core_ready = true;
    coatm_core_set_cmd_delay_us(&s->core,
                                s->knob_u32[COATM_KNOB_CMD_DELAY_US]);
    coatm_core_set_rx_corrupt(&s->core, s->knob_u32[COATM_KNOB_RX_CORRUPT]);
    coatm_core_set_hostile_rxc(&s->core,
                               s->knob_u32[COATM_KNOB_HOSTILE_RXC]);
    coatm_core_set_cmd_stall(&s->core, s->cmd_stall);
    coatm_core_set_tx_stall(&s->core, s->tx_stall);
    coatm_core_set_refuse_open(&s->core,
                               s->knob_u32[COATM_KNOB_REFUSE_OPEN]);
    coatm_core_set_refuse_rings(&s->core,
                                s->knob_u32[COATM_KNOB_REFUSE_RINGS]);
    coatm_core_set_dead(&s->core, s->dead);
}

static void coatm_exit(PCIDevice *pdev)
{
    CoatmState *s = COATM(pdev);

    qemu_del_nic(s->nic);
    s->nic = NULL;
    coatm_free_timers(s);
    s->core_ready = false;
    coatm_core_fini(&s->core);
    if (s->vectors > 0) {
        msix_unuse_all_vectors(pdev);
        msix_uninit_exclusive_bar(pdev);
    }
}

static void coatm_reset(DeviceState *dev)
{
    CoatmState *s = COATM(dev);

    coatm_core_reset(&s->core);
}

/* Fault knobs */

static void coatm_get_knob_u32(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    CoatmState *s = COATM(obj);
    int knob = (intptr_t)opaque;
    uint32_t val = s->knob_u32[knob];

    if (s->core_ready) {
        switch (knob) {
        case COATM_KNOB_CMD_DELAY_US:
            val = s->core.cmd_delay_us;
            break;
        case COATM_KNOB_RX_CORRUPT:
            val = s->core.rx_corrupt;
            break;
        case COATM_KNOB_RAISE_ERROR:
            val = s->core.dead ? 0 : s->core.error;
            break;
        case COATM_KNOB_REFUSE_OPEN:
            val = s->core.refuse_open;
            break;
        case COATM_KNOB_REFUSE_RINGS:
            val = s->core.refuse_rings;
            break;
        default:
            val = s->core.hostile_rxc;
            break;
        }
    }
    visit_type_uint32(v, name, &val, errp);
}

static void coatm_set_knob_u32(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    CoatmState *s = COATM(obj);
    int knob = (intptr_t)opaque;
    uint32_t val;

    if (!visit_type_uint32(v, name, &val, errp)) {
        return;
    }
    s->knob_u32[knob] = val;
    if (!s->core_ready) {
        return;
    }
    switch (knob) {
    case COATM_KNOB_CMD_DELAY_US:
        coatm_core_set_cmd_delay_us(&s->core, val);
        break;
    case COATM_KNOB_RX_CORRUPT:
        coatm_core_set_rx_corrupt(&s->core, val);
        break;
    case COATM_KNOB_RAISE_ERROR:
        coatm_core_inject_error(&s->core, val);
        break;
    case COATM_KNOB_REFUSE_OPEN:
        coatm_core_set_refuse_open(&s->core, val);
        break;
    case COATM_KNOB_REFUSE_RINGS:
        coatm_core_set_refuse_rings(&s->core, val);
        break;
    default:
        coatm_core_set_hostile_rxc(&s->core, val);
        break;
    }
}

static bool coatm_get_dead(Object *obj, Error **errp)
{
    CoatmState *s = COATM(obj);

    return s->core_ready ? s->core.dead : s->dead;
}

static void coatm_set_dead(Object *obj, bool val, Error **errp)
{
    CoatmState *s = COATM(obj);

    s->dead = val;
    if (s->core_ready) {
        coatm_core_set_dead(&s->core, val);
    }
}

static bool coatm_get_cmd_stall(Object *obj, Error **errp)
{
    CoatmState *s = COATM(obj);

    return s->core_ready ? s->core.cmd_stall : s->cmd_stall;
}

static void coatm_set_cmd_stall(Object *obj, bool val, Error **errp)
{
    CoatmState *s = COATM(obj);

    s->cmd_stall = val;
    if (s->core_ready) {
        coatm_core_set_cmd_stall(&s->core, val);
    }
}

static bool coatm_get_tx_stall(Object *obj, Error **errp)
{
    CoatmState *s = COATM(obj);

    return s->core_ready ? s->core.tx_stall : s->tx_stall;
}

static void coatm_set_tx_stall(Object *obj, bool val, Error **errp)
{
    CoatmState *s = COATM(obj);

    s->tx_stall = val;
    if (s->core_ready) {
        coatm_core_set_tx_stall(&s->core, val);
    }
}

static void coatm_add_knobs(ObjectClass *klass)
{
    static const struct {
        const char *name;
        int knob;
        const char *desc;
    } u32[] = {
        { "cmd-delay-us", COATM_KNOB_CMD_DELAY_US,
          "complete each command this many us after its doorbell" },
        { "rx-corrupt", COATM_KNOB_RX_CORRUPT,
          "corrupt a payload byte of the next N AAL5 PDUs received" },
        { "hostile-rxc", COATM_KNOB_HOSTILE_RXC,
          "garble the next N RX completions" },
        { "raise-error", COATM_KNOB_RAISE_ERROR,
          "latch these ERROR bits and raise the error interrupt" },
        { "refuse-open", COATM_KNOB_REFUSE_OPEN,
          "refuse the next N OPEN commands (no resources)" },
        { "refuse-rings", COATM_KNOB_REFUSE_RINGS,
          "refuse the next N enables as if the rings were bad" },
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(u32); i++) {
        object_class_property_add(klass, u32[i].name, "uint32",
                                  coatm_get_knob_u32, coatm_set_knob_u32,
                                  NULL, (void *)(intptr_t)u32[i].knob);
        object_class_property_set_description(klass, u32[i].name,
                                              u32[i].desc);
    }
    object_class_property_add_bool(klass, "cmd-stall", coatm_get_cmd_stall,
                                   coatm_set_cmd_stall);
    object_class_property_set_description(klass, "cmd-stall",
                                          "hold every command while set");
    object_class_property_add_bool(klass, "tx-stall", coatm_get_tx_stall,
                                   coatm_set_tx_stall);
    object_class_property_set_description(klass, "tx-stall",
                                          "stop the TX engine while set "
                                          "(a device reset clears it)");
    object_class_property_add_bool(klass, "dead", coatm_get_dead,
                                   coatm_set_dead);
    object_class_property_set_description(klass, "dead",
                                          "device off the bus: MMIO reads "
                                          "all-ones, nothing runs");
}

static Property coatm_properties[] = {
    DEFINE_NIC_PROPERTIES(CoatmState, conf),
    DEFINE_PROP_UINT32("vectors", CoatmState, vectors, COATM_NUM_VECTORS),
    DEFINE_PROP_UINT32("line-rate", CoatmState, line_rate,
                       COATM_LINE_RATE_OC3),
    DEFINE_PROP_UINT32("max-vcs", CoatmState, max_vcs, 4096),
    DEFINE_PROP_UINT32("vpi-bits", CoatmState, vpi_bits, 8),
    DEFINE_PROP_UINT32("vci-bits", CoatmState, vci_bits, 16),
    DEFINE_PROP_END_OF_LIST(),
};

static const VMStateDescription coatm_vmstate = {
    .name = TYPE_COATM,
    .unmigratable = 1,
};

static void coatm_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = coatm_realize;
    k->exit = coatm_exit;
    k->vendor_id = COATM_PCI_VENDOR_ID;
    k->device_id = COATM_PCI_DEVICE_ID;
    k->revision = COATM_PCI_REVISION;
    k->class_id = COATM_PCI_CLASS;
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
    dc->desc = "coatm PCI ATM SAR NIC";
    dc->reset = coatm_reset;
    dc->vmsd = &coatm_vmstate;
    device_class_set_props(dc, coatm_properties);
    coatm_add_knobs(klass);
}

static const TypeInfo coatm_info = {
    .name = TYPE_COATM,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(CoatmState),
    .class_init = coatm_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void coatm_register_types(void)
{
    type_register_static(&coatm_info);
}

type_init(coatm_register_types)

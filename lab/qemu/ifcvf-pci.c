/*
 * A model of Intel's IFCVF virtio VFs (N3000 and C5000X-PL/F2000X-PL
 * SmartNICs) for the ifcvf vDPA driver's test lab.
 *
 * The datapath is QEMU's own virtio-net or virtio-blk device; the model
 * adds what the drivers written for the hardware rely on and a stock
 * virtio-pci function does not have:
 *
 *  - the PCI identities (1AF4:1041/1000/1001/1042, subsystem 8086:xxxx),
 *    modern-only with VIRTIO_F_ACCESS_PLATFORM offered;
 *  - memory BARs 0, 2 and 4: virtio structures in BAR0, MSI-X in BAR2,
 *    the live-migration (LM) region alone in BAR4;
 *  - a doorbell stride of 4 bytes or one 4 KiB page per queue;
 *  - the LM region at BAR4 offset 0, in one of the two layouts drivers
 *    use ("pair": DPDK and Linux before 6.5; "flat": Linux 6.5 on);
 *  - queue_enable = 0 stopping a running queue: the device takes no new
 *    buffers, completes those it holds, then reads queue_enable 0 and
 *    keeps the ring indices, from which queue_enable = 1 resumes;
 *  - faults switched at run time with qom-set: a reset that never
 *    completes, a function whose BARs read all-ones, DEVICE_NEEDS_RESET,
 *    a queue that never finishes stopping, MSI-X vectors refused, and
 *    feature bits offered beyond QEMU's; a vendor capability in PCI
 *    config space shows the guest which faults are on.
 *
 * lab/qemu/README says where each of these facts comes from.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-blk.h"
#include "hw/virtio/virtio-net.h"
#include "hw/virtio/virtio-pci.h"
#include "qom/object.h"
#include "standard-headers/linux/virtio_pci.h"
#include "sysemu/runstate.h"

#define TYPE_IFCVF_PCI "ifcvf-pci-base"
OBJECT_DECLARE_TYPE(IfcvfPCI, IfcvfPCIClass, IFCVF_PCI)

#define IFCVF_MODERN_BAR        0
#define IFCVF_MSIX_BAR          2
#define IFCVF_LM_BAR            4

/* LM region registers, both layouts */
#define IFCVF_LM_LOG_CTRL       0x00
#define IFCVF_LM_LOG_BASE       0x10
#define IFCVF_LM_LOG_END        0x18
#define IFCVF_LM_STATE          0x20
/* pair: one 0x40 block per queue pair (net) or queue (blk) */
#define IFCVF_LM_BLOCK          0x40
#define IFCVF_LM_MQ             0x28
/* flat: the status register, and one 16-bit avail index every 4 bytes */
#define IFCVF_LM_FLAT_STATUS    0x08
#define IFCVF_LM_FLAT_STRIDE    4

/*
 * The fault state capability: a vendor capability (cfg_type 0 and BAR
 * 0xff, which every virtio driver skips) whose dword at +8 has a bit per
 * fault that is on, so that a test sees when the monitor has applied one.
 */
#define IFCVF_FAULT_CAP_LEN     12
#define IFCVF_FAULT_CAP_BAR     4
#define IFCVF_FAULT_CAP_STATE   8
#define IFCVF_FAULT_RESET_HANG  (1u << 0)
#define IFCVF_FAULT_GONE        (1u << 1)
#define IFCVF_FAULT_NEEDS_RESET (1u << 2)
#define IFCVF_FAULT_STOP_HANG   (1u << 3)
#define IFCVF_FAULT_VECTOR      (1u << 4)
#define IFCVF_FAULT_FEATURES    (1u << 5)

/*
 * virtio-blk's zoned characteristics (virtio 1.2), past what QEMU 7.2's
 * virtio-blk knows: served by the model when VIRTIO_BLK_F_ZONED is offered
 * (x-offer-features), each only to an access as wide as its field.
 */
#define IFCVF_BLK_F_ZONED       17
#define IFCVF_BLK_ZONED         72      /* zone_sectors */
#define IFCVF_BLK_ZONED_MODEL   92      /* the one byte field */
#define IFCVF_BLK_ZONED_LEN     21

typedef enum IfcvfLmLayout {
    IFCVF_LM_PAIR,
    IFCVF_LM_FLAT,
} IfcvfLmLayout;

typedef struct IfcvfIdentity {
    const char *name;
    uint16_t virtio_id;
    uint16_t device_id;
    uint16_t subsystem_id;
} IfcvfIdentity;

static const IfcvfIdentity ifcvf_identities[] = {
    { "n3000",      VIRTIO_ID_NET,   0x1041, 0x001a },
    { "c5000x-net", VIRTIO_ID_NET,   0x1000, 0x0001 },
    { "c5000x-blk", VIRTIO_ID_BLOCK, 0x1001, 0x0002 },
    { "modern-blk", VIRTIO_ID_BLOCK, 0x1042, 0x0002 },
};

typedef struct IfcvfQueue {
    /* where a disabled queue resumes */
    uint16_t resume_avail;
    uint16_t resume_used;
    /* queue_enable = 0 written, buffers still held */
    bool stopping;
} IfcvfQueue;

struct IfcvfPCI {
    VirtIOPCIProxy parent_obj;

    char *identity;
    char *lm_layout;
    uint32_t doorbell_stride;

    const IfcvfIdentity *id;
    IfcvfLmLayout layout;
    uint32_t lm_size;
    MemoryRegion common_front;
    MemoryRegion lm;
    MemoryRegion gone_modern;
    MemoryRegion gone_msix;
    bool covered;

    IfcvfQueue queues[VIRTIO_QUEUE_MAX];
    uint64_t lm_ctrl;
    uint64_t lm_status;
    uint64_t log_base;
    uint64_t log_end;
    uint32_t lm_mq;
    bool lm_warned;

    bool fault_reset_hang;
    bool fault_gone;
    bool fault_stop_hang;
    bool fault_vector;
    bool reset_held;
    uint64_t offer_features;
    uint64_t base_features;
    uint8_t fault_cap;
    MemoryRegion zoned;
    bool zoned_warned;
    Notifier shutdown;
};

struct IfcvfPCIClass {
    VirtioPCIClass parent_class;
    DeviceRealize parent_dc_realize;
    DeviceReset parent_reset;
    void (*parent_exit)(PCIDevice *dev);
    uint16_t virtio_id;
    const char *default_identity;
    void (*realize_vdev)(IfcvfPCI *s, Error **errp);
};

static VirtIODevice *ifcvf_vdev(IfcvfPCI *s)
{
    return virtio_bus_get_device(&VIRTIO_PCI(s)->bus);
}

static bool ifcvf_driver_ok(IfcvfPCI *s)
{
    return ifcvf_vdev(s)->status & VIRTIO_CONFIG_S_DRIVER_OK;
}

/* Queue stop and resume */

/* A stopping queue is done once the device holds none of its buffers. */
static void ifcvf_queue_try_stop(IfcvfPCI *s, int n)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);
    VirtIODevice *vdev = ifcvf_vdev(s);
    IfcvfQueue *q = &s->queues[n];

    if (!q->stopping || s->fault_stop_hang ||
        virtio_queue_get_inuse(vdev, n)) {
        return;
    }
    q->resume_avail = virtio_queue_get_last_avail_idx(vdev, n);
    q->resume_used = virtio_queue_get_used_idx(vdev, n);
    q->stopping = false;
    proxy->vqs[n].enabled = 0;
}

static void ifcvf_queue_stop(IfcvfPCI *s, int n)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);

    if (!proxy->vqs[n].enabled || s->queues[n].stopping) {
        return;
    }
    virtio_queue_set_stopped(ifcvf_vdev(s), n, true);
    s->queues[n].stopping = true;
    ifcvf_queue_try_stop(s, n);
}

/* A real device looks at the avail ring when a queue (re)starts. */
static void ifcvf_queue_kick(IfcvfPCI *s, int n)
{
    if (ifcvf_driver_ok(s)) {
        virtio_queue_notify(ifcvf_vdev(s), n);
    }
}

/*
 * queue_enable = 1 on a disabled queue: virtio-pci maps the rings, then
 * the queue takes up the indices it stopped at or the driver wrote into
 * the LM region. The flat layout keeps the avail index only: used = avail,
 * nothing in flight, as after any completed stop.
 */
static void ifcvf_queue_resume(IfcvfPCI *s, int n)
{
    VirtIODevice *vdev = ifcvf_vdev(s);
    IfcvfQueue *q = &s->queues[n];

    virtio_queue_set_last_avail_idx(vdev, n, q->resume_avail);
    virtio_queue_set_used_idx(vdev, n, s->layout == IFCVF_LM_PAIR ?
                              q->resume_used : q->resume_avail);
    virtio_queue_set_stopped(vdev, n, false);
    ifcvf_queue_kick(s, n);
}

static void ifcvf_fault_cap_update(IfcvfPCI *s);

static void ifcvf_model_reset(IfcvfPCI *s)
{
    memset(s->queues, 0, sizeof(s->queues));
    s->lm_ctrl = s->lm_status = s->log_base = s->log_end = 0;
    s->lm_mq = 0;
    ifcvf_fault_cap_update(s);
}

/*
 * The common configuration: every access goes on to virtio-pci's own
 * region underneath, except queue_enable writes, a reset that hangs,
 * vectors refused, and the start of the device (DRIVER_OK).
 */

static uint64_t ifcvf_common_read(void *opaque, hwaddr addr, unsigned size)
{
    IfcvfPCI *s = opaque;
    MemoryRegion *mr = &VIRTIO_PCI(s)->common.mr;

    if (addr == VIRTIO_PCI_COMMON_Q_ENABLE) {
        ifcvf_queue_try_stop(s, ifcvf_vdev(s)->queue_sel);
    }
    return mr->ops->read(mr->opaque, addr, size);
}

static void ifcvf_common_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    IfcvfPCI *s = opaque;
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);
    VirtIODevice *vdev = ifcvf_vdev(s);
    MemoryRegion *mr = &proxy->common.mr;
    int n = vdev->queue_sel;
    bool was_enabled = proxy->vqs[n].enabled;
    uint8_t old_status = vdev->status;
    int i;

    if (addr == VIRTIO_PCI_COMMON_Q_ENABLE && val == 0) {
        ifcvf_queue_stop(s, n);
        return;
    }
    if (addr == VIRTIO_PCI_COMMON_Q_ENABLE && val == 1 &&
        s->queues[n].stopping) {
        /* restarted before it finished stopping: carry on */
        s->queues[n].stopping = false;
        virtio_queue_set_stopped(vdev, n, false);
        ifcvf_queue_kick(s, n);
        return;
    }
    if (addr == VIRTIO_PCI_COMMON_STATUS && val == 0 && s->fault_reset_hang &&
        old_status) {
        /* the device goes on as it was, rings and all */
        s->reset_held = true;
        return;
    }
    if ((addr == VIRTIO_PCI_COMMON_MSIX || addr == VIRTIO_PCI_COMMON_Q_MSIX) &&
        s->fault_vector) {
        val = VIRTIO_NO_VECTOR;
    }

    mr->ops->write(mr->opaque, addr, val, size);

    if (addr == VIRTIO_PCI_COMMON_Q_ENABLE && val == 1 && !was_enabled &&
        proxy->vqs[n].enabled) {
        ifcvf_queue_resume(s, n);
    } else if (addr == VIRTIO_PCI_COMMON_STATUS && vdev->status == 0) {
        ifcvf_model_reset(s);
    } else if (addr == VIRTIO_PCI_COMMON_STATUS &&
               !(old_status & VIRTIO_CONFIG_S_DRIVER_OK) &&
               (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        for (i = 0; i < VIRTIO_QUEUE_MAX; i++) {
            if (proxy->vqs[i].enabled) {
                ifcvf_queue_kick(s, i);
            }
        }
    }
}

static const MemoryRegionOps ifcvf_common_ops = {
    .read = ifcvf_common_read,
    .write = ifcvf_common_write,
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* The live-migration region */

typedef enum IfcvfLmReg {
    IFCVF_LM_NONE,
    IFCVF_LM_REG_CTRL,
    IFCVF_LM_REG_STATUS,
    IFCVF_LM_REG_BASE,
    IFCVF_LM_REG_END,
    IFCVF_LM_REG_MQ,
    IFCVF_LM_REG_VQ,
} IfcvfLmReg;

/*
 * Which register an access hits, and the queue for a ring state one;
 * IFCVF_LM_NONE for reserved space and for widths the layout does not
 * define (pair: 32 bits everywhere, the 64-bit log addresses as two
 * halves; flat: 64-bit registers up to 0x20 and 16-bit indices).
 */
static IfcvfLmReg ifcvf_lm_decode(IfcvfPCI *s, hwaddr addr, unsigned size,
                                  int *n)
{
    VirtIODevice *vdev = ifcvf_vdev(s);
    int nvqs = virtio_get_num_queues(vdev);
    hwaddr off;

    if (addr < IFCVF_LM_STATE) {
        if (size != 4 && !(size == 8 && s->layout == IFCVF_LM_FLAT)) {
            return IFCVF_LM_NONE;
        }
        switch (addr & ~7) {
        case IFCVF_LM_LOG_CTRL:
            /* pair: a 32-bit register; flat: a 64-bit one */
            return addr == IFCVF_LM_LOG_CTRL || s->layout == IFCVF_LM_FLAT ?
                   IFCVF_LM_REG_CTRL : IFCVF_LM_NONE;
        case IFCVF_LM_FLAT_STATUS:
            return s->layout == IFCVF_LM_FLAT ? IFCVF_LM_REG_STATUS :
                   IFCVF_LM_NONE;
        case IFCVF_LM_LOG_BASE:
            return IFCVF_LM_REG_BASE;
        default:
            return IFCVF_LM_REG_END;
        }
    }

    off = addr - IFCVF_LM_STATE;
    if (s->layout == IFCVF_LM_FLAT) {
        *n = off / IFCVF_LM_FLAT_STRIDE;
        if (size != 2 || off % IFCVF_LM_FLAT_STRIDE) {
            return IFCVF_LM_NONE;
        }
        return *n < nvqs ? IFCVF_LM_REG_VQ : IFCVF_LM_NONE;
    }

    if (size != 4) {
        return IFCVF_LM_NONE;
    }
    if (addr == IFCVF_LM_MQ) {
        return IFCVF_LM_REG_MQ;
    }
    if (vdev->device_id == VIRTIO_ID_NET && off % IFCVF_LM_BLOCK < 8) {
        *n = off / IFCVF_LM_BLOCK * 2 + off % IFCVF_LM_BLOCK / 4;
    } else if (vdev->device_id != VIRTIO_ID_NET && off % IFCVF_LM_BLOCK == 0) {
        *n = off / IFCVF_LM_BLOCK;
    } else {
        return IFCVF_LM_NONE;
    }
    return *n < nvqs ? IFCVF_LM_REG_VQ : IFCVF_LM_NONE;
}

static void ifcvf_lm_bad_access(IfcvfPCI *s, const char *what, hwaddr addr,
                                unsigned size, const char *why)
{
    warn_report_once_cond(&s->lm_warned,
                          "%s: %u-byte %s at LM offset 0x%" HWADDR_PRIx
                          " ignored: %s (further ones are not reported)",
                          DEVICE(s)->id ? DEVICE(s)->id : "ifcvf", size, what,
                          addr, why);
}

static void ifcvf_lm_no_reg(IfcvfPCI *s, const char *what, hwaddr addr,
                            unsigned size)
{
    ifcvf_lm_bad_access(s, what, addr, size,
                        s->layout == IFCVF_LM_PAIR ?
                        "no such register in the pair layout" :
                        "no such register in the flat layout");
}

/* a 64-bit register seen through an access of @size at @addr */
static uint64_t ifcvf_reg64_read(uint64_t reg, hwaddr addr, unsigned size)
{
    return size == 8 ? reg : (uint32_t)(reg >> (addr & 4 ? 32 : 0));
}

static void ifcvf_reg64_write(uint64_t *reg, hwaddr addr, uint64_t val,
                              unsigned size)
{
    if (size == 8) {
        *reg = val;
    } else {
        *reg = deposit64(*reg, addr & 4 ? 32 : 0, 32, val);
    }
}

static uint64_t ifcvf_lm_read(void *opaque, hwaddr addr, unsigned size)
{
    IfcvfPCI *s = opaque;
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);
    VirtIODevice *vdev = ifcvf_vdev(s);
    uint16_t avail, used;
    int n = 0;

    if (s->fault_gone) {
        return UINT64_MAX;
    }
    switch (ifcvf_lm_decode(s, addr, size, &n)) {
    case IFCVF_LM_REG_CTRL:
        return ifcvf_reg64_read(s->lm_ctrl, addr, size);
    case IFCVF_LM_REG_STATUS:
        return ifcvf_reg64_read(s->lm_status, addr, size);
    case IFCVF_LM_REG_BASE:
        return ifcvf_reg64_read(s->log_base, addr, size);
    case IFCVF_LM_REG_END:
        return ifcvf_reg64_read(s->log_end, addr, size);
    case IFCVF_LM_REG_MQ:
        return s->lm_mq;
    case IFCVF_LM_REG_VQ:
        ifcvf_queue_try_stop(s, n);
        if (proxy->vqs[n].enabled) {
            avail = virtio_queue_get_last_avail_idx(vdev, n);
            used = virtio_queue_get_used_idx(vdev, n);
        } else {
            avail = s->queues[n].resume_avail;
            used = s->queues[n].resume_used;
        }
        return s->layout == IFCVF_LM_PAIR ? avail | (uint32_t)used << 16 :
               avail;
    case IFCVF_LM_NONE:
        break;
    }
    ifcvf_lm_no_reg(s, "read", addr, size);
    return 0;
}

static void ifcvf_lm_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    IfcvfPCI *s = opaque;
    IfcvfQueue *q;
    int n = 0;

    if (s->fault_gone) {
        return;
    }
    switch (ifcvf_lm_decode(s, addr, size, &n)) {
    case IFCVF_LM_REG_CTRL:
        ifcvf_reg64_write(&s->lm_ctrl, addr, val, size);
        return;
    case IFCVF_LM_REG_STATUS:
        ifcvf_reg64_write(&s->lm_status, addr, val, size);
        return;
    case IFCVF_LM_REG_BASE:
        ifcvf_reg64_write(&s->log_base, addr, val, size);
        return;
    case IFCVF_LM_REG_END:
        ifcvf_reg64_write(&s->log_end, addr, val, size);
        return;
    case IFCVF_LM_REG_MQ:
        s->lm_mq = val;
        return;
    case IFCVF_LM_REG_VQ:
        if (VIRTIO_PCI(s)->vqs[n].enabled) {
            ifcvf_lm_bad_access(s, "write", addr, size,
                                "the queue is enabled");
            return;
        }
        q = &s->queues[n];
        q->resume_avail = val;
        if (s->layout == IFCVF_LM_PAIR) {
            q->resume_used = val >> 16;
        }
        return;
    case IFCVF_LM_NONE:
        break;
    }
    ifcvf_lm_no_reg(s, "write", addr, size);
}

static const MemoryRegionOps ifcvf_lm_ops = {
    .read = ifcvf_lm_read,
    .write = ifcvf_lm_write,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* room for as many queues as virtio allows (virtio-net adds pairs later) */
static uint32_t ifcvf_lm_end(IfcvfPCI *s)
{
    if (s->layout == IFCVF_LM_FLAT) {
        return IFCVF_LM_STATE + VIRTIO_QUEUE_MAX * IFCVF_LM_FLAT_STRIDE;
    }
    if (IFCVF_PCI_GET_CLASS(s)->virtio_id == VIRTIO_ID_NET) {
        return IFCVF_LM_STATE + VIRTIO_QUEUE_MAX / 2 * IFCVF_LM_BLOCK;
    }
    return IFCVF_LM_STATE + VIRTIO_QUEUE_MAX * IFCVF_LM_BLOCK;
}

/* A function that is gone: every BAR reads all-ones, writes go nowhere. */

static uint64_t ifcvf_gone_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void ifcvf_gone_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
}

static const MemoryRegionOps ifcvf_gone_ops = {
    .read = ifcvf_gone_read,
    .write = ifcvf_gone_write,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void ifcvf_cover(IfcvfPCI *s, MemoryRegion *cover, MemoryRegion *bar,
                        const char *name)
{
    memory_region_init_io(cover, OBJECT(s), &ifcvf_gone_ops, s, name,
                          memory_region_size(bar));
    memory_region_set_enabled(cover, false);
    memory_region_add_subregion_overlap(bar, 0, cover, 10);
}

/* Faults, switched with qom-set while the guest runs */

static bool ifcvf_get_needs_reset(Object *obj, Error **errp);
static void ifcvf_zoned_update(IfcvfPCI *s);

/* The fault state capability's bits, as the faults are now */
static void ifcvf_fault_cap_update(IfcvfPCI *s)
{
    PCIDevice *pci_dev = PCI_DEVICE(s);
    uint32_t bits = 0;

    if (!s->fault_cap) {
        return;
    }
    bits |= s->fault_reset_hang ? IFCVF_FAULT_RESET_HANG : 0;
    bits |= s->fault_gone ? IFCVF_FAULT_GONE : 0;
    bits |= ifcvf_get_needs_reset(OBJECT(s), NULL) ?
            IFCVF_FAULT_NEEDS_RESET : 0;
    bits |= s->fault_stop_hang ? IFCVF_FAULT_STOP_HANG : 0;
    bits |= s->fault_vector ? IFCVF_FAULT_VECTOR : 0;
    bits |= s->offer_features ? IFCVF_FAULT_FEATURES : 0;
    pci_set_long(pci_dev->config + s->fault_cap + IFCVF_FAULT_CAP_STATE, bits);
}

static bool ifcvf_get_reset_hang(Object *obj, Error **errp)
{
    return IFCVF_PCI(obj)->fault_reset_hang;
}

/* Once the fault is off, the reset it held back happens. */
static void ifcvf_set_reset_hang(Object *obj, bool on, Error **errp)
{
    IfcvfPCI *s = IFCVF_PCI(obj);
    MemoryRegion *mr = &VIRTIO_PCI(s)->common.mr;

    s->fault_reset_hang = on;
    if (!on && s->reset_held) {
        s->reset_held = false;
        mr->ops->write(mr->opaque, VIRTIO_PCI_COMMON_STATUS, 0, 1);
        ifcvf_model_reset(s);
    }
    ifcvf_fault_cap_update(s);
}

static bool ifcvf_get_gone(Object *obj, Error **errp)
{
    return IFCVF_PCI(obj)->fault_gone;
}

/*
 * A function that drops off the bus loses its state: the device is reset
 * when it goes, and so comes back (fault off) as after power-up, without
 * the rings of a driver that may have given up on it meanwhile.
 */
static void ifcvf_set_gone(Object *obj, bool on, Error **errp)
{
    IfcvfPCI *s = IFCVF_PCI(obj);

    if (on && !s->fault_gone && s->covered) {
        device_cold_reset(DEVICE(s));
    }
    s->fault_gone = on;
    if (s->covered) {
        memory_region_set_enabled(&s->gone_modern, on);
        memory_region_set_enabled(&s->gone_msix, on);
    }
    ifcvf_fault_cap_update(s);
}

static bool ifcvf_get_needs_reset(Object *obj, Error **errp)
{
    VirtIODevice *vdev = ifcvf_vdev(IFCVF_PCI(obj));

    return vdev && (vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

/* Raises DEVICE_NEEDS_RESET with a config interrupt; a reset clears it. */
static void ifcvf_set_needs_reset(Object *obj, bool on, Error **errp)
{
    IfcvfPCI *s = IFCVF_PCI(obj);
    VirtIODevice *vdev = ifcvf_vdev(s);

    if (!on || !vdev || (vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET)) {
        return;
    }
    virtio_error(vdev, "%s: DEVICE_NEEDS_RESET raised by fault-needs-reset",
                 DEVICE(s)->id ? DEVICE(s)->id : "ifcvf");
    ifcvf_fault_cap_update(s);
}

static bool ifcvf_get_stop_hang(Object *obj, Error **errp)
{
    return IFCVF_PCI(obj)->fault_stop_hang;
}

static void ifcvf_set_stop_hang(Object *obj, bool on, Error **errp)
{
    IFCVF_PCI(obj)->fault_stop_hang = on;
    ifcvf_fault_cap_update(IFCVF_PCI(obj));
}

static bool ifcvf_get_vector(Object *obj, Error **errp)
{
    return IFCVF_PCI(obj)->fault_vector;
}

/* Every MSI-X vector written from now on reads back VIRTIO_MSI_NO_VECTOR. */
static void ifcvf_set_vector(Object *obj, bool on, Error **errp)
{
    IFCVF_PCI(obj)->fault_vector = on;
    ifcvf_fault_cap_update(IFCVF_PCI(obj));
}

static void ifcvf_get_offer(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    visit_type_uint64(v, name, &IFCVF_PCI(obj)->offer_features, errp);
}

/*
 * Feature bits offered on top of the device's own, for a driver that
 * probes afterwards: provisioning tests need bits QEMU 7.2 lacks
 * (USO, notification coalescing) or its hub backend takes away. The
 * device does nothing more for them; 0 takes them back.
 */
static void ifcvf_set_offer(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    IfcvfPCI *s = IFCVF_PCI(obj);
    VirtIODevice *vdev = ifcvf_vdev(s);
    uint64_t val;

    if (!visit_type_uint64(v, name, &val, errp)) {
        return;
    }
    s->offer_features = val;
    if (vdev) {
        vdev->host_features = s->base_features | val;
        ifcvf_zoned_update(s);
    }
    ifcvf_fault_cap_update(s);
}

/*
 * The zoned characteristics: 32-bit fields and the model byte, each read
 * only as wide as it is (a narrower or straddling access reads all-ones,
 * as from a device of 32-bit registers); QEMU warns once per device.
 */
static const uint32_t ifcvf_zoned_fields[] = {
    0x10000,    /* zone_sectors: 32 MiB zones */
    8,          /* max_open_zones */
    12,         /* max_active_zones */
    0x400,      /* max_append_sectors */
    4096,       /* write_granularity */
};

static uint64_t ifcvf_zoned_read(void *opaque, hwaddr addr, unsigned size)
{
    IfcvfPCI *s = opaque;
    hwaddr off = IFCVF_BLK_ZONED + addr;

    if (off == IFCVF_BLK_ZONED_MODEL && size == 1) {
        return 1;       /* host-managed */
    }
    if (off < IFCVF_BLK_ZONED_MODEL && size == 4 && addr % 4 == 0) {
        return ifcvf_zoned_fields[addr / 4];
    }
    warn_report_once_cond(&s->zoned_warned,
                          "%s: %u-byte read at blk config offset %" HWADDR_PRIu
                          " is not as wide as the zoned field there"
                          " (further ones are not reported)",
                          DEVICE(s)->id ? DEVICE(s)->id : "ifcvf", size, off);
    return UINT64_MAX;
}

static void ifcvf_zoned_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
}

static const MemoryRegionOps ifcvf_zoned_ops = {
    .read = ifcvf_zoned_read,
    .write = ifcvf_zoned_write,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void ifcvf_zoned_cover(IfcvfPCI *s)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);

    memory_region_init_io(&s->zoned, OBJECT(s), &ifcvf_zoned_ops, s,
                          "ifcvf-blk-zoned", IFCVF_BLK_ZONED_LEN);
    memory_region_add_subregion_overlap(&proxy->modern_bar,
                                        proxy->device.offset + IFCVF_BLK_ZONED,
                                        &s->zoned, 1);
}

/* The zoned fields exist while VIRTIO_BLK_F_ZONED is offered. */
static void ifcvf_zoned_update(IfcvfPCI *s)
{
    VirtIODevice *vdev = ifcvf_vdev(s);

    if (IFCVF_PCI_GET_CLASS(s)->virtio_id == VIRTIO_ID_BLOCK && vdev) {
        memory_region_set_enabled(&s->zoned, virtio_has_feature(
                                  vdev->host_features, IFCVF_BLK_F_ZONED));
    }
}

/*
 * When the guest powers off or reboots, what its drivers left the device
 * doing: a device still running with bus mastering on would go on
 * writing into memory the next kernel (kexec) owns.
 */
static void ifcvf_shutdown_notify(Notifier *n, void *opaque)
{
    IfcvfPCI *s = container_of(n, IfcvfPCI, shutdown);
    PCIDevice *pci_dev = PCI_DEVICE(s);
    VirtIODevice *vdev = ifcvf_vdev(s);

    info_report("%s: at guest shutdown: device_status %#x, bus mastering %s",
                DEVICE(s)->id ? DEVICE(s)->id : "ifcvf",
                vdev ? vdev->status : 0,
                pci_get_word(pci_dev->config + PCI_COMMAND) &
                PCI_COMMAND_MASTER ? "on" : "off");
}

static void ifcvf_fault_cap_add(IfcvfPCI *s, Error **errp)
{
    PCIDevice *pci_dev = PCI_DEVICE(s);
    int pos;

    pos = pci_add_capability(pci_dev, PCI_CAP_ID_VNDR, 0, IFCVF_FAULT_CAP_LEN,
                             errp);
    if (pos < 0) {
        return;
    }
    /* cap_len, cfg_type 0 (none), BAR 0xff (none) */
    pci_set_byte(pci_dev->config + pos + 2, IFCVF_FAULT_CAP_LEN);
    pci_set_byte(pci_dev->config + pos + 3, 0);
    pci_set_byte(pci_dev->config + pos + IFCVF_FAULT_CAP_BAR, 0xff);
    s->fault_cap = pos;
    ifcvf_fault_cap_update(s);
}

/* Realize and reset */

/* before virtio-pci sizes BAR0: the doorbell stride */
static void ifcvf_dc_realize(DeviceState *dev, Error **errp)
{
    IfcvfPCI *s = IFCVF_PCI(dev);
    VirtIOPCIProxy *proxy = VIRTIO_PCI(dev);

    if (s->doorbell_stride == 4096) {
        proxy->flags |= VIRTIO_PCI_FLAG_PAGE_PER_VQ;
    } else if (s->doorbell_stride != 4) {
        error_setg(errp, "doorbell-stride must be 4 or 4096");
        return;
    }
    IFCVF_PCI_GET_CLASS(dev)->parent_dc_realize(dev, errp);
}

static bool ifcvf_parse_props(IfcvfPCI *s, Error **errp)
{
    IfcvfPCIClass *k = IFCVF_PCI_GET_CLASS(s);
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);
    const char *name = s->identity ? s->identity : k->default_identity;
    const char *layout = s->lm_layout ? s->lm_layout : "pair";
    int i;

    for (i = 0; i < ARRAY_SIZE(ifcvf_identities); i++) {
        if (!strcmp(ifcvf_identities[i].name, name)) {
            s->id = &ifcvf_identities[i];
        }
    }
    if (!s->id || s->id->virtio_id != k->virtio_id) {
        error_setg(errp, "identity '%s' is not one of this device's", name);
        return false;
    }
    if (!strcmp(layout, "pair")) {
        s->layout = IFCVF_LM_PAIR;
    } else if (!strcmp(layout, "flat")) {
        s->layout = IFCVF_LM_FLAT;
    } else {
        error_setg(errp, "lm-layout must be pair or flat");
        return false;
    }
    if (proxy->flags & VIRTIO_PCI_FLAG_MODERN_PIO_NOTIFY) {
        error_setg(errp, "IFCVF has no I/O BAR: modern-pio-notify is off");
        return false;
    }
    if (proxy->nvectors == 0) {
        error_setg(errp, "IFCVF VFs have MSI-X: vectors must not be 0");
        return false;
    }
    return true;
}

static void ifcvf_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    IfcvfPCI *s = IFCVF_PCI(proxy);
    IfcvfPCIClass *k = IFCVF_PCI_GET_CLASS(s);
    PCIDevice *pci_dev = &proxy->pci_dev;
    Error *err = NULL;

    if (!ifcvf_parse_props(s, errp)) {
        return;
    }
    virtio_pci_force_virtio_1(proxy);
    proxy->modern_mem_bar_idx = IFCVF_MODERN_BAR;
    proxy->msix_bar_idx = IFCVF_MSIX_BAR;

    k->realize_vdev(s, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    if (!proxy->nvectors) {
        error_setg(errp, "MSI-X could not be set up");
        return;
    }

    pci_set_word(pci_dev->config + PCI_DEVICE_ID, s->id->device_id);
    pci_set_word(pci_dev->config + PCI_SUBSYSTEM_VENDOR_ID,
                 PCI_VENDOR_ID_INTEL);
    pci_set_word(pci_dev->config + PCI_SUBSYSTEM_ID, s->id->subsystem_id);

    memory_region_init_io(&s->common_front, OBJECT(s), &ifcvf_common_ops, s,
                          "ifcvf-common", proxy->common.size);
    memory_region_add_subregion_overlap(&proxy->modern_bar,
                                        proxy->common.offset,
                                        &s->common_front, 1);

    s->lm_size = pow2ceil(ifcvf_lm_end(s));
    memory_region_init_io(&s->lm, OBJECT(s), &ifcvf_lm_ops, s, "ifcvf-lm",
                          s->lm_size);
    pci_register_bar(pci_dev, IFCVF_LM_BAR, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->lm);

    ifcvf_cover(s, &s->gone_modern, &proxy->modern_bar, "ifcvf-gone-bar0");
    ifcvf_cover(s, &s->gone_msix, &pci_dev->msix_exclusive_bar,
                "ifcvf-gone-bar2");
    s->covered = true;
    ifcvf_set_gone(OBJECT(s), s->fault_gone, NULL);

    s->base_features = ifcvf_vdev(s)->host_features;
    ifcvf_vdev(s)->host_features |= s->offer_features;
    if (k->virtio_id == VIRTIO_ID_BLOCK) {
        ifcvf_zoned_cover(s);
        ifcvf_zoned_update(s);
    }
    ifcvf_fault_cap_add(s, errp);
    s->shutdown.notify = ifcvf_shutdown_notify;
    qemu_register_shutdown_notifier(&s->shutdown);

    info_report("%s: IFCVF %s (1af4:%04x subsystem 8086:%04x),"
                " doorbell stride %u, LM layout %s in BAR%d (%u bytes)",
                DEVICE(s)->id ? DEVICE(s)->id : "ifcvf", s->id->name,
                s->id->device_id, s->id->subsystem_id,
                proxy->flags & VIRTIO_PCI_FLAG_PAGE_PER_VQ ? 4096 : 4,
                s->layout == IFCVF_LM_PAIR ? "pair" : "flat", IFCVF_LM_BAR,
                s->lm_size);
}

/* What every identity offers: version 1, ACCESS_PLATFORM, split rings */
static bool ifcvf_vdev_features(VirtIODevice *vdev, Error **errp)
{
    if (virtio_has_feature(vdev->host_features, VIRTIO_F_RING_PACKED)) {
        error_setg(errp, "the model has split rings only (packed=off)");
        return false;
    }
    return object_property_set_bool(OBJECT(vdev), "iommu_platform", true,
                                    errp);
}

static void ifcvf_pci_exit(PCIDevice *pci_dev)
{
    IfcvfPCI *s = IFCVF_PCI(pci_dev);

    if (s->shutdown.notify) {
        notifier_remove(&s->shutdown);
        s->shutdown.notify = NULL;
    }
    IFCVF_PCI_GET_CLASS(s)->parent_exit(pci_dev);
}

static void ifcvf_pci_reset(DeviceState *dev)
{
    IfcvfPCI *s = IFCVF_PCI(dev);

    IFCVF_PCI_GET_CLASS(dev)->parent_reset(dev);
    s->reset_held = false;
    ifcvf_model_reset(s);
}

static Property ifcvf_pci_properties[] = {
    DEFINE_PROP_STRING("identity", IfcvfPCI, identity),
    DEFINE_PROP_STRING("lm-layout", IfcvfPCI, lm_layout),
    DEFINE_PROP_UINT32("doorbell-stride", IfcvfPCI, doorbell_stride, 4),
    DEFINE_PROP_BIT("ioeventfd", VirtIOPCIProxy, flags,
                    VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT, true),
    DEFINE_PROP_UINT32("vectors", VirtIOPCIProxy, nvectors,
                       DEV_NVECTORS_UNSPECIFIED),
    DEFINE_PROP_END_OF_LIST(),
};

static void ifcvf_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    IfcvfPCIClass *k = IFCVF_PCI_CLASS(klass);

    device_class_set_props(dc, ifcvf_pci_properties);
    device_class_set_parent_realize(dc, ifcvf_dc_realize,
                                    &k->parent_dc_realize);
    device_class_set_parent_reset(dc, ifcvf_pci_reset, &k->parent_reset);
    k->parent_exit = PCI_DEVICE_CLASS(klass)->exit;
    PCI_DEVICE_CLASS(klass)->exit = ifcvf_pci_exit;
    VIRTIO_PCI_CLASS(klass)->realize = ifcvf_pci_realize;

    object_class_property_add_bool(klass, "fault-reset-hang",
                                   ifcvf_get_reset_hang, ifcvf_set_reset_hang);
    object_class_property_add_bool(klass, "fault-gone",
                                   ifcvf_get_gone, ifcvf_set_gone);
    object_class_property_add_bool(klass, "fault-needs-reset",
                                   ifcvf_get_needs_reset,
                                   ifcvf_set_needs_reset);
    object_class_property_add_bool(klass, "fault-queue-stop-hang",
                                   ifcvf_get_stop_hang, ifcvf_set_stop_hang);
    object_class_property_add_bool(klass, "fault-refuse-vector",
                                   ifcvf_get_vector, ifcvf_set_vector);
    object_class_property_add(klass, "x-offer-features", "uint64",
                              ifcvf_get_offer, ifcvf_set_offer, NULL, NULL);
}

/* ifcvf-net-pci */

typedef struct IfcvfNetPCI {
    IfcvfPCI parent_obj;
    VirtIONet vdev;
} IfcvfNetPCI;

#define TYPE_IFCVF_NET_PCI "ifcvf-net-pci"
OBJECT_DECLARE_SIMPLE_TYPE(IfcvfNetPCI, IFCVF_NET_PCI)

static void ifcvf_net_realize_vdev(IfcvfPCI *s, Error **errp)
{
    IfcvfNetPCI *dev = IFCVF_NET_PCI(s);
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);
    DeviceState *vdev = DEVICE(&dev->vdev);

    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        /* a vector per queue, the control queue's and the config one */
        proxy->nvectors = 2 * MAX(dev->vdev.nic_conf.peers.queues, 1) + 2;
    }
    if (!ifcvf_vdev_features(VIRTIO_DEVICE(vdev), errp)) {
        return;
    }
    virtio_net_set_netclient_name(&dev->vdev, DEVICE(s)->id,
                                  object_get_typename(OBJECT(s)));
    qdev_realize(vdev, BUS(&proxy->bus), errp);
}

static void ifcvf_net_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);
    IfcvfPCIClass *k = IFCVF_PCI_CLASS(klass);

    pk->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pk->device_id = PCI_DEVICE_ID_VIRTIO_NET;
    pk->class_id = PCI_CLASS_NETWORK_ETHERNET;
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
    dc->desc = "Intel IFCVF net VF model (N3000, C5000X-PL, F2000X-PL)";
    k->virtio_id = VIRTIO_ID_NET;
    k->default_identity = "n3000";
    k->realize_vdev = ifcvf_net_realize_vdev;
}

static void ifcvf_net_instance_init(Object *obj)
{
    IfcvfNetPCI *dev = IFCVF_NET_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_NET);
}

/* ifcvf-blk-pci */

typedef struct IfcvfBlkPCI {
    IfcvfPCI parent_obj;
    VirtIOBlock vdev;
} IfcvfBlkPCI;

#define TYPE_IFCVF_BLK_PCI "ifcvf-blk-pci"
OBJECT_DECLARE_SIMPLE_TYPE(IfcvfBlkPCI, IFCVF_BLK_PCI)

static void ifcvf_blk_realize_vdev(IfcvfPCI *s, Error **errp)
{
    IfcvfBlkPCI *dev = IFCVF_BLK_PCI(s);
    VirtIOPCIProxy *proxy = VIRTIO_PCI(s);
    VirtIOBlkConf *conf = &dev->vdev.conf;

    if (conf->num_queues == VIRTIO_BLK_AUTO_NUM_QUEUES) {
        conf->num_queues = virtio_pci_optimal_num_queues(0);
    }
    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = conf->num_queues + 1;
    }
    if (!ifcvf_vdev_features(VIRTIO_DEVICE(&dev->vdev), errp)) {
        return;
    }
    qdev_realize(DEVICE(&dev->vdev), BUS(&proxy->bus), errp);
}

static void ifcvf_blk_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);
    IfcvfPCIClass *k = IFCVF_PCI_CLASS(klass);

    pk->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pk->device_id = PCI_DEVICE_ID_VIRTIO_BLOCK;
    pk->class_id = PCI_CLASS_STORAGE_SCSI;
    set_bit(DEVICE_CATEGORY_STORAGE, dc->categories);
    dc->desc = "Intel IFCVF blk VF model (C5000X-PL)";
    k->virtio_id = VIRTIO_ID_BLOCK;
    k->default_identity = "c5000x-blk";
    k->realize_vdev = ifcvf_blk_realize_vdev;
}

static void ifcvf_blk_instance_init(Object *obj)
{
    IfcvfBlkPCI *dev = IFCVF_BLK_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_BLK);
}

static const TypeInfo ifcvf_types[] = {
    {
        .name = TYPE_IFCVF_PCI,
        .parent = TYPE_VIRTIO_PCI,
        .abstract = true,
        .instance_size = sizeof(IfcvfPCI),
        .class_size = sizeof(IfcvfPCIClass),
        .class_init = ifcvf_pci_class_init,
        .interfaces = (InterfaceInfo[]) {
            { INTERFACE_PCIE_DEVICE },
            { INTERFACE_CONVENTIONAL_PCI_DEVICE },
            { }
        },
    }, {
        .name = TYPE_IFCVF_NET_PCI,
        .parent = TYPE_IFCVF_PCI,
        .instance_size = sizeof(IfcvfNetPCI),
        .instance_init = ifcvf_net_instance_init,
        .class_init = ifcvf_net_class_init,
    }, {
        .name = TYPE_IFCVF_BLK_PCI,
        .parent = TYPE_IFCVF_PCI,
        .instance_size = sizeof(IfcvfBlkPCI),
        .instance_init = ifcvf_blk_instance_init,
        .class_init = ifcvf_blk_class_init,
    },
};

DEFINE_TYPES(ifcvf_types)

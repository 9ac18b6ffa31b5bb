# SPDX-License-Identifier: GPL-2.0
#
# make                 build ifcvf.ko against the running kernel (or KDIR=)
# make check           build the QEMU lab and run every selftest in it
# make check-debug     the same flows and the stress/abuse matrices on a
#                      KASAN, lockdep and kmemleak kernel built for it
# make check-mutants   broken builds of the driver that the selftests
#                      must catch (lab/mutants/)
# make check-vm        only make check's VM tier: QEMU VMs, live migration
# make check-all       check, check-debug and check-mutants, one count
# make demo            boot the lab and show the driver at work
# make lint            checkpatch --strict, sparse, W=1, docs, shellcheck
# make compile-matrix  W=1 builds against Debian's 6.1, 6.12 and newest 7.x
# make bench           ifcvf beside virtio_pci, vp_vdpa and the in-tree ifcvf
# make bench-vm        only make bench's VM live-migration part
# make install         install into /lib/modules/<ver>/updates, run depmod
# make uninstall       remove it again

ifeq ($(KDIR),)
KVER ?= $(shell uname -r)
KDIR := /lib/modules/$(KVER)/build
else
KVER ?= $(shell $(MAKE) -s -C $(KDIR) kernelrelease)
endif
DEPMOD ?= depmod
TARGET ?= all

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

# INSTALL_MOD_PATH installs into another root, as modules_install does.
install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	$(DEPMOD) -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KVER)

uninstall:
	rm -f $(INSTALL_MOD_PATH)/lib/modules/$(KVER)/updates/ifcvf.ko*
	$(DEPMOD) -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KVER)

check:
	lab/check.sh $(TARGET)

check-debug:
	lab/check.sh debug

check-mutants:
	lab/check-mutants.sh

check-vm:
	lab/check.sh vm

check-all:
	lab/check-all.sh

demo:
	lab/demo.sh $(if $(filter sim,$(TARGET)),sim,ifcvf)

lint:
	lab/lint.sh

compile-matrix:
	lab/compile-matrix.sh

bench:
	lab/bench.sh

bench-vm:
	BENCH_PARTS=vm lab/bench.sh

.PHONY: all modules clean install uninstall check check-debug check-mutants check-vm check-all demo lint compile-matrix bench bench-vm

# QEMU devices for the IFCVF model build (lab/qemu-model.sh): the q35
# machine with the vIOMMU, virtio-net/blk over PCI, a PCIe root port for
# the hot-plug NIC, isa-debugcon for make bench's marks, and the model.
CONFIG_Q35=y
CONFIG_VTD=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_NET=y
CONFIG_VIRTIO_BLK=y
CONFIG_PCIE_PORT=y
CONFIG_ISA_DEBUG=y
CONFIG_IFCVF_PCI=y

package org.iommunit.junit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The vendor driver ops a test can name, in the kernel's words ({@code struct iommu_ops} and
 * {@code struct iommu_domain_ops}), with the Java method that models each and whether the kernel
 * op can return an errno at all.
 */
enum KernelOp {
  PROBE_DEVICE("probe_device", "probeDevice", true),
  RELEASE_DEVICE("release_device", "releaseDevice", false),
  DEVICE_GROUP("device_group", "deviceGroup", true),
  GET_RESV_REGIONS("get_resv_regions", "getResvRegions", false),
  DEF_DOMAIN_TYPE("def_domain_type", "defDomainType", false),
  CAPABLE("capable", "capable", false),
  /** Allocations without flags: the kernel's {@code domain_alloc_paging}. */
  DOMAIN_ALLOC_PAGING("domain_alloc_paging", "domainAllocPagingFlags", true),
  /** Every paging allocation, with or without flags. */
  DOMAIN_ALLOC_PAGING_FLAGS("domain_alloc_paging_flags", "domainAllocPagingFlags", true),
  DOMAIN_ALLOC_IDENTITY("domain_alloc_identity", "domainAllocIdentity", true),
  DOMAIN_ALLOC_SVA("domain_alloc_sva", "domainAllocSva", true),
  ATTACH_DEV("attach_dev", "attachDev", true),
  SET_DEV_PASID("set_dev_pasid", "setDevPasid", true),
  MAP_PAGES("map_pages", "mapPages", true),
  UNMAP_PAGES("unmap_pages", "unmapPages", false),
  IOVA_TO_PHYS("iova_to_phys", "iovaToPhys", false),
  IOTLB_SYNC_MAP("iotlb_sync_map", "iotlbSyncMap", true),
  IOTLB_SYNC("iotlb_sync", "iotlbSync", false),
  FLUSH_IOTLB_ALL("flush_iotlb_all", "flushIotlbAll", false),
  FREE("free", "free", false);

  private final String kernelName;
  private final String javaName;
  private final boolean canFail;

  KernelOp(String kernelName, String javaName, boolean canFail) {
    this.kernelName = kernelName;
    this.javaName = javaName;
    this.canFail = canFail;
  }

  /** Returns the kernel's name, e.g. {@code attach_dev}. */
  String kernelName() {
    return kernelName;
  }

  /** Returns true if the kernel op returns an errno, so a fault can be injected into it. */
  boolean canFail() {
    return canFail;
  }

  /** Returns true if a call of {@code method} with {@code args} is a call of this op. */
  boolean matches(Method method, @Nullable Object[] args) {
    if (!method.getName().equals(javaName)) {
      return false;
    }
    // domain_alloc_paging is the flag-less allocation; the flags argument follows the device
    return this != DOMAIN_ALLOC_PAGING || (args != null && args.length > 1
        && Integer.valueOf(0).equals(args[1]));
  }

  /** Returns the op named {@code kernelName}, or null. */
  static @Nullable KernelOp named(String kernelName) {
    for (KernelOp op : values()) {
      if (op.kernelName.equals(kernelName)) {
        return op;
      }
    }
    return null;
  }

  /** Lists the ops that can fail, for messages. */
  static String failing() {
    List<String> names = new ArrayList<>();
    for (KernelOp op : values()) {
      if (op.canFail) {
        names.add(op.kernelName);
      }
    }
    return String.join(", ", names);
  }
}

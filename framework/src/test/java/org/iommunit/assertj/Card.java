package org.iommunit.assertj;

import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;

/**
 * The multifunction card without ACS, driven by {@link FlakyOps}: group G0 holds the root port
 * 0000:00:1d.0 (default domain D1:DMA), group G1 the functions 0000:03:00.0/.1/.2 (default domain
 * D2:DMA); no endpoint driver is bound. The next domain allocated is D3.
 */
final class Card {
  final FlakyOps ops = new FlakyOps();
  final Platform platform = Platforms.multifunctionCardWithoutAcs().iommu("iommu0", ops).build();
  final IommuCore iommu = platform.iommu();
  final Device port = platform.device("0000:00:1d.0");
  final Device fn0 = platform.device("fn0");
  final Device fn1 = platform.device("fn1");
  final Device fn2 = platform.device("fn2");
  final Group group = Group.of(fn0);

  /**
   * Leaves 0000:03:00.1 attached to a new domain D3:UNMANAGED while G1 returns to D2:DMA: the
   * driver refuses to re-attach it on detach, which cannot fail, so the core logs a WARN_ON.
   */
  IommuDomain strandFn1() {
    IommuDomain domain = iommu.pagingDomainAlloc(fn0);
    iommu.attachGroup(domain, group);
    ops.refuseAttach(fn1);
    iommu.detachGroup(domain, group);
    return domain;
  }
}

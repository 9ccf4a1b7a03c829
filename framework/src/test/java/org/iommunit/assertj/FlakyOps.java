package org.iommunit.assertj;

import java.util.Set;
import java.util.TreeSet;
import org.iommunit.base.Errno;
import org.iommunit.base.IommuException;
import org.iommunit.core.Capability;
import org.iommunit.core.DomainOps;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.driver.ForwardingDomainOps;
import org.iommunit.driver.ReferenceIommuOps;
import org.jspecify.annotations.Nullable;

/**
 * The reference driver, except that its paging domains refuse {@code attach_dev} for the devices
 * a test names: the way to reach the core's "must succeed" paths, which leave hardware behind.
 */
final class FlakyOps implements IommuOps {
  private final ReferenceIommuOps reference = new ReferenceIommuOps();
  private final Set<String> refused = new TreeSet<>();

  /** Makes every later paging-domain attach of {@code dev} fail with EIO. */
  void refuseAttach(Device dev) {
    refused.add(dev.name());
  }

  @Override
  public String name() {
    return "flaky";
  }

  @Override
  public boolean capable(Device dev, Capability cap) {
    return reference.capable(dev, cap);
  }

  @Override
  public DomainOps domainAllocPagingFlags(Device dev, int flags) {
    return new Paging(reference.domainAllocPagingFlags(dev, flags));
  }

  @Override
  public @Nullable DomainOps identityDomain() {
    return reference.identityDomain();
  }

  @Override
  public @Nullable DomainOps blockedDomain() {
    return reference.blockedDomain();
  }

  @Override
  public @Nullable DomainOps releaseDomain() {
    return reference.releaseDomain();
  }

  /** A reference paging domain whose attach can be refused. */
  private final class Paging extends ForwardingDomainOps {
    Paging(DomainOps inner) {
      super(inner);
    }

    @Override
    public void attachDev(IommuDomain domain, Device dev, @Nullable IommuDomain old) {
      if (refused.contains(dev.name())) {
        throw new IommuException(Errno.EIO, "attach_dev", "the test refuses " + dev);
      }
      super.attachDev(domain, dev, old);
    }
  }
}

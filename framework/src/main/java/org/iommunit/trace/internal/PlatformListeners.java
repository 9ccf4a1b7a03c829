package org.iommunit.trace.internal;


import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.StateChange;
import org.iommunit.core.StateListener;
import org.iommunit.dma.DmaListener;
import org.iommunit.dma.DmaResult;
import org.iommunit.dma.IommuFault;
import org.iommunit.iotlb.Invalidation;
import org.iommunit.iotlb.InvalidationKind;
import org.iommunit.iotlb.IotlbListener;
import org.iommunit.platform.IoctlListener;
import org.iommunit.trace.TraceEvent;
import org.jspecify.annotations.Nullable;

/**
 * The adapters that turn a platform's own reports into a recorder's events: group state changes
 * from the core, each IOMMU instance's invalidations and completion waits, and the DMA engine's
 * transfers, faults and flush-queue flushes. {@link TraceRecorder#start} attaches them.
 */
final class PlatformListeners {
  private PlatformListeners() {}

  /**
   * The ioctls of a platform's iommufd contexts and VFIO files, each an {@code api} line written
   * where it starts, so the core calls it makes (and their ops, state and IOTLB lines) follow it
   * and become readable together when it ends. Only the outermost ioctl of a thread has a line:
   * one an ioctl makes on its way (VFIO's compatibility code reaching an iommufd method) is
   * internal, as a core call the core makes on itself is.
   */
  static final class IoctlEvents implements IoctlListener {
    private final TraceRecorder r;

    /** Creates the adapter that hands {@code r} the ioctls of a platform. */
    IoctlEvents(TraceRecorder r) {
      this.r = r;
    }

    @Override
    public void ioctlStart() {
      Tape f = r.frame();
      if (f.ioctlDepth++ == 0 && !f.inCore && r.recordsApi()) {
        f.ioctlLine = true;
        f.ioctlStart();
      }
    }

    @Override
    public void ioctlEnd(String name, String arguments, @Nullable Object result,
        @Nullable Throwable thrown) {
      Tape f = r.frame();
      if (f.ioctlDepth == 0) {
        return; // started before this listener was added
      }
      if (--f.ioctlDepth == 0) {
        if (f.ioctlLine) {
          f.ioctlLine = false;
          f.ioctlEnd(name, arguments, result, thrown);
        }
        r.done(f);
      }
    }
  }

  /**
   * Group state changes: domain and owner changes as their parts (no object per change), any
   * other change as the {@link StateChange} itself.
   */
  static final class StateEvents implements StateListener {
    private final TraceRecorder r;

    /** Creates the adapter that hands {@code r} the state changes of a platform's core. */
    StateEvents(TraceRecorder r) {
      this.r = r;
    }

    @Override
    public void stateChanged(StateChange change) {
      // the core reports domain and owner changes through the typed methods below; one that
      // arrives as an object is written the same way, so its domains keep their types of now
      if (change instanceof StateChange.DomainChanged) {
        StateChange.DomainChanged d = (StateChange.DomainChanged) change;
        domainChanged(d.group(), d.from(), d.to());
      } else if (change instanceof StateChange.DefaultDomainChanged) {
        StateChange.DefaultDomainChanged d = (StateChange.DefaultDomainChanged) change;
        defaultDomainChanged(d.group(), d.from(), d.to());
      } else if (change instanceof StateChange.BlockingDomainChanged) {
        StateChange.BlockingDomainChanged d = (StateChange.BlockingDomainChanged) change;
        blockingDomainChanged(d.group(), d.from(), d.to());
      } else if (change instanceof StateChange.OwnerChanged) {
        StateChange.OwnerChanged o = (StateChange.OwnerChanged) change;
        ownerChanged(o.group(), o.from(), o.fromCount(), o.to(), o.toCount());
      } else if (r.stateOn) {
        Tape f = r.frame();
        f.state(change);
        r.done(f);
      }
    }

    @Override
    public void domainChanged(Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      domain(Tape.DOMAIN, group, from, to);
    }

    @Override
    public void defaultDomainChanged(Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      domain(Tape.DEFAULT_DOMAIN, group, from, to);
    }

    @Override
    public void blockingDomainChanged(Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      domain(Tape.BLOCKING_DOMAIN, group, from, to);
    }

    private void domain(int which, Group group, @Nullable IommuDomain from,
        @Nullable IommuDomain to) {
      if (r.stateOn) {
        Tape f = r.frame();
        f.stateDomain(which, group, from, to);
        r.done(f);
      }
    }

    @Override
    public void ownerChanged(Group group, DmaOwner from, int fromCount, DmaOwner to,
        int toCount) {
      if (r.stateOn) {
        Tape f = r.frame();
        f.stateOwner(group, from, fromCount, to, toCount);
        r.done(f);
      }
    }
  }

  /** One IOMMU instance's invalidations; the instance name prefixes each line. */
  static final class IotlbEvents implements IotlbListener {
    private final TraceRecorder r;
    private final int iommu;

    IotlbEvents(TraceRecorder r, String iommu) {
      this.r = r;
      this.iommu = Sites.id(iommu, "");
    }

    @Override
    public void invalidated(Invalidation invalidation) {
      invalidated(invalidation.kind(), invalidation.tag(), invalidation.pasid(),
          invalidation.address(), invalidation.size(), invalidation.leaf(),
          invalidation.device());
    }

    @Override
    public void invalidated(InvalidationKind kind, int tag, int pasid, long address, long size,
        boolean leaf, String device) {
      if (r.recording) {
        Tape f = r.frame();
        f.iotlb(iommu, kind, tag, pasid, address, size, leaf, device);
        r.done(f);
      }
    }

    @Override
    public void synced() {
      if (r.recording) {
        Tape f = r.frame();
        f.iotlbSync(iommu);
        r.done(f);
      }
    }
  }

  /** The platform's DMA: transfers and faults at DMA, flush-queue flushes at IOTLB. */
  static final class DmaEvents implements DmaListener {
    private final TraceRecorder r;

    DmaEvents(TraceRecorder r) {
      this.r = r;
    }

    @Override
    public void transferred(DmaResult result) {
      if (r.recording && r.dma) {
        Tape f = r.frame();
        f.transfer(result);
        r.done(f);
      }
    }

    @Override
    public void faulted(IommuFault fault) {
      if (r.recording && r.dma) {
        r.record(new TraceEvent.Dma(HardwareText.fault(fault)));
      }
    }

    @Override
    public void flushQueueFlushing(IommuDomain domain, int pending) {
      if (r.recording && r.iotlb) {
        r.record(new TraceEvent.Iotlb(HardwareText.flushQueue(domain, pending)));
      }
    }
  }
}

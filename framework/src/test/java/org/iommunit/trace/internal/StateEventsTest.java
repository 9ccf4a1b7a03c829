package org.iommunit.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.StateChange;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/** State changes reported as objects are written as the core's typed reports write them. */
class StateEventsTest {
  private final TraceRecorder recorder = new TraceRecorder(EnumSet.of(TraceLevel.STATE));
  private final Platform platform = Platform.builder().iommu("iommu0", Vendor.REFERENCE)
      .pci(rc -> rc.rootPort("00:01.0", rp -> rp.acs(Acs.ISOLATED)
          .endpoint("0000:01:00.0", fn -> fn.behind("iommu0"))))
      .build();
  private final Device dev = platform.device("0000:01:00.0");
  private final Group group = Group.of(dev);

  private List<String> recorded(StateChange... changes) {
    recorder.start(platform);
    int from = recorder.mark();
    PlatformListeners.StateEvents events = new PlatformListeners.StateEvents(recorder);
    for (StateChange c : changes) {
      events.stateChanged(c);
    }
    return recorder.trace(new TraceHeader("REFERENCE", "MAINLINE", "test",
        List.of(TraceLevel.STATE)), from).lines();
  }

  @Test
  void stateChanged_everyKindAsAnObject_readsBackAsItsText() {
    IommuDomain dma = group.defaultDomain();
    IommuDomain unmanaged = platform.iommu().pagingDomainAlloc(dev);
    StateChange[] changes = {
        new StateChange.DomainChanged(group, dma, unmanaged),
        new StateChange.DefaultDomainChanged(group, null, dma),
        new StateChange.BlockingDomainChanged(group, unmanaged, null),
        new StateChange.OwnerChanged(group, DmaOwner.NONE, 0, DmaOwner.user("vfio#1"), 1),
        new StateChange.OwnerChanged(group, DmaOwner.user("vfio#1"), 1, DmaOwner.KERNEL, 2),
        new StateChange.PasidChanged(group, 5, null, "D9:SVA"),
        new StateChange.DeviceRemoved(group, dev)};

    List<String> lines = recorded(changes);

    assertThat(lines).hasSize(changes.length);
    for (int i = 0; i < changes.length; i++) {
      assertThat(lines.get(i)).isEqualTo("state " + changes[i]);
    }
  }
}

package org.iommunit.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iommunit.base.Prot;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.dma.DeviceDma;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/**
 * Recording one platform that several threads use at once: each API call is one line, no line
 * is lost or torn, and each thread's calls keep their order within the trace.
 */
class TraceRecorderThreadsTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 50;
  private static final Pattern GROUP = Pattern.compile("\\b(G\\d+)\\b");
  private static final String[] ROUND = {"iommu_group_claim_dma_owner",
      "iommu_paging_domain_alloc", "iommu_attach_group", "iommu_map", "iommu_unmap",
      "iommu_detach_group", "iommu_domain_free", "iommu_group_release_dma_owner"};

  @Test
  void trace_fourThreadsOnOnePlatform_keepsEveryCallOnceAndEachThreadsOrder() throws Exception {
    TraceRecorder recorder = new TraceRecorder(EnumSet.allOf(TraceLevel.class));
    PlatformBuilder b = Platform.builder().iommu("iommu0", Vendor.REFERENCE)
        .coreFactory(recorder::core).wrapIommuOps(recorder::wrap);
    b.pci(rc -> {
      for (int t = 0; t < THREADS; t++) {
        String fn = String.format(Locale.ROOT, "%02x:00.0", 1 + t);
        rc.rootPort(String.format(Locale.ROOT, "00:%02x.0", 0x10 + t),
            rp -> rp.acs(Acs.ISOLATED).endpoint(fn));
      }
    });
    Platform p = b.build();
    recorder.start(p);
    int from = recorder.mark();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Device dev = p.device(String.format(Locale.ROOT, "0000:%02x:00.0", 1 + t));
      threads.add(new Thread(() -> {
        try {
          start.await();
          rounds(p.iommu(), dev);
        } catch (Throwable e) {
          thrown.compareAndSet(null, e);
        }
      }));
    }

    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    List<String> lines = recorder.trace(new TraceHeader("REFERENCE", "MAINLINE", "test",
        List.of(TraceLevel.values())), from).lines();

    assertThat(thrown.get()).isNull();
    Map<String, List<String>> byGroup = new TreeMap<>();
    for (String line : lines) {
      if (line.startsWith("api ")) {
        String call = line.substring(4, line.indexOf('(')).trim();
        Matcher group = GROUP.matcher(line);
        if (group.find()) { // calls naming a group: claim, attach, detach, release
          byGroup.computeIfAbsent(group.group(1), g -> new ArrayList<>()).add(call);
        }
      }
    }
    assertThat(byGroup).hasSize(THREADS);
    List<String> expected = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      expected.addAll(List.of(ROUND[0], ROUND[2], ROUND[5], ROUND[7]));
    }
    assertThat(byGroup.values()).allSatisfy(calls -> assertThat(calls).isEqualTo(expected));
    for (String call : ROUND) {
      assertThat(lines).as(call).filteredOn(l -> l.startsWith("api ")
          && l.substring(4).trim().startsWith(call + "(")).hasSize(THREADS * ROUNDS);
    }
  }

  private static void rounds(IommuCore iommu, Device dev) {
    Group g = Group.of(dev);
    for (int r = 0; r < ROUNDS; r++) {
      iommu.groupClaimDmaOwner(g, DmaOwner.user("u" + g.id()));
      IommuDomain d = iommu.pagingDomainAlloc(dev);
      iommu.attachGroup(d, g);
      iommu.map(d, 0x10_0000L, 0x4000_0000L, 0x1000, Prot.READ);
      DeviceDma.of(dev).read(0x10_0000L, new byte[8]);
      iommu.unmap(d, 0x10_0000L, 0x1000);
      iommu.detachGroup(d, g);
      iommu.domainFree(d);
      iommu.groupReleaseDmaOwner(g);
    }
  }
}

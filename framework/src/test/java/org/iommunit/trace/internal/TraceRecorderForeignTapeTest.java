package org.iommunit.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceEvent;
import org.iommunit.trace.TraceHeader;
import org.iommunit.trace.TraceLevel;
import org.junit.jupiter.api.Test;

/**
 * Events of another thread than the recorder's owner go to a tape of their own and are merged
 * under the lock after the owner's events committed so far: a call's lines stay together and
 * calls of different threads keep the order in which they completed.
 */
class TraceRecorderForeignTapeTest {
  private final TraceRecorder recorder = new TraceRecorder(EnumSet.of(TraceLevel.WARN));
  private final Platform platform = Platform.builder().iommu("iommu0", Vendor.REFERENCE).build();

  private List<String> lines(int from) {
    return recorder.trace(new TraceHeader("REFERENCE", "MAINLINE", "test",
        List.of(TraceLevel.WARN)), from).lines();
  }

  private void recordOnOtherThread(String... warnings) throws InterruptedException {
    Thread other = new Thread(() -> {
      Tape call = recorder.frame();
      call.inCore = true; // one call: its events become readable together when it returns
      for (String w : warnings) {
        recorder.record(new TraceEvent.Warn(w));
      }
      call.inCore = false;
      recorder.commit(call);
    });
    other.start();
    other.join();
  }

  @Test
  void record_otherThreadBetweenOwnerEvents_mergesInCompletionOrder()
      throws InterruptedException {
    recorder.start(platform);
    int from = recorder.mark();

    recorder.record(new TraceEvent.Warn("owner first"));
    recordOnOtherThread("other");
    recorder.record(new TraceEvent.Warn("owner second"));

    assertThat(lines(from)).containsExactly("warn  owner first", "warn  other",
        "warn  owner second");
  }

  @Test
  void record_otherThreadCompletesDuringOwnersCall_comesBeforeTheOwnersCall()
      throws InterruptedException {
    recorder.start(platform);
    int from = recorder.mark();
    recorder.record(new TraceEvent.Warn("owner before"));
    Tape ownerCall = recorder.frame();
    ownerCall.inCore = true;
    recorder.record(new TraceEvent.Warn("owner call"));

    recordOnOtherThread("other call, line 1", "other call, line 2");
    ownerCall.inCore = false;
    recorder.commit(ownerCall);

    assertThat(lines(from)).containsExactly("warn  owner before", "warn  other call, line 1",
        "warn  other call, line 2", "warn  owner call");
  }

  @Test
  void mark_otherThreadEventsOnly_countsThemOnceMerged() throws InterruptedException {
    recorder.start(platform);
    recorder.record(new TraceEvent.Warn("owner"));
    int from = recorder.mark();

    recordOnOtherThread("a", "b");

    assertThat(recorder.mark()).isEqualTo(from + 2);
    assertThat(lines(from)).containsExactly("warn  a", "warn  b");
  }

  @Test
  void mark_ownerBetweenOwnerAndOtherEvents_countsWhatTheTextHolds()
      throws InterruptedException {
    recorder.start(platform);
    recorder.record(new TraceEvent.Warn("owner first"));
    recordOnOtherThread("a", "b");
    recorder.record(new TraceEvent.Warn("owner second"));

    int counted = recorder.mark();

    assertThat(counted).isEqualTo(4).isEqualTo(lines(0).size());
  }

  @Test
  void mark_ownerInsideACall_leavesOutTheCallsUncommittedEvents() {
    recorder.start(platform);
    recorder.record(new TraceEvent.Warn("before"));
    Tape call = recorder.frame();
    call.inCore = true;
    recorder.record(new TraceEvent.Warn("in the call"));

    int counted = recorder.mark();

    assertThat(counted).isEqualTo(1);
    call.inCore = false;
    recorder.commit(call);
    assertThat(recorder.mark()).isEqualTo(2);
  }

  @Test
  void traceWhenRead_eventsAfterItsEnd_readsOnlyItsRange() {
    recorder.start(platform);
    recorder.record(new TraceEvent.Warn("in range"));
    int end = recorder.mark();
    TraceHeader header = new TraceHeader("REFERENCE", "MAINLINE", "test",
        List.of(TraceLevel.WARN));
    Trace trace = recorder.traceWhenRead(header, 0, end);

    recorder.record(new TraceEvent.Warn("after"));

    assertThat(trace.lines()).containsExactly("warn  in range");
  }
}

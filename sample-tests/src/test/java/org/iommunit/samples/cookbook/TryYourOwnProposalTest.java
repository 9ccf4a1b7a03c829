package org.iommunit.samples.cookbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.iommunit.device.Acs;
import org.iommunit.device.Device;
import org.iommunit.junit.AddressSpace;
import org.iommunit.junit.CompareSemantics;
import org.iommunit.junit.DeviceAt;
import org.iommunit.junit.GoldenTrace;
import org.iommunit.junit.SimulatedIommu;
import org.iommunit.junit.SvaBind;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.semantics.Semantics;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Recipe 6: try your own proposal. {@link DomainUsersProposal} re-creates a seed proposal (the
 * SVA domain-users patch, built in as {@link Semantics#SVA_DOMAIN_USERS}) as a rule in this
 * suite's own code; the recipe runs the seed scenario under it and under the built-in profile and
 * finds the same flaw and the same trace.
 */
class TryYourOwnProposalTest {
  private static final String PROPOSAL = "org.iommunit.samples.cookbook.DomainUsersProposal";

  // the seed scenario's machine: two PASID-capable accelerators in their own groups, one IOMMU
  static PlatformBuilder accelerators() {
    return Platform.builder()
        .pci(rc -> rc
            .rootPort("00:1c.0", port -> port.acs(Acs.ISOLATED)
                .endpoint("01:00.0", fn -> fn.label("acc0").pasids(1 << 20)))
            .rootPort("00:1d.0", port -> port.acs(Acs.ISOLATED)
                .endpoint("02:00.0", fn -> fn.label("acc1").pasids(1 << 20))));
  }

  // the seed scenario: both devices bound to one process share the SVA domain, then unbind
  private static List<String> violationsAfterUnbinds(Semantics semantics) {
    Platform p = accelerators().semantics(semantics).build();
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    SvaHandle h0 = sva.bindDevice(p.device("acc0"), proc);
    SvaHandle h1 = sva.bindDevice(p.device("acc1"), proc);
    sva.unbindDevice(h0);
    sva.unbindDevice(h1);
    return p.checkInvariants().stream().map(v -> v.rule() + " " + v.subject())
        .collect(Collectors.toList());
  }

  @Test
  void unbindDevice_proposalAsUserRule_sameViolationAsBuiltInProfile() {
    List<String> builtIn = violationsAfterUnbinds(Semantics.SVA_DOMAIN_USERS);

    List<String> mine = violationsAfterUnbinds(new DomainUsersProposal().get());

    assertThat(mine).isEqualTo(builtIn)
        .anySatisfy(v -> assertThat(v).startsWith("NO_FREED_DOMAIN_IN_USE"));
    assertThat(violationsAfterUnbinds(Semantics.MAINLINE)).isEmpty();
  }

  @CompareSemantics({"SVA_DOMAIN_USERS", PROPOSAL})
  @SimulatedIommu(factory = "accelerators")
  @GoldenTrace
  void bindDevice_sameDeviceAndMmTwice_proposalTracesAsBuiltIn(Platform p) {
    Sva sva = p.sva();
    Mm proc = sva.mmAlloc("proc1");
    Device acc0 = p.device("acc0");
    SvaHandle first = sva.bindDevice(acc0, proc);

    SvaHandle second = sva.bindDevice(acc0, proc);
    sva.unbindDevice(second);
    sva.unbindDevice(first);

    assertThat(second).isNotSameAs(first);
  }

  @Test
  void goldenTraces_proposalAndBuiltIn_differOnlyInTheProfileName() throws IOException {
    String builtIn = golden(1);

    String mine = golden(2);

    assertThat(mine).contains("# semantics " + DomainUsersProposal.NAME + "\n")
        .isEqualTo(builtIn.replace("# semantics SVA_DOMAIN_USERS\n",
            "# semantics " + DomainUsersProposal.NAME + "\n"));
  }

  private static String golden(int invocation) throws IOException {
    String path = "/iommunit/TryYourOwnProposalTest/"
        + "bindDevice_sameDeviceAndMmTwice_proposalTracesAsBuiltIn[" + invocation + "].trace";
    try (InputStream in = Objects.requireNonNull(TryYourOwnProposalTest.class
        .getResourceAsStream(path), path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The proposal named on the annotation, as a downstream suite selects it. */
  @Nested
  @SimulatedIommu(platform = "accelerator", semanticsFactory = DomainUsersProposal.class)
  class WithExtension {
    @Test
    void bindDevice_sameDeviceAndMmTwice_returnsNewHandle(
        @SvaBind(device = "acc0", mm = "proc1") SvaHandle first,
        @AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0, Sva sva,
        Platform p) {
      SvaHandle second = sva.bindDevice(acc0, proc1);

      assertThat(second).isNotSameAs(first);
      assertThat(sva.domainUsers(first.domain())).isEqualTo(2);
      assertThat(p.iommu().semantics().name()).isEqualTo(DomainUsersProposal.NAME);
      sva.unbindDevice(second);
    }
  }
}

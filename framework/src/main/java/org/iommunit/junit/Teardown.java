package org.iommunit.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.iommunit.base.IommuException;
import org.iommunit.base.KernelLog;
import org.iommunit.core.AttachHandle;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.Invariants;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.platform.Platform;
import org.iommunit.platform.StaleIotlbEntry;
import org.iommunit.sva.SvaHandle;
import org.jspecify.annotations.Nullable;

/**
 * The checks that run when a test or a per-class platform ends, and the failure message that
 * lists what they found. Each finding names the object, its state and, for a domain, where the
 * test allocated it. Findings are listed in a fixed order (leaks, then warnings, then
 * invariants), each in the model's own order (domain ids, group ids, log sequence), so the same
 * test fails with the same text on every run.
 */
final class Teardown {
  private Teardown() {}

  /** What kind of finding; each kind has its own relaxation. */
  enum Kind {
    /**
     * A domain never freed, an SVA bind never unbound, DMA ownership never released, a stale
     * IOTLB entry of a strict domain; relaxed by {@link AllowLeaks}.
     */
    LEAK,
    /** A kernel WARN_ON; relaxed by {@link AllowWarnings}. */
    WARNING,
    /** A broken invariant; never relaxed. */
    INVARIANT
  }

  /**
   * One finding.
   *
   * @param kind what kind
   * @param text the finding in words
   */
  record Problem(Kind kind, String text) {}

  /**
   * Returns the domains the test allocated and never freed (every domain of the core that is
   * not freed, not a driver's static domain, not a group's default or blocking domain, not an SVA
   * domain and not the extension's), then the SVA binds never unbound, then the groups still
   * owned by a user.
   */
  static List<Problem> leaks(PlatformHandle handle) {
    Platform platform = handle.platform();
    List<Group> groups = platform.groups();
    List<IommuDomain> coreOwned = new ArrayList<>();
    for (Group g : groups) {
      coreOwned.add(g.defaultDomain());
      coreOwned.add(g.blockingDomain());
    }
    List<Problem> out = new ArrayList<>();
    for (IommuDomain d : platform.iommu().domains()) {
      if (d.isFreed() || d.isStatic() || handle.owns(d) || containsSame(coreOwned, d)
          || d.type() == DomainType.SVA) { // an SVA domain lives as long as its binds: below
        continue;
      }
      List<String> where = attachments(platform, d);
      String site = handle.instrumentation() == null ? "an unknown site (" + handle.origin()
          + " returned a booted Platform; return a PlatformBuilder to record sites)"
          : orUnknown(handle.instrumentation().siteOf(d));
      out.add(new Problem(Kind.LEAK, "domain " + d + " allocated by " + d.origin() + "() at "
          + site + " was never freed with iommu_domain_free(); it is "
          + (where.isEmpty() ? "attached to nothing" : "attached to " + String.join(", ", where))));
    }
    for (Group g : groups) {
      for (int pasid : g.pasids()) {
        SvaHandle h = svaHandle(platform, g, pasid);
        if (h != null && h.users() > 0) {
          IommuDomain d = h.domain();
          String site = d == null || handle.instrumentation() == null ? Sites.UNKNOWN
              : orUnknown(handle.instrumentation().siteOf(d));
          out.add(new Problem(Kind.LEAK, "SVA handle " + h + " at PASID " + pasid + " of " + g
              + " was never unbound with iommu_sva_unbind_device() (users " + h.users()
              + "); its domain " + d + " was allocated at " + site));
        }
      }
    }
    for (Group g : groups) {
      if (!(g.owner() instanceof DmaOwner.User)) {
        continue;
      }
      GroupState s = g.state();
      if (s.owner() instanceof DmaOwner.User) {
        out.add(new Problem(Kind.LEAK, "group " + g + " (" + names(s.devices())
            + ") is still owned by " + s.owner() + " with owner_cnt " + s.ownerCount()
            + " in domain " + s.domain() + "; DMA ownership is released with"
            + " iommu_group_release_dma_owner() or iommu_device_release_dma_owner()"));
      }
    }
    return out;
  }

  /**
   * Returns the stale IOTLB entries of strict domains in force ({@link
   * Platform#staleStrictIotlbEntries()}) as leaks: each lets DMA reach a page the test unmapped.
   * Entries of lazy domains are left to the flush queue.
   */
  static List<Problem> staleIotlbEntries(Platform platform) {
    List<Problem> out = new ArrayList<>();
    for (StaleIotlbEntry stale : platform.staleStrictIotlbEntries()) {
      out.add(new Problem(Kind.LEAK, stale + ": its page changed without an IOTLB invalidation"
          + " (iommu_unmap_fast() without iommu_iotlb_sync()?), so DMA still reaches the old"
          + " page"));
    }
    return out;
  }

  /** Returns the WARN_ONs logged after entry {@code after} that no other check has reported. */
  static List<Problem> warnings(PlatformHandle handle, int after) {
    List<Problem> out = new ArrayList<>();
    for (KernelLog.Entry e : handle.takeWarnings(after)) {
      out.add(new Problem(Kind.WARNING, "WARN_ON in " + e.function() + "(): " + e.message()
          + " (kernel log entry " + e.sequence() + ")"));
    }
    return out;
  }

  /**
   * Returns every broken invariant of the platform: those {@link Platform#checkInvariants} checks
   * but the IOTLB's coherence, which staleIotlbEntries() reports as a leak ({@link AllowLeaks} may
   * relax it) and which is not computed twice.
   */
  static List<Problem> invariants(Platform platform) {
    List<Problem> out = new ArrayList<>();
    List<Invariants.Violation> violations = new ArrayList<>(Invariants.check(platform.iommu()));
    violations.addAll(platform.sva().checkInvariants());
    violations.addAll(platform.dma().isolation().checkInvariants());
    for (Invariants.Violation v : violations) {
      if (v.rule() == Invariants.Rule.STRICT_IOTLB_COHERENT) {
        continue; // reported by staleIotlbEntries() as a leak, which @AllowLeaks may relax
      }
      out.add(new Problem(Kind.INVARIANT, "invariant " + v.rule() + " is broken by "
          + v.subject() + ": " + v.message()));
    }
    return out;
  }

  /** Returns where {@code domain} is attached: {@code G0}, {@code PASID 3 of G1}, in order. */
  static List<String> attachments(Platform platform, IommuDomain domain) {
    List<String> out = new ArrayList<>();
    for (Group g : platform.groups()) {
      GroupState s = g.state();
      if (s.domain() == domain) {
        out.add(g.toString());
      }
      for (Integer pasid : s.pasidArray().keySet()) {
        if (g.pasidDomain(pasid) == domain && !(pasid == 0 && s.domain() == domain)) {
          out.add("PASID " + pasid + " of " + g);
        }
      }
    }
    return out;
  }

  /**
   * Returns the failure message for {@code problems} found after {@code subject} ran, e.g.
   * {@code method leak()}, ending with the fix for the kinds present.
   */
  static String message(String subject, List<Problem> problems) {
    StringBuilder sb = new StringBuilder("IOMMUnit found ").append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems").append(" after ")
        .append(subject).append(':');
    for (int i = 0; i < problems.size(); i++) {
      sb.append("\n  ").append(i + 1).append(". ").append(problems.get(i).text());
    }
    List<String> fixes = new ArrayList<>();
    if (has(problems, Kind.LEAK)) {
      fixes.add("free what the test allocates and release what it claims, or declare"
          + " @AllowLeaks(reason = \"...\")");
    }
    if (has(problems, Kind.WARNING)) {
      fixes.add("avoid the WARN_ON, or declare @AllowWarnings(reason = \"...\") if the test"
          + " provokes it on purpose");
    }
    if (has(problems, Kind.INVARIANT)) {
      fixes.add("restore the broken invariants before the test ends: they mean the model is in"
          + " a state Linux must never reach");
    }
    sb.append("\nTo fix: ").append(String.join("; ", fixes)).append('.');
    return sb.toString();
  }

  private static @Nullable SvaHandle svaHandle(Platform platform, Group group, int pasid) {
    try {
      AttachHandle h = platform.iommu().attachHandleGet(group, pasid, DomainType.SVA);
      return h instanceof SvaHandle ? (SvaHandle) h : null;
    } catch (IommuException e) {
      return null; // ENOENT or EBUSY: not an SVA bind
    }
  }

  private static boolean has(List<Problem> problems, Kind kind) {
    return problems.stream().anyMatch(p -> p.kind() == kind);
  }

  private static boolean containsSame(List<IommuDomain> domains, IommuDomain d) {
    for (IommuDomain x : domains) {
      if (x == d) {
        return true;
      }
    }
    return false;
  }

  private static String orUnknown(@Nullable String site) {
    return site == null ? Sites.UNKNOWN : site;
  }

  private static String names(List<Device> devices) {
    return devices.stream().map(Device::name).collect(Collectors.joining(", "));
  }
}

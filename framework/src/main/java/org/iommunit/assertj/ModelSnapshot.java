package org.iommunit.assertj;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommunit.core.DevIommu;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.sva.Sva;
import org.jspecify.annotations.Nullable;

/**
 * The state of a whole IOMMU model at one moment, rendered line by line: every group's {@link
 * org.iommunit.core.GroupState}, every live domain with its type, every device's driver, group
 * and hardware attachments, and (for a platform) every process address space's PASID, SVA domains
 * with their users, and grabs. Two snapshots are equal exactly when nothing a test can observe
 * through the core and the SVA layer changed between them.
 *
 * <p>Each line starts with the name of its object ({@code G1}, {@code D3}, {@code 0000:03:00.0},
 * {@code mm1(proc1)}), so {@link #changesTo} can pair the lines of two snapshots. SVA bind
 * handles are not listed on their own: each sits in its group's PASID array, which the group line
 * shows, and its reference count is checked with {@link AbstractSvaHandleAssert}. Left out: the
 * driver's static identity
 * and blocked domains (the model creates them on first use, the kernel at driver registration),
 * mappings (page tables are compared with {@link AbstractPageTableAssert}) and the kernel log
 * ({@link AbstractPlatformAssert#hasNoWarnings()}).
 *
 * @param groups one line per group, in creation order
 * @param domains one line per live, non-static domain, in allocation order
 * @param devices one line per device, in enumeration order
 * @param mms one line per process address space, in creation order; empty for a snapshot of an
 *     {@link IommuCore} alone
 */
public record ModelSnapshot(List<String> groups, List<String> domains, List<String> devices,
    List<String> mms) {

  /** Copies the lists. */
  public ModelSnapshot {
    groups = List.copyOf(groups);
    domains = List.copyOf(domains);
    devices = List.copyOf(devices);
    mms = List.copyOf(mms);
  }

  /** Takes a snapshot of {@code platform}: its core, all its devices and its SVA layer. */
  public static ModelSnapshot of(Platform platform) {
    Sva sva = platform.sva();
    List<String> mms = new ArrayList<>();
    for (Mm mm : sva.mms()) {
      mms.add(render(sva, mm));
    }
    return of(platform.iommu(), platform.devices(), mms);
  }

  /** Takes a snapshot of {@code iommu}; its devices are those of its groups; no SVA state. */
  public static ModelSnapshot of(IommuCore iommu) {
    List<Device> devices = new ArrayList<>();
    for (Group g : iommu.groups()) {
      devices.addAll(g.devices());
    }
    return of(iommu, devices, List.of());
  }

  private static ModelSnapshot of(IommuCore iommu, List<Device> devices, List<String> mms) {
    List<String> groups = new ArrayList<>();
    for (Group g : iommu.groups()) {
      groups.add(g.state().toString());
    }
    List<String> domains = new ArrayList<>();
    for (IommuDomain d : iommu.domains()) {
      if (!d.isFreed() && !d.isStatic()) {
        domains.add(d.toString());
      }
    }
    List<String> deviceLines = new ArrayList<>();
    for (Device dev : devices) {
      deviceLines.add(render(dev));
    }
    return new ModelSnapshot(groups, domains, deviceLines, mms);
  }

  private static String render(Device dev) {
    DevIommu data = DevIommu.of(dev);
    return dev.name() + " driver=" + orNone(dev.driver()) + " group=" + orNone(Group.of(dev))
        + " hw=" + (data == null ? "(none)" : orNone(data.hwDomain()))
        + " hw_pasids=" + (data == null ? "{}" : data.hwPasidDomains());
  }

  private static String render(Sva sva, Mm mm) {
    StringBuilder domains = new StringBuilder();
    for (IommuDomain d : sva.svaDomains(mm)) {
      domains.append(domains.length() == 0 ? "" : ", ").append(d).append(" users=")
          .append(sva.domainUsers(d));
    }
    int pasid = mm.pasid();
    return mm + " pasid=" + (pasid == Sva.PASID_INVALID ? "(none)" : Integer.toString(pasid))
        + " sva_domains=[" + domains + "] grabs=" + mm.grabs() + (mm.hasExited() ? " exited"
            : "");
  }

  private static String orNone(@Nullable Object value) {
    return value == null ? "(none)" : value.toString();
  }

  /**
   * Returns the lines that differ from {@code after}: {@code - line} as here, {@code + line} as
   * there, paired by object and in model order. Empty when the snapshots are equal.
   */
  public List<String> changesTo(ModelSnapshot after) {
    List<String> out = new ArrayList<>();
    diff(groups, after.groups, '{', out);
    diff(domains, after.domains, ':', out);
    diff(devices, after.devices, ' ', out);
    diff(mms, after.mms, ' ', out);
    return out;
  }

  private static void diff(List<String> before, List<String> after, char keyEnd,
      List<String> out) {
    Map<String, String> old = byKey(before, keyEnd);
    Map<String, String> now = byKey(after, keyEnd);
    for (Map.Entry<String, String> e : old.entrySet()) {
      String line = now.get(e.getKey());
      if (!e.getValue().equals(line)) {
        out.add("- " + e.getValue());
        if (line != null) {
          out.add("+ " + line);
        }
      }
    }
    for (Map.Entry<String, String> e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) {
        out.add("+ " + e.getValue());
      }
    }
  }

  private static Map<String, String> byKey(List<String> lines, char keyEnd) {
    Map<String, String> out = new LinkedHashMap<>(); // model order, for the message
    for (String line : lines) {
      int end = line.indexOf(keyEnd);
      out.put(end < 0 ? line : line.substring(0, end), line);
    }
    return out;
  }

  /** Returns the snapshot as indented text, one object per line, for messages and IDE diffs. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    section(sb, "groups", groups);
    section(sb, "domains", domains);
    section(sb, "devices", devices);
    if (!mms.isEmpty()) {
      section(sb, "mms", mms);
    }
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<String> lines) {
    sb.append(title).append(":\n");
    for (String line : lines) {
      sb.append("  ").append(line).append('\n');
    }
  }

  @Override
  public String toString() {
    return render();
  }
}

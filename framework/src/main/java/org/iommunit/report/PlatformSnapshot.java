package org.iommunit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iommunit.core.Group;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuInstance;
import org.iommunit.device.Device;
import org.iommunit.device.PciBus;
import org.iommunit.device.PciType;
import org.iommunit.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * The platform at one moment, as text ready to draw: its device tree (root complex, root ports,
 * switches, bridges, functions, platform devices) in kernel enumeration order and its groups with
 * their domains (id and type), DMA owner and PASID entries. Taking one reads each group's state
 * once and keeps only strings, so a later change to the platform does not change the snapshot;
 * {@link PlatformPicture} draws it.
 *
 * @param nodes the device tree, depth first, parents before children
 * @param groups the groups that have devices, in creation order
 */
public record PlatformSnapshot(List<Node> nodes, List<GroupBox> groups) {
  /**
   * One box of the device tree.
   *
   * @param depth 0 for a root (a root complex, the platform bus), one more per level below
   * @param lines the box's text, first line first
   * @param group the index in {@link #groups()} of the device's group; -1 for none
   */
  public record Node(int depth, List<String> lines, int group) {
    /** Copies the lines; a node has at least one. */
    public Node {
      lines = List.copyOf(lines);
      if (lines.isEmpty() || depth < 0 || group < -1) {
        throw new IllegalArgumentException("Node(" + depth + ", " + lines + ", " + group
            + "): a node needs a depth >= 0, at least one line and a group >= -1");
      }
    }
  }

  /**
   * One group's box.
   *
   * @param title the group's name, e.g. {@code G0}
   * @param lines its domain in force, default and blocking domain, owner and PASID entries
   */
  public record GroupBox(String title, List<String> lines) {
    /** Copies the lines. */
    public GroupBox {
      lines = List.copyOf(lines);
    }
  }

  /** Copies the lists. */
  public PlatformSnapshot {
    nodes = List.copyOf(nodes);
    groups = List.copyOf(groups);
  }

  /** Returns the picture of {@code platform} as it is now. */
  public static PlatformSnapshot capture(Platform platform) {
    List<GroupBox> boxes = new ArrayList<>();
    List<Group> drawn = new ArrayList<>();
    for (Group g : platform.groups()) {
      GroupState s = g.state();
      if (!s.devices().isEmpty()) {
        drawn.add(g);
        boxes.add(groupBox(s));
      }
    }
    boolean severalIommus = platform.iommus().size() > 1;
    String iommus = String.join(", ", platform.iommus().stream().map(IommuInstance::name)
        .toList());
    List<Node> nodes = new ArrayList<>();
    List<PciBus> roots = new ArrayList<>();
    List<Device> others = new ArrayList<>();
    for (Device d : platform.devices()) {
      PciBus bus = d.bus();
      if (bus == null) {
        others.add(d);
      } else if (bus.isRoot() && !roots.contains(bus)) {
        roots.add(bus);
      }
    }
    for (PciBus root : roots) {
      nodes.add(new Node(0, List.of("root complex " + root, "IOMMU " + iommus), -1));
      addBus(root, 1, drawn, severalIommus, nodes);
    }
    if (!others.isEmpty()) {
      nodes.add(new Node(0, List.of("platform bus"), -1));
      for (Device d : others) {
        nodes.add(new Node(1, deviceLines(d, "platform device", severalIommus),
            drawn.indexOf(Group.of(d))));
      }
    }
    return new PlatformSnapshot(nodes, boxes);
  }

  // pci_bus_add_devices() order: each function, and right after a bridge the bus behind it
  private static void addBus(PciBus bus, int depth, List<Group> drawn, boolean severalIommus,
      List<Node> nodes) {
    for (Device d : bus.devices()) {
      PciType type = d.pciType();
      String kind = type == null ? "PCI function"
          : type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
      nodes.add(new Node(depth, deviceLines(d, kind, severalIommus), drawn.indexOf(Group.of(d))));
      PciBus below = d.subordinate();
      if (below != null) {
        addBus(below, depth + 1, drawn, severalIommus, nodes);
      }
    }
  }

  private static List<String> deviceLines(Device d, String kind, boolean severalIommus) {
    String first = d.label() == null ? d.name() : d.name() + " (" + d.label() + ")";
    StringBuilder second = new StringBuilder(kind);
    if (d.driver() != null) {
      second.append(", driver ").append(d.driver());
    }
    IommuInstance iommu = severalIommus ? IommuInstance.firmwareOf(d) : null;
    if (iommu != null) {
      second.append(", ").append(iommu.name());
    }
    return List.of(first, second.toString());
  }

  private static GroupBox groupBox(GroupState s) {
    List<String> lines = new ArrayList<>();
    lines.add("domain " + name(s.domain()));
    lines.add("default " + name(s.defaultDomain()));
    if (s.blockingDomain() != null) {
      lines.add("blocking " + s.blockingDomain());
    }
    lines.add("owner " + s.owner() + " (" + s.ownerCount() + ")");
    for (Map.Entry<Integer, String> p : s.pasidArray().entrySet()) {
      lines.add("pasid " + p.getKey() + ": " + p.getValue());
    }
    return new GroupBox(s.group().toString(), lines);
  }

  private static String name(@Nullable Object domain) {
    return domain == null ? "none" : domain.toString();
  }
}

package org.iommunit.junit;

import static java.util.Locale.ROOT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.iommunit.core.Group;
import org.iommunit.device.Acs;
import org.iommunit.device.PciAddress;
import org.iommunit.driver.Vendor;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;

/*
 * The built-in platform: the smallest machine with what a test declares. Each @IommuGroup becomes
 * the functions of one multifunction card without ACS, which pci_device_group() puts in one group
 * (get_pci_function_alias_group). Every other PCI address the test names becomes an endpoint
 * alone in its group; when it shares a slot with other functions it gets ACS with the isolation
 * controls, which pci_device_group() reads as "not an alias of its siblings". Each bus gets a root
 * port with ACS on bus 00, outside the IOMMU, so the declared groups are the only ones and are
 * numbered in address order. The IOMMU is the declared vendor's first instance ({@code iommu0}
 * for the reference driver).
 */
final class BuiltInPlatform {
  /** PASIDs every built-in endpoint supports: the PCI maximum. */
  static final int PASIDS = 1 << 20;

  private final List<Card> cards = new ArrayList<>();
  private final Map<PciAddress, Card> byFunction = new TreeMap<>();

  /** Functions that form one group, and the declaration that asked for them. */
  private record Card(TreeSet<PciAddress> functions, String declaredBy) {
    PciAddress first() {
      return functions.first();
    }
  }

  private BuiltInPlatform() {}

  /**
   * Returns a builder for the machine {@code points} describe.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for names the
   *     built-in platform cannot create or declarations that contradict each other
   */
  static PlatformBuilder builder(List<InjectionPoint> points, Vendor vendor) {
    BuiltInPlatform plan = new BuiltInPlatform();
    for (InjectionPoint p : points) {
      if (p.declaration() instanceof IommuGroup) {
        plan.addGroup(p);
      }
    }
    for (InjectionPoint p : points) {
      if (!(p.declaration() instanceof IommuGroup)) {
        for (String name : p.deviceNames()) {
          PciAddress a = address(name, p);
          if (!plan.byFunction.containsKey(a)) {
            plan.add(new Card(new TreeSet<>(List.of(a)), p.label()));
          }
        }
      }
    }
    return plan.toBuilder(vendor);
  }

  /**
   * Checks that each declared group formed; a failure is a bug of this class, not of the test.
   */
  static void verify(Platform platform, List<InjectionPoint> points) {
    for (InjectionPoint p : points) {
      if (p.declaration() instanceof IommuGroup) {
        Group first = null;
        for (String name : ((IommuGroup) p.declaration()).devices()) {
          Group g = platform.group(name);
          if (first != null && g != first) {
            throw new IllegalStateException("the built-in platform did not put the devices of "
                + p.label() + " in one group:\n" + platform.describe());
          }
          first = g;
        }
      }
    }
  }

  private void addGroup(InjectionPoint p) {
    TreeSet<PciAddress> functions = new TreeSet<>();
    for (String name : ((IommuGroup) p.declaration()).devices()) {
      functions.add(address(name, p));
    }
    PciAddress first = functions.first();
    for (PciAddress a : functions) {
      if (a.bus() != first.bus() || a.device() != first.device()) {
        throw Misdeclared.of(p.label(), "the built-in platform makes a group from the functions"
            + " of one multifunction card, but " + first + " and " + a + " are in different"
            + " slots", "name functions of one slot, or build the topology with factory =");
      }
    }
    for (PciAddress a : functions) {
      Card other = byFunction.get(a);
      if (other != null && other.functions().equals(functions)) {
        return; // the same group declared twice, e.g. by a field and a parameter
      }
      if (other != null) {
        throw Misdeclared.of(other.declaredBy() + " and " + p.label(), "they contradict each"
            + " other: " + a + " cannot be in two different groups", "declare the same devices"
            + " in both, or devices that do not overlap");
      }
    }
    add(new Card(functions, p.label()));
  }

  private void add(Card card) {
    cards.add(card);
    for (PciAddress a : card.functions()) {
      byFunction.put(a, card);
    }
  }

  private static PciAddress address(String name, InjectionPoint p) {
    if (!PciAddress.isPciAddress(name)) {
      throw Misdeclared.of(p.label(), "the built-in platform creates PCI functions from their"
          + " addresses and knows no device " + Misdeclared.quote(name), "name a PCI address"
          + " such as 0000:03:00.0, or choose a platform with platform = or factory =");
    }
    PciAddress a = PciAddress.parse(name);
    if (a.segment() != 0) {
      throw Misdeclared.of(p.label(), "the built-in platform has one PCI segment, 0000",
          "use segment 0000, or build the topology with factory =");
    }
    if (a.bus() == 0) {
      throw Misdeclared.of(p.label(), "the built-in platform puts its root ports on bus 00",
          "put endpoints on bus 01 or above, e.g. 0000:01:00.0");
    }
    return a;
  }

  private PlatformBuilder toBuilder(Vendor vendor) {
    // bus -> slot -> cards in that slot
    TreeMap<Integer, TreeMap<Integer, List<Card>>> buses = new TreeMap<>();
    for (Card c : cards) {
      buses.computeIfAbsent(c.first().bus(), b -> new TreeMap<>())
          .computeIfAbsent(c.first().device(), d -> new ArrayList<>()).add(c);
    }
    if (buses.size() > 31) {
      throw Misdeclared.of(cards.get(0).declaredBy(), "the built-in platform has one root port"
          + " per bus and room for 31, but the test names " + buses.size() + " buses",
          "name devices on fewer buses");
    }
    Map<PciAddress, Acs> acs = new TreeMap<>();
    for (TreeMap<Integer, List<Card>> slots : buses.values()) {
      for (List<Card> slot : slots.values()) {
        placeSlot(slot, acs);
      }
    }
    String iommu = vendor.instanceName(0);
    PlatformBuilder builder = Platform.builder().iommu(iommu, vendor);
    int port = 1;
    for (TreeMap<Integer, List<Card>> slots : buses.values()) {
      List<PciAddress> functions = new ArrayList<>();
      for (List<Card> slot : slots.values()) {
        for (Card c : slot) {
          functions.addAll(c.functions());
        }
      }
      functions.sort(null);
      String rootPort = String.format(ROOT, "00:%02x.0", port++);
      builder.pci(rc -> rc.rootPort(rootPort, rp -> {
        rp.acs(Acs.ISOLATED).noIommu();
        for (PciAddress f : functions) {
          rp.endpoint(f.toString(), fn -> fn.acs(acs.get(f)).pasids(PASIDS).behind(iommu));
        }
      }));
    }
    return builder;
  }

  // Functions of a multi-function group go without ACS; a lone function sharing the slot gets
  // ACS so it stays alone. Two multi-function groups in one slot would merge: refuse.
  private static void placeSlot(List<Card> slot, Map<PciAddress, Acs> acs) {
    Card multi = null;
    int functions = 0;
    for (Card c : slot) {
      functions += c.functions().size();
      if (c.functions().size() > 1) {
        if (multi != null) {
          throw Misdeclared.of(multi.declaredBy() + " and " + c.declaredBy(), "they contradict"
              + " each other: functions of one card without ACS form one group, so "
              + multi.first() + " and " + c.first() + " cannot be in different groups",
              "put the second group in another slot");
        }
        multi = c;
      }
    }
    for (Card c : slot) {
      Acs a = functions > 1 && c.functions().size() == 1 ? Acs.ISOLATED : Acs.NONE;
      for (PciAddress f : c.functions()) {
        acs.put(f, a);
      }
    }
  }
}

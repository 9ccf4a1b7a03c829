package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldBeBlocked.shouldBeBlocked;
import static org.iommunit.assertj.error.ShouldBeInDefaultDomain.shouldBeInDefaultDomain;
import static org.iommunit.assertj.error.ShouldBeOwnedBy.shouldBeOwnedBy;
import static org.iommunit.assertj.error.ShouldContainDevices.shouldContainDevices;
import static org.iommunit.assertj.error.ShouldHaveDevices.shouldHaveDevices;
import static org.iommunit.assertj.error.ShouldHaveDomain.shouldHaveDomain;
import static org.iommunit.assertj.error.ShouldHaveOwnerCount.shouldHaveOwnerCount;
import static org.iommunit.assertj.error.ShouldHavePasidAttached.shouldHavePasidAttached;
import static org.iommunit.assertj.error.ShouldNotBeOwned.shouldNotBeOwned;
import static org.iommunit.assertj.error.ShouldShareDomain.shouldShareDomain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.iommunit.core.DevIommu;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainType;
import org.iommunit.core.GroupState;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one IOMMU group ({@code struct iommu_group}), read from one {@link GroupState}
 * snapshot taken under the group lock, so every check of a chain sees the same state.
 *
 * <pre>{@code
 * assertThat(group).isInDefaultDomain().isNotOwned();          // after boot: passes
 * iommu.groupClaimDmaOwner(group, DmaOwner.user("vfio#1"));
 * assertThat(group).isOwnedBy(DmaOwner.user("vfio#1")).isBlocked().hasOwnerCount(1);
 * assertThat(group).isInDefaultDomain();                       // now fails: it is blocked
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractGroupAssert<SELF extends AbstractGroupAssert<SELF>>
    extends AbstractIommuAssert<SELF, GroupState> {

  /**
   * Creates an assertion on a group snapshot.
   *
   * @param actual the snapshot; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractGroupAssert(@Nullable GroupState actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies that the group holds exactly {@code expected}, in any order. Fails naming the
   * missing and the unexpected devices.
   */
  public SELF hasDevices(Device... expected) {
    List<Device> wanted = List.of(expected);
    return check(() -> {
      isNotNull();
      List<Device> missing = without(wanted, actual.devices());
      List<Device> unexpected = without(actual.devices(), wanted);
      if (missing.isEmpty() && unexpected.isEmpty()) {
        return;
      }
      throw failureComparing(shouldHaveDevices(actual, wanted, missing, unexpected), wanted,
          actual.devices());
    });
  }

  /** Verifies that the group holds at least {@code expected}; fails naming the missing ones. */
  public SELF containsDevices(Device... expected) {
    List<Device> wanted = List.of(expected);
    return check(() -> {
      isNotNull();
      List<Device> missing = without(wanted, actual.devices());
      if (missing.isEmpty()) {
        return;
      }
      throw failure(shouldContainDevices(actual, wanted, missing));
    });
  }

  /**
   * Verifies that the domain in force is the group's default domain, the one the kernel DMA API
   * uses. Fails for a group that a user or a driver moved to another domain.
   */
  public SELF isInDefaultDomain() {
    return check(() -> {
      isNotNull();
      if (actual.isInDefaultDomain()) {
        return;
      }
      throw failureComparing(shouldBeInDefaultDomain(actual), actual.defaultDomain(),
          actual.domain());
    });
  }

  /**
   * Verifies that the group blocks DMA: the domain in force is its blocking domain or a domain of
   * type {@link DomainType#BLOCKED}. A DMA ownership claim puts a group there.
   */
  public SELF isBlocked() {
    return check(() -> {
      isNotNull();
      IommuDomain domain = actual.domain();
      if (domain != null && (domain == actual.blockingDomain()
          || domain.type() == DomainType.BLOCKED)) {
        return;
      }
      throw failure(shouldBeBlocked(actual));
    });
  }

  /** Verifies that {@code expected} is the domain in force ({@code group->domain}). */
  public SELF hasDomain(IommuDomain expected) {
    Objects.requireNonNull(expected, "expected domain");
    return check(() -> {
      isNotNull();
      if (actual.domain() == expected) {
        return;
      }
      throw failureComparing(shouldHaveDomain(actual, expected), expected, actual.domain());
    });
  }

  /**
   * Verifies the DMA owner: {@link DmaOwner#KERNEL} while DMA-API drivers are bound, a {@link
   * DmaOwner.User} after a claim, {@link DmaOwner#NONE} otherwise.
   */
  public SELF isOwnedBy(DmaOwner expected) {
    Objects.requireNonNull(expected, "expected owner");
    return check(() -> {
      isNotNull();
      if (actual.owner().equals(expected)) {
        return;
      }
      throw failureComparing(shouldBeOwnedBy(actual, expected), expected, actual.owner());
    });
  }

  /** Verifies that the group has no owner and no users ({@code owner_cnt == 0}). */
  public SELF isNotOwned() {
    return check(() -> {
      isNotNull();
      if (actual.ownerCount() == 0 && actual.owner().equals(DmaOwner.NONE)) {
        return;
      }
      throw failure(shouldNotBeOwned(actual));
    });
  }

  /**
   * Verifies {@code owner_cnt}: the number of devices bound to DMA-API drivers plus the number of
   * ownership claims.
   */
  public SELF hasOwnerCount(int expected) {
    return check(() -> {
      isNotNull();
      if (actual.ownerCount() == expected) {
        return;
      }
      throw failureComparing(shouldHaveOwnerCount(actual, expected), expected,
          actual.ownerCount());
    });
  }

  /**
   * Verifies that the group's PASID array holds {@code expected} at {@code pasid}, bare or
   * through an attach handle. Use {@link AbstractDeviceAssert} to check the hardware side.
   */
  public SELF hasPasidAttached(int pasid, IommuDomain expected) {
    Objects.requireNonNull(expected, "expected domain");
    return check(() -> {
      isNotNull();
      // The snapshot renders a slot as "D5:UNMANAGED" or "handle->D5:UNMANAGED"; domain names
      // are unique within a platform, so the name identifies the domain.
      String slot = actual.pasidArray().get(pasid);
      String name = expected.toString();
      if (slot != null && (slot.equals(name) || slot.endsWith("->" + name))) {
        return;
      }
      throw failureComparing(shouldHavePasidAttached(actual, pasid, expected, slot), name, slot);
    });
  }

  /**
   * Verifies that the hardware of every device in the group is attached to the group's domain in
   * force, as {@code __iommu_group_set_domain()} leaves it. A device whose driver defers its first
   * attach counts as not attached.
   */
  public SELF allDevicesShareDomain() {
    return check(() -> {
      isNotNull();
      List<String> mismatches = new ArrayList<>();
      for (Device dev : actual.devices()) {
        DevIommu data = DevIommu.of(dev);
        IommuDomain hw = data == null ? null : data.hwDomain();
        if (hw != actual.domain() || hw == null) {
          mismatches.add(dev + " is attached to " + (hw == null ? "(none)" : hw)
              + (data != null && data.attachDeferred() ? " (attach deferred)" : ""));
        }
      }
      if (mismatches.isEmpty()) {
        return;
      }
      throw failure(shouldShareDomain(actual, mismatches));
    });
  }

  private static List<Device> without(List<Device> from, List<Device> remove) {
    List<Device> out = new ArrayList<>();
    for (Device d : from) {
      if (!remove.contains(d)) {
        out.add(d);
      }
    }
    return out;
  }
}

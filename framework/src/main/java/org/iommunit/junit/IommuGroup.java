package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the {@link org.iommunit.core.Group} the named devices share.
 *
 * <p>On the built-in platform the declaration builds the topology: the named PCI functions, all
 * in one slot, become a multifunction card without ACS behind an ACS root port, so they form one
 * group. On a ready-made or factory platform the devices must exist and share a group; one
 * device names its group.
 *
 * <pre>{@code
 * @Test
 * void attachGroup_claimedGroup_movesEveryDevice(
 *     @IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1"}) Group group,
 *     @Domain(UNMANAGED) IommuDomain domain, IommuCore iommu) { ... }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IommuGroup {

  /** Names the devices of the group, as {@link DeviceAt} names one device. */
  String[] devices();
}

package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the {@link org.iommunit.device.Device} with this name: a PCI address as {@code lspci -D}
 * prints it ({@code 0000:03:00.0}), a topology label ({@code acc0}) or a platform device's name.
 * On the built-in platform a PCI address also creates the device, alone in its group.
 *
 * <pre>{@code
 * @Test
 * void deviceClaimDmaOwner_idleDevice_movesGroupToBlocking(
 *     @DeviceAt("0000:01:00.0") Device nic, IommuCore iommu) { ... }
 * }</pre>
 *
 * <p>A name that is not on the platform, or a malformed PCI address, fails the test before it
 * runs with an {@code ExtensionConfigurationException} listing the devices that exist.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DeviceAt {

  /** Names the device: a PCI address, a label or a platform device name. */
  String value();
}

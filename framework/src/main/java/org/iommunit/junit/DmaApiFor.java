package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the kernel DMA API ({@link org.iommunit.dma.DmaApi}, dma-iommu) of the device with this
 * name, as {@link DeviceAt} names devices: the same object {@code platform.dmaApi(device)}
 * returns, one per device.
 *
 * <pre>{@code
 * @Test
 * void dmaMapSingle_strictDomain_mapsThePage(@DmaApiFor("0000:01:00.0") DmaApi dma,
 *     @DeviceAt("0000:01:00.0") Device nic) {
 *   long handle = dma.dmaMapSingle(0x4000_0000L, 0x1000, DmaDirection.BIDIRECTIONAL);
 *   assertThat(nic).canRead(handle);
 * }
 * }</pre>
 *
 * <p>A name that is not on the platform fails the test before it runs with an {@code
 * ExtensionConfigurationException} listing the devices that exist.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DmaApiFor {

  /** Names the device: a PCI address, a label or a platform device name. */
  String value();
}

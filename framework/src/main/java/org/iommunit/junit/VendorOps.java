package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the vendor driver ops of an IOMMU instance as a Mockito spy, an {@link
 * org.iommunit.core.IommuOps}. The spy is installed before the machine boots, so every call the
 * core makes to the driver goes through it: {@code verify(ops).domainAllocPagingFlags(dev, 0)}
 * counts calls, and stubbing in the test body changes what the driver does.
 *
 * <pre>{@code
 * @Test
 * void pagingDomainAlloc_driverOutOfMemory_failsWithEnomem(
 *     @VendorOps IommuOps ops, @DeviceAt("0000:01:00.0") Device dev, IommuCore iommu) {
 *   doThrow(new IommuException(ENOMEM, "domain_alloc_paging_flags", "no memory"))
 *       .when(ops).domainAllocPagingFlags(any(), anyInt());
 *   ...
 * }
 * }</pre>
 *
 * <p>Calls that are not stubbed go to the real driver. Stub with {@code doReturn}/{@code
 * doThrow}/{@code doAnswer}{@code .when(ops)}: {@code when(ops.method())} would call the driver
 * while stubbing. The spy is a mock of the interface delegating to the driver, so {@code
 * doCallRealMethod()} does not apply. Mockito must be set up as its documentation says for JDK 21
 * and later (see docs/guide.md); the platform must come from the built-in platform, a ready-made
 * one or a factory returning a {@code PlatformBuilder}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface VendorOps {

  /** Names the IOMMU instance, e.g. {@code "iommu0"}; empty for the platform's only IOMMU. */
  String value() default "";
}

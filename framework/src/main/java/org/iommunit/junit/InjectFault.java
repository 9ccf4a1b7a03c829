package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.iommunit.base.Errno;

/**
 * Makes a vendor driver op fail with an errno while the test method runs: the declarative form of
 * stubbing the {@link VendorOps} spy. The op is named as in the kernel's {@code struct iommu_ops}
 * or {@code struct iommu_domain_ops}; of the calls the test body makes to it, the first {@link
 * #after()} succeed, the next {@link #times()} fail, and the rest succeed again.
 *
 * <pre>{@code
 * @Test
 * @InjectFault(op = "attach_dev", errno = ENOMEM)
 * void attachGroup_driverOutOfMemory_failsWithEnomemAndChangesNothing(...) { ... }
 * }</pre>
 *
 * <p>Ops that can fail: {@code probe_device}, {@code device_group}, {@code domain_alloc_paging}
 * (calls without flags), {@code domain_alloc_paging_flags} (every allocation), {@code
 * domain_alloc_identity}, {@code domain_alloc_sva}, {@code attach_dev}, {@code set_dev_pasid},
 * {@code map_pages} and {@code iotlb_sync_map}. The failure is an {@link
 * org.iommunit.base.IommuException} thrown by the driver, so the core handles it as it handles a
 * real driver error. Faults apply to every IOMMU of the platform, and not to what runs before or
 * after the test method (lifecycle methods, the extension's own setup and teardown). Repeatable; on
 * a class it applies to each of its tests.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(InjectFaults.class)
public @interface InjectFault {

  /** Names the driver op in the kernel's words, e.g. {@code "attach_dev"}. */
  String op();

  /** Gives the errno the failing calls return. */
  Errno errno();

  /** Gives how many calls fail, at least 1. */
  int times() default 1;

  /** Gives how many calls succeed before the first failure, at least 0. */
  int after() default 0;
}

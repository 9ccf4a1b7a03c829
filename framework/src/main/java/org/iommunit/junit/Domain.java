package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.iommunit.core.DomainType;

/**
 * Injects a new {@link org.iommunit.core.IommuDomain}, allocated with {@code
 * iommu_paging_domain_alloc_flags()} for the first device of the group the test declares (with
 * {@link IommuGroup} or {@link DeviceAt}), or for {@link #attachTo()}'s device. The extension
 * owns the domain: at teardown it detaches it from where it attached it and frees it.
 *
 * <pre>{@code
 * @Test
 * void map_fourPages_translates(@Domain(UNMANAGED) IommuDomain domain, IommuCore iommu) { ... }
 *
 * @Test
 * void detachGroup_attachedDomain_returnsToBlocking(
 *     @Domain(value = UNMANAGED, attachTo = "0000:03:00.0") IommuDomain domain, ...) { ... }
 * }</pre>
 *
 * <p>Each declaration is its own domain: two {@code @Domain} parameters get two domains. Only
 * {@link DomainType#UNMANAGED} can be declared; the core and the driver own the other types.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Domain {

  /** Gives the domain type; only {@link DomainType#UNMANAGED} can be allocated by a test. */
  DomainType value() default DomainType.UNMANAGED;

  /**
   * Names a device whose group the domain is attached to with {@code iommu_attach_group()} when
   * it is injected; empty to leave it unattached.
   */
  String attachTo() default "";

  /**
   * Gives allocation flags such as {@link org.iommunit.core.IommuOps#ALLOC_PASID}; a flag the
   * driver does not support fails the declaration.
   */
  int flags() default 0;
}

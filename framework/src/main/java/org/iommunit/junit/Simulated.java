package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field (or, optionally, a parameter) to receive the test's {@link
 * org.iommunit.platform.Platform}, {@link org.iommunit.core.IommuCore}, {@link
 * org.iommunit.sva.Sva}, {@link org.iommunit.iommufd.Iommufd} or {@link org.iommunit.vfio.Vfio}.
 * Parameters of those types need no annotation; fields do, so that the extension never
 * overwrites a field it was not asked to fill.
 *
 * <pre>{@code
 * @SimulatedIommu(platform = "desktop")
 * class DesktopTest {
 *   @Simulated Platform platform;
 *   @Simulated IommuCore iommu;
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Simulated {}

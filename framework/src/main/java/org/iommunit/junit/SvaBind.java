package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects an {@link org.iommunit.sva.SvaHandle}: {@link #device()} bound to the process {@link
 * #mm()} with {@code iommu_sva_bind_device()}. The mm is the one {@link AddressSpace} with the
 * same name injects, created if the test names it nowhere else. The extension owns the bind: at
 * teardown it drops its reference with {@code iommu_sva_unbind_device()}, unless the test already
 * did; binds the test makes itself and never unbinds fail the test as leaks.
 *
 * <pre>{@code
 * @Test
 * void svaBindDevice_sameDeviceAndMmTwice_returnsSameHandle(
 *     @SvaBind(device = "acc0", mm = "proc1") SvaHandle first,
 *     @AddressSpace("proc1") Mm proc1, @DeviceAt("acc0") Device acc0, Sva sva) {
 *   SvaHandle second = sva.bindDevice(acc0, proc1);
 *   assertThat(second).isSameAs(first);
 *   sva.unbindDevice(second);
 * }
 * }</pre>
 *
 * <p>A device without PASIDs, or a driver without SVA domains, fails the declaration with an
 * {@code ExtensionConfigurationException}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SvaBind {

  /** Names the device, as {@link DeviceAt} does. */
  String device();

  /** Names the process, as {@link AddressSpace} does. */
  String mm();
}

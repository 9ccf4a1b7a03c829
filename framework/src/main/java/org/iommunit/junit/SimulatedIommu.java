package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;
import org.iommunit.driver.Vendor;
import org.iommunit.semantics.Semantics;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots a simulated machine with a Linux IOMMU for each test and injects its parts.
 *
 * <pre>{@code
 * @SimulatedIommu
 * class MultiDeviceGroupTest {
 *   @Test
 *   void attachDevice_twoDeviceGroup_failsWithEinval(
 *       @IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1"}) Group group,
 *       @Domain(UNMANAGED) IommuDomain domain,
 *       IommuCore iommu) {
 *     IommuException e = catchThrowableOfType(IommuException.class,
 *         () -> iommu.attachDevice(domain, group.devices().get(0)));
 *     assertThat(e.errno()).isEqualTo(EINVAL);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Where it goes.</b> On a test class, a test method, or a user's own annotation (the
 * extension finds it as a meta-annotation). It is {@link Inherited}: subclasses keep it, and
 * {@code @Nested} classes inherit the declaration of their enclosing class. A declaration nearer
 * the test overrides a farther one attribute by attribute; {@link #platform()} and {@link
 * #factory()} count as one choice, so a nested class that names either replaces the outer choice.
 *
 * <p><b>Which machine.</b> Exactly one of: a ready-made platform by name ({@link #platform()}),
 * the test's own factory method ({@link #factory()}), or, when neither is given, the built-in
 * platform: the smallest machine that has what the test declares. There each {@link IommuGroup}
 * becomes a multifunction card without ACS (its functions form one group) and each other PCI
 * address named by {@link DeviceAt} or {@link Domain#attachTo()} becomes an endpoint in a group of
 * its own; every endpoint supports 2^20 PASIDs, no driver is bound, and the root ports (bus 00)
 * are outside the IOMMU, so the declared groups are numbered G0, G1, ... in address order. Its
 * IOMMU is {@code iommu0}, driven by the reference driver with ARM LPAE stage-1 page tables.
 *
 * <p><b>Lifetime.</b> One fresh platform per test; one per class when the class uses
 * {@code @TestInstance(PER_CLASS)}, shared by its tests and by the tests of {@code @Nested}
 * classes that do not declare their own. A method-level declaration always gives that test its
 * own platform.
 *
 * <p><b>Teardown.</b> After each test the extension releases what it created ({@link SvaBind}
 * binds, {@link AddressSpace} processes, {@link Domain}s; newest first) and then fails the test,
 * naming each object, its state and where it was made, if a domain the test allocated was never
 * freed, an SVA bind was never unbound, a group is still owned by a user, the kernel log holds a
 * {@code WARN_ON}, or {@link org.iommunit.core.Invariants} reports a broken rule. Leaks
 * are not reported for a test that already failed, nor at the end of a per-class platform once
 * one of the tests that shared it failed. See {@link AllowLeaks} and {@link AllowWarnings}.
 *
 * <p><b>Parallel execution</b> ({@code junit.jupiter.execution.parallel.enabled=true}) is safe:
 * every test has its own platform and the extension keeps no state outside JUnit's store. Tests
 * that share a per-class platform share its state; run them concurrently only if that is what
 * they test, and not with {@link InjectFault}, whose faults are armed platform-wide.
 *
 * <p>Bad declarations fail before the test runs with an {@code ExtensionConfigurationException}
 * that names the annotation, the value and the fix. Attributes left at their defaults take the
 * configuration parameters {@code iommunit.vendor}, {@code iommunit.semantics} and {@code
 * iommunit.defaultDomain} (see docs/guide.md).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(IommuExtension.class)
public @interface SimulatedIommu {

  /**
   * Names a ready-made platform of {@link org.iommunit.platform.Platforms}, e.g. {@code
   * "multifunction-card-without-acs"}; empty for none.
   */
  String platform() default "";

  /**
   * Names the test's own factory method, found as {@code @MethodSource} finds its method: {@code
   * "method"} in the annotated class or its superclasses, or {@code "fully.qualified.Class#method"}
   * anywhere. It must be static, take no parameters and return a {@link
   * org.iommunit.platform.PlatformBuilder} (preferred: the extension then installs its spies and
   * boot options before the machine boots) or a booted {@link org.iommunit.platform.Platform}, new
   * on every call. Empty for none.
   */
  String factory() default "";

  /**
   * Chooses the default domain type through the boot command line; {@link DefaultDomain#DEFAULT}
   * takes the configuration parameter {@code iommunit.defaultDomain}, else the kernel default.
   */
  DefaultDomain defaultDomain() default DefaultDomain.DEFAULT;

  /**
   * Chooses the IOMMU vendor driver of the built-in and ready-made platforms, e.g. {@code vendor =
   * Vendor.ARM_SMMU_V3}; at most one. Empty takes {@code iommunit.vendor}, else {@link
   * Vendor#REFERENCE}. A factory's platform brings its own drivers, so the two exclude each other.
   */
  Vendor[] vendor() default {};

  /**
   * Names the semantics profile: one IOMMUnit ships ({@link
   * org.iommunit.semantics.Semantics#named(String)}, such as {@code "SVA_DOMAIN_USERS"} or
   * {@code "linux-6.1"}), or the binary name of a class implementing {@code Supplier<Semantics>}
   * (see {@link #semanticsFactory()}); empty takes {@code iommunit.semantics}, else {@code
   * MAINLINE}. A factory's platform keeps the profile its builder chose unless a variant is named
   * here.
   */
  String semantics() default "";

  /**
   * Names a class of the test's own code that makes the semantics profile, e.g. a reviewer's
   * proposal built with {@code Semantics.mainline().with(new MyAttachRule())}: it implements
   * {@code Supplier<Semantics>} and has a constructor without arguments (it may be a private
   * nested class). At most one, and not together with {@link #semantics()}; the trace header
   * prints the profile's {@code name()}.
   */
  Class<? extends Supplier<Semantics>>[] semanticsFactory() default {};
}

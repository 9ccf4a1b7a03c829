package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a process address space, an {@link org.iommunit.mm.Mm}, created with {@code
 * Sva.mmAlloc(name)} the first time the test names it. Every declaration of the test that names
 * the same process, including {@link SvaBind#mm()}, gets the same mm. At teardown the extension
 * ends the process ({@code Mm.exit()}) after undoing its binds.
 *
 * <pre>{@code
 * @Test
 * void svaBindDevice_sameDeviceAndMmTwice_returnsSameHandle(@AddressSpace("proc1") Mm proc1,
 *     @DeviceAt("acc0") Device acc0, Sva sva) { ... }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AddressSpace {

  /** Names the process, e.g. {@code "proc1"}; it prints as {@code mm1(proc1)}. */
  String value();
}

package org.iommunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test end with domains it allocated and never freed, or with groups still owned by a
 * user, for a test that shows such a leak on purpose. On a class it applies to each of its tests
 * and to the class's own teardown. To relax the check for a whole run instead, set the
 * configuration parameter {@code iommunit.leaks=warn}.
 *
 * <pre>{@code
 * @Test
 * @AllowLeaks(reason = "the thread's bug: unbind forgets iommu_group_release_dma_owner()")
 * void unbind_vfioDriver_leavesGroupOwned(...) { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AllowLeaks {

  /** Says why the leak is expected; must not be blank. */
  String reason();
}

/**
 * The seed scenarios: one class per mailing-list thread IOMMUnit grew from, each showing what the
 * mainline kernel does. Start with {@link
 * org.iommunit.samples.seeds.MultiDeviceGroupAttachTest}.
 */
@NullMarked
package org.iommunit.samples.seeds;

import org.jspecify.annotations.NullMarked;

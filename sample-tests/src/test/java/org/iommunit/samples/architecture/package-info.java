/**
 * The suite's own architecture test: downstream code reaches IOMMUnit through its published API
 * only. Read {@link org.iommunit.samples.architecture.PublicApiOnlyTest}; docs/architecture.md
 * lists the published packages.
 */
@NullMarked
package org.iommunit.samples.architecture;

import org.jspecify.annotations.NullMarked;

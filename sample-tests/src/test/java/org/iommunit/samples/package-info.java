/**
 * Cookbook: one short test class per annotation of the JUnit extension, each a complete,
 * passing example of what the annotation does. Start with {@link
 * org.iommunit.samples.SimulatedIommuExampleTest}; docs/guide.md explains each in full. The seed
 * scenarios live in {@code org.iommunit.samples.seeds}.
 */
@NullMarked
package org.iommunit.samples;

import org.jspecify.annotations.NullMarked;

/**
 * The JUnit 5 extension: {@link org.iommunit.junit.SimulatedIommu} boots a simulated machine for
 * each test and injects its parts by field or parameter ({@link org.iommunit.junit.DeviceAt},
 * {@link org.iommunit.junit.IommuGroup}, {@link org.iommunit.junit.Domain}, {@link
 * org.iommunit.junit.AddressSpace}, {@link org.iommunit.junit.SvaBind}, {@link
 * org.iommunit.junit.VendorOps}, {@link org.iommunit.junit.Simulated}); {@link
 * org.iommunit.junit.InjectFault} makes driver ops fail; at teardown the extension releases what
 * it created and fails the test on leaks, kernel {@code WARN_ON}s and broken invariants unless
 * {@link org.iommunit.junit.AllowLeaks} or {@link org.iommunit.junit.AllowWarnings} say otherwise.
 * Start with {@link org.iommunit.junit.SimulatedIommu}. Kernel counterpart: none; this is the
 * harness around {@code org.iommunit.platform.Platform}.
 */
@NullMarked
package org.iommunit.junit;

import org.jspecify.annotations.NullMarked;

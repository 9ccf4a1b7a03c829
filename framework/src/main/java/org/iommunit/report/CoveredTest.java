package org.iommunit.report;

/**
 * What the extension tells the report about one test that used it, in memory: the report lists
 * it whatever its outcome, and reads its files only when {@link #kept()} says they were written.
 *
 * @param uniqueId the test's JUnit unique id
 * @param name the test's relative name, e.g. {@code FooTest/bar}
 * @param vendor the IOMMU vendor of the test's platform, as in its trace header
 * @param profile the semantics profile of the test's platform
 * @param golden the golden-trace outcome ({@code golden trace matches ...}); empty without
 *     {@code @GoldenTrace}
 * @param kept why the test's trace, picture and diff were written under the report root ({@code
 *     failed}, {@code golden}, {@code compared}, {@code all}, {@code explored} for an exploration
 *     run); empty if they were not
 */
public record CoveredTest(String uniqueId, String name, String vendor, String profile,
    String golden, String kept) {}

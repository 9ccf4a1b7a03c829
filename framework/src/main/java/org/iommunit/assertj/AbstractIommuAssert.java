package org.iommunit.assertj;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.description.EmptyTextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/**
 * The base of every IOMMU assertion: one place where a check runs and where its failure is built.
 *
 * <p>Every check has the same shape: {@code return check(() -> { ...; if (ok) return; throw
 * failure(shouldXxx(...)); })}. Routing each check through {@link #check(Runnable)} keeps soft
 * assertions working on AssertJ 3.27, whose soft proxies intercept every overridable method, and
 * makes the move to AssertJ 4 (which wraps checks in {@code executeAssertion}) a one-line change.
 *
 * <p>A method that returns another assertion (such as {@code maps(iova)}) is {@code final}, so the
 * soft proxy does not intercept it: its own check is collected by {@code check} and it still
 * returns the sub-assertion, whose checks run through this assertion's {@code check} in turn.
 *
 * @param <SELF> the concrete assertion type, returned by every check so checks chain
 * @param <ACTUAL> the type of the value under test
 */
public abstract class AbstractIommuAssert<SELF extends AbstractIommuAssert<SELF, ACTUAL>, ACTUAL>
    extends AbstractAssert<SELF, ACTUAL> {

  /**
   * Creates an assertion on {@code actual}.
   *
   * @param actual the value under test; a null value fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractIommuAssert(@Nullable ACTUAL actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Runs one check and returns this assertion. A soft-assertion proxy overrides this method, so a
   * failure thrown by {@code body} is collected there; sub-assertions such as {@link
   * MappingAssert} call it on their parent for the same reason.
   *
   * @param body the check; throws an {@link AssertionError} when it fails
   * @return this assertion, for chaining
   */
  protected SELF check(Runnable body) {
    body.run(); // AssertJ 4.0: executeAssertion(body)
    return myself;
  }

  /**
   * Returns the failure for {@code message}, with this assertion's description and
   * representation.
   */
  protected final AssertionError failure(ErrorMessageFactory message) {
    return assertionError(message);
  }

  /**
   * Returns an opentest4j failure for {@code message} that also carries the two values compared,
   * so an IDE can show them side by side.
   *
   * @param message the failure message
   * @param expected the value the check wanted
   * @param actualValue the value it found
   */
  protected final AssertionError failureComparing(ErrorMessageFactory message,
      @Nullable Object expected, @Nullable Object actualValue) {
    // failureWithActualExpected() adds the description itself, so the text must not carry it.
    String text = message.create(EmptyTextDescription.emptyDescription(), info.representation());
    return failureWithActualExpected(actualValue, expected, "%s", text);
  }
}

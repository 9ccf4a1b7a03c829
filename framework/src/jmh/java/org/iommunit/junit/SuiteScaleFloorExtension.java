package org.iommunit.junit;

import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.iommunit.core.IommuCore;
import org.iommunit.device.Device;
import org.iommunit.platform.Platform;
import org.iommunit.platform.Platforms;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The least any extension of {@code @SimulatedIommu}'s shape costs, for {@link
 * SuiteScaleBenchmark}: the same callbacks and interceptor, a platform built as the plain test
 * builds it (no recording, no checks), kept in the test's store, and the test's two parameters
 * resolved from it. What a suite of these costs over the plain suite is JUnit's own handling of
 * such an extension.
 */
public final class SuiteScaleFloorExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor,
    TestTemplateInvocationContextProvider {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SuiteScaleFloorExtension.class);

  /** Creates the extension; JUnit does. */
  public SuiteScaleFloorExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {}

  @Override
  public void afterAll(ExtensionContext context) {}

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(Platform.class, Platforms.desktop().build());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    context.getStore(NAMESPACE).remove(Platform.class, Platform.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Device.class || type == IommuCore.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Platform p = context.getStore(NAMESPACE).get(Platform.class, Platform.class);
    if (p == null) {
      throw new IllegalStateException("no platform for " + parameter.getParameter());
    }
    return parameter.getParameter().getType() == Device.class
        ? p.device(parameter.findAnnotation(DeviceAt.class).orElseThrow().value()) : p.iommu();
  }

  @Override
  public void interceptTestMethod(Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    invocation.proceed();
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return false;
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return Stream.empty();
  }
}

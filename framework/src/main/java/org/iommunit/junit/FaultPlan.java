package org.iommunit.junit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iommunit.base.IommuException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link InjectFault}s of one test: each counts the calls of its op while the test method
 * runs and makes calls {@code after + 1} to {@code after + times} fail. Counters are atomic, so a
 * test that calls the driver from several threads still fails exactly {@code times} calls.
 */
final class FaultPlan {
  /** A plan without faults. */
  static final FaultPlan NONE = new FaultPlan(List.of());

  private final List<Rule> rules;

  private FaultPlan(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** One declared fault and its call counter. */
  private static final class Rule {
    final KernelOp op;
    final InjectFault declaration;
    final AtomicInteger calls = new AtomicInteger();

    Rule(KernelOp op, InjectFault declaration) {
      this.op = op;
      this.declaration = declaration;
    }
  }

  /** A declared fault with where it was found, e.g. {@code method attach()}. */
  record Declared(InjectFault fault, String where) {}

  /**
   * Checks the declarations and returns their plan.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for an unknown op, an
   *     op that cannot fail, or counts out of range
   */
  static FaultPlan of(List<Declared> declared) {
    if (declared.isEmpty()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    for (Declared d : declared) {
      InjectFault f = d.fault();
      String label = Misdeclared.render(f) + " on " + d.where();
      KernelOp op = KernelOp.named(f.op());
      if (op == null) {
        throw Misdeclared.of(label, f.op() + " is not a driver op",
            "name one in the kernel's words: " + KernelOp.failing());
      }
      if (!op.canFail()) {
        throw Misdeclared.of(label, f.op() + " cannot fail in the kernel, so it has no errno to"
            + " return", "inject into one of: " + KernelOp.failing());
      }
      if (f.times() < 1 || f.after() < 0) {
        throw Misdeclared.of(label, "times must be at least 1 and after at least 0",
            "e.g. times = 1, after = 0 fails the first call");
      }
      rules.add(new Rule(op, f));
    }
    return new FaultPlan(rules);
  }

  /** Returns true if the plan injects nothing. */
  boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Counts a call of {@code method} and throws the injected failure if the call is one that must
   * fail. Every matching rule counts the call; the first that fires decides the errno.
   */
  void beforeCall(Method method, @Nullable Object[] args) {
    Rule fired = null;
    for (Rule r : rules) {
      if (r.op.matches(method, args)) {
        int n = r.calls.getAndIncrement();
        if (fired == null && n >= r.declaration.after()
            && n < r.declaration.after() + r.declaration.times()) {
          fired = r;
        }
      }
    }
    if (fired != null) {
      throw new IommuException(fired.declaration.errno(), fired.op.kernelName(),
          "fault injected by " + Misdeclared.render(fired.declaration));
    }
  }
}

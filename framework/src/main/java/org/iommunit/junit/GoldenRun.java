package org.iommunit.junit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/*
 * What one run did with golden files, kept in the engine's store and closed by JUnit when the
 * run ends: then it prints one console line per golden file it wrote or rewrote (update mode), and
 * looks for golden files no test checks any more, under the golden directories of the classes
 * that ran:
 * - a file of a class that ran, whose method is gone, is no test, or has no @GoldenTrace in force;
 * - <method>[k].trace of a template whose method ran without an invocation k this run;
 * - a folder of a @Nested class that no longer exists, and a class folder whose class is in none
 *   of the run's class directories.
 * Each is reported, and deleted in update mode (not on CI, which refuses update mode). A golden
 * file of a test that exists but was left out of the run (-Dtest=...) is never touched.
 * A CloseableResource for JUnit 5.10 to 5.12, an AutoCloseable for 5.13 on; JUnit closes it once.
 */
@SuppressWarnings("deprecation")
final class GoldenRun implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  /** The prefix of every console line. */
  static final String PREFIX = "IOMMUnit golden: ";
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(GoldenRun.class);

  private final boolean update;
  private final PrintStream console;
  // guarded by this
  private final Map<Path, String> written = new TreeMap<>();
  private final Map<Path, Map<String, Class<?>>> classes = new TreeMap<>();
  private final Map<Path, Set<String>> seen = new TreeMap<>();
  private final Set<Path> classDirectories = new TreeSet<>();

  private GoldenRun(boolean update, PrintStream console) {
    this.update = update;
    this.console = console;
  }

  /** Returns the golden record of the run {@code context} belongs to. */
  static GoldenRun of(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(GoldenRun.class,
        k -> new GoldenRun(Golden.updating(context) && !Golden.onCi(context), System.out),
        GoldenRun.class);
  }

  /** Records that update mode wrote {@code file}, new or {@code rewritten}. */
  synchronized void wrote(Path file, boolean rewritten) {
    written.put(file.toAbsolutePath().normalize(), rewritten ? "rewrote " : "wrote ");
  }

  /**
   * Records that the test {@code name} (its relative name, e.g. {@code Foo/bar[2]}) of {@code
   * testClass} ran with a golden file under {@code root}.
   */
  synchronized void ran(Path root, Class<?> testClass, String name) {
    Path r = root.toAbsolutePath().normalize();
    int slash = name.lastIndexOf('/');
    classes.computeIfAbsent(r, k -> new TreeMap<>()).put(name.substring(0, slash), testClass);
    seen.computeIfAbsent(r, k -> new TreeSet<>()).add(name);
    Path classDir = TraceFiles.classDirectory(testClass);
    if (classDir != null) {
      classDirectories.add(classDir);
    }
  }

  @Override
  public void close() {
    List<String> lines = new ArrayList<>();
    synchronized (this) {
      written.forEach((file, verb) -> lines.add(PREFIX + verb + shown(file)));
      for (Path orphan : orphans()) {
        if (update) {
          delete(orphan);
          lines.add(PREFIX + "deleted " + shown(orphan) + ": no test checks it");
        } else {
          lines.add(PREFIX + "orphaned " + shown(orphan) + ": no test checks it (-D"
              + Golden.UPDATE + "=true deletes it)");
        }
      }
    }
    for (String line : lines) {
      console.println(line);
    }
  }

  // every orphaned golden file under the roots of the run, in path order
  private Set<Path> orphans() {
    Set<Path> out = new TreeSet<>();
    for (Map.Entry<Path, Map<String, Class<?>>> root : classes.entrySet()) {
      Set<String> ran = seen.get(root.getKey());
      for (Map.Entry<String, Class<?>> c : root.getValue().entrySet()) {
        orphansOfClass(root.getKey().resolve(c.getKey()), c.getKey(), c.getValue(), ran, out);
      }
      for (Path dir : list(root.getKey())) {
        String name = dir.getFileName().toString();
        if (Files.isDirectory(dir) && !root.getValue().containsKey(name) && !classExists(name)) {
          out.addAll(traceFiles(dir));
        }
      }
    }
    return out;
  }

  private static void orphansOfClass(Path dir, String classDir, Class<?> testClass,
      Set<String> ran, Set<Path> out) {
    for (Path f : list(dir)) {
      String file = f.getFileName().toString();
      if (Files.isDirectory(f)) {
        if (!hasNested(testClass, file)) {
          out.addAll(traceFiles(f)); // a @Nested class that is gone
        }
        continue;
      }
      if (!file.endsWith(".trace")) {
        continue;
      }
      String base = file.substring(0, file.length() - ".trace".length());
      int bracket = base.indexOf('[');
      String method = bracket < 0 ? base : base.substring(0, bracket);
      if (!isGoldenTest(testClass, method)) {
        out.add(f);
      } else if (bracket >= 0 && !ran.contains(classDir + "/" + base)
          && ran.stream().anyMatch(n -> n.startsWith(classDir + "/" + method + "["))) {
        out.add(f); // the template ran without this invocation
      }
    }
  }

  // a test method of that name exists and a @GoldenTrace is in force for it
  private static boolean isGoldenTest(Class<?> testClass, String method) {
    List<Method> found = ReflectionSupport.findMethods(testClass,
        m -> m.getName().equals(method) && Annotations.isAnnotated(m, Testable.class),
        HierarchyTraversalMode.TOP_DOWN);
    for (Method m : found) {
      if (Annotations.isAnnotated(m, GoldenTrace.class)) {
        return true;
      }
      for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
        if (Annotations.isAnnotated((AnnotatedElement) c, GoldenTrace.class)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasNested(Class<?> testClass, String name) {
    for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
      for (Class<?> member : c.getDeclaredClasses()) {
        if (member.getSimpleName().equals(name) && Annotations.isAnnotated(member, Nested.class)) {
          return true;
        }
      }
    }
    return false;
  }

  // a class file <name>.class in any class directory of the run
  private boolean classExists(String name) {
    String file = name + ".class";
    for (Path dir : classDirectories) {
      try (Stream<Path> files = Files.walk(dir)) {
        if (files.anyMatch(f -> f.getFileName().toString().equals(file))) {
          return true;
        }
      } catch (IOException e) {
        return true; // cannot tell: keep the files
      }
    }
    return classDirectories.isEmpty(); // no class directory known: cannot tell either
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<Path> traceFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".trace")).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  // relative to the working directory when inside it, else absolute
  static String shown(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path here = Paths.get("").toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }
}

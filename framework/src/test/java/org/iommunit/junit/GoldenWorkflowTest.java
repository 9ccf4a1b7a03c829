package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The golden workflow through the EngineTestKit: golden files found in the test class's module,
 * update mode naming each file it wrote, golden files no test checks reported (and deleted in
 * update mode), and a failure whose first line says what differs, with the diff once.
 */
class GoldenWorkflowTest {
  private static final String NIC = "0000:01:00.0";
  private static final String CLASS_DIR = "GoldenWorkflowTest$Scenario";

  @TempDir Path dir;
  private final List<String> console = new ArrayList<>();

  @Test
  void goldenRoot_classFromAnotherModule_goldenInThatModulesTestResources() throws Exception {
    Path module = dir.resolve("other-module");
    Files.createDirectories(module.resolve("src/test/java"));
    Class<?> scenario = loadFrom(module.resolve("target/test-classes"), Scenario.class);

    Kit.assertAllPassed(run(scenario, "iommunit.trace.update=true"), 2);

    Path golden = module.resolve("src/test/resources/iommunit").resolve(CLASS_DIR);
    assertThat(golden.resolve("attach_thenDetach_passes.trace")).exists();
    assertThat(golden.resolve("alloc_thenFree_passes.trace")).exists();
    assertThat(Path.of("src/test/resources/iommunit", CLASS_DIR)).doesNotExist();
  }

  @Test
  void updateMode_newAndChangedGoldens_printsOneLinePerFileWritten() throws IOException {
    Path root = dir.resolve("golden");
    run(Scenario.class, "iommunit.trace.dir=" + root, "iommunit.trace.update=true");
    List<String> first = new ArrayList<>(console);
    console.clear();
    Path attach = root.resolve(CLASS_DIR).resolve("attach_thenDetach_passes.trace");
    Files.writeString(attach, Files.readString(attach).replace("D2:UNMANAGED -> D1:DMA",
        "D2:UNMANAGED -> D3:DMA"));

    Kit.assertAllPassed(run(Scenario.class, "iommunit.trace.dir=" + root,
        "iommunit.trace.update=true"), 2);

    Path alloc = root.resolve(CLASS_DIR).resolve("alloc_thenFree_passes.trace");
    assertThat(first).containsExactly("IOMMUnit golden: wrote " + GoldenRun.shown(alloc),
        "IOMMUnit golden: wrote " + GoldenRun.shown(attach));
    assertThat(console).containsExactly("IOMMUnit golden: rewrote " + GoldenRun.shown(attach));
  }

  @Test
  void orphanedGoldens_normalRun_reportedAndKept() throws IOException {
    Path root = dir.resolve("golden");
    run(Scenario.class, "iommunit.trace.dir=" + root, "iommunit.trace.update=true");
    Path gone = write(root.resolve(CLASS_DIR).resolve("removedTest_x_passes.trace"));
    Path goneClass = write(root.resolve("DeletedTestClass").resolve("any_x_passes.trace"));
    console.clear();

    Kit.assertAllPassed(run(Scenario.class, "iommunit.trace.dir=" + root), 2);

    assertThat(console).containsExactly(
        "IOMMUnit golden: orphaned " + GoldenRun.shown(goneClass)
            + ": no test checks it (-Diommunit.trace.update=true deletes it)",
        "IOMMUnit golden: orphaned " + GoldenRun.shown(gone)
            + ": no test checks it (-Diommunit.trace.update=true deletes it)");
    assertThat(gone).exists();
    assertThat(goneClass).exists();
  }

  @Test
  void orphanedGoldens_updateMode_deletedAndListed() throws IOException {
    Path root = dir.resolve("golden");
    run(Scenario.class, "iommunit.trace.dir=" + root, "iommunit.trace.update=true");
    Path gone = write(root.resolve(CLASS_DIR).resolve("removedTest_x_passes.trace"));
    console.clear();

    Kit.assertAllPassed(run(Scenario.class, "iommunit.trace.dir=" + root,
        "iommunit.trace.update=true"), 2);

    assertThat(console).containsExactly(
        "IOMMUnit golden: deleted " + GoldenRun.shown(gone) + ": no test checks it");
    assertThat(gone).doesNotExist();
    assertThat(root.resolve(CLASS_DIR).resolve("alloc_thenFree_passes.trace")).exists();
  }

  @Test
  void orphanedGoldens_updateModeOnCi_reportedAndKept() throws IOException {
    Path root = dir.resolve("golden");
    run(Scenario.class, "iommunit.trace.dir=" + root, "iommunit.trace.update=true");
    Path gone = write(root.resolve(CLASS_DIR).resolve("removedTest_x_passes.trace"));
    console.clear();

    run(Scenario.class, "iommunit.trace.dir=" + root, "iommunit.trace.update=true",
        "iommunit.trace.ci=true");

    assertThat(console).containsExactly("IOMMUnit golden: orphaned " + GoldenRun.shown(gone)
        + ": no test checks it (-Diommunit.trace.update=true deletes it)");
    assertThat(gone).exists();
  }

  @Test
  void goldenDiffers_failure_firstLineSaysWhatDiffersAndTheDiffComesOnce() throws IOException {
    Path root = dir.resolve("golden");
    run(Scenario.class, "iommunit.trace.dir=" + root, "iommunit.trace.update=true");
    Path attach = root.resolve(CLASS_DIR).resolve("attach_thenDetach_passes.trace");
    Files.writeString(attach, Files.readString(attach).replace("D2:UNMANAGED -> D1:DMA",
        "D2:UNMANAGED -> D3:DMA"));

    String message = Kit.onlyMessage(run(Scenario.class, "iommunit.trace.dir=" + root,
        "iommunit.report.dir=" + dir.resolve("report")));

    assertThat(message.lines().findFirst().orElseThrow()).isEqualTo("golden trace "
        + CLASS_DIR + "/attach_thenDetach_passes.trace differs: 1 line changed, 0 added,"
        + " 0 removed");
    assertThat(message).contains("\n  golden: " + attach.toAbsolutePath() + "\n");
    assertThat(message.split("\n-state G0.domain D2:UNMANAGED -> D3:DMA\n", -1)).hasSize(2);
    assertThat(message.split("\n@@ ", -1)).hasSize(2);
  }

  // runs testClass through the kit, capturing what it prints in this thread's System.out
  private EngineExecutionResults run(Class<?> testClass, String... parameters) {
    List<String> all = new ArrayList<>(List.of("iommunit.trace.ci=false",
        "iommunit.report.dir=" + dir.resolve("report")));
    all.addAll(List.of(parameters));
    PrintStream saved = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      return Kit.run(testClass, all.toArray(new String[0]));
    } finally {
      System.setOut(saved);
      buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("IOMMUnit"))
          .forEach(console::add);
    }
  }

  private static Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "# iommunit-trace 1\n");
    return file;
  }

  // copies the compiled class into classes/ and loads it from there, so its code source is
  // another module's class directory
  private static Class<?> loadFrom(Path classes, Class<?> type) throws Exception {
    String resource = type.getName().replace('.', '/') + ".class";
    Path target = classes.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      Files.write(target, in.readAllBytes());
    }
    ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        type.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          if (name.equals(type.getName())) {
            Class<?> c = findLoadedClass(name);
            return c != null ? c : findClass(name);
          }
          return super.loadClass(name, resolve);
        }
      }
    };
    return loader.loadClass(type.getName());
  }

  @TestKitOnly
  @SimulatedIommu
  @GoldenTrace
  static class Scenario {
    @Test
    void attach_thenDetach_passes(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);
      iommu.attachDevice(domain, nic);
      iommu.detachDevice(domain, nic);
      iommu.domainFree(domain);
    }

    @Test
    void alloc_thenFree_passes(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }
  }
}

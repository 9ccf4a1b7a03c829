package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.iommunit.report.ReportListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The HTML report as a reader sees it: a real run writes {@code index.html} (a golden mismatch,
 * so there is a side-by-side diff, and the platform picture), and headless Chromium opens it.
 * One browser for the class; every test loads the page afresh.
 *
 * <p>The browser is Debian's {@code chromium} driven by its {@code chromium-driver}, both named
 * explicitly so Selenium Manager never runs. The driver is Selenium's plain W3C {@link
 * RemoteWebDriver} on the driver service's address, not {@code ChromeDriver}: that one looks up
 * a Chrome DevTools Protocol binding for the browser's version on start and warns when Selenium
 * has none (Debian's Chromium is often newer than Selenium's bindings), and nothing here needs
 * the DevTools Protocol. Tracing is off, so Selenium logs nothing on start either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportBrowserTest {
  static final String NIC = "0000:01:00.0";
  static final String SCENARIO = "HtmlReportBrowserTest$Scenario";
  static final String CHANGED = "attachDevice_goldenSaysBlocked_differs";

  private static final String CHROMIUM = "/usr/bin/chromium";

  private ChromeDriverService service;
  private RemoteWebDriver browser;
  private String index;

  @BeforeAll
  void writeReportAndStartBrowser(@TempDir Path dir) throws IOException {
    index = writeReport(dir).toUri().toString();
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver",
            "/usr/bin/chromedriver")).toFile())
        .usingAnyFreePort()
        .withLogFile(Path.of("target", "chromedriver.log").toFile())
        .build();
    service.start();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
        // Headless, and nothing that reaches for the network: the machine may have none. Even
        // with these switches Debian's Chromium still looks up its search engine's and Google's
        // update hosts on start; the resolver rule answers every name but localhost "not found"
        // inside the browser, so no DNS query leaves it.
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
            "--window-size=1280,1024",
            "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new RemoteWebDriver(service.getUrl(), options, false); // false: no tracing
  }

  @AfterAll
  void stopBrowser() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
    }
  }

  @BeforeEach
  void openReport() {
    browser.get(index);
  }

  @Test
  void page_openedInChromium_logsNoErrors() {
    List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();

    assertThat(entries).filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .as("browser console errors (script errors, failed loads)").isEmpty();
  }

  @Test
  void page_openedInChromium_runsNoScriptAndFetchesNothing() {
    // The report is documented as script-free; were a script ever added, this test must grow a
    // window.onerror capture, so it fails here first.
    assertThat(script("return document.scripts.length;")).isEqualTo(0L);
    assertThat(script("return performance.getEntriesByType('resource').length;"))
        .as("resources fetched by the self-contained page").isEqualTo(0L);
  }

  @Test
  void diffTable_oneChangedLine_highlightsOnlyThatRow() {
    WebElement diff = section(CHANGED).findElement(By.cssSelector("table.diff"));
    List<WebElement> changed = diff.findElements(By.cssSelector("tr.changed td"));
    WebElement equal = diff.findElement(By.cssSelector("tr.equal td"));

    assertThat(diff.isDisplayed()).isTrue();
    assertThat(changed).extracting(WebElement::getText).containsExactly(
        "state G0.domain D1:DMA -> D2:BLOCKED", "state G0.domain D1:DMA -> D2:UNMANAGED");
    assertThat(changed).allMatch(WebElement::isDisplayed);
    assertThat(changed.get(0).getCssValue("background-color"))
        .isEqualTo("rgba(255, 243, 196, 1)")
        .isNotEqualTo(equal.getCssValue("background-color"));
  }

  @Test
  void platformSvg_rendered_hasSizeAndNamesGroupDeviceAndDomains() {
    WebElement svg = section(CHANGED).findElement(By.cssSelector("svg.platform"));
    List<WebElement> labels = svg.findElements(By.tagName("text"));

    assertThat(svg.isDisplayed()).isTrue();
    assertThat(svg.getSize().getWidth()).isPositive();
    assertThat(svg.getSize().getHeight()).isPositive();
    assertThat(labels).extracting(WebElement::getText)
        .contains("G0", "dev " + NIC, "domain D1:DMA", "default D1:DMA");
    assertThat(script("return Array.from(arguments[0].querySelectorAll('text'))"
        + ".map(t => t.getBBox().width);", svg))
        .asInstanceOf(InstanceOfAssertFactories.list(Number.class)).as("rendered label widths")
        .isNotEmpty().allMatch(width -> width.doubleValue() > 0);
  }

  @Test
  void page_traceSummaryClicked_expandsTheTrace() {
    WebElement details = section(CHANGED).findElement(By.tagName("details"));
    WebElement trace = details.findElement(By.tagName("pre"));
    assertThat(trace.isDisplayed()).as("trace shown before the click").isFalse();

    details.findElement(By.tagName("summary")).click();

    assertThat(trace.isDisplayed()).isTrue();
    assertThat(trace.getText()).contains("iommu_attach_device(D2:UNMANAGED, " + NIC + ") = 0",
        "state G0.domain D1:DMA -> D2:UNMANAGED");
  }

  @Test
  void page_testLinkClicked_targetsThatTestsSection() {
    browser.findElement(By.linkText(SCENARIO + "/" + CHANGED)).click();

    assertThat(browser.getCurrentUrl()).endsWith("#" + section(CHANGED).getAttribute("id"));
    assertThat(script("return document.querySelector(':target').querySelector('h2').textContent;"))
        .asString().startsWith(SCENARIO + "/" + CHANGED + " FAILED");
  }

  private WebElement section(String method) {
    return browser.findElement(By.xpath("//section[h2[starts-with(normalize-space(.), '"
        + SCENARIO + "/" + method + " ')]]"));
  }

  private Object script(String code, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(code, arguments);
  }

  /**
   * Runs {@link Scenario} as Surefire would, through a launcher with the {@link ReportListener},
   * after writing its golden traces and changing one line of one of them; returns index.html.
   * (The EngineTestKit calls no launcher listeners, so it would leave no page.)
   */
  private static Path writeReport(Path dir) throws IOException {
    Path golden = dir.resolve("golden");
    Kit.assertAllPassed(Kit.run(Scenario.class, "iommunit.trace.dir=" + golden,
        "iommunit.report.dir=" + dir.resolve("update"), "iommunit.trace.update=true",
        "iommunit.trace.ci=false"), 2);
    Path trace = golden.resolve(SCENARIO).resolve(CHANGED + ".trace");
    Files.writeString(trace, Files.readString(trace, StandardCharsets.UTF_8)
        .replace("D1:DMA -> D2:UNMANAGED", "D1:DMA -> D2:BLOCKED"), StandardCharsets.UTF_8);

    Path report = dir.resolve("report");
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(Scenario.class))
        .configurationParameter(TestKitOnly.PARAMETER, "true")
        .configurationParameter("iommunit.trace.dir", golden.toString())
        .configurationParameter("iommunit.report.dir", report.toString())
        // no console line, no CI summary: this report is the test's own
        .configurationParameter("iommunit.report.publish", "false")
        .build();
    SummaryGeneratingListener outcomes = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestExecutionListeners(new ReportListener(), outcomes)
        .build());
    launcher.execute(request);

    TestExecutionSummary summary = outcomes.getSummary();
    assertThat(summary.getTestsSucceededCount()).as("scenario tests passed").isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).as("scenario tests failed").isEqualTo(1);
    return report.resolve("index.html");
  }

  @TestKitOnly
  @SimulatedIommu
  @GoldenTrace
  static class Scenario {
    @Test
    void attachDevice_goldenSaysBlocked_differs(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      IommuDomain domain = iommu.pagingDomainAlloc(nic);
      iommu.attachDevice(domain, nic);
      iommu.detachDevice(domain, nic);
      iommu.domainFree(domain);
    }

    @Test
    void pagingDomainAlloc_goldenMatches_passes(@DeviceAt(NIC) Device nic, IommuCore iommu) {
      iommu.domainFree(iommu.pagingDomainAlloc(nic));
    }
  }
}

package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import org.iommunit.report.HtmlReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The HTML report as a reader sees it: a real run writes {@code index.html} (two golden
 * mismatches, one of them only in object numbering; a passing test on the desktop platform with
 * a domain attached; a semantics comparison; a test without the extension), and headless
 * Chromium opens it. The tests click the filter, the renumbering switch and the table of
 * contents, and measure the platform pictures: every label inside its box, no two boxes
 * overlapping. One browser for the class; every test loads the page afresh.
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
  private static final String NIC = ReportScenario.NIC;
  private static final String SCENARIO = ReportScenario.SCENARIO;
  private static final String CHANGED = ReportScenario.CHANGED;
  private static final String RENUMBERED = ReportScenario.RENUMBERED;
  private static final String DESKTOP = ReportScenario.DESKTOP;

  private static final String CHROMIUM = "/usr/bin/chromium";

  private ChromeDriverService service;
  private RemoteWebDriver browser;
  private String index;
  private String findings;

  @BeforeAll
  void writeReportAndStartBrowser(@TempDir Path dir) throws IOException {
    index = ReportScenario.writeReport(dir).toUri().toString();
    findings = writeFindingsPage(dir).toUri().toString();
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
  void page_openedInChromium_runsOnlyItsInlineScriptAndFetchesNothing() {
    // the one script is the page's own filter; a script error would show in the console test
    assertThat(script("return document.scripts.length;")).isEqualTo(1L);
    assertThat(script("return document.scripts[0].src;")).isEqualTo("");
    assertThat(script("return performance.getEntriesByType('resource').length;"))
        .as("resources fetched by the self-contained page").isEqualTo(0L);
  }

  @Test
  void page_header_saysWhichTestsThePageCovers() {
    String summary = browser.findElement(By.cssSelector("p.summary")).getText();

    assertThat(summary).startsWith("7 tests ran, 6 used the IOMMUnit extension; the report"
        + " covers those. 6 tests: 4 passed, 2 failed or aborted, 0 skipped.");
  }

  @Test
  void diffTable_oneChangedLine_highlightsOnlyThatRow() {
    WebElement diff = visibleDiff(CHANGED);
    List<WebElement> changed = diff.findElements(By.cssSelector("tr.changed td"));
    WebElement equal = diff.findElement(By.cssSelector("tr.equal td"));

    assertThat(changed).extracting(WebElement::getText).containsExactly(
        "state G#1.domain D#2:DMA -> D#1:BLOCKED", "state G#1.domain D#2:DMA -> D#1:UNMANAGED");
    assertThat(changed).allMatch(WebElement::isDisplayed);
    assertThat(changed.get(0).getCssValue("background-color"))
        .isEqualTo("rgba(255, 243, 196, 1)")
        .isNotEqualTo(equal.getCssValue("background-color"));
  }

  @Test
  void diffTable_changedWord_isMarkedInsideTheLine() {
    WebElement row = visibleDiff(CHANGED).findElement(By.cssSelector("tr.changed"));
    WebElement removed = row.findElement(By.tagName("del"));
    WebElement added = row.findElement(By.tagName("ins"));

    assertThat(removed.getText()).isEqualTo("BLOCKED");
    assertThat(added.getText()).isEqualTo("UNMANAGED");
    assertThat(removed.getCssValue("background-color"))
        .isNotEqualTo(row.findElement(By.tagName("td")).getCssValue("background-color"));
    assertThat(removed.getSize().getWidth()).as("the mark covers part of the line")
        .isLessThan(row.findElement(By.tagName("td")).getSize().getWidth() / 2);
  }

  @Test
  void renumberSwitch_renumberingOnlyDiff_showsNoteThenRawIdsWhenUnticked() {
    WebElement section = section(RENUMBERED);
    WebElement note = section.findElement(By.cssSelector(".diff-renumbered .renumber-note"));
    WebElement raw = section.findElement(By.cssSelector(".diff-raw table.diff"));
    assertThat(note.isDisplayed()).as("note shown with renumbering on").isTrue();
    assertThat(raw.isDisplayed()).as("raw ids hidden with renumbering on").isFalse();

    browser.findElement(By.id("renumber")).click();

    assertThat(note.isDisplayed()).isFalse();
    assertThat(raw.isDisplayed()).isTrue();
    assertThat(raw.findElements(By.tagName("del"))).extracting(WebElement::getText)
        .contains("D5");
    assertThat(raw.findElements(By.tagName("ins"))).extracting(WebElement::getText)
        .contains("D2");
  }

  @Test
  void filter_failedClicked_showsOnlyFailedTests() {
    browser.findElement(By.cssSelector("input[name=filter][value=failed]")).click();

    List<WebElement> shown = browser.findElements(By.cssSelector("#tests .test")).stream()
        .filter(WebElement::isDisplayed).toList();
    assertThat(shown).extracting(WebElement::getText).hasSize(2)
        .allMatch(text -> text.startsWith("FAILED "));
    assertThat(browser.findElements(By.cssSelector("#tests .test.successful")))
        .isNotEmpty().noneMatch(WebElement::isDisplayed);
    assertThat(browser.findElements(By.cssSelector("details.cls")))
        .filteredOn(WebElement::isDisplayed).hasSize(1);
  }

  @Test
  void filter_goldenClicked_hidesTestsWithoutGoldenTrace() {
    browser.findElement(By.cssSelector("input[name=filter][value=golden]")).click();

    assertThat(browser.findElements(By.cssSelector("#tests .test")))
        .filteredOn(t -> !t.getAttribute("class").contains("golden"))
        .isNotEmpty().noneMatch(WebElement::isDisplayed);
    assertThat(script("return Array.from(document.querySelectorAll('#tests .test.golden'))"
        + ".filter(t => !t.hidden).length;")).isEqualTo(4L);
  }

  @Test
  void toc_eachLinkClicked_scrollsToItsSection() {
    List<String> targets = browser.findElements(By.cssSelector("nav.toc a")).stream()
        .map(a -> a.getAttribute("href")).map(h -> h.substring(h.indexOf('#') + 1)).toList();
    assertThat(targets).containsExactly("failures", "semantics-diffs", "tests");

    for (String id : targets) {
      script("window.scrollTo(0, 0);");
      browser.findElement(By.cssSelector("nav.toc a[href='#" + id + "']")).click();

      assertThat(browser.getCurrentUrl()).endsWith("#" + id);
      assertThat(script("return document.querySelector(':target').id;")).isEqualTo(id);
      Number top = (Number) script("return document.getElementById(arguments[0])"
          + ".getBoundingClientRect().top;", id);
      assertThat(top.doubleValue()).as("top of #%s in the viewport", id)
          .isBetween(-1.0, 1024.0);
    }
    assertThat(((Number) script("return window.scrollY;")).doubleValue())
        .as("the page scrolled").isPositive();
  }

  @Test
  void semanticsDiff_linkedFromTheTop_isAboveTheTestList() {
    Number diffs = (Number) script("return document.getElementById('semantics-diffs')"
        + ".getBoundingClientRect().top;");
    Number tests = (Number) script("return document.getElementById('tests')"
        + ".getBoundingClientRect().top;");

    assertThat(diffs.doubleValue()).isLessThan(tests.doubleValue());
    assertThat(browser.findElement(By.id("semantics-diffs")).getText())
        .contains("ReportScenario$Compare/bindDriver_dmaApiDriver_differs",
            "MAINLINE vs NO_DMA_OWNERSHIP");
  }

  @Test
  void platformSvg_failedTest_namesTreeGroupAndDomainsBeforeAndAfter() {
    List<WebElement> pictures = section(CHANGED).findElements(By.cssSelector("svg.platform"));

    assertThat(pictures).hasSize(2).allMatch(WebElement::isDisplayed)
        .allMatch(svg -> svg.getSize().getWidth() > 0 && svg.getSize().getHeight() > 0);
    assertThat(pictures.get(0).getAttribute("class")).isEqualTo("platform before");
    assertThat(pictures.get(1).findElements(By.tagName("text"))).extracting(WebElement::getText)
        .contains("root complex 0000:00", "root port", NIC, "endpoint", "G0", "domain D1:DMA",
            "default D1:DMA");
  }

  @Test
  void platformSvg_desktopAttachedDomain_afterShowsItBeforeDoesNot() {
    openTestDetails(DESKTOP);

    List<WebElement> pictures = browser.findElement(By.id(anchor(DESKTOP)))
        .findElements(By.cssSelector("svg.platform"));

    assertThat(pictures).hasSize(2);
    assertThat(pictures.get(0).getText()).doesNotContain(":UNMANAGED");
    assertThat(pictures.get(1).getText()).contains("domain D", ":UNMANAGED");
  }

  @Test
  void platformSvg_everyPicture_everyLabelInsideItsBox() {
    openEveryDetails();

    // per box: the rect's and each text's getBBox, in the svg's own coordinates
    List<?> outside = (List<?>) script("const bad = [];"
        + "for (const svg of document.querySelectorAll('svg.platform')) {"
        + "  for (const g of svg.querySelectorAll('g.device, g.group')) {"
        + "    const r = g.querySelector('rect').getBBox();"
        + "    for (const t of g.querySelectorAll('text')) {"
        + "      const b = t.getBBox();"
        + "      if (b.width <= 0 || b.x < r.x || b.y < r.y || b.x + b.width > r.x + r.width"
        + "          || b.y + b.height > r.y + r.height) {"
        + "        bad.push(t.textContent + ' ' + JSON.stringify(b) + ' in ' + JSON.stringify(r));"
        + "      }"
        + "    }"
        + "  }"
        + "}"
        + "return bad;");
    Number pictures = (Number) script("return document.querySelectorAll('svg.platform').length;");
    Number labels = (Number) script("return document.getElementById(arguments[0])"
        + ".querySelectorAll('svg.platform text').length;", anchor(DESKTOP));

    assertThat(outside).as("labels outside their box").isEmpty();
    assertThat(pictures.intValue()).as("pictures before and after of the 6 tests whose files"
        + " were kept: 2 failures, 2 passing golden tests, 2 compared invocations")
        .isEqualTo(12);
    assertThat(labels.intValue()).as("labels of the desktop's pictures").isGreaterThan(30);
  }

  @Test
  void platformSvg_everyPicture_noTwoBoxesOverlapOnScreen() {
    openEveryDetails();

    List<?> overlapping = (List<?>) script("const bad = [];"
        + "for (const svg of document.querySelectorAll('svg.platform')) {"
        + "  const boxes = Array.from(svg.querySelectorAll('rect.box'))"
        + "      .map(r => r.getBoundingClientRect());"
        + "  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {"
        + "    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {"
        + "      bad.push(svg.closest('[id]').id + ' ' + i + '/' + (i + j + 1));"
        + "    }"
        + "  }));"
        + "  if (boxes.some(b => b.width <= 0 || b.height <= 0)) bad.push('empty box');"
        + "}"
        + "return bad;");

    assertThat(overlapping).as("overlapping boxes").isEmpty();
  }

  @Test
  void page_traceSummaryClicked_expandsTheTrace() {
    WebElement details = section(CHANGED).findElement(By.cssSelector("details.trace"));
    WebElement trace = details.findElement(By.tagName("pre"));
    assertThat(trace.isDisplayed()).as("trace shown before the click").isFalse();

    details.findElement(By.tagName("summary")).click();

    assertThat(trace.isDisplayed()).isTrue();
    assertThat(trace.getText()).contains("iommu_attach_device(D2:UNMANAGED, " + NIC + ") = 0",
        "state G0.domain D1:DMA -> D2:UNMANAGED");
  }

  @Test
  void page_testLinkClicked_targetsThatTestsSection() {
    browser.findElement(By.linkText(CHANGED)).click();

    assertThat(browser.getCurrentUrl()).endsWith("#" + section(CHANGED).getAttribute("id"));
    assertThat(script("return document.querySelector(':target').querySelector('h2').textContent;"))
        .asString().startsWith(SCENARIO + "/" + CHANGED + " FAILED");
  }

  @Test
  void page_screenshots_writePngsOfHeaderDiffAndPicture() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "report-screenshots"));
    List<Path> pngs = List.of(dir.resolve("report-top.png"), dir.resolve("report-diff.png"),
        dir.resolve("report-platform.png"));

    Files.write(pngs.get(0), browser.getScreenshotAs(OutputType.BYTES));
    script("arguments[0].scrollIntoView();", section(CHANGED));
    Files.write(pngs.get(1), browser.getScreenshotAs(OutputType.BYTES));
    openTestDetails(DESKTOP);
    Dimension window = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new Dimension(1560, 1000)); // the pictures side by side
      script("document.getElementById(arguments[0]).querySelector('h3').scrollIntoView();",
          anchor(DESKTOP));
      Files.write(pngs.get(2), browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.manage().window().setSize(window);
    }

    for (Path png : pngs) {
      byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
      assertThat(head).as("%s is a PNG", png).containsExactly(0x89, 'P', 'N', 'G');
    }
  }

  @Test
  void findings_pageGivenFindings_linksAndShowsThem() {
    browser.get(findings);

    browser.findElement(By.linkText("Exploration findings (1)")).click();

    assertThat(script("return document.querySelector(':target').id;")).isEqualTo("findings");
    WebElement section = browser.findElement(By.id("findings"));
    assertThat(section.isDisplayed()).isTrue();
    assertThat(section.getText()).contains("errno differs at attachDevice: 0 vs EBUSY",
        "step 1: iommu_attach_device(D2:UNMANAGED, 0000:01:00.0) = -EBUSY");
    section.findElement(By.linkText("ExplorerTest/explore")).click();
    assertThat(script("return document.querySelector(':target').id;"))
        .isEqualTo("t-ExplorerTest_explore");
  }

  // a page made from the model alone: the run's own report has no findings to show
  private static Path writeFindingsPage(Path dir) throws IOException {
    HtmlReport.Entry test = new HtmlReport.Entry("ExplorerTest/explore", "explore()",
        "SUCCESSFUL", "", "", "", "");
    HtmlReport.Finding finding = new HtmlReport.Finding(
        "errno differs at attachDevice: 0 vs EBUSY", "ExplorerTest/explore",
        "step 1: iommu_attach_device(D2:UNMANAGED, 0000:01:00.0) = -EBUSY");
    Path page = dir.resolve("findings.html");
    Files.writeString(page, HtmlReport.page(new HtmlReport.Page(List.of(test), List.of(),
        List.of(finding), 1, true)));
    return page;
  }

  private WebElement section(String method) {
    return browser.findElement(By.xpath("//section[h2[starts-with(normalize-space(.), '"
        + SCENARIO + "/" + method + " ')]]"));
  }

  private WebElement visibleDiff(String method) {
    return section(method).findElements(By.cssSelector("table.diff")).stream()
        .filter(WebElement::isDisplayed).findFirst().orElseThrow();
  }

  private void openTestDetails(String method) {
    script("const t = document.getElementById(arguments[0]);"
        + "t.open = true; t.closest('details.cls').open = true;", anchor(method));
  }

  private void openEveryDetails() {
    script("document.querySelectorAll('details').forEach(d => d.open = true);");
  }

  private static String anchor(String method) {
    return ("t-" + SCENARIO + "/" + method).replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private Object script(String code, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(code, arguments);
  }
}

package org.iommunit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iommunit.report.HtmlReport.Comparison;
import org.iommunit.report.HtmlReport.Entry;
import org.iommunit.report.HtmlReport.Finding;

/**
 * Renders the report page in the order a reviewer reads it: a header that says which tests the
 * page covers and links to each section; the failures, each with its message, diff, platform
 * pictures and trace; the semantics diffs; the exploration findings, only when there are any;
 * then every test grouped by class, one line a test (a class with a failure opens, the others
 * stay closed; a passing test's line unfolds to its pictures and trace).
 *
 * <p>The filter (failed, golden, all) and the "renumber ids" switch are one small inline script
 * that only sets the {@code hidden} attribute of test lines and a class on the body; without
 * script the page shows every test and the diffs as the configuration chose. Nothing is fetched.
 */
final class ReportPage {
  private static final String STYLE = String.join("",
      "body{font-family:sans-serif;margin:1em 2em}",
      "h1,h2,h3,a,summary,th{overflow-wrap:anywhere}",
      "[hidden]{display:none!important}",
      "pre,table.diff{font-family:monospace;font-size:12px}",
      "pre{white-space:pre-wrap;overflow-wrap:anywhere}",
      "table.diff{border-collapse:collapse;width:100%;table-layout:fixed}",
      "table.diff td{border:1px solid #ddd;padding:0 4px;white-space:pre-wrap;",
      "overflow-wrap:anywhere;vertical-align:top;width:50%}",
      "tr.changed td{background:#fff3c4}tr.inserted td{background:#d8f5d0}",
      "tr.deleted td{background:#fbd5d5}",
      "del{background:#f5a3a3;text-decoration:none;font-weight:bold}",
      "ins{background:#9be39b;text-decoration:none;font-weight:bold}",
      "body.renumbered .diff-raw,body:not(.renumbered) .diff-renumbered{display:none}",
      ".SUCCESSFUL{color:#1b5e20}.FAILED,.ABORTED{color:#b71c1c}.SKIPPED{color:#777}",
      "nav.toc a{margin-right:1.5em}.controls{margin:.5em 0 1em}",
      ".controls label{margin-right:1em}",
      "details.cls>summary{font-weight:bold;cursor:pointer;padding:2px 0}",
      ".test{font-family:monospace;font-size:13px;padding:1px 0 1px 1.5em}",
      ".test .meta,.meta{color:#555}.tag{background:#e3e8f4;border-radius:3px;padding:0 4px}",
      "section.failure{border-left:4px solid #b71c1c;padding-left:1em;margin:1em 0}",
      ".pictures{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}",
      "figcaption{font-weight:bold;margin:.3em 0}");

  private static final String SCRIPT = String.join("\n",
      "(function () {",
      "  var body = document.body;",
      "  var renumber = document.getElementById('renumber');",
      "  function filter() {",
      "    var chosen = document.querySelector('input[name=filter]:checked').value;",
      "    document.querySelectorAll('.test').forEach(function (t) {",
      "      t.hidden = chosen !== 'all' && !t.classList.contains(chosen);",
      "    });",
      "    document.querySelectorAll('.cls').forEach(function (c) {",
      "      c.hidden = !c.querySelector('.test:not([hidden])');",
      "    });",
      "  }",
      "  function numbering() {",
      "    body.classList.toggle('renumbered', renumber.checked);",
      "  }",
      "  document.querySelectorAll('input[name=filter]').forEach(function (r) {",
      "    r.addEventListener('change', filter);",
      "  });",
      "  renumber.addEventListener('change', numbering);",
      "  filter();",
      "  numbering();",
      "})();");

  private ReportPage() {}

  /** Returns the page for {@code page}. */
  static String render(HtmlReport.Page page) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>IOMMUnit report</title>\n<style>\n").append(STYLE)
        .append("\n</style>\n</head>\n<body").append(page.renumberIds()
            ? " class=\"renumbered\"" : "").append(">\n");
    header(out, page);
    failures(out, page.tests());
    semantics(out, page.comparisons());
    findings(out, page.findings(), page.tests());
    classes(out, page.tests());
    return out.append("<script>\n").append(SCRIPT).append("\n</script>\n</body>\n</html>\n")
        .toString();
  }

  private static void header(StringBuilder out, HtmlReport.Page page) {
    List<Entry> tests = page.tests();
    long failed = tests.stream().filter(Entry::failed).count();
    out.append("<header>\n<h1>IOMMUnit report</h1>\n<p class=\"summary\">")
        .append(HtmlReport.escape(HtmlReport.coverage(tests, Math.max(page.testsInRun(),
            tests.size())))).append(' ')
        .append(HtmlReport.counts(tests)).append(total(tests)).append("</p>\n")
        .append("<nav class=\"toc\"><a href=\"#failures\">Failures (").append(failed)
        .append(")</a>");
    if (!page.comparisons().isEmpty()) {
      out.append("<a href=\"#semantics-diffs\">Semantics diffs (")
          .append(page.comparisons().size()).append(")</a>");
    }
    if (!page.findings().isEmpty()) {
      out.append("<a href=\"#findings\">Exploration findings (").append(page.findings().size())
          .append(")</a>");
    }
    out.append("<a href=\"#tests\">Tests by class (").append(tests.size()).append(")</a></nav>\n")
        .append("<form class=\"controls\" autocomplete=\"off\">Show: ");
    for (String f : new String[] {"failed", "golden", "all"}) {
      out.append("<label><input type=\"radio\" name=\"filter\" value=\"").append(f).append('"')
          .append(f.equals("all") ? " checked" : "").append("> ").append(f).append("</label>");
    }
    out.append("<label><input type=\"checkbox\" id=\"renumber\"")
        .append(page.renumberIds() ? " checked" : "")
        .append("> renumber ids (domains, groups, mms) in diffs</label></form>\n</header>\n");
  }

  private static String total(List<Entry> tests) {
    long micros = 0;
    for (Entry e : tests) {
      micros += Math.max(0, e.micros());
    }
    return micros == 0 ? "" : " Time in these tests: " + millis(micros) + ".";
  }

  private static void failures(StringBuilder out, List<Entry> tests) {
    out.append("<section id=\"failures\">\n<h2>Failures</h2>\n");
    boolean any = false;
    for (Entry e : tests) {
      if (e.failed()) {
        any = true;
        out.append("<section class=\"failure\" id=\"").append(HtmlReport.anchor(e.name()))
            .append("\">\n<h2>").append(HtmlReport.escape(e.name())).append(" <span class=\"")
            .append(e.status()).append("\">").append(e.status()).append("</span></h2>\n")
            .append("<p class=\"meta\">").append(HtmlReport.escape(e.displayName()))
            .append(meta(e)).append("</p>\n");
        message(out, e);
        if (!e.diffHtml().isEmpty()) {
          out.append("<h3>Golden trace diff</h3>\n").append(e.diffHtml());
        }
        details(out, e);
        out.append("</section>\n");
      }
    }
    if (!any) {
      out.append("<p>No test failed.</p>\n");
    }
    out.append("</section>\n");
  }

  // with a diff table below, the first line says what failed and the table shows the diff
  private static void message(StringBuilder out, Entry e) {
    String message = e.diffHtml().isEmpty() ? e.message() : e.headline();
    if (!message.isEmpty()) {
      out.append("<pre class=\"message\">").append(HtmlReport.escape(message))
          .append("</pre>\n");
    }
  }

  private static void details(StringBuilder out, Entry e) {
    if (!e.svg().isEmpty()) {
      out.append("<h3>Platform before and after the test</h3>\n").append(e.svg());
    }
    if (!e.trace().isEmpty()) {
      out.append("<details class=\"trace\"><summary>Trace</summary><pre>")
          .append(HtmlReport.escape(e.trace())).append("</pre></details>\n");
    }
  }

  private static void semantics(StringBuilder out, List<Comparison> comparisons) {
    if (comparisons.isEmpty()) {
      return;
    }
    out.append("<section id=\"semantics-diffs\">\n<h2>Semantics diffs</h2>\n<ul>\n");
    for (Comparison c : comparisons) {
      out.append("<li><a href=\"#s-").append(HtmlReport.anchor(c.name()).substring(2))
          .append("\">").append(HtmlReport.escape(c.name())).append("</a></li>\n");
    }
    out.append("</ul>\n");
    for (Comparison c : comparisons) {
      out.append("<section class=\"semantics\" id=\"s-")
          .append(HtmlReport.anchor(c.name()).substring(2)).append("\">\n<h2>")
          .append(HtmlReport.escape(c.name())).append(" semantics diff</h2>\n").append(c.html())
          .append("</section>\n");
    }
    out.append("</section>\n");
  }

  private static void findings(StringBuilder out, List<Finding> findings, List<Entry> tests) {
    if (findings.isEmpty()) {
      return;
    }
    out.append("<section id=\"findings\">\n<h2>Exploration findings</h2>\n");
    for (Finding f : findings) {
      out.append("<div class=\"finding\">\n<h3>").append(HtmlReport.escape(f.title()))
          .append("</h3>\n");
      if (!f.test().isEmpty()) {
        boolean shown = tests.stream().anyMatch(e -> e.name().equals(f.test()));
        out.append("<p>in ").append(shown ? "<a href=\"#" + HtmlReport.anchor(f.test()) + "\">"
            + HtmlReport.escape(f.test()) + "</a>" : HtmlReport.escape(f.test())).append("</p>\n");
      }
      if (!f.detail().isEmpty()) {
        out.append("<pre>").append(HtmlReport.escape(f.detail())).append("</pre>\n");
      }
      out.append("</div>\n");
    }
    out.append("</section>\n");
  }

  private static void classes(StringBuilder out, List<Entry> tests) {
    Map<String, List<Entry>> byClass = new LinkedHashMap<>();
    for (Entry e : tests) {
      int slash = e.name().lastIndexOf('/');
      byClass.computeIfAbsent(slash < 0 ? "" : e.name().substring(0, slash),
          k -> new ArrayList<>()).add(e);
    }
    out.append("<section id=\"tests\">\n<h2>Tests by class</h2>\n");
    for (Map.Entry<String, List<Entry>> c : byClass.entrySet()) {
      long failed = c.getValue().stream().filter(Entry::failed).count();
      out.append("<details class=\"cls\"").append(failed > 0 ? " open" : "")
          .append("><summary>").append(HtmlReport.escape(c.getKey()))
          .append(" <span class=\"meta\">")
          .append(c.getValue().size()).append(c.getValue().size() == 1 ? " test" : " tests");
      if (failed > 0) {
        out.append(", <span class=\"FAILED\">").append(failed).append(" failed</span>");
      }
      out.append("</span></summary>\n");
      for (Entry e : c.getValue()) {
        line(out, e, c.getKey().isEmpty() ? e.name() : e.name().substring(c.getKey().length() + 1));
      }
      out.append("</details>\n");
    }
    out.append("</section>\n");
  }

  // one line a test; a failed test links to its section, a passing one unfolds to its details
  private static void line(StringBuilder out, Entry e, String method) {
    String css = "test " + (e.failed() ? "failed" : e.status().toLowerCase(Locale.ROOT))
        + (e.golden().isEmpty() ? "" : " golden");
    String text = "<span class=\"" + e.status() + "\">" + e.status() + "</span> ";
    String tail = meta(e);
    boolean unfolds = !e.failed() && (!e.svg().isEmpty() || !e.trace().isEmpty());
    if (e.failed()) {
      out.append("<div class=\"").append(css).append("\">").append(text).append("<a href=\"#")
          .append(HtmlReport.anchor(e.name())).append("\">").append(HtmlReport.escape(method))
          .append("</a><span class=\"meta\">").append(tail).append("</span></div>\n");
    } else if (unfolds) {
      out.append("<details class=\"").append(css).append("\" id=\"")
          .append(HtmlReport.anchor(e.name())).append("\"><summary>").append(text)
          .append(HtmlReport.escape(method)).append("<span class=\"meta\">").append(tail)
          .append("</span></summary>\n");
      details(out, e);
      out.append("</details>\n");
    } else {
      out.append("<div class=\"").append(css).append("\" id=\"")
          .append(HtmlReport.anchor(e.name())).append("\">").append(text)
          .append(HtmlReport.escape(method)).append("<span class=\"meta\">").append(tail)
          .append("</span></div>\n");
    }
  }

  // " · 1.2 ms · REFERENCE · MAINLINE · golden", each part only when known
  private static String meta(Entry e) {
    StringBuilder out = new StringBuilder();
    if (e.micros() >= 0) {
      out.append(" · ").append(millis(e.micros()));
    }
    if (!e.vendor().isEmpty()) {
      out.append(" · vendor ").append(HtmlReport.escape(e.vendor()));
    }
    if (!e.profile().isEmpty()) {
      out.append(" · profile ").append(HtmlReport.escape(e.profile()));
    }
    if (!e.golden().isEmpty()) {
      out.append(" · <span class=\"tag\" title=\"").append(HtmlReport.escape(e.golden()))
          .append("\">golden</span>");
    }
    return out.toString();
  }

  // "1.3 ms": tenths rounded half up, as "%.1f" rounds (no Formatter: one call per test)
  static String millis(long micros) {
    if (micros < 0) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
    }
    long tenths = (micros + 50) / 100;
    return tenths / 10 + "." + tenths % 10 + " ms";
  }
}

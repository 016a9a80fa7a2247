package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.domaineval.report.html.HtmlReport;
import dev.domaineval.report.html.ReportFixture;
import dev.domaineval.testing.HeadlessChromium;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of the shipped sample, run twice under one output path (the second time with a
 * candidate that got worse on medical), and opened in headless Chromium. The browser tests save
 * screenshots under {@code target/report-screenshots/}.
 */
@ExtendWith(SharedSpark.class)
class ReportIT {
  private static final Path BASE = Path.of(System.getProperty("user.dir"));
  private static final Path CONF = BASE.resolve("conf/sample.conf");
  private static final Path PREDICTIONS = BASE.resolve("data-samples/predictions.csv");
  private static final Path SCREENSHOTS = BASE.resolve("target/report-screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DESKTOP = 1440;
  private static final int PHONE = 390;

  @TempDir static Path dir;
  private static Path output;
  private static JobRun first;
  private static JobRun second;
  private static int flipped;

  @BeforeAll
  static void runTheSampleTwice() throws IOException {
    output = dir.resolve("out");
    // A run that died before publishing: a summary but no _SUCCESS. It is never history, however
    // recent its time.
    Path broken = Files.createDirectories(output.resolve("_runs/run_id=broken"));
    Files.writeString(
        broken.resolve("summary.json"),
        "{\"run_id\":\"broken\",\"published_at\":\"2099-01-01T00:00:00Z\"}");
    first = run("night-1");
    // Night 2: ft-v1 answers "routine" on every other example it used to call "urgent".
    List<String> lines = Files.readAllLines(PREDICTIONS, StandardCharsets.UTF_8);
    List<String> worse = new ArrayList<>();
    int urgent = 0;
    for (String line : lines) {
      String[] f = line.split(",", -1);
      if (f.length > 2 && f[1].equals("ft-v1") && f[2].equals("urgent") && urgent++ % 2 == 0) {
        f[2] = "routine";
        line = String.join(",", f);
        flipped++;
      }
      worse.add(line);
    }
    Path worsePath = dir.resolve("predictions-night-2.csv");
    Files.write(worsePath, worse, StandardCharsets.UTF_8);
    second = run("night-2", "--set", "input.predictions.path=\"" + worsePath + "\"");
  }

  private static JobRun run(String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config",
                CONF.toString(),
                "--set",
                "output.path=\"" + output + "\"",
                "--set",
                "run-id=" + runId));
    args.addAll(List.of(more));
    return JobRun.of(args.toArray(String[]::new));
  }

  private static Path report(String runId) {
    return output.resolve("report/run_id=" + runId + "/report.html");
  }

  @Test
  void eachRunPublishesItsReportNextToItsTablesAndListsItInTheSummary() throws IOException {
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    for (String run : List.of("night-1", "night-2")) {
      assertThat(report(run)).isRegularFile();
      JsonNode summary =
          JSON.readTree(output.resolve("_runs/run_id=" + run + "/summary.json").toFile());
      assertThat(Path.of(summary.get("outputs").get("report").asText().replace("file:", "")))
          .isEqualTo(report(run));
      assertThat(Instant.parse(summary.get("published_at").asText())).isBefore(Instant.now());
    }
    assertThat(first.out()).contains("  report: ").contains("report/run_id=night-1/report.html");
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  @Test
  void theFirstRunHasNoHistoryAndTheSecondIsComparedWithTheFirstPublishedRunOnly()
      throws IOException {
    String one = Files.readString(report("night-1"));
    String two = Files.readString(report("night-2"));

    assertThat(one).contains("No earlier published run under this output path");
    assertThat(two)
        .contains("id=\"history-changes\"")
        .contains("the last published run <strong>night-1</strong>")
        .contains("medical: recall by run", "legal: macro_recall by run", "spam: precision by run");
    // The run 'broken' has no published summary: it is not in the history.
    String history =
        two.substring(
            two.indexOf("<section id=\"history\">"),
            two.indexOf("</section>", two.indexOf("<section id=\"history\">")));
    assertThat(history).contains("night-1").doesNotContain(">broken<");
  }

  @Test
  void aSignificantDropSinceTheLastRunIsAWarningFindingAndAReasonOfTheVerdict(SparkSession spark) {
    assertThat(flipped).isGreaterThan(10);
    List<Row> findings =
        spark
            .read()
            .parquet(output.resolve("findings").toString())
            .where("code = 'REGRESSION_VS_LAST_RUN'")
            .select("run_id", "severity", "model", "domain", "message")
            .collectAsList();
    double before = recall(spark, "night-1");
    double after = recall(spark, "night-2");

    assertThat(after).isLessThan(before);
    assertThat(findings).hasSize(1);
    Row f = findings.get(0);
    assertThat(f.getString(0)).isEqualTo("night-2");
    assertThat(f.getString(1)).isEqualTo("warn");
    assertThat(f.getString(2)).isEqualTo("ft-v1");
    assertThat(f.getString(3)).isEqualTo("medical");
    assertThat(f.getString(4))
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "recall fell from %.3f in the last run night-1 to %.3f",
                before,
                after));
    List<Row> reasons =
        spark
            .read()
            .parquet(output.resolve("verdicts").toString())
            .where("run_id = 'night-2' AND candidate = 'ft-v1' AND domain = 'medical'")
            .select("reasons")
            .collectAsList();
    assertThat(reasons.get(0).getList(0).toString()).contains("REGRESSION_VS_LAST_RUN");
  }

  private static double recall(SparkSession spark, String run) {
    return spark
        .read()
        .parquet(output.resolve("metrics/run_id=" + run).toString())
        .where(
            "model = 'ft-v1' AND domain = 'medical' AND slice = '*' AND class IS NULL"
                + " AND metric = 'recall'")
        .select("value")
        .first()
        .getDouble(0);
  }

  @Test
  void aPinnedReferenceRunThatWasNeverPublishedStopsTheRunWithExitCodeTwo() {
    JobRun pinned = run("night-3", "--set", "history.reference-run=broken");

    assertThat(pinned.exitCode()).isEqualTo(2);
    assertThat(pinned.err())
        .contains("The reference run 'broken' (history.reference-run) is not a published run")
        .contains("night-1", "night-2");
    assertThat(report("night-3")).doesNotExist();
  }

  @Test
  void theReportLoadsInChromiumWithNoErrorNoRequestAndAWorkingSliceFilter() throws Exception {
    Path browser = chromium();
    try (HeadlessChromium page = HeadlessChromium.start(browser, 1400, 1000)) {
      String url = report("night-2").toUri().toString();
      double loadMillis = page.open(url);
      page.screenshot(SCREENSHOTS.resolve("sample-report.png"), false);
      page.screenshot(SCREENSHOTS.resolve("sample-report-full.png"), true);
      Files.writeString(
          SCREENSHOTS.resolve("load-time.txt"),
          String.format(java.util.Locale.ROOT, "load event end: %.0f ms%n", loadMillis));

      assertThat(page.errors()).isEmpty();
      assertThat(page.requests()).containsExactly(url);
      // A generous bound: the measured time is in load-time.txt.
      assertThat(loadMillis).isLessThan(10_000);

      assertThat(
              page.evaluate("document.querySelectorAll('#verdict-matrix td.verdict').length")
                  .asInt())
          .isEqualTo(4);
      assertThat(
              page.evaluate(
                      "[...document.querySelectorAll('#verdict-matrix td.verdict')]"
                          + ".every(td => ['PASS','WARN','FAIL','INCONCLUSIVE']"
                          + ".includes(td.firstChild.textContent.trim()))")
                  .asBoolean())
          .isTrue();
      int charts = page.evaluate("document.querySelectorAll('svg.chart').length").asInt();
      assertThat(charts).isGreaterThanOrEqualTo(4 + 8);
      assertThat(
              page.evaluate(
                      "[...document.querySelectorAll('svg.chart')].every(s =>"
                          + " s.getBoundingClientRect().width > 100 && s.querySelector('text'))")
                  .asBoolean())
          .isTrue();

      int rows = page.evaluate("document.querySelectorAll('#slice-table tbody tr').length").asInt();
      assertThat(rows).isGreaterThan(10);
      assertThat(page.evaluate("document.getElementById('slice-filter').hidden").asBoolean())
          .isFalse();
      int legal =
          page.evaluate(
                  "(() => { const s = document.getElementById('filter-domain'); s.value = 'legal';"
                      + " s.dispatchEvent(new Event('change'));"
                      + " const shown = [...document.querySelectorAll('#slice-table tbody tr')]"
                      + ".filter(r => !r.hidden);"
                      + " return shown.every(r => r.dataset.domain === 'legal') ? shown.length"
                      + " : -1; })()")
              .asInt();
      assertThat(legal).isPositive().isLessThan(rows);
      int legalLanguage =
          page.evaluate(
                  "(() => { const s = document.getElementById('filter-slice'); s.value ="
                      + " 'language'; s.dispatchEvent(new Event('change'));"
                      + " const shown = [...document.querySelectorAll('#slice-table tbody tr')]"
                      + ".filter(r => !r.hidden);"
                      + " return shown.every(r => r.dataset.domain === 'legal'"
                      + " && r.dataset.slice === 'language') ? shown.length : -1; })()")
              .asInt();
      assertThat(legalLanguage).isPositive().isLessThan(legal);
      assertThat(page.evaluate("document.getElementById('filter-count').textContent").asText())
          .isEqualTo(legalLanguage + " of " + rows + " rows shown");
      page.evaluate("document.getElementById('slices').scrollIntoView()");
      page.screenshot(SCREENSHOTS.resolve("sample-report-filtered.png"), false);
      assertThat(page.errors()).isEmpty();
    }
  }

  /** The slice table's column as numbers (null for "—" and "no test"), in the rows' order. */
  private static final String COLUMN =
      "(k => { const i = [...document.querySelectorAll('#slice-table thead th')]"
          + ".findIndex(th => th.dataset.key === k);"
          + " return [...document.querySelectorAll('#slice-table tbody tr')].map(r => {"
          + " const t = r.cells[i].textContent.trim();"
          + " return t === '—' || t === 'no test' ? null"
          + " : parseFloat(t.replace(/^<\\s*/, '').replace(/−/g, '-').replace(/,/g, '')); }); })";

  private static final String ORDER =
      "[...document.querySelectorAll('#slice-table tbody tr')]"
          + ".map(r => [...r.cells].slice(0, 4).map(c => c.textContent).join('/')).join('|')";

  private static final String CLICK =
      "(k => document.querySelector('#slice-table thead th[data-key=\"' + k + '\"] button')"
          + ".click())";

  @Test
  void clickingANumericHeaderSortsTheSliceTableByItAndRankedRestoresTheOrder() throws Exception {
    try (HeadlessChromium page = HeadlessChromium.start(chromium(), 1400, 1000)) {
      page.open(report("night-2").toUri().toString());
      String ranked = page.evaluate(ORDER).asText();
      assertThat(
              page.evaluate("document.querySelectorAll('#slice-table th > button').length").asInt())
          .isEqualTo(14);

      page.evaluate(CLICK + "('delta')");
      assertSorted(page.evaluate(COLUMN + "('delta')"), false);
      assertThat(
              page.evaluate(
                      "document.querySelector('#slice-table th[data-key=delta]').getAttribute('aria-sort')")
                  .asText())
          .isEqualTo("ascending");
      page.evaluate(CLICK + "('delta')");
      assertSorted(page.evaluate(COLUMN + "('delta')"), true);
      assertThat(
              page.evaluate(
                      "document.querySelector('#slice-table th[data-key=delta]').getAttribute('aria-sort')")
                  .asText())
          .isEqualTo("descending");
      // n: counts with thousands separators and "(low support)"; p: "< 0.001" and "no test".
      page.evaluate(CLICK + "('n')");
      assertSorted(page.evaluate(COLUMN + "('n')"), false);
      page.evaluate(CLICK + "('p')");
      assertSorted(page.evaluate(COLUMN + "('p')"), false);
      assertThat(page.evaluate(ORDER).asText()).isNotEqualTo(ranked);
      assertThat(
              page.evaluate("document.querySelectorAll('#slice-table th[aria-sort]').length")
                  .asInt())
          .isEqualTo(1);

      page.evaluate("document.getElementById('sort-ranked').click()");
      assertThat(page.evaluate(ORDER).asText()).isEqualTo(ranked);
      assertThat(
              page.evaluate("document.querySelectorAll('#slice-table th[aria-sort]').length")
                  .asInt())
          .isZero();
      assertThat(page.evaluate("location.search").asText()).doesNotContain("sort=");
      assertThat(page.errors()).isEmpty();
    }
  }

  /** Numbers in order, then every missing value ("—", "no test"). */
  private static void assertSorted(JsonNode column, boolean descending) {
    List<Double> values = new ArrayList<>();
    boolean missing = false;
    for (JsonNode v : column) {
      if (v.isNull()) {
        missing = true;
        continue;
      }
      assertThat(missing).as("a number after a missing value in %s", column).isFalse();
      values.add(v.asDouble());
    }
    assertThat(values).hasSizeGreaterThan(2);
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(
        descending ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
    assertThat(values).isEqualTo(sorted);
    assertThat(sorted.get(0)).isNotEqualTo(sorted.get(sorted.size() - 1));
  }

  @Test
  void theTogglesKeepTheirRowsAndTheWholeViewSurvivesAReloadOfItsAddress() throws Exception {
    try (HeadlessChromium page = HeadlessChromium.start(chromium(), 1400, 1000)) {
      String url = report("night-2").toUri().toString();
      page.open(url);
      String shownRows =
          "[...document.querySelectorAll('#slice-table tbody tr')].filter(r => !r.hidden)";
      String findingCell =
          "r => r.cells[[...document.querySelectorAll('#slice-table thead th')]"
              + ".findIndex(th => th.dataset.key === 'finding')].textContent.trim() !== ''";
      int all = page.evaluate("document.querySelectorAll('#slice-table tbody tr').length").asInt();
      int withFinding =
          page.evaluate(
                  "[...document.querySelectorAll('#slice-table tbody tr')].filter("
                      + findingCell
                      + ").length")
              .asInt();
      int belowTarget =
          page.evaluate("document.querySelectorAll('#slice-table tbody tr[data-below=yes]').length")
              .asInt();
      assertThat(withFinding).isPositive().isLessThan(all);
      assertThat(belowTarget).isPositive().isLessThan(all);

      page.evaluate(
          "(() => { const c = document.getElementById('filter-finding'); c.checked = true;"
              + " c.dispatchEvent(new Event('change')); })()");
      assertThat(page.evaluate(shownRows + ".length").asInt()).isEqualTo(withFinding);
      assertThat(page.evaluate(shownRows + ".every(" + findingCell + ")").asBoolean()).isTrue();
      page.evaluate(
          "(() => { const c = document.getElementById('filter-finding'); c.checked = false;"
              + " c.dispatchEvent(new Event('change'));"
              + " const b = document.getElementById('filter-below'); b.checked = true;"
              + " b.dispatchEvent(new Event('change')); })()");
      assertThat(page.evaluate(shownRows + ".length").asInt()).isEqualTo(belowTarget);
      assertThat(page.evaluate(shownRows + ".every(r => r.dataset.below === 'yes')").asBoolean())
          .isTrue();

      // Both toggles, a domain and a sort: the address says all of it.
      page.evaluate(
          "(() => { const c = document.getElementById('filter-finding'); c.checked = true;"
              + " c.dispatchEvent(new Event('change'));"
              + " const s = document.getElementById('filter-domain'); s.value = 'legal';"
              + " s.dispatchEvent(new Event('change')); })()");
      page.evaluate(CLICK + "('delta')");
      String view =
          page.evaluate(shownRows + ".map(r => r.cells[3].textContent).join('|')").asText();
      assertThat(page.evaluate(shownRows + ".length").asInt()).isPositive();
      String address = page.evaluate("location.href").asText();
      assertThat(address)
          .startsWith(url + "?")
          .contains("domain=legal", "finding=1", "below=1", "sort=delta-asc");

      page.open(address);
      assertThat(page.evaluate("document.getElementById('filter-finding').checked").asBoolean())
          .isTrue();
      assertThat(page.evaluate("document.getElementById('filter-below').checked").asBoolean())
          .isTrue();
      assertThat(page.evaluate("document.getElementById('filter-domain').value").asText())
          .isEqualTo("legal");
      assertThat(
              page.evaluate(
                      "document.querySelector('#slice-table th[data-key=delta]')"
                          + ".getAttribute('aria-sort')")
                  .asText())
          .isEqualTo("ascending");
      assertThat(page.evaluate(shownRows + ".map(r => r.cells[3].textContent).join('|')").asText())
          .isEqualTo(view);
      assertThat(page.errors()).isEmpty();
    }
  }

  @Test
  void aFindingsLinkOpensTheConfusionMatricesOfItsSlice() throws Exception {
    try (HeadlessChromium page = HeadlessChromium.start(chromium(), 1400, 1000)) {
      String url = report("night-2").toUri().toString();
      page.open(url);
      String id =
          page.evaluate(
                  "document.querySelector('#slice-table tbody a[href^=\"#slice-\"]')"
                      + ".getAttribute('href').slice(1)")
              .asText();
      String details = "document.getElementById('" + id + "')";
      assertThat(page.evaluate(details + ".open").asBoolean()).isFalse();

      page.evaluate("document.querySelector('#slice-table tbody a[href=\"#" + id + "\"]').click()");
      Thread.sleep(200);
      assertThat(page.evaluate(details + ".open").asBoolean()).isTrue();
      assertThat(
              page.evaluate(
                      "[...document.getElementById('"
                          + id
                          + "').querySelectorAll('caption')].map(c => c.textContent).join(',')")
                  .asText())
          .isEqualTo("base,ft-v1");
      // The matrices are on screen, below the sticky bar.
      double top = page.evaluate(details + ".getBoundingClientRect().top").asDouble();
      assertThat(top).isBetween(0.0, 1000.0);
      assertThat(page.evaluate(details + ".querySelectorAll('tbody td').length > 3").asBoolean())
          .isTrue();

      // A shared link to the matrices opens them too.
      page.open(url + "#" + id);
      assertThat(page.evaluate(details + ".open").asBoolean()).isTrue();
      page.screenshot(SCREENSHOTS.resolve("sample-report-slice-matrices.png"), false);
      assertThat(page.errors()).isEmpty();
    }
  }

  @Test
  void markupInjectedThroughTheDataDoesNotExecuteInChromium() throws Exception {
    Path browser = chromium();
    String img = "<img src=x onerror=alert(1)>";
    String script = "</script><script>alert(2)</script>";
    ReportFixture f =
        new ReportFixture(
            "base" + img, "cand" + script, List.of("spam" + img), img, List.of(script), 9);
    Path file = dir.resolve("injected.html");
    Files.writeString(file, new HtmlReport().render(f.model()));
    try (HeadlessChromium page = HeadlessChromium.start(browser, 1200, 800)) {
      page.open(file.toUri().toString());

      assertThat(page.errors()).isEmpty();
      assertThat(page.requests()).containsExactly(file.toUri().toString());
      assertThat(page.evaluate("document.querySelectorAll('img').length").asInt()).isZero();
      assertThat(page.evaluate("document.scripts.length").asInt()).isEqualTo(1);
      assertThat(
              page.evaluate("document.querySelector('#verdict-matrix tbody th').textContent")
                  .asText())
          .isEqualTo("cand" + script);
    }
  }

  @Test
  void aReportOfAThousandSlicesInTenDomainsOpensInChromiumWithoutError() throws Exception {
    Path browser = chromium();
    Path file = thousandSlices();
    try (HeadlessChromium page = HeadlessChromium.start(browser, 1400, 1000)) {
      double loadMillis = page.open(file.toUri().toString());
      Files.createDirectories(SCREENSHOTS);
      Files.writeString(
          SCREENSHOTS.resolve("load-time-1000-slices.txt"),
          String.format(
              java.util.Locale.ROOT,
              "1,000 slices x 10 domains, %d bytes: load event end %.0f ms%n",
              Files.size(file),
              loadMillis));

      assertThat(page.errors()).isEmpty();
      assertThat(page.requests()).containsExactly(file.toUri().toString());
      // A generous bound: the measured time is in load-time-1000-slices.txt.
      assertThat(loadMillis).isLessThan(10_000);
      assertThat(
              page.evaluate("document.querySelectorAll('#verdict-matrix td.verdict').length")
                  .asInt())
          .isEqualTo(10);
    }
  }

  /** A report of 1,000 slice values in 10 domains, rendered from a fixture. */
  private static Path thousandSlices() throws IOException {
    Path file = dir.resolve("thousand-slices.html");
    if (Files.exists(file)) {
      return file;
    }
    List<String> domains = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      domains.add("domain-" + d);
    }
    List<String> values = new ArrayList<>();
    for (int s = 0; s < 1000; s++) {
      values.add("site-" + s);
    }
    Files.writeString(
        file,
        new HtmlReport()
            .render(new ReportFixture("base", "ft", domains, "yes", values, 4).model()));
    return file;
  }

  @Test
  void atPhoneWidthThePageNeverScrollsSidewaysAndTheVerdictMatrixIsCards() throws Exception {
    Path browser = chromium();
    try (HeadlessChromium page = HeadlessChromium.start(browser, PHONE, 900)) {
      page.emulateViewport(PHONE, 1600);
      for (Path file : List.of(report("night-2"), thousandSlices())) {
        page.open(file.toUri().toString());

        assertThat(page.evaluate("window.innerWidth").asInt()).isEqualTo(PHONE);
        assertThat(page.evaluate("document.documentElement.scrollWidth").asInt())
            .as("the page's width at %d px in %s (what sticks out: %s)", PHONE, file, wide(page))
            .isLessThanOrEqualTo(PHONE);
        // Wide tables scroll in their own box instead.
        assertThat(
                page.evaluate(
                        "[...document.querySelectorAll('table')].every(t =>"
                            + " t.getBoundingClientRect().right <= window.innerWidth)")
                    .asBoolean())
            .isTrue();
        // One card per candidate, a line per domain that names it.
        assertThat(
                page.evaluate(
                        "(() => { const m = document.getElementById('verdict-matrix');"
                            + " const td = m.querySelector('td.verdict');"
                            + " return getComputedStyle(m.tHead).display === 'none'"
                            + " && getComputedStyle(td).display === 'block'"
                            + " && getComputedStyle(td, '::before').content"
                            + " === JSON.stringify(td.dataset.domain); })()")
                    .asBoolean())
            .isTrue();
        assertThat(page.errors()).isEmpty();
      }
      page.open(report("night-2").toUri().toString());
      page.screenshot(SCREENSHOTS.resolve("sample-report-390.png"), false);
      page.screenshot(SCREENSHOTS.resolve("sample-report-390-full.png"), true);
      page.open(thousandSlices().toUri().toString());
      page.screenshot(SCREENSHOTS.resolve("thousand-slices-390.png"), false);
    }
  }

  /** The elements (outside tables) whose right edge is beyond the viewport, for a failure. */
  private static String wide(HeadlessChromium page) {
    return page.evaluate(
            "[...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth"
                + " && (!e.closest('table') || e.tagName === 'TABLE'))"
                + ".slice(0, 10).map(e => e.tagName + '.' + (e.getAttribute('class') || '')"
                + " + '#' + e.id).join(', ')")
        .asText();
  }

  @Test
  void aJumpFromTheNavigationLeavesTheHeadingBelowTheStickyBar() throws Exception {
    Path browser = chromium();
    String url = report("night-2").toUri().toString();
    for (int width : List.of(DESKTOP, PHONE)) {
      try (HeadlessChromium page = HeadlessChromium.start(browser, width, 900)) {
        page.emulateViewport(width, 900);
        page.open(url);
        for (String anchor : List.of("domain-legal", "findings", "slices")) {
          page.evaluate("window.scrollTo(0, 0)");
          // The link that jumps there: a verdict cell for a domain, the bar for a section.
          page.evaluate("document.querySelector('a[href=\"#" + anchor + "\"]').click()");
          JsonNode at =
              page.evaluate(
                  "(() => { const t = document.getElementById('"
                      + anchor
                      + "'); const h = t.matches('h2, h3') ? t : t.querySelector('h2, h3');"
                      + " return { heading: h.getBoundingClientRect().top,"
                      + " nav: document.querySelector('nav').getBoundingClientRect().bottom,"
                      + " scrolled: window.scrollY, hash: location.hash }; })()");

          assertThat(at.get("hash").asText()).isEqualTo("#" + anchor);
          assertThat(at.get("scrolled").asDouble()).as("#%s scrolled", anchor).isPositive();
          assertThat(at.get("nav").asDouble()).as("the bar sticks at the top").isPositive();
          assertThat(at.get("heading").asDouble())
              .as("the heading of #%s at %d px wide, under a bar ending at %s", anchor, width, at)
              .isGreaterThanOrEqualTo(at.get("nav").asDouble())
              .isLessThan(300);
        }
        assertThat(page.errors()).isEmpty();
      }
    }
  }

  @Test
  void inTheDarkPaletteTheBackgroundIsDarkAndTextKeepsAContrastOfFourAndAHalf() throws Exception {
    Path browser = chromium();
    String url = report("night-2").toUri().toString();
    try (HeadlessChromium page = HeadlessChromium.start(browser, DESKTOP, 1400)) {
      page.emulateViewport(DESKTOP, 1400);
      page.open(url);
      page.screenshot(SCREENSHOTS.resolve("sample-report-1440.png"), false);

      page.emulateMedia("", java.util.Map.of("prefers-color-scheme", "dark"));
      page.open(url);
      page.screenshot(SCREENSHOTS.resolve("sample-report-1440-dark.png"), false);

      assertThat(luminance(page.evaluate("getComputedStyle(document.body).backgroundColor")))
          .as("the body's background in the dark palette")
          .isLessThan(0.03);
      // Each probe: its text colour, and the first opaque background under it.
      JsonNode probes =
          page.evaluate(
              "(() => { const bg = e => { for (; e; e = e.parentElement) {"
                  + " const c = getComputedStyle(e).backgroundColor;"
                  + " if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; }"
                  + " return 'rgb(255, 255, 255)'; };"
                  + " const probe = (what, sel, prop) => { const e = document.querySelector(sel);"
                  + " return e ? { what: what, fg: getComputedStyle(e)[prop || 'color'],"
                  + " bg: bg(e) } : { what: what, missing: sel }; };"
                  + " const plot = getComputedStyle(document.querySelector('.chart .plot')).fill;"
                  + " const tick = getComputedStyle(document.querySelector('.chart .tick')).fill;"
                  + " return [probe('body text', 'body'),"
                  + " probe('muted text', 'p.muted'),"
                  + " probe('a link', 'p.muted a, header a'),"
                  + " probe('a verdict cell', '#verdict-matrix td.verdict.fail a'),"
                  + " probe('a verdict word', '.word.fail'),"
                  + " probe('a model tag', '.kind.model'),"
                  + " probe('an evaluation tag', '.kind.evaluation'),"
                  + " probe('a FAIL severity', '.sev-FAIL'),"
                  + " probe('a WARN severity', '.sev-WARN'),"
                  + " probe('a worse row', 'tr.worse td'),"
                  + " probe('a better row', 'tr.better td'),"
                  + " probe('a low-support row', 'tr.low td'),"
                  + " probe('a decision', '.decision.do_not_ship p'),"
                  + " probe('a table header', 'th'),"
                  + " probe('the bar', 'nav a'),"
                  + " { what: 'a chart tick on its plot', fg: tick, bg: plot },"
                  + " probe('a chart axis title', '.chart .axis', 'fill'),"
                  + " probe('a chart legend', '.chart .lg', 'fill')]; })()");

      assertThat(probes).hasSizeGreaterThan(15);
      List<String> ratios = new ArrayList<>();
      for (JsonNode p : probes) {
        assertThat(p.has("missing")).as("%s", p).isFalse();
        double ratio = contrast(p.get("fg"), p.get("bg"));
        ratios.add(
            String.format(java.util.Locale.ROOT, "%s: %.2f%n", p.get("what").asText(), ratio));
        assertThat(ratio)
            .as("the contrast of %s in the dark palette: %s", p.get("what"), p)
            .isGreaterThanOrEqualTo(4.5);
      }
      Files.writeString(SCREENSHOTS.resolve("dark-contrast.txt"), String.join("", ratios));
      assertThat(page.errors()).isEmpty();

      page.emulateViewport(PHONE, 1600);
      page.open(url);
      page.screenshot(SCREENSHOTS.resolve("sample-report-390-dark.png"), false);
    }
  }

  @Test
  void inPrintTheBarIsGoneFoldedDetailsArePrintedAndVerdictColoursKept() throws Exception {
    Path browser = chromium();
    try (HeadlessChromium page = HeadlessChromium.start(browser, DESKTOP, 1000)) {
      page.emulateMedia("print", java.util.Map.of());
      page.open(report("night-2").toUri().toString());

      JsonNode folded =
          page.evaluate(
              "(() => { const d = document.querySelector('details:not([open])');"
                  + " const c = d.querySelector(':scope > :not(summary)');"
                  + " return { display: getComputedStyle(c).display, visible: c.checkVisibility(),"
                  + " height: c.getBoundingClientRect().height, open: d.open }; })()");
      assertThat(folded.get("open").asBoolean()).isFalse();
      assertThat(folded.get("display").asText()).isNotEqualTo("none");
      assertThat(folded.get("visible").asBoolean()).as("%s", folded).isTrue();
      assertThat(folded.get("height").asDouble()).as("%s", folded).isPositive();
      assertThat(page.evaluate("getComputedStyle(document.querySelector('nav')).display").asText())
          .isEqualTo("none");
      assertThat(
              page.evaluate(
                      "getComputedStyle(document.querySelector('td.verdict')).printColorAdjust")
                  .asText())
          .isEqualTo("exact");
    }
  }

  /** WCAG 2's contrast ratio of two opaque CSS colours. */
  private static double contrast(JsonNode fg, JsonNode bg) {
    double a = luminance(fg);
    double b = luminance(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  /** WCAG 2's relative luminance of an opaque computed colour, {@code rgb(r, g, b)}. */
  private static double luminance(JsonNode colour) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)(, 1)?\\)")
            .matcher(colour.asText());
    assertThat(m.matches()).as("an opaque rgb() colour: %s", colour).isTrue();
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double s = Integer.parseInt(m.group(i + 1)) / 255.0;
      c[i] = s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /** Chromium, which .ci/run installs; a developer machine without it skips the browser tests. */
  private static Path chromium() {
    Optional<Path> browser = HeadlessChromium.executable();
    if (browser.isEmpty() && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "Chromium is not installed, but CI must run the browser tests. Install Debian's"
              + " chromium package (apt-get install -y chromium) or set CHROMIUM to its path.");
    }
    Assumptions.assumeTrue(
        browser.isPresent(),
        "Chromium not found (set CHROMIUM or install Debian's chromium): browser test skipped");
    return browser.get();
  }
}

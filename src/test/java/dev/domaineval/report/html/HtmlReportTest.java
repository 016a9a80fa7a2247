package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.Policy;
import dev.domaineval.counts.ExampleSketch;
import dev.domaineval.findings.FindingCode;
import dev.domaineval.findings.Severity;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.report.html.render.HtmlRenderer;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final String IMG = "<img src=x onerror=alert(1)>";
  private static final String SCRIPT_END = "</script><script>alert(2)</script>";

  @Test
  void everyValueFromTheDataIsEscapedAndOnlyThePagesOwnScriptRemains() {
    ReportFixture f =
        new ReportFixture(
            "base" + IMG,
            "cand" + SCRIPT_END,
            List.of("spam" + IMG),
            IMG,
            List.of(SCRIPT_END, IMG),
            1);
    f.withScores("spam" + IMG);
    String html = new HtmlReport().render(f.model());

    assertThat(html).doesNotContain(IMG).doesNotContain("alert(2)</script>");
    assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(html).contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    assertThat(count(html, "<script")).isEqualTo(1);
    assertThat(count(html, "<img")).isZero();
    // Charts (legends, titles) carry the names too, escaped by the SVG builder.
    assertThat(html).contains("ROC curve").contains("aria-label=\"spam&lt;img");
  }

  @Test
  void aDirectionOverrideInTheDataCannotReverseThePageAndRightToLeftValuesAreIsolated() {
    String override = "evil\u202Eslice";
    String hebrew = "עברית";
    ReportFixture f =
        new ReportFixture("base", "cand", List.of("spam"), "lang", List.of(override, hebrew), 1);
    f.withScores("spam");
    String html = new HtmlReport().render(f.model());

    assertThat(html).doesNotContain("\u202E").contains("evil[U+202E]slice");
    assertThat(html).contains("\u2068" + hebrew + "\u2069").doesNotContain(">" + hebrew + "<");
  }

  @Test
  void contentSecurityPolicyForbidsExternalLoadsAndAllowsOnlyThePagesScriptByHash() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 2);
    String html = new HtmlReport().render(f.model());

    Matcher csp = Pattern.compile("script-src 'sha256-([^']+)'").matcher(html);
    assertThat(csp.find()).isTrue();
    assertThat(html).contains("default-src 'none'");
    Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(script.find()).isTrue();
    assertThat(HtmlRenderer.sha256(script.group(1))).isEqualTo(csp.group(1));
    assertThat(html).doesNotContain("http://", "https://", "src=\"", "href=\"//");
  }

  @Test
  void verdictMatrixShowsEachOutcomeAsAWordWithItsReasons() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("a", "b", "c", "d"), "p", List.of("x"), 3);
    String html = new HtmlReport().render(f.model());

    for (var v : f.verdicts) {
      assertThat(html)
          .contains(
              "data-candidate=\"ft\" data-domain=\""
                  + v.domain()
                  + "\" data-kind=\""
                  + (v.kind() == null ? "" : v.kind().id())
                  + "\"><a href=\"#domain-"
                  + v.domain()
                  + "\">"
                  + v.outcome().name()
                  + "</a>");
      v.reasons().forEach(r -> assertThat(html).contains(r));
    }
    for (String d : List.of("a", "b", "c", "d")) {
      assertThat(html).contains("<article class=\"domain\" id=\"domain-" + d + "\">");
    }
  }

  @Test
  void findingsAreGroupedByCodeModelAndDomainWithTheirSlicesAndInfoFolded() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("legal"), "p", List.of("x"), 3);
    f.findings.clear();
    f.findings.add(finding(Severity.FAIL, FindingCode.REGRESSION, "overall", "recall fell 0.3"));
    f.findings.add(finding(Severity.WARN, FindingCode.REGRESSION, "len=long", "recall fell 0.4"));
    f.findings.add(finding(Severity.WARN, FindingCode.REGRESSION, "len=short", "recall fell 0.4"));
    f.findings.add(finding(Severity.WARN, FindingCode.DATA_LEAKAGE, "overall", "10 % leaked"));
    f.findings.add(finding(Severity.INFO, FindingCode.LOW_SUPPORT, "len=tiny", "12 examples"));

    String html = new HtmlReport().render(f.model());
    String table = between(html, "<table id=\"findings-table\">", "</table>");

    assertThat(count(table, "<tr class=\"sev-row-")).isEqualTo(2);
    assertThat(table)
        .contains(
            "<td><code>REGRESSION</code> <span class=\"muted\">×3</span></td><td>ft</td>"
                + "<td><a href=\"#domain-legal\">legal</a></td>"
                + "<td>overall; len = long; len = short</td>"
                + "<td class=\"msg\">recall fell 0.3<details class=\"fold\"><summary>1 more"
                + "</summary><ul><li>WARN · len = long: recall fell 0.4</li></ul></details></td>");
    assertThat(table).contains("<code>DATA_LEAKAGE</code>").doesNotContain("LOW_SUPPORT");
    assertThat(between(html, "<details id=\"findings-info\">", "</details>"))
        .contains("1 informational group (never change a verdict)", "<code>LOW_SUPPORT</code>");
  }

  @Test
  void aGatingFindingListsItsExamplesWithTheFilterThatSelectsAllOfThem() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("legal"), "p", List.of("x"), 3);
    f.findings.clear();
    f.findings.add(finding(Severity.FAIL, FindingCode.REGRESSION, "len=long", "recall fell 0.4"));
    f.findings.add(finding(Severity.WARN, FindingCode.DATA_LEAKAGE, "overall", "10 % leaked"));
    f.findings.add(finding(Severity.WARN, FindingCode.ACCURACY_PARADOX, "overall", "98 %"));
    f.slices.add(
        new dev.domaineval.config.SliceSpec(
            "len",
            dev.domaineval.config.SliceSpec.Kind.EXPRESSION,
            "CASE WHEN tokens > 500 THEN 'long' ELSE 'short' END",
            List.of(),
            java.util.Optional.empty(),
            false));
    dev.domaineval.slice.GroupKey longs =
        new dev.domaineval.slice.GroupKey("ft", "legal", new SliceKey("len", "long"));
    dev.domaineval.slice.GroupKey legal =
        new dev.domaineval.slice.GroupKey("ft", "legal", SliceKey.OVERALL);
    f.examples.add(listed(longs, ExampleSketch.Outcome.BROKEN, 1, "ex-7"));
    f.examples.add(listed(longs, ExampleSketch.Outcome.BROKEN, 2, "ex-3"));
    f.examples.add(listed(longs, ExampleSketch.Outcome.FIXED, 1, "ex-9"));
    f.examples.add(listed(legal, ExampleSketch.Outcome.LEAKED, 1, "ex-<1>"));

    String table =
        between(new HtmlReport().render(f.model()), "<table id=\"findings-table\">", "</table>");

    assertThat(table)
        .contains(
            "<summary>2 listed broken (base right, ft wrong) examples, legal, len = long</summary>"
                + "<p class=\"ids\"><code>ex-7</code> <code>ex-3</code></p>",
            "All of them: <code>domain = &#39;legal&#39; AND (CASE WHEN tokens &gt; 500 THEN"
                + " &#39;long&#39; ELSE &#39;short&#39; END) = &#39;long&#39; AND `base` = label"
                + " AND (`ft` IS NULL OR `ft` &lt;&gt; label)</code>",
            "<summary>1 listed leaked (in the fine-tuning data of ft) examples, legal, overall</summary>"
                + "<p class=\"ids\"><code>ex-&lt;1&gt;</code></p>")
        .doesNotContain("ex-9");
    assertThat(between(table, "<code>ACCURACY_PARADOX</code>", "</tr>")).doesNotContain("examples");
  }

  @Test
  void discoveredSlicesShowTheirHeldOutTestAndTheFilterOfTheirErrors() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("legal"), "source", List.of("a"), 2);
    f.slices.add(
        new dev.domaineval.config.SliceSpec(
            "source",
            dev.domaineval.config.SliceSpec.Kind.COLUMN,
            "source",
            List.of(),
            java.util.Optional.empty(),
            false));
    f.slices.add(
        new dev.domaineval.config.SliceSpec(
            "len",
            dev.domaineval.config.SliceSpec.Kind.COLUMN,
            "len",
            List.of(),
            java.util.Optional.empty(),
            false));
    List<dev.domaineval.discovery.Predicate> planted =
        List.of(
            new dev.domaineval.discovery.Predicate("source", "partner_api"),
            new dev.domaineval.discovery.Predicate("len", "<long>"));
    List<dev.domaineval.discovery.DiscoveredSlice> found = new java.util.ArrayList<>();
    found.add(
        new dev.domaineval.discovery.DiscoveredSlice(
            "ft",
            "legal",
            dev.domaineval.discovery.ErrorDefinition.BROKEN,
            1,
            planted,
            1200,
            360,
            0.3,
            0.1,
            1.4,
            12,
            340,
            1190,
            340,
            1e-12,
            true));
    for (int rank = 2; rank <= 5; rank++) {
      found.add(
          new dev.domaineval.discovery.DiscoveredSlice(
              "ft",
              "legal",
              dev.domaineval.discovery.ErrorDefinition.WRONG,
              rank,
              planted.subList(0, 1),
              5000,
              700,
              0.14,
              0.12,
              0.1,
              300,
              310,
              5010,
              690,
              0.4,
              false));
    }
    f.discovery =
        new ReportModel.Discovery(true, true, List.of("source", "len"), List.of("site"), found);

    String html = new HtmlReport().render(f.model());
    String section = between(html, "<section id=\"discovered\">", "</section>");

    assertThat(html).contains("<a href=\"#discovered\">Discovered</a>");
    assertThat(section)
        .contains(
            "Left out: site",
            "<tr class=\"gate-fail\"><td>ft</td><td>legal</td><td>broken</td><td class=\"num\">1</td>"
                + "<td>source = partner_api AND len = &lt;long&gt;",
            "340 broken vs 12 fixed",
            "&lt; 0.001",
            "690 of 5,010 wrong",
            "Showing 3 of 5 slices found")
        .doesNotContain("<td class=\"num\">4</td><td>source");
    assertThat(between(section, "<summary>all its errors</summary>", "</details>"))
        .contains(
            "`source` = &#39;partner_api&#39; AND `len` = &#39;&lt;long&gt;&#39; AND `base` ="
                + " label");
  }

  @Test
  void withoutDiscoveryThereIsNoSection() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("legal"), "source", List.of("a"), 2);

    assertThat(new HtmlReport().render(f.model()))
        .doesNotContain("id=\"discovered\"")
        .doesNotContain("href=\"#discovered\"");
  }

  private static dev.domaineval.counts.ListedExample listed(
      dev.domaineval.slice.GroupKey group, ExampleSketch.Outcome outcome, int rank, String id) {
    return new dev.domaineval.counts.ListedExample(group, outcome, rank, id, rank);
  }

  private static dev.domaineval.findings.Finding finding(
      Severity severity, FindingCode code, String slice, String message) {
    SliceKey key =
        slice.equals("overall")
            ? SliceKey.OVERALL
            : new SliceKey(
                slice.substring(0, slice.indexOf('=')), slice.substring(slice.indexOf('=') + 1));
    return new dev.domaineval.findings.Finding(severity, code, "ft", "legal", key, message);
  }

  private static String between(String html, String start, String end) {
    int from = html.indexOf(start);
    assertThat(from).as("%s in the page", start).isNotNegative();
    return html.substring(from, html.indexOf(end, from) + end.length());
  }

  @Test
  void theDecisionLineSaysWhatTheFailuresBlameInTheTitleAndAtTheTop() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("medical", "legal"), "p", List.of("x"), 3);
    f.verdicts.clear();
    f.verdicts.add(
        new dev.domaineval.findings.Verdict(
            "ft",
            "medical",
            dev.domaineval.findings.Verdict.Outcome.FAIL,
            List.of("DATA_LEAKAGE: ft on medical: 67 of 720 examples leaked")));
    f.verdicts.add(
        new dev.domaineval.findings.Verdict(
            "ft", "legal", dev.domaineval.findings.Verdict.Outcome.PASS, List.of()));

    String leakOnly = new HtmlReport().render(f.model());

    assertThat(leakOnly).contains("<title>domain-eval run run-1: ft not decided</title>");
    assertThat(leakOnly)
        .contains(
            "<div class=\"decision not_decided\"><p><strong>ft: not decided</strong></p>\n"
                + "<ul><li><a href=\"#domain-medical\">medical</a>: DATA_LEAKAGE: 67 of 720"
                + " examples leaked</li></ul></div>");
    assertThat(leakOnly).contains("data-domain=\"medical\" data-kind=\"evaluation\">");

    f.verdicts.set(
        1,
        new dev.domaineval.findings.Verdict(
            "ft",
            "legal",
            dev.domaineval.findings.Verdict.Outcome.FAIL,
            List.of("REGRESSION: ft on legal (length = long): recall fell 0.414")));

    String regression = new HtmlReport().render(f.model());

    assertThat(regression).contains("<title>domain-eval run run-1: ft do not ship</title>");
    assertThat(regression)
        .contains(
            "<li><a href=\"#domain-legal\">legal</a>: REGRESSION: ft on legal (length = long):"
                + " recall fell 0.414</li>");
    assertThat(regression).contains("data-domain=\"legal\" data-kind=\"model\">");
  }

  @Test
  void thousandSlicesInTenDomainsStayUnderThreeMegabytesAndShowTheWorstRows() {
    List<String> domains = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      domains.add("domain-" + d);
    }
    List<String> values = new ArrayList<>();
    for (int s = 0; s < 1000; s++) {
      values.add("site-" + s);
    }
    ReportFixture f = new ReportFixture("base", "ft", domains, "yes", values, 4);
    // Without findings, the slice table ranks by change alone (findingsRankTheSliceTable).
    f.findings.clear();
    long start = System.nanoTime();
    String html = new HtmlReport().render(f.model());
    long millis = (System.nanoTime() - start) / 1_000_000;

    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).as("report size in bytes (rendered in %d ms)", millis).isLessThan(3_000_000);
    assertThat(count(html, "<tr class=\"") - count(html, "<tr class=\"\"")).isPositive();
    assertThat(html)
        .contains(
            "Showing the worst "
                + HtmlReport.DEFAULT_MAX_SLICE_ROWS
                + " of 10000 slice rows. Every slice and metric is in the comparison table:"
                + " <code>/out/comparison/run_id=run-1</code>");
    Matcher rows = Pattern.compile("<tr class=\"[a-z-]*\" data-domain=").matcher(html);
    int shown = 0;
    while (rows.find()) {
      shown++;
    }
    assertThat(shown).isEqualTo(HtmlReport.DEFAULT_MAX_SLICE_ROWS);
    // Worst first: the deltas of the shown rows never increase.
    Matcher deltas =
        Pattern.compile(
                "data-domain=\"[^\"]*\" data-slice=\"source\"[^>]*>(?:<td>[^<]*</td>){6}"
                    + "<td class=\"num\">[^<]*</td><td class=\"num\">[^<]*</td>"
                    + "<td class=\"num\">([^<]*)</td>")
            .matcher(html);
    double previous = Double.NEGATIVE_INFINITY;
    int checked = 0;
    while (deltas.find()) {
      double d = Double.parseDouble(deltas.group(1).replace('−', '-'));
      assertThat(d).isGreaterThanOrEqualTo(previous);
      previous = d;
      checked++;
    }
    assertThat(checked).isEqualTo(HtmlReport.DEFAULT_MAX_SLICE_ROWS);
  }

  @Test
  void findingsRankTheSliceTableAndColourTheirRows() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("legal"), "p", List.of("a", "b", "c", "d"), 8);
    f.findings.clear();
    f.findings.add(finding(Severity.FAIL, FindingCode.REGRESSION, "source=c", "recall fell"));
    f.findings.add(finding(Severity.WARN, FindingCode.LOW_SUPPORT, "source=d", "few"));
    f.findings.add(
        new dev.domaineval.findings.Finding(
            Severity.WARN,
            FindingCode.REGRESSION,
            "ft",
            "legal",
            new SliceKey("source", "a"),
            "informs only",
            dev.domaineval.findings.Finding.Effect.INFORMS));

    String html = new HtmlReport().render(f.model());
    Matcher rows =
        Pattern.compile(
                "<tr class=\"([a-z-]*)\" data-domain=\"legal\" data-slice=\"source\"[^>]*><td>ft</td>"
                    + "<td>legal</td><td>source</td><td>([a-z])</td><td>([^<]*(?:<code>[^<]*</code>)?)")
            .matcher(html);
    List<String> order = new ArrayList<>();
    while (rows.find()) {
      order.add(rows.group(2) + " " + rows.group(1) + " " + rows.group(3));
    }

    assertThat(order).hasSize(4);
    assertThat(order.get(0)).isEqualTo("c gate-fail <code>REGRESSION</code>");
    assertThat(order.get(1)).isEqualTo("d gate-warn <code>LOW_SUPPORT</code>");
    // A finding that only informs colours nothing.
    assertThat(order.subList(2, 4)).noneMatch(r -> r.contains("gate-"));
  }

  @Test
  void aDomainSectionStartsWithItsReasonsAndShowsThePriorityRowFirstAgainstItsTarget() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 9);
    f.verdicts.clear();
    f.verdicts.add(
        new dev.domaineval.findings.Verdict(
            "ft",
            "spam",
            dev.domaineval.findings.Verdict.Outcome.FAIL,
            List.of("BELOW_TARGET: ft on spam: recall is low")));
    String html = new HtmlReport().render(f.model());
    String article = between(html, "<article class=\"domain\" id=\"domain-spam\">", "</article>");
    String section =
        between(article, "<p class=\"why\">", "</ul>")
            + between(article, "<table class=\"comparison\">", "</table>");

    assertThat(section)
        .contains(
            "<p class=\"why\"><strong>Why ft is FAIL here</strong> <span class=\"kind model\">"
                + "model</span></p>\n<ul class=\"reasons\"><li><span class=\"kind model\">model"
                + "</span> BELOW_TARGET: ft on spam: recall is low</li></ul>");
    // The fixture's policy: priority recall, target recall >= 0.80; the candidate's recall and
    // its interval decide met, missed or inside the interval, as the gate does.
    dev.domaineval.metrics.MetricValue recall =
        f.model()
            .metric(
                new dev.domaineval.slice.GroupKey("ft", "spam", SliceKey.OVERALL),
                null,
                dev.domaineval.metrics.MetricId.RECALL)
            .orElseThrow();
    String expected =
        recall.ciLow() >= 0.8 ? "met" : recall.ciHigh() < 0.8 ? "missed" : "inside the interval";
    Matcher first =
        Pattern.compile("<tbody>\n<tr class=\"[a-z]*\"><td>([^<]*)</td>").matcher(section);
    assertThat(first.find()).isTrue();
    assertThat(first.group(1)).isEqualTo("recall (priority)");
    assertThat(section)
        .containsPattern(
            "<td>recall \\(priority\\)</td><td class=\"num\">[0-9.]+</td>"
                + "<td class=\"num\">[0-9.]+</td><td class=\"num\">≥ 0.800</td>"
                + "<td class=\"target-"
                + expected.replace(' ', '-')
                + "\">"
                + expected
                + "</td>");
    assertThat(section)
        .containsPattern(
            "<td>precision</td>(<td class=\"num\">[0-9.]+</td>){2}<td class=\"num\"></td><td></td>");
  }

  @Test
  void scoreChartsCarryTheirMetricsAndTheScoreTableTheirChanges() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 6);
    f.withScores("spam");
    String html = new HtmlReport().render(f.model());
    String section = between(html, "<article class=\"domain\" id=\"domain-spam\">", "</article>");

    // 0.1 * 0.6 / 2 + 0.2 * (0.6 + 0.9) / 2 + 0.7 * (0.9 + 1) / 2 = 0.845: the fixture says 0.84.
    assertThat(section)
        .contains(
            ">base (baseline), AUC 0.840</text>",
            ">ft, AUC 0.840</text>",
            ">base (baseline), AP 0.781</text>",
            ">ft, AP 0.802</text>",
            ">ft, ECE 0.031</text>",
            "<tr><td>average_precision <span class=\"muted\">(higher is better)</span></td>"
                + "<td>ft</td><td class=\"num\">0.781</td><td class=\"num\">0.802</td>"
                + "<td class=\"num\">+0.021</td></tr>",
            "<tr><td>ece <span class=\"muted\">(lower is better)</span></td><td>ft</td>"
                + "<td class=\"num\">0.050</td><td class=\"num\">0.031</td>"
                + "<td class=\"num\">−0.019</td></tr>");
    // The fixture's policy has a recall target only: a band from recall 0.80 up.
    assertThat(section).contains("<title>targets met: recall ≥ 0.800</title>");
    // Each operating point's values rest on its marker.
    assertThat(section)
        .contains(
            "<g><title>ft at threshold 0.420: precision 0.750, recall 0.900, false positive rate"
                + " 0.300</title>");
  }

  @Test
  void confusionMatricesShowRowAndColumnSharesMarkTheCostlyCellAndTheChange() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 6);
    String html = new HtmlReport().render(f.model());
    String section = between(html, "<article class=\"domain\" id=\"domain-spam\">", "</article>");
    dev.domaineval.metrics.ConfusionMatrix base =
        f.model()
            .matrices()
            .get(new dev.domaineval.slice.GroupKey("base", "spam", SliceKey.OVERALL));
    dev.domaineval.metrics.ConfusionMatrix ft =
        f.model().matrices().get(new dev.domaineval.slice.GroupKey("ft", "spam", SliceKey.OVERALL));

    // The fixture's priority is recall: the costly cell is a missed spam (actual spam, predicted
    // other), shaded by row; its shares of its row and column are printed.
    long missed = base.count("spam", "other");
    long column = base.count("spam", "other") + base.count("other", "other");
    String rowShare =
        String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * missed / base.support("spam"));
    String columnShare = String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * missed / column);
    assertThat(section)
        .contains("shaded by row % (recall comes first)")
        .containsPattern(
            "class=\"costly\" title=\"actual spam, predicted other: "
                + missed
                + " examples, "
                + Pattern.quote(rowShare)
                + " of the actual spam, "
                + Pattern.quote(columnShare)
                + " of the predicted other \\(missed cases: costly where recall comes first\\)\">"
                + missed
                + "<small>"
                + Pattern.quote(rowShare + " row · " + columnShare + " col")
                + "</small>");
    assertThat(count(section, "class=\"costly\"")).isEqualTo(2);
    // The difference view: the candidate's counts minus the baseline's.
    long change = ft.count("spam", "spam") - base.count("spam", "spam");
    assertThat(section)
        .contains("<caption>ft − base: change of each count")
        .contains(
            "title=\"actual spam, predicted spam: "
                + Formats.signedCount(change)
                + " examples with ft than with base\">"
                + (change == 0 ? "0" : Formats.signedCount(change))
                + "</td>");
    assertThat(section).doesNotContain("class=\"dark\"");
  }

  @Test
  void lowSupportSlicesAreGreyAndSayTheirN() {
    // The fixture gives the first slice value 10 examples, the second 47 (min-support is 30).
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("tiny", "big"), 5);
    f.findings.clear();
    String html = new HtmlReport().render(f.model());
    // Recall rests on the slice's actual positives (the candidate's matrix).
    long tinyPositives =
        f.matrices.get(new GroupKey("ft", "spam", new SliceKey("source", "tiny"))).support("spam");
    long bigPositives =
        f.matrices.get(new GroupKey("ft", "spam", new SliceKey("source", "big"))).support("spam");

    assertThat(html)
        .containsPattern(
            "<tr class=\"low\" data-domain=\"spam\" data-slice=\"source\"[^>]*>"
                + "<td>ft</td><td>spam</td><td>source</td><td>tiny</td>.*<td class=\"num\">"
                + tinyPositives
                + " \\(low support\\)</td></tr>")
        .containsPattern(
            "<tr class=\"[a-z]*\" data-domain=\"spam\" data-slice=\"source\"[^>]*>"
                + "<td>ft</td><td>spam</td><td>source</td><td>big</td>.*<td class=\"num\">"
                + bigPositives
                + "</td></tr>")
        .doesNotContainPattern(
            "<tr class=\"low\" data-domain=\"spam\" data-slice=\"source\"[^>]*>"
                + "<td>ft</td><td>spam</td><td>source</td><td>big</td>");
  }

  @Test
  void nIsTheNumberOfExamplesTheRowsMetricRestsOn() {
    //              predicted
    //  actual      yes   no   (invalid)
    //  yes          6     3      1      10 actual positives
    //  no           2    17      0      19 actual negatives
    //               8 predicted positives, 29 examples
    ConfusionMatrix cm =
        ConfusionMatrix.builder()
            .add("yes", "yes", 6)
            .add("yes", "no", 3)
            .add("yes", ConfusionMatrix.INVALID, 1)
            .add("no", "yes", 2)
            .add("no", "no", 17)
            .build();

    assertThat(SliceSection.n(MetricId.RECALL, cm, "yes")).isEqualTo(6 + 3 + 1);
    assertThat(SliceSection.n(MetricId.PRECISION, cm, "yes")).isEqualTo(6 + 2);
    assertThat(SliceSection.n(MetricId.SPECIFICITY, cm, "yes")).isEqualTo(2 + 17);
    for (MetricId all :
        List.of(
            MetricId.ACCURACY,
            MetricId.F1,
            MetricId.MACRO_RECALL,
            MetricId.MACRO_PRECISION,
            MetricId.MCC,
            MetricId.BALANCED_ACCURACY)) {
      assertThat(SliceSection.n(all, cm, "yes")).as(all.id()).isEqualTo(29);
    }
    // Without a positive class (multiclass), every metric rests on every example.
    assertThat(SliceSection.n(MetricId.RECALL, cm, null)).isEqualTo(29);

    // In the page: a precision domain's n is the candidate's predicted positives.
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 5);
    f.findings.clear();
    Policy precision = new Policy("precision", Map.of(), 30, Policy.Role.IN_DOMAIN);
    String html = new HtmlReport().render(withPolicy(f.model(), precision));
    ConfusionMatrix a = f.matrices.get(new GroupKey("ft", "spam", new SliceKey("source", "a")));
    assertThat(html)
        .contains("<th class=\"num\" data-key=\"n\" title=\"the examples the metric rests on:")
        .containsPattern(
            "<td>a</td><td></td><td>precision</td>.*<td class=\"num\">"
                + a.predictedCount("spam")
                + " \\(low support\\)</td></tr>");
  }

  @Test
  void aRowIsBelowTargetWhenTheCandidateMissesTheDomainsTargetOnItsMetric() {
    // Recall comes first, with a target of 0.75 (binary: the positive class's recall,
    // multiclass: macro recall); the fixture's candidate is right about 75 % of the time.
    List<String> values = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", values, 5);
    ReportFixture m = new ReportFixture("base", "ft", List.of("legal"), null, values, 5);
    Policy target = new Policy("recall", Map.of("recall", 0.75), 30, Policy.Role.IN_DOMAIN);
    Policy other = new Policy("recall", Map.of("precision", 0.9), 30, Policy.Role.IN_DOMAIN);
    String noTarget = new HtmlReport().render(withPolicy(f.model(), other));
    assertThat(count(noTarget, "data-below=\"\"")).isEqualTo(values.size());

    for (ReportFixture fixture : List.of(f, m)) {
      String html = new HtmlReport().render(withPolicy(fixture.model(), target));
      Matcher rows =
          Pattern.compile(
                  "data-below=\"([a-z]*)\"><td>ft</td><td>[a-z]*</td><td>source</td>"
                      + "<td>([a-z])</td><td>.*?</td><td>([a-z_]*)</td>"
                      + "<td class=\"num\">[^<]*</td><td class=\"num\">([^<]*)</td>")
              .matcher(html);
      int seen = 0;
      int below = 0;
      while (rows.find()) {
        seen++;
        assertThat(rows.group(3)).isEqualTo(fixture == f ? "recall" : "macro_recall");
        double value = Double.parseDouble(rows.group(4));
        // The page shows three decimals; none of the fixture's values rounds to 0.750.
        assertThat(rows.group(1)).as(rows.group(2)).isEqualTo(value < 0.75 ? "yes" : "no");
        below += value < 0.75 ? 1 : 0;
      }
      assertThat(seen).isEqualTo(values.size());
      assertThat(below).as("rows below and above the target").isBetween(1, values.size() - 1);
    }
  }

  @Test
  void eachShownRowWithAFindingLinksToItsSlicesConfusionCounts() {
    ReportFixture f =
        new ReportFixture(
            "base", "ft-v1", List.of("legal"), "p", List.of("a", "b", "c", "long/very"), 8);
    f.findings.clear();
    f.findings.add(
        new dev.domaineval.findings.Finding(
            Severity.FAIL,
            FindingCode.REGRESSION,
            "ft-v1",
            "legal",
            new SliceKey("source", "c"),
            "recall fell"));
    f.findings.add(
        new dev.domaineval.findings.Finding(
            Severity.WARN,
            FindingCode.LOW_SUPPORT,
            "ft-v1",
            "legal",
            new SliceKey("source", "long/very"),
            "few"));
    String html = new HtmlReport().render(f.model());
    String table = between(html, "<table id=\"slice-table\">", "</table>");

    assertThat(count(table, "<a href=\"#slice-")).isEqualTo(2);
    assertThat(table)
        .contains("<code>REGRESSION</code> <a href=\"#slice-ft-v1--legal--source--c\">counts</a>");
    // A value that is not already a readable id keeps its slug and gets a hash: still unique.
    String odd = Anchors.slice("ft-v1", "legal", new SliceKey("source", "long/very"));
    assertThat(odd).matches("slice-ft-v1--legal--source--long-very--[A-Za-z0-9]{8}");
    assertThat(Anchors.slice("ft-v1", "legal", new SliceKey("source", "long-very")))
        .isEqualTo("slice-ft-v1--legal--source--long-very");
    assertThat(table).contains("<a href=\"#" + odd + "\">counts</a>");
    assertThat(count(html, "<details class=\"slice-cm\"")).isEqualTo(2);

    String c =
        between(
            html,
            "<details class=\"slice-cm\" id=\"slice-ft-v1--legal--source--c\">",
            "</details>");
    assertThat(c).contains("<summary>ft-v1 on legal, source = c: REGRESSION</summary>");
    for (String model : List.of("base", "ft-v1")) {
      ConfusionMatrix cm =
          f.matrices.get(new GroupKey(model, "legal", new SliceKey("source", "c")));
      String t = between(c, "<caption>" + model + "</caption>", "</table>");
      assertThat(t)
          .contains(
              "<th>other</th><td class=\"num\">"
                  + cm.count("other", "other")
                  + "</td><td class=\"num\">"
                  + cm.count("other", "p")
                  + "</td></tr>")
          .contains(
              "<th>p</th><td class=\"num\">"
                  + cm.count("p", "other")
                  + "</td><td class=\"num\">"
                  + cm.count("p", "p")
                  + "</td></tr>");
    }
  }

  private static ReportModel withPolicy(ReportModel m, Policy policy) {
    return new ReportModel(
        m.runId(),
        m.createdAt(),
        m.inputs(),
        m.reconciliation(),
        m.baseline(),
        m.candidates(),
        m.positiveClasses(),
        d -> policy,
        m.matrices(),
        m.metrics(),
        m.comparison(),
        m.assessment(),
        m.curves(),
        m.thresholds(),
        m.history(),
        m.changes(),
        m.outputs(),
        m.leakageSlices(),
        m.slices(),
        m.examples(),
        m.discovery(),
        m.answers(),
        m.invalidAnswers());
  }

  @Test
  void scoreChartsAndOperatingPointsAppearOnlyWhenScoresExist() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 6);
    String without = new HtmlReport().render(f.model());
    f.withScores("spam");
    String with = new HtmlReport().render(f.model());

    assertThat(without).doesNotContain("ROC curve", "precision-recall curve", "calibration");
    assertThat(with)
        .contains("spam: ROC curve", "spam: precision-recall curve", "spam: calibration")
        .contains("ft: target recall ≥ 0.900; threshold 0.420 gives precision 0.750, recall 0.900")
        .contains("(a threshold change alone would meet the target)")
        .contains("ft at t=0.420");
  }

  @Test
  void historyShowsTrendsAndTheChangeSinceTheReferenceRun() {
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 7);
    String without = new HtmlReport().render(f.model());
    f.withHistory("spam");
    String with = new HtmlReport().render(f.model());

    assertThat(without).contains("No earlier published run under this output path");
    assertThat(with)
        .contains("id=\"history-changes\"")
        .contains("the last published run <strong>night-2</strong>")
        .contains("spam: recall by run", "spam: accuracy by run")
        .contains(">night-1<", ">this run<")
        .contains("<td class=\"num\">0.900</td><td class=\"num\">0.700</td>")
        .contains("significantly worse");
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

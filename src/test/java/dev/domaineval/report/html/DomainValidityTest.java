package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.findings.Finding;
import dev.domaineval.findings.FindingCode;
import dev.domaineval.findings.Severity;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A domain section's validity checks and its all-vs-clean column, on a fixture whose candidate has
 * a leakage slice: values computed here from the fixture's own matrices and metrics.
 */
class DomainValidityTest {
  private static String section(String html, String domain) {
    int from = html.indexOf("<article class=\"domain\" id=\"domain-" + domain + "\">");
    assertThat(from).isNotNegative();
    return html.substring(from, html.indexOf("</article>", from));
  }

  @Test
  void leakedShareGapsMajorityRateAndInvalidAnswersAreShownAndFlaggedByTheirFindings() {
    // The fixture's slice "source" stands in for a leakage slice: its values are renamed.
    ReportFixture f =
        new ReportFixture(
            "base", "ft", List.of("medical"), "urgent", List.of("leaked", "clean"), 7);
    f.leakageSlices.put("ft", "source");
    f.findings.clear();
    f.findings.add(
        new Finding(
            Severity.FAIL,
            FindingCode.DATA_LEAKAGE,
            "ft",
            "medical",
            new SliceKey("source", "*"),
            "ft on medical: leaked"));
    String html = section(new HtmlReport().render(f.model()), "medical");

    ConfusionMatrix leaked = f.model().matrices().get(key("ft", "leaked"));
    ConfusionMatrix all = f.model().matrices().get(key("ft", "*"));
    assertThat(html)
        .contains(
            String.format(
                Locale.ROOT,
                "<tr class=\"flag-fail\"><td>leaked examples</td><td>ft</td><td>%,d of %,d (%.1f %%)"
                    + " were fine-tuning data of ft</td><td>FAIL DATA_LEAKAGE</td></tr>",
                leaked.total(),
                all.total(),
                100.0 * leaked.total() / all.total()));
    for (String m : List.of("base", "ft")) {
      double onLeaked = value(f, key(m, "leaked"), MetricId.RECALL);
      double onClean = value(f, key(m, "clean"), MetricId.RECALL);
      assertThat(html)
          .contains(
              String.format(
                  Locale.ROOT,
                  "<tr class=\"ok\"><td>trained-on vs held-out recall</td><td>%s</td><td>%.3f on"
                      + " ft&#39;s fine-tuning examples, %.3f on the others: gap %s</td>"
                      + "<td>not flagged</td></tr>",
                  m,
                  onLeaked,
                  onClean,
                  Formats.signed(onLeaked - onClean)));
    }
    ConfusionMatrix base = f.model().matrices().get(key("base", "*"));
    long majority = Math.max(base.support("urgent"), base.support("other"));
    assertThat(html)
        .contains(
            String.format(
                Locale.ROOT,
                "always predicting &#39;%s&#39; would score %.3f",
                base.support("urgent") >= base.support("other") ? "urgent" : "other",
                (double) majority / base.total()));
    // The comparison table's clean column: the candidate's recall on the clean value.
    assertThat(html)
        .contains("candidate, clean</th>")
        .containsPattern(
            "<td>recall \\(priority\\)</td><td class=\"num\">[0-9.]+</td><td class=\"num\">"
                + "[0-9.]+</td><td class=\"num\">"
                + String.format(Locale.ROOT, "%.3f", value(f, key("ft", "clean"), MetricId.RECALL))
                + "</td>");
  }

  @Test
  void withoutFineTuningDataThereIsNoLeakageCheckNorCleanColumn() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("medical"), "urgent", List.of("a"), 7);
    String html = section(new HtmlReport().render(f.model()), "medical");

    assertThat(html).doesNotContain("leaked examples").doesNotContain("candidate, clean");
    assertThat(html).contains("accuracy vs majority class", "invalid answers");
  }

  @Test
  void howEachModelsAnswersWereReadIsShownMostFirst() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("medical"), "urgent", List.of("a"), 7);
    f.answers.add(new dev.domaineval.counts.AnswerCount("ft", "medical", "exact", 40));
    f.answers.add(new dev.domaineval.counts.AnswerCount("ft", "medical", "invalid", 3));
    f.answers.add(
        new dev.domaineval.counts.AnswerCount("ft", "medical", "alias:stat\u2192urgent", 12));
    f.answers.add(new dev.domaineval.counts.AnswerCount("ft", "spam", "case", 99));
    String html = section(new HtmlReport().render(f.model()), "medical");

    assertThat(html)
        .contains(
            "<td>answers read as</td><td>ft</td><td>exact 40 \u00B7 alias:stat\u2192urgent 12"
                + " \u00B7 invalid 3</td><td>the normalization table&#39;s rules</td>")
        .doesNotContain("case 99");
    // The baseline has no rows: no line for it.
    assertThat(html).doesNotContain("<td>answers read as</td><td>base</td>");
  }

  @Test
  void theMostFrequentInvalidAnswersAreShownAsWrittenAndInert() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("medical"), "urgent", List.of("a"), 7);
    String script = "<script>alert(1)</script>";
    for (int rank = 1; rank <= 8; rank++) {
      // Two blank answers, "" and "  ": one entry, their counts summed.
      String answer = rank == 1 ? script : rank == 2 ? "" : rank == 8 ? "  " : "answer " + rank;
      f.invalidAnswers.add(
          new dev.domaineval.counts.InvalidAnswer(
              "ft",
              "medical",
              rank,
              answer,
              rank == 3,
              answer,
              100 - rank,
              rank == 4 ? 99 : 100 - rank,
              0.1));
    }
    f.invalidAnswers.add(
        new dev.domaineval.counts.InvalidAnswer(
            "ft", "spam", 1, "other domain", false, "other domain", 500, 500, 1.0));
    String html = section(new HtmlReport().render(f.model()), "medical");

    assertThat(html)
        .contains(
            "<td>answers that matched no label</td><td>ft</td><td>\u201C&lt;script&gt;alert(1)"
                + "&lt;/script&gt;\u201D 99 \u00B7 (blank) 190 \u00B7 \u201Canswer 3\u2026\u201D 97"
                + " \u00B7 \u201Canswer 4\u201D \u226596 \u00B7 \u201Canswer 5\u201D 95 \u00B7 2 more in"
                + " the table</td>")
        .doesNotContain(script)
        .doesNotContain("other domain")
        .doesNotContain("<td>answers that matched no label</td><td>base</td>");
  }

  @Test
  void aRunThatReadsRefusalsShowsEachModelsCoverageFlaggedByLowCoverage() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("medical"), "urgent", List.of("a"), 7);
    GroupKey overall = key("ft", "*");
    ConfusionMatrix m =
        ConfusionMatrix.builder()
            .add("urgent", "urgent", 50)
            .add("urgent", ConfusionMatrix.REFUSED, 6)
            .add("other", "other", 40)
            .add("other", "urgent", 2)
            .add("other", ConfusionMatrix.ABSTAINED, 2)
            .build();
    f.matrices.put(overall, m);
    f.metrics.put(overall, dev.domaineval.metrics.GroupMetrics.compute(m, "urgent", true));
    f.findings.add(
        new Finding(
            Severity.WARN, FindingCode.LOW_COVERAGE, "ft", "medical", SliceKey.OVERALL, "low"));
    String html = section(new HtmlReport().render(f.model()), "medical");

    // 100 examples, 92 answered, 90 of them right.
    assertThat(html)
        .contains(
            "<tr class=\"flag-warn\"><td>answered (not refused or abstained)</td><td>ft</td>"
                + "<td>coverage 0.920: 6 refused, 2 abstained of 100; accuracy on the answered "
                + String.format(Locale.ROOT, "%.3f", 90.0 / 92)
                + "</td><td>WARN LOW_COVERAGE</td></tr>");
    // The baseline's metrics have no coverage (computed without the answer metrics).
    assertThat(html).doesNotContain("<td>answered (not refused or abstained)</td><td>base</td>");
  }

  @Test
  void beyondSixRulesTheRestIsSummed() {
    ReportFixture f =
        new ReportFixture("base", "ft", List.of("medical"), "urgent", List.of("a"), 7);
    for (int i = 1; i <= 8; i++) {
      f.answers.add(new dev.domaineval.counts.AnswerCount("ft", "medical", "rule" + i, 10 * i));
    }

    assertThat(ValiditySection.answersRead(f.model(), "ft", "medical"))
        .startsWith("rule8 80 \u00B7 rule7 70")
        .endsWith("rule3 30 \u00B7 2 more rules 30");
  }

  private static GroupKey key(String model, String value) {
    return new GroupKey(
        model, "medical", value.equals("*") ? SliceKey.OVERALL : new SliceKey("source", value));
  }

  private static double value(ReportFixture f, GroupKey g, MetricId id) {
    return f.model().metric(g, null, id).map(MetricValue::value).orElseThrow();
  }
}

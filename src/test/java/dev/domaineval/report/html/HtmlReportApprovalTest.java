package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the whole rendered report of two fixtures, byte for byte, to approved files under {@code
 * src/test/resources/dev/domaineval/report/html/approved/}, so that a refactoring of the report
 * cannot change it by accident. A change on purpose means replacing the approved file: on a
 * difference the test writes the new rendering under {@code target/report-approval/} and says how.
 */
class HtmlReportApprovalTest {
  private static final String APPROVED = "src/test/resources/dev/domaineval/report/html/approved/";
  private static final Path RECEIVED =
      Path.of(System.getProperty("user.dir"), "target", "report-approval");

  @Test
  void binaryDomainsWithScoresAndHistoryRenderAsApproved() throws IOException {
    ReportFixture f =
        new ReportFixture(
                "base",
                "ft",
                List.of("medical", "spam"),
                "urgent",
                List.of("email", "phone", "web"),
                11)
            .withScores("spam")
            .withHistory("spam");

    assertApproved("binary-scores-history.html", new HtmlReport().render(f.model()));
  }

  @Test
  void multiclassDomainsWithFewRowsShownRenderAsApproved() throws IOException {
    ReportFixture f =
        new ReportFixture(
            "base", "ft", List.of("legal", "support"), null, List.of("de", "en", "fr", "it"), 12);

    assertApproved("multiclass-truncated.html", new HtmlReport(3, 1).render(f.model()));
  }

  private static void assertApproved(String name, String html) throws IOException {
    String approved;
    try (InputStream in = HtmlReportApprovalTest.class.getResourceAsStream("approved/" + name)) {
      approved = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (html.equals(approved)) {
      return;
    }
    Files.createDirectories(RECEIVED);
    Path received = RECEIVED.resolve(name);
    Files.writeString(received, html, StandardCharsets.UTF_8);
    String problem =
        approved == null
            ? "There is no approved report " + APPROVED + name + "."
            : "The rendered report differs from the approved one, "
                + APPROVED
                + name
                + ", "
                + firstDifference(approved, html);
    fail(
        "%s%nThe new rendering is in %s. If the change is intended, review it (diff the two"
            + " files, open the new one in a browser) and approve it by copying it over the"
            + " approved file:%n  cp target/report-approval/%s %s%s",
        problem, received, name, APPROVED, name);
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "(end of file)";
      String al = i < a.length ? a[i] : "(end of file)";
      if (!el.equals(al)) {
        return String.format(
            "first at line %d:%n  expected: %s%n  but was:  %s",
            i + 1, abbreviate(el), abbreviate(al));
      }
    }
    return "in its line endings only.";
  }

  private static String abbreviate(String line) {
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }
}

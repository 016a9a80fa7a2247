package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainsSectionTest {
  @TempDir Path dir;

  @Test
  void aDomainWhoseLabelsAreNotAListStillHasItsPolicyChecked() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir, "domains.medical { labels = urgent, priority = auc, min-support = 2.5 }\n"))
        .containsExactly(
            "Invalid 'domains.medical.labels' ("
                + job
                + ": 5): expected a list of strings such as [a, b].",
            "Invalid 'domains.medical.priority' ("
                + job
                + ": 5): expected recall or precision, got \"auc\".",
            "Invalid 'domains.medical.min-support' ("
                + job
                + ": 5): expected a whole number of examples, got 2.5.");
  }

  @Test
  void problemsOfTheDefaultPolicyAndOfSeveralDomainsAreReportedTogether() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                """
                policy { role = primary }
                domains {
                  legal { labels = [contract, contract], targets { lift = 0.5 } }
                  medical { positive-class = urgent, labels = [routine, other] }
                  "*" { colour = red }
                }
                """))
        .containsExactlyInAnyOrder(
            "Invalid 'policy.role' ("
                + job
                + ": 5): expected in-domain or out-of-domain, got"
                + " \"primary\".",
            "Invalid 'domains.legal.labels' (" + job + ": 7): label 'contract' is listed twice.",
            "Invalid target 'domains.legal.targets.lift' ("
                + job
                + ": 7): targets take accuracy, f1, precision, recall, specificity.",
            "Invalid 'domains.medical' ("
                + job
                + ": 8): a binary domain with positive-class 'urgent' needs exactly two labels"
                + " including it, got labels [routine, other].",
            "Invalid domain name '*' ("
                + job
                + ": 9): '*', '(invalid)', '(refused)', '(abstained)' and '(null)' are reserved in the outputs.",
            "Unknown key 'domains.\"*\".colour' ("
                + job
                + ": 9). A domain takes: labels, positive-class, priority, targets, min-support,"
                + " role, margin, margins, normalization. Remove it; see reference.conf for the keys a"
                + " job file may set.");
  }
}

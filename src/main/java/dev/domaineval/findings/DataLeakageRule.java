package dev.domaineval.findings;

import dev.domaineval.config.Policy;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code DATA_LEAKAGE}: evaluation examples of the domain that were also fine-tuning data of the
 * candidate (its leakage slice says {@code leaked}); fails above {@code findings.leakage.max-rate},
 * else informs. The message puts the priority metric on all examples next to the clean ones, so the
 * inflation shows.
 */
final class DataLeakageRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (String candidate : e.candidates()) {
      String slice = e.leakageSlices().get(candidate);
      if (slice == null) {
        continue;
      }
      for (String domain : e.domains()) {
        leakage(e, candidate, domain, slice, findings);
      }
    }
    return findings;
  }

  private static void leakage(
      Evidence e, String candidate, String domain, String slice, List<Finding> findings) {
    Policy policy = e.policies().apply(domain);
    GroupKey all = new GroupKey(candidate, domain, SliceKey.OVERALL);
    GroupKey leaked = new GroupKey(candidate, domain, new SliceKey(slice, "leaked"));
    GroupKey clean = new GroupKey(candidate, domain, new SliceKey(slice, "clean"));
    long n = e.examples(all);
    long leakedCount = e.examples(leaked);
    if (leakedCount == 0 || n == 0) {
      return;
    }
    double rate = leakedCount / (double) n;
    boolean fails = rate > e.thresholds().maxLeakRate();
    String what = e.priorityLabel(domain, policy);
    ConfusionMatrix cleanMatrix = e.matrices().get(clean);
    String inflation =
        cleanMatrix == null || cleanMatrix.total() == 0
            ? "no clean example is left to measure it on"
            : String.format(
                Locale.ROOT,
                "%s is %.3f on all examples but %.3f on the %d clean ones",
                what,
                e.priorityValue(e.matrices().get(all), domain, policy),
                e.priorityValue(cleanMatrix, domain, policy),
                cleanMatrix.total());
    findings.add(
        new Finding(
            fails ? Severity.FAIL : Severity.INFO,
            FindingCode.DATA_LEAKAGE,
            candidate,
            domain,
            new SliceKey(slice, SliceKey.POOLED),
            String.format(
                Locale.ROOT,
                "%s on %s: %d of %d evaluation examples (%.1f %%) were also in %s's fine-tuning"
                    + " data%s; %s. Judge it on the clean slice (%s = clean) and remove them from"
                    + " the evaluation set.",
                candidate,
                domain,
                leakedCount,
                n,
                100 * rate,
                candidate,
                fails
                    ? String.format(
                        Locale.ROOT,
                        ", above the %.1f %% allowed",
                        100 * e.thresholds().maxLeakRate())
                    : "",
                inflation,
                slice)));
  }
}

package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Decision;
import dev.domaineval.config.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Forgetting on an out-of-domain domain, a non-inferiority decision on the 95 % interval of each
 * delta against the margin ({@link SignificantDrops}):
 *
 * <ul>
 *   <li>{@code FORGETTING}: a drop that is significant and larger than the margin; fails on the
 *       domain's overall slice, warns in a slice (not in a slice that is the whole domain again);
 *   <li>nothing when the interval's lower bound is at or above {@code -margin}: shown not to have
 *       forgotten more than the margin (a significant drop within it is reported as info);
 *   <li>otherwise, for the domain's headline metrics (accuracy and the priority metric) on its
 *       overall slice, {@code FORGETTING_INCONCLUSIVE} (warn, informs) with the number of examples
 *       that would settle it, and the gate stays open: the verdict is at best INCONCLUSIVE.
 * </ul>
 */
final class ForgettingRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (ComparisonRow row : SignificantDrops.beyondMargin(e, Policy.Role.OUT_OF_DOMAIN)) {
      findings.add(
          new Finding(
              row.slice().isOverall() ? Severity.FAIL : Severity.WARN,
              FindingCode.FORGETTING,
              row.candidate(),
              row.domain(),
              row.slice(),
              SignificantDrops.message(
                  row,
                  ", significantly and more than the margin: the candidate forgot some of what"
                      + " the base model knew outside its domain")));
    }
    for (ComparisonRow row : SignificantDrops.of(e, Policy.Role.OUT_OF_DOMAIN)) {
      if (!row.slice().isOverall()) {
        continue;
      }
      if (row.decision() == Decision.WORSE_WITHIN_MARGIN && row.isShownNotWorse()) {
        findings.add(
            new Finding(
                Severity.INFO,
                FindingCode.FORGETTING,
                row.candidate(),
                row.domain(),
                row.slice(),
                SignificantDrops.message(row, ", within the margin: not forgetting"),
                Finding.Effect.INFORMS));
      } else if (isUndecided(e, row)) {
        findings.add(
            new Finding(
                Severity.WARN,
                FindingCode.FORGETTING_INCONCLUSIVE,
                row.candidate(),
                row.domain(),
                row.slice(),
                SignificantDrops.where(row) + ": " + undecided(row),
                Finding.Effect.INFORMS));
      }
    }
    return findings;
  }

  @Override
  public List<OpenGate> openGates(Evidence e) {
    List<OpenGate> open = new ArrayList<>();
    for (ComparisonRow row : SignificantDrops.of(e, Policy.Role.OUT_OF_DOMAIN)) {
      if (row.slice().isOverall() && isUndecided(e, row)) {
        open.add(new OpenGate(row.candidate(), row.domain(), undecided(row)));
      }
    }
    return open;
  }

  /**
   * A headline row that neither shows forgetting beyond the margin nor rules it out: its interval
   * reaches below {@code -margin} without a significant drop beyond it, or it has no test.
   */
  private static boolean isUndecided(Evidence e, ComparisonRow row) {
    if (!SignificantDrops.isHeadline(e, row) || row.decision() == Decision.WORSE) {
      return false;
    }
    return !row.isShownNotWorse();
  }

  private static String undecided(ComparisonRow row) {
    Long needed = row.examplesToDecide();
    String settle =
        needed == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; about %d examples (now %d) would settle it at the observed difference and"
                    + " spread",
                needed,
                row.examples());
    return SignificantDrops.evidence(row)
        + ": the data can neither rule out nor show a drop larger than the margin"
        + settle
        + ".";
  }
}

package dev.domaineval.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verdicts decided from findings and open gates.
 *
 * <p>Verdict of a candidate on a domain: FAIL if a finding about it there gates and fails; else
 * INCONCLUSIVE if a gate was left open (a target met or missed only inside its interval, a domain
 * too small to gate); else WARN if a finding about it there gates and warns; else PASS. Findings
 * that only inform ({@link Finding.Effect#INFORMS}) never change a verdict.
 */
final class Verdicts {
  /**
   * A verdict lists every failure and open gate but only this many warnings (slices can raise
   * hundreds); the findings table has them all.
   */
  static final int MAX_WARNINGS_IN_VERDICT = 10;

  private Verdicts() {}

  /**
   * One verdict per candidate and domain, in that order.
   *
   * @param findings every finding, most severe first (the reasons follow this order)
   */
  static List<Verdict> decide(
      List<String> candidates,
      List<String> domains,
      List<Finding> findings,
      List<OpenGate> openGates) {
    Map<List<String>, List<String>> open = new LinkedHashMap<>();
    for (OpenGate g : openGates) {
      open.computeIfAbsent(List.of(g.candidate(), g.domain()), k -> new ArrayList<>())
          .add(g.reason());
    }
    List<Verdict> out = new ArrayList<>();
    for (String candidate : candidates) {
      for (String domain : domains) {
        List<Finding> mine = about(findings, candidate, domain);
        List<String> reasons = new ArrayList<>();
        mine.stream()
            .filter(f -> f.severity() == Severity.FAIL)
            .forEach(f -> reasons.add(reason(f)));
        List<String> undecided = open.getOrDefault(List.of(candidate, domain), List.of());
        undecided.forEach(r -> reasons.add("INCONCLUSIVE: " + r));
        List<Finding> warnings = mine.stream().filter(f -> f.severity() == Severity.WARN).toList();
        warnings.stream().limit(MAX_WARNINGS_IN_VERDICT).forEach(f -> reasons.add(reason(f)));
        if (warnings.size() > MAX_WARNINGS_IN_VERDICT) {
          reasons.add(
              String.format(
                  Locale.ROOT,
                  "... and %d more warnings about %s on %s in the findings table.",
                  warnings.size() - MAX_WARNINGS_IN_VERDICT,
                  candidate,
                  domain));
        }
        Verdict.Outcome outcome;
        if (mine.stream().anyMatch(f -> f.severity() == Severity.FAIL)) {
          outcome = Verdict.Outcome.FAIL;
        } else if (!undecided.isEmpty()) {
          outcome = Verdict.Outcome.INCONCLUSIVE;
        } else if (!warnings.isEmpty()) {
          outcome = Verdict.Outcome.WARN;
        } else {
          outcome = Verdict.Outcome.PASS;
        }
        out.add(new Verdict(candidate, domain, outcome, reasons));
      }
    }
    return out;
  }

  /**
   * The verdicts made at least as bad as more findings make them: each lists its new failures
   * first, then its earlier reasons, then its new warnings (all of them).
   */
  static List<Verdict> update(List<Verdict> verdicts, List<Finding> more) {
    List<Verdict> updated = new ArrayList<>();
    for (Verdict v : verdicts) {
      List<Finding> mine = about(more, v.candidate(), v.domain());
      Verdict.Outcome outcome = v.outcome();
      List<String> reasons = new ArrayList<>();
      for (Finding f : mine) {
        if (f.severity() == Severity.FAIL) {
          outcome = Verdict.Outcome.FAIL;
          reasons.add(reason(f));
        }
      }
      reasons.addAll(v.reasons());
      for (Finding f : mine) {
        if (f.severity() == Severity.WARN) {
          if (outcome.compareTo(Verdict.Outcome.WARN) < 0) {
            outcome = Verdict.Outcome.WARN;
          }
          reasons.add(reason(f));
        }
      }
      updated.add(new Verdict(v.candidate(), v.domain(), outcome, reasons));
    }
    return updated;
  }

  /** The findings that gate the candidate on the domain. */
  private static List<Finding> about(List<Finding> findings, String candidate, String domain) {
    return findings.stream()
        .filter(Finding::gates)
        .filter(f -> candidate.equals(f.model()) && domain.equals(f.domain()))
        .toList();
  }

  private static String reason(Finding f) {
    return f.code() + ": " + f.message();
  }
}

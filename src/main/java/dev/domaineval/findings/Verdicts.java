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

  /** The prefix of a reason that is an open gate. */
  static final String INCONCLUSIVE = "INCONCLUSIVE";

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
        Reasons reasons = new Reasons();
        List<Finding> failures = of(mine, Severity.FAIL);
        failures.forEach(reasons::add);
        List<String> undecided = open.getOrDefault(List.of(candidate, domain), List.of());
        undecided.forEach(r -> reasons.add(INCONCLUSIVE + ": " + r, ReasonKind.EVALUATION));
        List<Finding> warnings = of(mine, Severity.WARN);
        warnings.stream().limit(MAX_WARNINGS_IN_VERDICT).forEach(reasons::add);
        if (warnings.size() > MAX_WARNINGS_IN_VERDICT) {
          List<Finding> folded = warnings.subList(MAX_WARNINGS_IN_VERDICT, warnings.size());
          reasons.add(
              String.format(
                  Locale.ROOT,
                  "... and %d more warnings about %s on %s in the findings table.",
                  folded.size(),
                  candidate,
                  domain),
              kindOf(folded));
        }
        Verdict.Outcome outcome;
        ReasonKind kind;
        if (!failures.isEmpty()) {
          outcome = Verdict.Outcome.FAIL;
          kind = kindOf(failures);
        } else if (!undecided.isEmpty()) {
          outcome = Verdict.Outcome.INCONCLUSIVE;
          kind = ReasonKind.EVALUATION;
        } else if (!warnings.isEmpty()) {
          outcome = Verdict.Outcome.WARN;
          kind = kindOf(warnings);
        } else {
          outcome = Verdict.Outcome.PASS;
          kind = null;
        }
        out.add(reasons.verdict(candidate, domain, outcome, kind));
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
      List<Finding> failures = of(mine, Severity.FAIL);
      List<Finding> warnings = of(mine, Severity.WARN);
      Reasons reasons = new Reasons();
      failures.forEach(reasons::add);
      for (int i = 0; i < v.reasons().size(); i++) {
        reasons.add(v.reasons().get(i), v.kinds().get(i));
      }
      warnings.forEach(reasons::add);
      Verdict.Outcome outcome = v.outcome();
      ReasonKind kind = v.kind();
      if (!failures.isEmpty()) {
        kind =
            outcome == Verdict.Outcome.FAIL && kind == ReasonKind.MODEL
                ? ReasonKind.MODEL
                : kindOf(failures);
        outcome = Verdict.Outcome.FAIL;
      } else if (!warnings.isEmpty() && outcome.compareTo(Verdict.Outcome.WARN) <= 0) {
        kind =
            outcome == Verdict.Outcome.WARN && kind == ReasonKind.MODEL
                ? ReasonKind.MODEL
                : kindOf(warnings);
        outcome = Verdict.Outcome.WARN;
      }
      updated.add(reasons.verdict(v.candidate(), v.domain(), outcome, kind));
    }
    return updated;
  }

  /** The reasons of a verdict and their kinds, in the order they are added. */
  private static final class Reasons {
    private final List<String> texts = new ArrayList<>();
    private final List<ReasonKind> kinds = new ArrayList<>();

    void add(Finding f) {
      add(reason(f), f.code().kind());
    }

    void add(String text, ReasonKind kind) {
      texts.add(text);
      kinds.add(kind);
    }

    Verdict verdict(String candidate, String domain, Verdict.Outcome outcome, ReasonKind kind) {
      return new Verdict(candidate, domain, outcome, texts, kinds, kind);
    }
  }

  /** {@link ReasonKind#MODEL} when one of the findings blames the candidate. */
  private static ReasonKind kindOf(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.code().kind() == ReasonKind.MODEL)
        ? ReasonKind.MODEL
        : ReasonKind.EVALUATION;
  }

  private static List<Finding> of(List<Finding> findings, Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).toList();
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

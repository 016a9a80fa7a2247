package dev.domaineval.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a candidate can ship, read from its verdicts on every domain: the line a lead reads
 * first.
 *
 * <ul>
 *   <li>{@link Call#DO_NOT_SHIP}: a domain FAILs for a reason that blames the candidate ({@link
 *       ReasonKind#MODEL}: worse than the baseline, a target missed, overfitting, forgetting);
 *   <li>{@link Call#NOT_DECIDED}: else, a domain FAILs only for reasons that blame the evaluation
 *       (leakage, coverage, invalid outputs, too little data) or is INCONCLUSIVE: fix the
 *       evaluation or add examples, then decide;
 *   <li>{@link Call#SHIP}: every domain PASSes or WARNs.
 * </ul>
 *
 * @param candidate the candidate model
 * @param call the decision
 * @param facts the decisive facts: one per domain that decides (its first decisive reason); for a
 *     SHIP one, about every domain: how many passed and warned
 */
public record ShipDecision(String candidate, Call call, List<Fact> facts) {
  public ShipDecision {
    facts = List.copyOf(facts);
  }

  /**
   * A decisive fact.
   *
   * @param domain the domain it is about, or null when it is about every domain
   * @param reason the verdict's reason, as the verdicts table has it
   */
  public record Fact(String domain, String reason) {}

  /** The three decisions; the id is what {@code summary.json} holds. */
  public enum Call {
    SHIP("ship", "ship"),
    DO_NOT_SHIP("do_not_ship", "do not ship"),
    NOT_DECIDED("not_decided", "not decided");

    private final String id;
    private final String words;

    Call(String id, String words) {
      this.id = id;
      this.words = words;
    }

    /**
     * The decision in {@code summary.json}: {@code ship}, {@code do_not_ship}, {@code not_decided}.
     */
    public String id() {
      return id;
    }

    /** The decision as the report says it. */
    public String words() {
      return words;
    }
  }

  /** One decision per candidate, in the order the verdicts name them. */
  public static List<ShipDecision> of(List<Verdict> verdicts) {
    Map<String, List<Verdict>> byCandidate = new LinkedHashMap<>();
    verdicts.forEach(
        v -> byCandidate.computeIfAbsent(v.candidate(), k -> new ArrayList<>()).add(v));
    List<ShipDecision> out = new ArrayList<>();
    byCandidate.forEach((candidate, mine) -> out.add(decide(candidate, mine)));
    return out;
  }

  private static ShipDecision decide(String candidate, List<Verdict> verdicts) {
    List<Verdict> modelFailures =
        verdicts.stream()
            .filter(v -> v.outcome() == Verdict.Outcome.FAIL && v.kind() == ReasonKind.MODEL)
            .toList();
    if (!modelFailures.isEmpty()) {
      return new ShipDecision(
          candidate,
          Call.DO_NOT_SHIP,
          modelFailures.stream().map(v -> fact(v, ReasonKind.MODEL)).toList());
    }
    List<Verdict> undecided =
        verdicts.stream()
            .filter(
                v ->
                    v.outcome() == Verdict.Outcome.FAIL
                        || v.outcome() == Verdict.Outcome.INCONCLUSIVE)
            .toList();
    if (!undecided.isEmpty()) {
      return new ShipDecision(
          candidate,
          Call.NOT_DECIDED,
          undecided.stream().map(v -> fact(v, ReasonKind.EVALUATION)).toList());
    }
    long warned = verdicts.stream().filter(v -> v.outcome() == Verdict.Outcome.WARN).count();
    String summary =
        "every gate passed on "
            + verdicts.size()
            + (verdicts.size() == 1 ? " domain" : " domains")
            + (warned == 0 ? "" : "; " + warned + " with warnings to look at");
    return new ShipDecision(candidate, Call.SHIP, List.of(new Fact(null, summary)));
  }

  /** The verdict's first reason of the kind that decides, with its domain. */
  private static Fact fact(Verdict v, ReasonKind kind) {
    for (int i = 0; i < v.reasons().size(); i++) {
      if (v.kinds().get(i) == kind) {
        return new Fact(v.domain(), v.reasons().get(i));
      }
    }
    return new Fact(v.domain(), v.outcome().name());
  }
}

package dev.domaineval.findings;

/**
 * What a verdict's reason says is wrong: the candidate, or the evaluation that judged it. A lead
 * reads a FAIL of kind {@link #MODEL} as "do not ship" and one of kind {@link #EVALUATION} as "fix
 * the evaluation, then decide"; the id is what the verdicts table and {@code summary.json} hold.
 */
public enum ReasonKind {
  /** The candidate is worse than the baseline, misses a target, overfits, forgets. */
  MODEL("model"),
  /**
   * The evaluation cannot be trusted as it is: leaked examples, rows that did not join, invalid
   * outputs or scores, inputs read wrongly, too little data to decide.
   */
  EVALUATION("evaluation");

  private final String id;

  ReasonKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * The kind of a reason as the verdicts list it: {@code CODE: message} takes its code's kind
   * ({@link FindingCode#kind()}), {@code INCONCLUSIVE: ...} (an open gate: too little data) is
   * {@link #EVALUATION}; any other text (the line that folds further warnings) is {@code previous},
   * the kind of the reason before it.
   */
  public static ReasonKind of(String reason, ReasonKind previous) {
    int colon = reason.indexOf(':');
    if (colon > 0) {
      String code = reason.substring(0, colon);
      if (code.equals(Verdicts.INCONCLUSIVE)) {
        return EVALUATION;
      }
      for (FindingCode c : FindingCode.values()) {
        if (c.name().equals(code)) {
          return c.kind();
        }
      }
    }
    return previous;
  }
}

package dev.domaineval.findings;

/** The closed set of finding codes; the name is what the findings table holds. */
public enum FindingCode {
  /** The candidate misses a domain target (fail on the priority metric, warn otherwise). */
  BELOW_TARGET,
  /** Accuracy looks good while the positive or minority class is barely found. */
  ACCURACY_PARADOX,
  /** One of precision and recall improves while the other gets worse. */
  ONE_SIDED_GAIN,
  /**
   * The candidate is significantly worse than the baseline on an in-domain metric, by more than the
   * margin (info: significantly worse within the margin).
   */
  REGRESSION,
  /** Evaluation examples that were also fine-tuning data. */
  DATA_LEAKAGE,
  /** The candidate is much better on examples it was trained on than on held-out ones. */
  OVERFITTING,
  /**
   * The candidate is significantly worse than the baseline on an out-of-domain set, by more than
   * the margin (info: significantly worse within the margin).
   */
  FORGETTING,
  /** Too few examples for a group to gate. */
  LOW_SUPPORT,
  /** Invalid or missing predictions above the configured rate. */
  INVALID_PREDICTIONS,
  /** Input rows that did not join: coverage below 100 %. */
  UNMATCHED_ROWS,
  /** Scores that are null, not a number or outside [0, 1]: left out of the score metrics. */
  INVALID_SCORES,
  /** A slice has more values than max-slice-values: the least supported are counted as (other). */
  TOO_MANY_SLICE_VALUES,
  /** Files of an input directory that are not named like data files were not read. */
  IGNORED_FILES,
  /** Text values of an input contain U+FFFD: it was probably read with the wrong encoding. */
  REPLACEMENT_CHARACTERS,
  /** Another threshold on the scores would meet the domain target the hard predictions miss. */
  THRESHOLD_OPPORTUNITY,
  /**
   * The candidate's priority metric on a domain dropped significantly since the reference run (the
   * last published run, or the pinned one). A warning, never a failure: the runs may have evaluated
   * different examples, so the test is unpaired and the paired comparison with the baseline stays
   * the decisive gate; a drop still needs a person to look, and the candidate's verdict on the
   * domain is at best WARN.
   */
  REGRESSION_VS_LAST_RUN,
  /**
   * On an out-of-domain set, the interval of a headline metric's delta allows a drop larger than
   * the margin, and the drop is not significant: too few examples to decide. Warns, informs; the
   * verdict is at best INCONCLUSIVE.
   */
  FORGETTING_INCONCLUSIVE,
  /**
   * Slice discovery found an intersection of slice values, configured or not, where the candidate
   * is significantly worse (confirmed on the held-out half). Warns and informs; with {@code
   * discovery.gate = true} a significant {@code broken} slice fails the gate like a REGRESSION.
   */
  DISCOVERED_SLICE,
  /**
   * The candidate refuses significantly more than the baseline on a domain, by more than the
   * margin. Warns; fails where the domain's {@code normalization.refusal-increase = fail}.
   */
  REFUSAL_INCREASE,
  /**
   * A model answers (neither refuses nor abstains) less than {@code normalization.min-coverage} of
   * a domain's examples. Warns.
   */
  LOW_COVERAGE;

  /**
   * Whether the code, as a verdict's reason, says the candidate is wrong ({@link ReasonKind#MODEL})
   * or the evaluation is ({@link ReasonKind#EVALUATION}: leakage, coverage, invalid outputs, inputs
   * read wrongly, too little data).
   */
  public ReasonKind kind() {
    return switch (this) {
      case BELOW_TARGET,
          ACCURACY_PARADOX,
          ONE_SIDED_GAIN,
          REGRESSION,
          OVERFITTING,
          FORGETTING,
          THRESHOLD_OPPORTUNITY,
          REGRESSION_VS_LAST_RUN,
          DISCOVERED_SLICE,
          REFUSAL_INCREASE,
          LOW_COVERAGE ->
          ReasonKind.MODEL;
      case DATA_LEAKAGE,
          LOW_SUPPORT,
          INVALID_PREDICTIONS,
          UNMATCHED_ROWS,
          INVALID_SCORES,
          TOO_MANY_SLICE_VALUES,
          IGNORED_FILES,
          REPLACEMENT_CHARACTERS,
          FORGETTING_INCONCLUSIVE ->
          ReasonKind.EVALUATION;
    };
  }
}

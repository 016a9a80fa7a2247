package dev.domaineval.config;

/**
 * Thresholds of the pitfall rules.
 *
 * @param paradoxMinAccuracy accuracy at or above which a low minority recall is a paradox
 * @param paradoxMaxRecall minority-class recall below which accuracy is not to be trusted
 * @param oneSidedTolerance the change of precision or recall (absolute) beyond which a gain on one
 *     side with a loss on the other is reported, when the loss is not tested
 * @param maxInvalidRate the rate of invalid or missing predictions above which a finding is raised
 * @param overfittingMaxGap the largest tolerated excess (absolute) of the priority metric on
 *     training examples over held-out ones
 * @param trainSplit the value of the split column that marks examples the candidate was trained on
 * @param maxLeakRate the share of a domain's examples that may have leaked into a candidate's
 *     fine-tuning data before DATA_LEAKAGE fails
 * @param failOnGate whether a failing gate makes the run exit with code 3
 */
public record FindingsSpec(
    double paradoxMinAccuracy,
    double paradoxMaxRecall,
    double oneSidedTolerance,
    double maxInvalidRate,
    double overfittingMaxGap,
    String trainSplit,
    double maxLeakRate,
    boolean failOnGate) {}

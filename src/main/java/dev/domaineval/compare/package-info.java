/**
 * Baseline-vs-candidate comparison math: pure Java, no Spark.
 *
 * <p>Spark produces the paired counts of baseline and candidate on the same examples ({@link
 * dev.domaineval.compare.PairedCounts}); this package turns them into the exact McNemar test
 * ({@link dev.domaineval.compare.McNemar}), controls the false discovery rate over many domains and
 * slices ({@link dev.domaineval.compare.BenjaminiHochberg}), states how small a change a sample can
 * detect ({@link dev.domaineval.compare.MinimumDetectableEffect}) and decides gates on confidence
 * intervals ({@link dev.domaineval.compare.TargetDecision}). Probabilities and proportions are
 * fractions in [0, 1]; counts are numbers of examples.
 */
package dev.domaineval.compare;

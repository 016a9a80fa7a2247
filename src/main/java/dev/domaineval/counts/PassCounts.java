package dev.domaineval.counts;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the one pass over the inputs returns: small, additive counts, from which every later
 * stage builds its own inputs (confusion matrices, joint confusions, score histograms) in plain
 * Java.
 *
 * @param reconciliation every input row counted under one reason, by table (and model)
 * @param labelsByDomain per domain, the labelled examples of each label value as found in the data
 * @param confusion the (actual, predicted class or {@code (invalid)}) cells of every model, domain
 *     (and the pooled domain) and slice value
 * @param paired per candidate group (the cell's model is the candidate), the (actual, {@link
 *     JointConfusion#pairKey}) cells of its joint confusion with the baseline
 * @param scores the score sketch of every model and binary domain (every slice value at once);
 *     empty without a score column
 * @param cappedSlices the slices whose values were capped
 * @param replacementCharacters per input table ({@code labels}, {@code predictions}) with any, the
 *     number of its text values read (ids, labels, domains, models, predictions, slice values) that
 *     contain U+FFFD, the replacement character: a sign that the file is not in the encoding it was
 *     read with
 * @param examples the examples listed behind every group's outcomes (broken, fixed, leaked,
 *     invalid); empty with {@code examples.per-outcome = 0}
 * @param discovery per candidate, domain, finest-grain cell of the searched slice dimensions and
 *     half, the paired outcomes slice discovery reads; empty when discovery is off
 * @param answers per model, domain and normalization rule, the matched predictions it decided
 * @param invalidAnswers per model and domain, its most frequent answers that matched no label;
 *     empty where {@code normalization.keep-raw-answers} is off
 */
public record PassCounts(
    List<ReconciliationCount> reconciliation,
    Map<String, Map<String, Long>> labelsByDomain,
    List<CellCount> confusion,
    List<CellCount> paired,
    List<DomainScores> scores,
    List<CappedSlice> cappedSlices,
    Map<String, Long> replacementCharacters,
    List<ListedExample> examples,
    List<DiscoveryCell> discovery,
    List<AnswerCount> answers,
    List<InvalidAnswer> invalidAnswers) {
  public PassCounts {
    invalidAnswers = List.copyOf(invalidAnswers);
    answers = List.copyOf(answers);
    discovery = List.copyOf(discovery);
    examples = List.copyOf(examples);
    reconciliation = List.copyOf(reconciliation);
    labelsByDomain = Collections.unmodifiableSortedMap(new TreeMap<>(labelsByDomain));
    confusion = List.copyOf(confusion);
    paired = List.copyOf(paired);
    scores = List.copyOf(scores);
    cappedSlices = List.copyOf(cappedSlices);
    replacementCharacters = Collections.unmodifiableSortedMap(new TreeMap<>(replacementCharacters));
  }
}

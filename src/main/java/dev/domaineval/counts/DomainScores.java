package dev.domaineval.counts;

import java.util.List;

/**
 * The score counts of one model on one binary domain, at every grouping: the {@link ScoreSketch}es
 * of the pass's partitions as bytes ({@link ScoreSketch#toBytes}), read as one with {@link
 * ScoreSketch#forEachGroup(List, ScoreSketch.GroupVisitor)}. Slice values beyond a capped
 * dimension's kept ones are already {@code (other)}.
 *
 * @param model the model
 * @param domain the domain (never the pooled one)
 * @param parts the sketches' bytes (not copied: do not change them)
 */
public record DomainScores(String model, String domain, List<byte[]> parts) {
  public DomainScores {
    parts = List.copyOf(parts);
  }
}

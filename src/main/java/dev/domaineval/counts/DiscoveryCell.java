package dev.domaineval.counts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The paired outcomes of a candidate and the baseline on the examples of one finest-grain cell and
 * one half, what slice discovery reads: the cell's values of the searched dimensions and its counts
 * of examples both models got right, the candidate fixed, the candidate broke, both got wrong.
 *
 * @param candidate the candidate model
 * @param domain the domain
 * @param values one value per searched dimension (null for a missing value), in plan order
 * @param half 0 for the discovery half, 1 for the confirmation half
 * @param bothRight examples both models got right
 * @param fixed examples the baseline got wrong and the candidate right
 * @param broken examples the baseline got right and the candidate wrong
 * @param bothWrong examples both models got wrong
 */
public record DiscoveryCell(
    String candidate,
    String domain,
    List<String> values,
    int half,
    long bothRight,
    long fixed,
    long broken,
    long bothWrong) {

  public DiscoveryCell {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(domain, "domain");
    values = Collections.unmodifiableList(new ArrayList<>(values));
    if (half != 0 && half != 1) {
      throw new IllegalArgumentException("Invalid discovery cell half " + half + ": 0 or 1");
    }
  }
}

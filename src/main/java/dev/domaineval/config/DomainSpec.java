package dev.domaineval.config;

import java.util.List;
import java.util.Optional;

/**
 * Settings of one domain.
 *
 * @param name the domain's value in the labels table
 * @param positiveClass present for a binary domain: the class whose precision, recall, f1,
 *     specificity and prevalence are reported as the domain's headline metrics
 * @param labels the configured label set; empty means "the distinct labels of the domain"
 * @param policy how the domain gates a candidate (defaults merged with the domain's settings)
 */
public record DomainSpec(
    String name, Optional<String> positiveClass, List<String> labels, Policy policy) {
  public DomainSpec {
    labels = List.copyOf(labels);
  }

  public boolean isBinary() {
    return positiveClass.isPresent();
  }

  public boolean hasLabelSet() {
    return !labels.isEmpty();
  }
}

package dev.domaineval.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer normalization of every domain: the defaults of section {@code normalization}, and each
 * domain's own where {@code domains.<name>.normalization} sets any key (merged over the defaults).
 *
 * @param defaults the rules of a domain that sets none
 * @param byDomain the rules of each domain that sets some
 */
public record Normalization(AnswerRules defaults, Map<String, AnswerRules> byDomain)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public Normalization {
    byDomain = java.util.Collections.unmodifiableMap(new TreeMap<>(byDomain));
  }

  /** The defaults of {@code reference.conf} for every domain. */
  public static Normalization defaultsOnly() {
    return new Normalization(AnswerRules.defaults(), Map.of());
  }

  /** Whether any domain's answers can be refusals or abstentions. */
  /** Whether some domain keeps its most frequent invalid answers as written. */
  public boolean keepsRawAnswers() {
    return defaults.keepRawAnswers()
        || byDomain.values().stream().anyMatch(AnswerRules::keepRawAnswers);
  }

  public boolean hasNonAnswers() {
    return defaults.hasNonAnswers()
        || byDomain.values().stream().anyMatch(AnswerRules::hasNonAnswers);
  }

  /** The rules of a domain. */
  public AnswerRules rules(String domain) {
    return byDomain.getOrDefault(domain, defaults);
  }
}

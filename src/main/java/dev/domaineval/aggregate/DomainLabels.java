package dev.domaineval.aggregate;

import dev.domaineval.config.AnswerRules;
import dev.domaineval.input.AnswerChain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The labels of one domain that a partition's sketch has seen, as keys ({@link
 * AnswerChain#labelKey}): a prediction whose key is one of them is a valid class. A partition knows
 * only its own labels, so a sketch keeps what may be invalid and the roll-up decides with every
 * label of the domain.
 */
final class DomainLabels {
  private final AnswerChain chain;
  private final Map<UTF8String, UTF8String> keyOfLabel = new HashMap<>();
  private final Set<UTF8String> keys = new HashSet<>();

  DomainLabels(AnswerRules rules, boolean caseSensitive) {
    chain = new AnswerChain(rules, caseSensitive);
  }

  /**
   * The key of a label; a label seen for the first time makes its key valid, and a key new to the
   * domain is passed to {@code newKey}.
   */
  UTF8String keyOf(UTF8String label, Consumer<String> newKey) {
    UTF8String key = keyOfLabel.get(label);
    if (key == null) {
      String labelKey = chain.labelKey(label.toString());
      key = UTF8String.fromString(labelKey == null ? "" : labelKey);
      keyOfLabel.put(label.clone(), key);
      if (keys.add(key)) {
        newKey.accept(key.toString());
      }
    }
    return key;
  }

  /** Whether a prediction key is the key of a label seen so far. */
  boolean isLabel(UTF8String key) {
    return keys.contains(key);
  }

  /** The label keys seen so far. */
  Set<UTF8String> keys() {
    return keys;
  }
}

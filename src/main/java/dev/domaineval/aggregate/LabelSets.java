package dev.domaineval.aggregate;

import dev.domaineval.config.DomainSpec;
import dev.domaineval.config.Normalization;
import dev.domaineval.input.AnswerChain;
import dev.domaineval.input.InvalidInputException;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The label set of every domain, and the match key of each label.
 *
 * <p>A domain's label set is its configured one, else the distinct labels that occur in it. A
 * prediction is valid when its key (normalised by its domain's {@link AnswerChain}) is the key of a
 * label of its example's domain (the label normalised by the same steps, but the answer pattern and
 * the aliases); otherwise it is {@code (invalid)}.
 */
public final class LabelSets {
  private static final Set<String> RESERVED =
      Set.of(
          SliceKey.POOLED,
          ConfusionMatrix.INVALID,
          ConfusionMatrix.REFUSED,
          ConfusionMatrix.ABSTAINED,
          SliceKey.NULL_VALUE);

  private final Map<String, List<String>> labels;
  private final Map<String, Map<String, String>> keys;

  private LabelSets(Map<String, List<String>> labels, Map<String, Map<String, String>> keys) {
    this.labels = labels;
    this.keys = keys;
  }

  /** {@link #build(Map, Map, boolean, int, Normalization)} with the default normalization. */
  public static LabelSets build(
      Map<String, Map<String, Long>> observed,
      Map<String, DomainSpec> configured,
      boolean caseSensitive,
      int maxClasses) {
    return build(observed, configured, caseSensitive, maxClasses, Normalization.defaultsOnly());
  }

  /**
   * Builds and checks the label sets.
   *
   * @param observed domain to label to number of labelled examples
   * @param configured per-domain settings
   * @throws InvalidInputException when the data contradicts the configuration: a label outside a
   *     configured set, a domain with more than {@code maxClasses} classes, a binary domain with
   *     other than two labels, a reserved value, labels that differ only in case under
   *     case-insensitive matching, labels that the normalization makes one, an alias of no label of
   *     its domain, a configured domain with no labels
   */
  public static LabelSets build(
      Map<String, Map<String, Long>> observed,
      Map<String, DomainSpec> configured,
      boolean caseSensitive,
      int maxClasses,
      Normalization normalization) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> sets = new TreeMap<>();
    Map<String, Map<String, String>> keys = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : new TreeMap<>(observed).entrySet()) {
      String domain = e.getKey();
      Map<String, Long> counts = e.getValue();
      // A row without a domain is never a domain (it is counted as null_domain): "(null)" here is
      // a value of the data that the outputs could not tell from a null.
      if (RESERVED.contains(domain)) {
        problems.add(
            String.format(
                "domain '%s' (%d labelled rows) is a reserved output token; rename it in the"
                    + " labels table",
                domain, total(counts)));
      }
      for (Map.Entry<String, Long> label : counts.entrySet()) {
        if (RESERVED.contains(label.getKey())) {
          problems.add(
              String.format(
                  "label '%s' in domain '%s' (%d rows) is a reserved output token; rename it in"
                      + " the labels table",
                  label.getKey(), domain, label.getValue()));
        }
      }
      DomainSpec spec = configured.get(domain);
      TreeSet<String> set = new TreeSet<>(counts.keySet());
      if (spec != null && spec.hasLabelSet()) {
        for (Map.Entry<String, Long> label : counts.entrySet()) {
          if (!spec.labels().contains(label.getKey())) {
            problems.add(
                String.format(
                    "label '%s' in domain '%s' (%d rows) is not in its configured label set %s;"
                        + " fix the labels or add it to domains.%s.labels",
                    label.getKey(), domain, label.getValue(), spec.labels(), domain));
          }
        }
        set = new TreeSet<>(spec.labels());
      }
      if (spec != null && spec.isBinary()) {
        String positive = spec.positiveClass().get();
        set.add(positive);
        if (set.size() > 2) {
          problems.add(
              String.format(
                  "domain '%s' has positive-class '%s' but %d labels %s; a binary domain has two."
                      + " Remove domains.%s.positive-class to treat it as multiclass, or fix the"
                      + " labels",
                  domain, positive, set.size(), set, domain));
        }
      }
      keys.put(domain, keys(domain, set, normalization, caseSensitive, problems));
      if (set.size() > maxClasses) {
        problems.add(
            String.format(
                "domain '%s' has %d classes, more than max-classes = %d (e.g. %s); a label column"
                    + " with that many values is usually the wrong column: check"
                    + " input.labels.columns.label, or raise max-classes (up to 5000) for a"
                    + " genuinely large label set",
                domain, set.size(), maxClasses, abbreviate(set, 5)));
      }
      sets.put(domain, List.copyOf(set));
    }
    for (String domain : new TreeSet<>(configured.keySet())) {
      if (!sets.containsKey(domain)) {
        problems.add(
            String.format(
                "domain '%s' is configured under 'domains' but has no labelled example (domains"
                    + " in the labels table: %s); fix the name or remove it",
                domain, sets.keySet()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "The labels do not fit the configuration:\n  - " + String.join("\n  - ", problems));
    }
    return new LabelSets(sets, keys);
  }

  /**
   * A domain's match keys: each label's key by its domain's chain. Reports labels that the steps
   * make one (those that differ only in case as such), labels that would be non-answers and aliases
   * of no label.
   */
  private static Map<String, String> keys(
      String domain,
      Set<String> labels,
      Normalization normalization,
      boolean caseSensitive,
      List<String> problems) {
    AnswerChain chain;
    try {
      chain = new AnswerChain(normalization.rules(domain), caseSensitive);
    } catch (IllegalArgumentException e) {
      problems.add(String.format("domain '%s': %s", domain, e.getMessage()));
      return Map.of();
    }
    Map<String, String> byKey = new TreeMap<>();
    for (String label : labels) {
      String key = chain.labelKey(label);
      if (key == null) {
        problems.add(
            String.format(
                "label '%s' of domain '%s' is blank after normalization; turn off"
                    + " strip-quotes or strip-punctuation under domains.%s.normalization",
                label, domain, domain));
        continue;
      }
      int refusal = chain.refusalNumber(label);
      if (refusal > 0) {
        problems.add(
            String.format(
                "label '%s' of domain '%s' would be a refusal: refusal pattern %d ('%s') finds"
                    + " it; narrow the pattern under domains.%s.normalization",
                label, domain, refusal, chain.refusals().get(refusal - 1), domain));
      }
      if (chain.abstains(key)) {
        problems.add(
            String.format(
                "label '%s' of domain '%s' is one of its abstain-values; remove it from"
                    + " domains.%s.normalization.abstain-values",
                label, domain, domain));
      }
      String other = byKey.put(key, label);
      if (other != null && other.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
        problems.add(
            String.format(
                "domain '%s' has labels '%s' and '%s' that differ only in case; set"
                    + " input.case-sensitive = true, or fix the labels",
                domain, other, label));
      } else if (other != null) {
        problems.add(
            String.format(
                "domain '%s' has labels '%s' and '%s' that are the same answer ('%s') after"
                    + " normalization; turn off the step that makes them one under"
                    + " domains.%s.normalization (unicode, white-space, strip-quotes,"
                    + " strip-punctuation), or fix the labels",
                domain, other, label, key, domain));
      }
    }
    normalization
        .rules(domain)
        .aliases()
        .forEach(
            (label, aliases) -> {
              if (!labels.contains(label)) {
                problems.add(
                    String.format(
                        "normalization.aliases of domain '%s' name label '%s', which is not one of"
                            + " its labels %s; fix the label's name",
                        domain, label, labels));
              }
            });
    chain
        .aliasKeys()
        .forEach(
            (aliasKey, labelKey) -> {
              String label = byKey.get(aliasKey);
              if (label != null) {
                problems.add(
                    String.format(
                        "an alias of domain '%s' is its label '%s' after normalization; remove"
                            + " the alias",
                        domain, label));
              }
            });
    if (chain.hasNonAnswers()) {
      // The pass's keys of the non-answers are their own predicted values.
      byKey.put(ConfusionMatrix.REFUSED, ConfusionMatrix.REFUSED);
      byKey.put(ConfusionMatrix.ABSTAINED, ConfusionMatrix.ABSTAINED);
    }
    return byKey;
  }

  /** The domains with at least one labelled example, sorted. */
  public Set<String> domains() {
    return labels.keySet();
  }

  /** The label set of a domain, sorted. */
  public List<String> labels(String domain) {
    return labels.getOrDefault(domain, List.of());
  }

  /** Domain to (match key to label): the table that maps normalised predictions to classes. */
  public Map<String, Map<String, String>> keys() {
    return keys;
  }

  private static String abbreviate(TreeSet<String> labels, int n) {
    List<String> first = new ArrayList<>();
    for (String label : labels) {
      if (first.size() == n) {
        break;
      }
      boolean longer = label.codePointCount(0, label.length()) > 40;
      first.add(
          "'"
              + (longer ? label.substring(0, label.offsetByCodePoints(0, 40)) + "..." : label)
              + "'");
    }
    return String.join(", ", first) + (labels.size() > n ? ", ..." : "");
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}

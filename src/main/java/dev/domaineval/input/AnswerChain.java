package dev.domaineval.input;

import static org.apache.spark.sql.functions.udf;

import dev.domaineval.config.AnswerRules;
import dev.domaineval.config.Normalization;
import dev.domaineval.metrics.ConfusionMatrix;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One domain's answer normalization ({@link AnswerRules}): the same Java code for labels and
 * aliases (on the driver and in the pass's sketches) and for the predictions in the pass ({@link
 * #byDomain}, one function call per prediction). The steps, in order: Unicode NFKC; every run of
 * white space to one space; trim (spaces); case-fold unless case-sensitive; strip the quotes and
 * brackets around the text and the punctuation at its end; the answer pattern (its first group,
 * trimmed and stripped again); the aliases. An answer that ends blank is no answer (null).
 *
 * <p>Then the non-answers: an answer in which a refusal pattern is found (case-insensitively, in
 * the text of the white-space step), that the answer pattern did not match and no alias names, is
 * {@code (refused)}; one whose key is an abstain value's is {@code (abstained)}.
 *
 * <p>The rule that decided a prediction is the first step after which its text is its key: {@link
 * Rule#EXACT} when the trimmed answer already is, then {@code unicode}, {@code white-space}, {@code
 * case}, {@code punctuation}, {@code pattern}, and {@code alias:<alias>→<label>}; {@code
 * refusal:<n>} (the pattern's number) and {@code abstain} for the non-answers. Whether the key is a
 * label is known after the pass: one that is not is {@code invalid} (see the normalization table).
 */
public final class AnswerChain implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The steps that decide a prediction, with the ids of the normalization table. */
  public enum Rule {
    EXACT("exact"),
    UNICODE("unicode"),
    WHITE_SPACE("white-space"),
    CASE("case"),
    PUNCTUATION("punctuation"),
    PATTERN("pattern"),
    ALIAS("alias"),
    REFUSAL("refusal"),
    ABSTAIN("abstain"),
    INVALID("invalid");

    private final String id;

    Rule(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** Opening quotes and brackets. */
  private static final String OPENING = "\"'`\u201C\u201D\u2018\u2019\u00AB\u00BB\u201E([{<";

  /** Closing quotes and brackets. */
  private static final String CLOSING = "\"'`\u201C\u201D\u2018\u2019\u00AB\u00BB)]}>";

  /** Punctuation at the end of an answer (NFKC makes the full-width forms ASCII). */
  private static final String PUNCTUATION = ".,;:!?\u3002\u3001";

  private static final String WHITE_SPACE = "\\s+";

  /**
   * Common English refusals ({@code normalization.english-refusals}), searched case-insensitively;
   * listed in docs/configuration.md with their numbers.
   */
  public static final List<String> ENGLISH_REFUSALS =
      List.of(
          "^(i'm|i\u2019m|i am) (sorry|afraid)\\b",
          "^(sorry|apologies|my apologies)\\b",
          "\\bi (cannot|can not|can't|can\u2019t|won't|won\u2019t|will not|am unable to|am not able"
              + " to) (help|assist|answer|provide|comply|classify|do that)\\b",
          "\\bas an ai\\b",
          "\\bi (must|have to) (decline|refuse)\\b",
          "\\b(unable|not able) to (help|assist|answer|comply|provide)\\b");

  private final AnswerRules rules;
  private final boolean caseSensitive;
  private final String leading;
  private final String trailing;

  /** Alias key to its label's key, and to its rule id. */
  private final Map<String, String> aliasKeys = new LinkedHashMap<>();

  private final Map<String, String> aliasRules = new LinkedHashMap<>();

  /** The refusal patterns searched, numbered from 1: the English list's (when on), then own. */
  private final List<String> refusals;

  /** The keys of the abstain values. */
  private final java.util.Set<String> abstainKeys = new java.util.LinkedHashSet<>();

  private transient List<Pattern> refusalPatterns;
  private transient Pattern answerPattern;
  private transient Pattern leadingPattern;
  private transient Pattern trailingPattern;

  /**
   * The chain of a domain's rules.
   *
   * @throws IllegalArgumentException when an alias is blank or is its own label after the steps, or
   *     when one alias means two labels
   */
  public AnswerChain(AnswerRules rules, boolean caseSensitive) {
    this.rules = Objects.requireNonNull(rules);
    this.caseSensitive = caseSensitive;
    this.leading = rules.stripQuotes() ? "^[\\s" + escape(OPENING) + "]+" : null;
    String trailingChars =
        (rules.stripQuotes() ? escape(CLOSING) : "")
            + (rules.stripPunctuation() ? escape(PUNCTUATION) : "");
    this.trailing = trailingChars.isEmpty() ? null : "[\\s" + trailingChars + "]+$";
    List<String> problems = new ArrayList<>();
    rules
        .aliases()
        .forEach(
            (label, aliases) -> {
              String labelKey = labelKey(label);
              for (String alias : aliases) {
                String key = labelKey(alias);
                if (key == null || key.equals(labelKey)) {
                  problems.add(
                      "alias '"
                          + alias
                          + "' of label '"
                          + label
                          + "' is "
                          + (key == null ? "blank" : "the label itself")
                          + " after normalization; remove it");
                  continue;
                }
                String other = aliasKeys.putIfAbsent(key, labelKey);
                if (other != null && !other.equals(labelKey)) {
                  problems.add(
                      "alias '"
                          + alias
                          + "' means two labels after normalization ('"
                          + key
                          + "'); keep it under one label");
                  continue;
                }
                aliasRules.putIfAbsent(key, Rule.ALIAS.id() + ":" + alias + "\u2192" + label);
              }
            });
    List<String> searched = new ArrayList<>();
    if (rules.englishRefusals()) {
      searched.addAll(ENGLISH_REFUSALS);
    }
    searched.addAll(rules.refusalPatterns());
    this.refusals = List.copyOf(searched);
    for (String value : rules.abstainValues()) {
      String key = labelKey(value);
      if (key == null) {
        problems.add("abstain value '" + value + "' is blank after normalization; remove it");
      } else if (aliasKeys.containsKey(key)) {
        problems.add(
            "abstain value '" + value + "' is also an alias (of '" + aliasKeys.get(key) + "')");
      } else {
        abstainKeys.add(key);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Whether an answer can be {@code (refused)} or {@code (abstained)} under these rules. */
  public boolean hasNonAnswers() {
    return !refusals.isEmpty() || !abstainKeys.isEmpty();
  }

  /** The refusal patterns searched, in the order of their numbers (from 1). */
  public List<String> refusals() {
    return refusals;
  }

  /**
   * The number (from 1) of the first refusal pattern found in a text such as a label, after the
   * steps the search reads (NFKC, white space); 0 when none.
   */
  public int refusalNumber(String text) {
    return refusalIn(spaced(unicode(text)));
  }

  /** {@link #refusalNumber} of a text already through NFKC and the white-space step. */
  private int refusalIn(String w) {
    List<Pattern> patterns = refusalPatterns();
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(w).find()) {
        return i + 1;
      }
    }
    return 0;
  }

  /** Whether a label's key is an abstain value's. */
  public boolean abstains(String labelKey) {
    return abstainKeys.contains(labelKey);
  }

  private List<Pattern> refusalPatterns() {
    if (refusalPatterns == null) {
      List<Pattern> out = new ArrayList<>();
      refusals.forEach(r -> out.add(Pattern.compile(CASE_INSENSITIVE + r)));
      refusalPatterns = out;
    }
    return refusalPatterns;
  }

  /** The flag of a refusal search: case-insensitive (ASCII letters). */
  private static final String CASE_INSENSITIVE = "(?i)";

  /** An alias key's label key (empty map: no aliases). */
  public Map<String, String> aliasKeys() {
    return java.util.Collections.unmodifiableMap(aliasKeys);
  }

  /** A normalised answer: its key (null when none) and the rule that decided it. */
  public record Normalized(String key, String rule) {}

  /**
   * The key of a label (or an alias): the steps without the answer pattern and the aliases; null
   * when it ends blank.
   */
  public String labelKey(String label) {
    if (label == null) {
      return null;
    }
    String t = stripped(folded(spaced(unicode(label))));
    return t.isEmpty() ? null : t;
  }

  /** The key of an answer and the rule that decided it (see the class comment). */
  public Normalized normalize(String raw) {
    if (raw == null) {
      return new Normalized(null, Rule.INVALID.id());
    }
    if (plainOnly() && isPlain(raw)) {
      return plain(raw);
    }
    String exact = trimSpaces(raw);
    // NFKC once: the unicode step's text and the white-space step's both start from it.
    String nfkc = unicode(raw);
    String u = rules.unicode() ? trimSpaces(nfkc) : exact;
    String w = spaced(nfkc);
    String c = folded(w);
    String p = stripped(c);
    String x = p;
    boolean matched = false;
    if (rules.hasAnswerPattern()) {
      Matcher m = answerPattern().matcher(p);
      if (m.find()) {
        matched = true;
        String g = m.group(1);
        x = stripped(trimSpaces(g == null ? "" : g));
      }
    }
    boolean aliased = aliasKeys.containsKey(x);
    String key = aliasKeys.getOrDefault(x, x);
    if (key.isEmpty()) {
      return new Normalized(null, Rule.INVALID.id());
    }
    // An abstain value is an answer listed as it is: it wins over a refusal pattern's search.
    if (abstainKeys.contains(key)) {
      return new Normalized(ConfusionMatrix.ABSTAINED, Rule.ABSTAIN.id());
    }
    if (!matched && !aliased) {
      int refusal = refusalIn(w);
      if (refusal > 0) {
        return new Normalized(ConfusionMatrix.REFUSED, Rule.REFUSAL.id() + ":" + refusal);
      }
    }
    String rule =
        key.equals(exact)
            ? Rule.EXACT.id()
            : key.equals(u)
                ? Rule.UNICODE.id()
                : key.equals(w)
                    ? Rule.WHITE_SPACE.id()
                    : key.equals(c)
                        ? Rule.CASE.id()
                        : key.equals(p)
                            ? Rule.PUNCTUATION.id()
                            : key.equals(x) ? Rule.PATTERN.id() : aliasRules.get(x);
    return new Normalized(key, rule);
  }

  /**
   * Whether a text is plain: ASCII letters, digits, {@code _} and {@code -} only, as most answers
   * of most models are. Every step but case-folding, the aliases and the abstentions leaves such a
   * text as it is (NFKC, white space, trim, quotes and punctuation at its ends), so {@link #plain}
   * gives what the steps give; without an answer pattern or refusal patterns (which could match it)
   * {@link #normalize} takes that way.
   */
  static boolean isPlain(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@link #normalize} of a plain text (see {@link #isPlain}). */
  private Normalized plain(String raw) {
    String folded = folded(raw);
    String alias = aliasKeys.get(folded);
    if (alias != null) {
      return new Normalized(alias, aliasRules.get(folded));
    }
    if (abstainKeys.contains(folded)) {
      return new Normalized(ConfusionMatrix.ABSTAINED, Rule.ABSTAIN.id());
    }
    return new Normalized(folded, folded.equals(raw) ? Rule.EXACT.id() : Rule.CASE.id());
  }

  /** The steps of a plain text need no regular expression: no pattern, no refusal search. */
  private boolean plainOnly() {
    return !rules.hasAnswerPattern() && refusals.isEmpty();
  }

  private String unicode(String s) {
    return rules.unicode() ? Normalizer.normalize(s, Normalizer.Form.NFKC) : s;
  }

  /** White space (when on) collapsed, then trimmed. */
  private String spaced(String s) {
    return trimSpaces(rules.whiteSpace() ? s.replaceAll(WHITE_SPACE, " ") : s);
  }

  private String folded(String s) {
    return caseSensitive ? s : s.toLowerCase(Locale.ROOT);
  }

  private String stripped(String s) {
    String t = s;
    if (leading != null) {
      t = leadingPattern().matcher(t).replaceAll("");
    }
    if (trailing != null) {
      t = trailingPattern().matcher(t).replaceAll("");
    }
    return t;
  }

  /** Spark's {@code trim}: spaces (U+0020) at both ends. */
  static String trimSpaces(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(start, end);
  }

  private Pattern answerPattern() {
    if (answerPattern == null) {
      answerPattern = Pattern.compile(rules.answerPattern());
    }
    return answerPattern;
  }

  private Pattern leadingPattern() {
    if (leadingPattern == null) {
      leadingPattern = Pattern.compile(leading);
    }
    return leadingPattern;
  }

  private Pattern trailingPattern() {
    if (trailingPattern == null) {
      trailingPattern = Pattern.compile(trailing);
    }
    return trailingPattern;
  }

  // ---------------------------------------------------------------- in the pass

  /** The type of a normalised answer in the pass: its key (null when none) and its rule. */
  public static final StructType NORMALIZED_TYPE =
      new StructType()
          .add("key", DataTypes.StringType, true)
          .add("rule", DataTypes.StringType, false);

  /**
   * The normalised answer ({@link #normalize}, a struct of {@link #NORMALIZED_TYPE}) of a
   * prediction by its example's domain: the chain of each domain that sets its own rules, the
   * defaults' for the others. One Java function per prediction, the very code that labels and
   * aliases go through: the same steps as Spark SQL expressions cost the pass's main stage three
   * times its time, because the optimizer inlined the struct's fields into every row of the example
   * and ran the regular expressions once per use (measured, see docs/performance.md).
   *
   * @throws InvalidInputException when a domain's aliases do not fit its rules
   */
  public static Column byDomain(Normalization n, boolean caseSensitive, Column domain, Column raw) {
    Map<String, AnswerChain> chains = new java.util.HashMap<>();
    n.byDomain().forEach((d, r) -> chains.put(d, checked(r, caseSensitive, List.of(d))));
    AnswerChain dflt = checked(n.defaults(), caseSensitive, List.of());
    return udf(new Answers(chains, dflt), NORMALIZED_TYPE)
        .withName("domain_eval_answer")
        .apply(domain, raw);
  }

  /** The function of {@link #byDomain}, shipped to the executors with its chains. */
  private record Answers(Map<String, AnswerChain> byDomain, AnswerChain defaults)
      implements UDF2<String, String, Row> {
    @Override
    public Row call(String domain, String raw) {
      AnswerChain chain = domain == null ? defaults : byDomain.getOrDefault(domain, defaults);
      Normalized a = chain.normalize(raw);
      return RowFactory.create(a.key(), a.rule());
    }
  }

  private static AnswerChain checked(
      AnswerRules rules, boolean caseSensitive, List<String> domains) {
    try {
      return new AnswerChain(rules, caseSensitive);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "The aliases of "
              + (domains.isEmpty() ? "section normalization" : "domains " + domains)
              + " do not fit their normalization: "
              + e.getMessage());
    }
  }

  /** The chars of a regex character class, escaped. */
  private static String escape(String chars) {
    StringBuilder s = new StringBuilder();
    for (char ch : chars.toCharArray()) {
      if ("\\]^-[".indexOf(ch) >= 0) {
        s.append('\\');
      }
      s.append(ch);
    }
    return s.toString();
  }
}

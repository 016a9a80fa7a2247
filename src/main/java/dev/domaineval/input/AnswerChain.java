package dev.domaineval.input;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * One domain's answer normalization ({@link AnswerRules}), written twice: in Java for labels and
 * aliases (on the driver and in the pass's sketches), and as Spark SQL columns for the predictions
 * in the pass. A test runs both on the same texts. The steps, in order: Unicode NFKC; every run of
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
              + " to) (help|assist|answer|provide|comply|classify|determine|do that)\\b",
          "\\bas an ai\\b",
          "\\bi (must|have to) (decline|refuse)\\b",
          "\\b(unable|not able) to (help|assist|answer|comply|provide)\\b");

  /** NFKC in the pass; an ASCII text is its own NFKC form, so only others reach it. */
  private static final UserDefinedFunction NFKC =
      udf(
              (UDF1<String, String>)
                  s -> s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFKC),
              DataTypes.StringType)
          .withName("domain_eval_nfkc");

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
    String w = spaced(unicode(text));
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

  /** The flag of a refusal search: case-insensitive (ASCII), in Java and in Spark alike. */
  private static final String CASE_INSENSITIVE = "(?i)";

  /** Every domain's chain, by domain, and the chain of a domain that sets no rules. */
  public static Map<String, AnswerChain> byDomain(Normalization n, boolean caseSensitive) {
    Map<String, AnswerChain> out = new LinkedHashMap<>();
    n.byDomain().forEach((d, r) -> out.put(d, new AnswerChain(r, caseSensitive)));
    return out;
  }

  public AnswerRules rules() {
    return rules;
  }

  /** An alias key's label key (empty map: no aliases). */
  public Map<String, String> aliasKeys() {
    return java.util.Collections.unmodifiableMap(aliasKeys);
  }

  // ---------------------------------------------------------------- Java

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
    String exact = trimSpaces(raw);
    String u = rules.unicode() ? trimSpaces(unicode(raw)) : exact;
    String w = spaced(rules.unicode() ? unicode(raw) : raw);
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
    if (!matched && !aliased) {
      int refusal = refusalNumber(raw);
      if (refusal > 0) {
        return new Normalized(ConfusionMatrix.REFUSED, Rule.REFUSAL.id() + ":" + refusal);
      }
    }
    if (abstainKeys.contains(key)) {
      return new Normalized(ConfusionMatrix.ABSTAINED, Rule.ABSTAIN.id());
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

  // ---------------------------------------------------------------- Spark SQL

  /**
   * The normalised answer of {@code raw} (a string column) in the pass: a struct of {@code key}
   * (null when none) and {@code rule}, equal to {@link #normalize} on every text.
   */
  public Column normalized(Column raw) {
    Column exact = trim(raw);
    Column nfkc = rules.unicode() ? unicodeSql(raw) : raw;
    Column u = rules.unicode() ? trim(nfkc) : exact;
    Column w = trim(rules.whiteSpace() ? regexp_replace(nfkc, WHITE_SPACE, " ") : nfkc);
    Column c = caseSensitive ? w : lower(w);
    Column p = strippedSql(c);
    Column x = p;
    Column matched = lit(false);
    if (rules.hasAnswerPattern()) {
      matched = p.rlike(rules.answerPattern());
      x =
          when(matched, strippedSql(trim(regexp_extract(p, rules.answerPattern(), 1))))
              .otherwise(p);
    }
    Column aliased = aliasKeys.isEmpty() ? lit(false) : x.isin(aliasKeys.keySet().toArray());
    Column key = x;
    Column aliasRule = lit(null).cast("string");
    if (!aliasKeys.isEmpty()) {
      Column k = null;
      Column r = null;
      for (Map.Entry<String, String> e : aliasKeys.entrySet()) {
        k =
            (k == null
                ? when(x.equalTo(lit(e.getKey())), lit(e.getValue()))
                : k.when(x.equalTo(lit(e.getKey())), lit(e.getValue())));
        String rule = aliasRules.get(e.getKey());
        r =
            (r == null
                ? when(x.equalTo(lit(e.getKey())), lit(rule))
                : r.when(x.equalTo(lit(e.getKey())), lit(rule)));
      }
      key = k.otherwise(x);
      aliasRule = r;
    }
    Column finalKey = when(key.notEqual(lit("")), key);
    // The refusal pattern found, by number (null: none), then the non-answers' keys and rules.
    Column refusal = null;
    for (int i = 0; i < refusals.size(); i++) {
      Column found = w.rlike(CASE_INSENSITIVE + refusals.get(i));
      refusal = refusal == null ? when(found, lit(i + 1)) : refusal.when(found, lit(i + 1));
    }
    Column refused =
        refusal == null
            ? lit(false)
            : finalKey.isNotNull().and(not(matched)).and(not(aliased)).and(refusal.isNotNull());
    Column abstained = abstainKeys.isEmpty() ? lit(false) : finalKey.isin(abstainKeys.toArray());
    Column answer =
        when(refused, lit(ConfusionMatrix.REFUSED))
            .when(abstained, lit(ConfusionMatrix.ABSTAINED))
            .otherwise(finalKey);
    Column rule =
        when(finalKey.isNull(), lit(Rule.INVALID.id()))
            .when(
                refused,
                concat(
                    lit(Rule.REFUSAL.id() + ":"),
                    (refusal == null ? lit(0) : refusal).cast("string")))
            .when(abstained, lit(Rule.ABSTAIN.id()))
            .when(finalKey.equalTo(exact), lit(Rule.EXACT.id()))
            .when(finalKey.equalTo(u), lit(Rule.UNICODE.id()))
            .when(finalKey.equalTo(w), lit(Rule.WHITE_SPACE.id()))
            .when(finalKey.equalTo(c), lit(Rule.CASE.id()))
            .when(finalKey.equalTo(p), lit(Rule.PUNCTUATION.id()))
            .when(finalKey.equalTo(x), lit(Rule.PATTERN.id()))
            .otherwise(aliasRule);
    return struct(answer.as("key"), rule.as("rule"));
  }

  /**
   * The normalised answer ({@link #normalized}) of a prediction by its example's domain: the chain
   * of each domain that sets its own rules, the defaults' for the others (one expression per
   * distinct set of rules).
   *
   * @throws InvalidInputException when a domain's aliases do not fit its rules
   */
  public static Column byDomain(Normalization n, boolean caseSensitive, Column domain, Column raw) {
    Map<AnswerRules, List<String>> domainsByRules = new LinkedHashMap<>();
    n.byDomain()
        .forEach(
            (d, r) -> {
              if (!r.equals(n.defaults())) {
                domainsByRules.computeIfAbsent(r, x -> new ArrayList<>()).add(d);
              }
            });
    Column out = null;
    for (var e : domainsByRules.entrySet()) {
      Column chain = checked(e.getKey(), caseSensitive, e.getValue()).normalized(raw);
      Column in = domain.isin(e.getValue().toArray());
      out = out == null ? when(in, chain) : out.when(in, chain);
    }
    Column dflt = checked(n.defaults(), caseSensitive, List.of()).normalized(raw);
    return out == null ? dflt : out.otherwise(dflt);
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

  private static Column unicodeSql(Column raw) {
    return when(length(raw).equalTo(octet_length(raw)), raw).otherwise(NFKC.apply(raw));
  }

  private Column strippedSql(Column s) {
    Column t = s;
    if (leading != null) {
      t = regexp_replace(t, leading, "");
    }
    if (trailing != null) {
      t = regexp_replace(t, trailing, "");
    }
    return t;
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

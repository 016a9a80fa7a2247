package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks section {@code normalization} and each domain's {@code
 * domains.<name>.normalization} ({@link Normalization}): a domain's keys override the section's,
 * and its aliases are merged with the section's label by label.
 */
final class NormalizationSection {
  static final String SECTION = "normalization";

  static final Set<String> KEYS =
      Set.of(
          "unicode",
          "white-space",
          "strip-quotes",
          "strip-punctuation",
          "answer-pattern",
          "aliases",
          "english-refusals",
          "refusal-patterns",
          "abstain-values",
          "min-coverage",
          "refusal-increase",
          "keep-raw-answers");

  private NormalizationSection() {}

  static Normalization read(Settings settings) {
    AnswerRules defaults = rules(settings, SECTION);
    Map<String, AnswerRules> byDomain = new TreeMap<>();
    Config merged = settings.config();
    ConfigObject domains =
        settings.read(
            "domains", null, () -> merged.hasPath("domains") ? merged.getObject("domains") : null);
    if (domains == null) {
      return new Normalization(defaults, byDomain);
    }
    for (String name : domains.keySet()) {
      ConfigValue d = domains.get(name);
      if (d.valueType() != ConfigValueType.OBJECT || !((ConfigObject) d).containsKey(SECTION)) {
        continue;
      }
      String path = ConfigUtil.joinPath("domains", name, SECTION);
      ConfigValue own = ((ConfigObject) d).get(SECTION);
      if (own.valueType() != ConfigValueType.OBJECT) {
        settings.invalid(
            path,
            "expected an object such as { aliases { spam = [junk] } }, got "
                + own.valueType().name().toLowerCase(java.util.Locale.ROOT));
        continue;
      }
      for (String key : ((ConfigObject) own).keySet()) {
        if (!KEYS.contains(key)) {
          settings
              .problems()
              .unknown(
                  path + "." + key,
                  ((ConfigObject) own).get(key).origin().description(),
                  " A domain's normalization takes: unicode, white-space, strip-quotes,"
                      + " strip-punctuation, answer-pattern, aliases, english-refusals,"
                      + " refusal-patterns, abstain-values, min-coverage, refusal-increase,"
                      + " keep-raw-answers."
                      + ReferenceSchema.suggestion(key, KEYS));
        }
      }
      // The domain's keys over the section's: its values keep their own origins.
      Config withDefaults =
          merged.withValue(path, ((ConfigObject) own).withFallback(merged.getObject(SECTION)));
      byDomain.put(name, rules(new Settings(withDefaults, settings.problems()), path));
    }
    return new Normalization(defaults, byDomain);
  }

  /** The rules under {@code path}. */
  private static AnswerRules rules(Settings settings, String path) {
    boolean unicode = settings.bool(path + ".unicode");
    boolean whiteSpace = settings.bool(path + ".white-space");
    boolean stripQuotes = settings.bool(path + ".strip-quotes");
    boolean stripPunctuation = settings.bool(path + ".strip-punctuation");
    String pattern = answerPattern(settings, path + ".answer-pattern");
    Map<String, List<String>> aliases = aliases(settings, path + ".aliases");
    boolean english = settings.bool(path + ".english-refusals");
    List<String> refusals = new ArrayList<>();
    List<String> listed = settings.stringList(path + ".refusal-patterns");
    for (int i = 0; i < listed.size(); i++) {
      String p = listed.get(i);
      if (p.isEmpty()) {
        settings.invalid(path + ".refusal-patterns", "pattern " + (i + 1) + " is blank; remove it");
        continue;
      }
      try {
        Pattern.compile(p);
        refusals.add(p);
      } catch (PatternSyntaxException e) {
        settings.invalid(
            path + ".refusal-patterns",
            "pattern "
                + (i + 1)
                + ", '"
                + p
                + "', is not a regular expression (Java syntax): "
                + e.getDescription()
                + " at index "
                + e.getIndex());
      }
    }
    List<String> abstain = new ArrayList<>();
    for (String v : settings.stringList(path + ".abstain-values")) {
      if (v.isEmpty()) {
        settings.invalid(path + ".abstain-values", "a blank value; remove it");
      } else {
        abstain.add(v);
      }
    }
    double minCoverage = settings.fraction(path + ".min-coverage");
    String increase = settings.string(path + ".refusal-increase");
    if (!increase.equals("warn") && !increase.equals("fail")) {
      settings.invalid(path + ".refusal-increase", "expected warn or fail, got '" + increase + "'");
    }
    return new AnswerRules(
        unicode,
        whiteSpace,
        stripQuotes,
        stripPunctuation,
        pattern,
        aliases,
        english,
        refusals,
        abstain,
        minCoverage,
        increase.equals("fail"),
        settings.bool(path + ".keep-raw-answers"));
  }

  private static String answerPattern(Settings settings, String path) {
    String pattern = settings.string(path);
    if (pattern.isEmpty()) {
      return "";
    }
    try {
      if (Pattern.compile(pattern).matcher("").groupCount() < 1) {
        settings.invalid(
            path,
            "the pattern '"
                + pattern
                + "' has no group; put the answer in a group, such as 'answer:\\\\s*(.+)'");
        return "";
      }
    } catch (PatternSyntaxException e) {
      settings.invalid(
          path,
          "'"
              + pattern
              + "' is not a regular expression (Java syntax): "
              + e.getDescription()
              + " at index "
              + e.getIndex());
      return "";
    }
    return pattern;
  }

  /** Label to its aliases; an alias may be one string or a list. */
  private static Map<String, List<String>> aliases(Settings settings, String path) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    ConfigObject obj = settings.read(path, null, () -> settings.config().getObject(path));
    if (obj == null) {
      return out;
    }
    Map<String, String> labelOfAlias = new TreeMap<>();
    for (String label : obj.keySet()) {
      ConfigValue v = obj.get(label);
      String where = path + "." + ConfigUtil.quoteString(label);
      String origin = v.origin().description();
      List<String> list = new ArrayList<>();
      try {
        if (v.valueType() == ConfigValueType.LIST) {
          list.addAll(obj.toConfig().getStringList(ConfigUtil.quoteString(label)));
        } else {
          list.add(obj.toConfig().getString(ConfigUtil.quoteString(label)));
        }
      } catch (ConfigException e) {
        settings
            .problems()
            .invalid(
                where,
                origin,
                "expected the answers that mean label '"
                    + label
                    + "', such as [junk, \"unsolicited\"]");
        continue;
      }
      if (label.isBlank()) {
        settings.problems().invalid(where, origin, "an alias of a blank label; name the label");
        continue;
      }
      List<String> kept = new ArrayList<>();
      for (String alias : list) {
        String a = alias.trim();
        if (a.isEmpty()) {
          settings
              .problems()
              .invalid(where, origin, "a blank alias of label '" + label + "'; remove it");
          continue;
        }
        String other = labelOfAlias.put(a.toLowerCase(java.util.Locale.ROOT), label);
        if (other != null && !other.equals(label)) {
          settings
              .problems()
              .invalid(
                  where,
                  origin,
                  "alias '"
                      + a
                      + "' is listed for labels '"
                      + other
                      + "' and '"
                      + label
                      + "'; an answer means one label");
          continue;
        }
        kept.add(a);
      }
      out.put(label.trim(), kept);
    }
    return out;
  }
}

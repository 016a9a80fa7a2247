package dev.domaineval.findings;

import dev.domaineval.discovery.DiscoveredSlice;
import dev.domaineval.discovery.ErrorDefinition;
import dev.domaineval.discovery.Predicate;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Findings about the slices discovery found. */
public final class DiscoveryRules {
  private DiscoveryRules() {}

  /**
   * {@code DISCOVERED_SLICE}, one per significant slice: warn and inform; with {@code gate}, a
   * significant {@code broken} slice fails and gates like a REGRESSION.
   */
  public static List<Finding> evaluate(List<DiscoveredSlice> found, boolean gate) {
    List<Finding> out = new ArrayList<>();
    for (DiscoveredSlice s : found) {
      if (!s.significant()) {
        continue;
      }
      boolean gates = gate && s.error() == ErrorDefinition.BROKEN;
      out.add(
          new Finding(
              gates ? Severity.FAIL : Severity.WARN,
              FindingCode.DISCOVERED_SLICE,
              s.candidate(),
              s.domain(),
              sliceKey(s.predicates()),
              message(s),
              gates ? Finding.Effect.GATES : Finding.Effect.INFORMS));
    }
    return out;
  }

  /**
   * The slice key of a conjunction: its dimensions joined by {@code " & "}, its values by {@code |}
   * (as a cross's), each value as the slices table writes it.
   */
  public static SliceKey sliceKey(List<Predicate> predicates) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Predicate p : predicates) {
      names.add(p.dimension());
      values.add(p.value() == null ? SliceKey.NULL_VALUE : p.value());
    }
    return SliceKey.of(String.join(" & ", names), values);
  }

  private static String message(DiscoveredSlice s) {
    String test =
        s.error() == ErrorDefinition.BROKEN
            ? String.format(
                Locale.ROOT,
                "on the held-out half it broke %d examples the baseline got right and fixed %d"
                    + " (exact McNemar, one-sided p = %.2g)",
                s.broken(),
                s.fixed(),
                s.pValue())
            : String.format(
                Locale.ROOT,
                "on the held-out half it got %d of %d examples wrong, more than in the rest of"
                    + " the domain (Fisher's exact test, one-sided p = %.2g)",
                s.confirmationErrors(),
                s.confirmationExamples(),
                s.pValue());
    return String.format(
        Locale.ROOT,
        "%s on %s, %s (found by slice discovery, rank %d, error %s): %d of %d examples %s (%.3f"
            + " against %.3f in the domain); %s, significant after Benjamini-Hochberg.%s",
        s.candidate(),
        s.domain(),
        s.text(),
        s.rank(),
        s.error().id(),
        s.errors(),
        s.examples(),
        s.error() == ErrorDefinition.BROKEN ? "broken" : "wrong",
        s.errorRate(),
        s.domainErrorRate(),
        test,
        s.level() > 1 ? " Add it to 'slices' as a cross to track it." : "");
  }
}

package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.SliceSpec;
import dev.domaineval.counts.ExampleSketch.Outcome;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The condition printed under a finding's examples, for every kind of slice and outcome. */
class ExampleFilterTest {
  private static final SliceSpec LANGUAGE = column("language");
  private static final SliceSpec SOURCE = column("source");
  private static final SliceSpec CROSS =
      new SliceSpec(
          "language_x_source",
          SliceSpec.Kind.CROSS,
          "",
          List.of("language", "source"),
          Optional.empty(),
          false);
  private static final SliceSpec LEAKAGE =
      new SliceSpec("leakage", SliceSpec.Kind.LEAKAGE, "ft", List.of(), Optional.empty(), false);
  private static final Map<String, SliceSpec> SLICES =
      Map.of(
          "language", LANGUAGE, "source", SOURCE, "language_x_source", CROSS, "leakage", LEAKAGE);

  private static SliceSpec column(String name) {
    return new SliceSpec(name, SliceSpec.Kind.COLUMN, name, List.of(), Optional.empty(), false);
  }

  private static String filter(String domain, SliceKey slice, Outcome outcome) {
    return ExampleFilter.of(new GroupKey("ft", domain, slice), outcome, "base", SLICES)
        .orElse("(none)");
  }

  @Test
  void aDiscoveredSliceSelectsItsErrorsOnItsDomain() {
    List<dev.domaineval.discovery.Predicate> slice =
        List.of(
            new dev.domaineval.discovery.Predicate("language", "it's"),
            new dev.domaineval.discovery.Predicate("source", null));

    assertThat(
            ExampleFilter.discovered(
                "ft",
                "legal",
                slice,
                dev.domaineval.discovery.ErrorDefinition.BROKEN,
                "base",
                SLICES))
        .contains(
            "domain = 'legal' AND `language` = 'it\\'s' AND `source` IS NULL AND `base` = label"
                + " AND (`ft` IS NULL OR `ft` <> label)");
    assertThat(
            ExampleFilter.discovered(
                "ft",
                "legal",
                slice.subList(0, 1),
                dev.domaineval.discovery.ErrorDefinition.WRONG,
                "base",
                SLICES))
        .contains("domain = 'legal' AND `language` = 'it\\'s' AND (`ft` IS NULL OR `ft` <> label)");
    assertThat(
            ExampleFilter.discovered(
                "ft",
                "legal",
                List.of(new dev.domaineval.discovery.Predicate("source", "(other)")),
                dev.domaineval.discovery.ErrorDefinition.WRONG,
                "base",
                Map.of("source", SOURCE)))
        .as("the (other) bucket of a capped slice is no value of the data")
        .isEmpty();
  }

  @Test
  void eachOutcomeComparesThePredictionsWithTheLabel() {
    assertThat(filter("legal", SliceKey.OVERALL, Outcome.BROKEN))
        .isEqualTo("domain = 'legal' AND `base` = label AND (`ft` IS NULL OR `ft` <> label)");
    assertThat(filter("legal", SliceKey.OVERALL, Outcome.FIXED))
        .isEqualTo("domain = 'legal' AND (`base` IS NULL OR `base` <> label) AND `ft` = label");
    assertThat(filter("*", SliceKey.OVERALL, Outcome.INVALID))
        .isEqualTo("(`ft` IS NULL OR `ft` NOT IN (the labels of its domain))");
  }

  @Test
  void slicesBecomeConditionsOnTheirColumnsOrExpressions() {
    assertThat(filter("spam", new SliceKey("language_x_source", "en|e'mail"), Outcome.BROKEN))
        .startsWith("domain = 'spam' AND `language` = 'en' AND `source` = 'e\\'mail' AND ");
    assertThat(filter("spam", new SliceKey("language", "(null)"), Outcome.BROKEN))
        .startsWith("domain = 'spam' AND `language` IS NULL AND ");
    assertThat(filter("spam", new SliceKey("language", "\\(null)"), Outcome.BROKEN))
        .startsWith("domain = 'spam' AND `language` = '(null)' AND ");
    assertThat(filter("spam", new SliceKey("leakage", "leaked"), Outcome.LEAKED))
        .isEqualTo(
            "domain = 'spam' AND example_id IN (the fine-tuning data of ft) AND example_id IN"
                + " (the fine-tuning data of ft)");
  }

  @Test
  void theOtherBucketAndUnknownSlicesHaveNoCondition() {
    assertThat(filter("spam", new SliceKey("language", "(other)"), Outcome.BROKEN))
        .isEqualTo("(none)");
    assertThat(filter("spam", new SliceKey("nope", "x"), Outcome.BROKEN)).isEqualTo("(none)");
  }
}

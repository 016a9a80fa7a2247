package dev.domaineval.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.domaineval.config.SliceSpec;
import dev.domaineval.config.SliceSpec.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Grouping ids are written as Spark's {@code grouping_id(domain, s_0, ..., s_k)} computes them: one
 * bit per argument, the first (domain) most significant, a set bit meaning "aggregated away". The
 * underscore separates the domain bit from the slice bits.
 */
class SlicePlanTest {
  private static final SliceSpec LANGUAGE = column("language", false);
  private static final SliceSpec SOURCE = column("source", false);
  private static final SliceSpec LENGTH =
      new SliceSpec(
          "input_length",
          Kind.EXPRESSION,
          "CASE WHEN n < 256 THEN 'short' ELSE 'long' END",
          List.of(),
          Optional.empty(),
          false);
  private static final SliceSpec USER = column("user_id", true);

  /** Dimensions: language = 0, source = 1, input_length = 2. */
  private final SlicePlan plan =
      SlicePlan.of(List.of(LANGUAGE, SOURCE, LENGTH, cross("language", "source")));

  @Test
  void dimensionsAreTheColumnAndExpressionSlicesInConfiguredOrder() {
    assertThat(plan.dimensions()).containsExactly(LANGUAGE, SOURCE, LENGTH);
  }

  @Test
  void overallGroupingComesFirstThenOnePerSliceInConfiguredOrder() {
    assertThat(plan.groupings())
        .extracting(SlicePlan.Grouping::name, SlicePlan.Grouping::dimensions)
        .containsExactly(
            tuple("*", List.of()),
            tuple("language", List.of(0)),
            tuple("source", List.of(1)),
            tuple("input_length", List.of(2)),
            tuple("language_x_source", List.of(0, 1)));
    assertThat(plan.groupings().get(0).isOverall()).isTrue();
    assertThat(plan.groupings().subList(1, 5)).noneMatch(SlicePlan.Grouping::isOverall);
  }

  @Test
  void groupingIdsMatchSparksGroupingIdOfDomainAndEveryDimension() {
    List<SlicePlan.Grouping> g = plan.groupings();

    // Per domain: domain kept (bit 0), the slice's own dimensions kept.
    assertThat(plan.groupingId(g.get(0), false)).isEqualTo(0b0_111); // overall
    assertThat(plan.groupingId(g.get(1), false)).isEqualTo(0b0_011); // language
    assertThat(plan.groupingId(g.get(2), false)).isEqualTo(0b0_101); // source
    assertThat(plan.groupingId(g.get(3), false)).isEqualTo(0b0_110); // input_length
    assertThat(plan.groupingId(g.get(4), false)).isEqualTo(0b0_001); // language x source

    // Pooled domain "*": the domain is aggregated away too.
    assertThat(plan.groupingId(g.get(0), true)).isEqualTo(0b1_111);
    assertThat(plan.groupingId(g.get(1), true)).isEqualTo(0b1_011);
    assertThat(plan.groupingId(g.get(4), true)).isEqualTo(0b1_001);
  }

  @Test
  void everyGroupingHasItsOwnGroupingId() {
    Set<Long> ids = new HashSet<>();
    for (SlicePlan.Grouping g : plan.groupings()) {
      ids.add(plan.groupingId(g, false));
      ids.add(plan.groupingId(g, true));
    }
    assertThat(ids).hasSize(2 * plan.groupings().size());
  }

  @Test
  void withoutHighCardinalitySlicesTheFinestGrainIsTheOnlyBaseSet() {
    assertThat(plan.baseSets()).containsExactly(Set.of(0, 1, 2));
    assertThat(plan.groupings()).allMatch(g -> g.baseSet() == 0);
    // Domain and every dimension kept.
    assertThat(plan.baseSetId(0)).isEqualTo(0b0_000);
  }

  @Test
  void moreThanFourSmallSlicesAreCrossedFourAtATimeAndASpanningCrossGetsItsOwnSet() {
    // Dimensions a..f = 0..5, user_id = 6 (high cardinality).
    SlicePlan many =
        SlicePlan.of(
            List.of(
                column("a", false),
                column("b", false),
                column("c", false),
                column("d", false),
                column("e", false),
                column("f", false),
                USER,
                cross("a", "b"),
                cross("d", "e")));

    assertThat(many.baseSets())
        .containsExactly(Set.of(0, 1, 2, 3), Set.of(4, 5), Set.of(6), Set.of(3, 4));
    assertThat(many.groupings())
        .extracting(SlicePlan.Grouping::name, SlicePlan.Grouping::baseSet)
        .containsExactly(
            tuple("*", 0),
            tuple("a", 0),
            tuple("b", 0),
            tuple("c", 0),
            tuple("d", 0),
            tuple("e", 1),
            tuple("f", 1),
            tuple("user_id", 2),
            tuple("a_x_b", 0),
            tuple("d_x_e", 3));
    assertThat(SlicePlan.of(List.of(LANGUAGE, SOURCE, LENGTH, USER)).baseSets())
        .containsExactly(Set.of(0, 1, 2), Set.of(3));
  }

  @Test
  void highCardinalitySliceAndCrossesUsingItGetTheirOwnBaseSets() {
    // Dimensions: language = 0, user_id = 1 (high cardinality), source = 2.
    SlicePlan high =
        SlicePlan.of(
            List.of(
                LANGUAGE, USER, SOURCE, cross("language", "user_id"), cross("language", "source")));

    assertThat(high.baseSets()).containsExactly(Set.of(0, 2), Set.of(1), Set.of(0, 1));
    assertThat(high.groupings())
        .extracting(SlicePlan.Grouping::name, SlicePlan.Grouping::baseSet)
        .containsExactly(
            tuple("*", 0),
            tuple("language", 0),
            tuple("user_id", 1),
            tuple("source", 0),
            tuple("language_x_user_id", 2),
            tuple("language_x_source", 0));

    assertThat(high.baseSetId(0)).isEqualTo(0b0_010); // user_id aggregated away
    assertThat(high.baseSetId(1)).isEqualTo(0b0_101); // only user_id kept
    assertThat(high.baseSetId(2)).isEqualTo(0b0_001); // language and user_id kept
    assertThat(high.groupingId(high.groupings().get(2), false)).isEqualTo(0b0_101);
    assertThat(high.groupingId(high.groupings().get(4), true)).isEqualTo(0b1_001);
  }

  @Test
  void crossKeepsItsPartOrderButItsGroupingIdDependsOnlyOnWhichDimensionsItKeeps() {
    SlicePlan reversed = SlicePlan.of(List.of(LANGUAGE, SOURCE, cross("source", "language")));
    SlicePlan.Grouping g = reversed.groupings().get(3);

    assertThat(g.dimensions()).containsExactly(1, 0);
    assertThat(reversed.groupingId(g, false)).isEqualTo(0b0_00);
    assertThat(g.key(List.of("web", "en"))).isEqualTo(new SliceKey("source_x_language", "web|en"));
  }

  @Test
  void planWithoutSlicesHasOnlyTheOverallGrouping() {
    SlicePlan none = SlicePlan.of(List.of());

    assertThat(none.dimensions()).isEmpty();
    assertThat(none.groupings()).singleElement().matches(SlicePlan.Grouping::isOverall);
    assertThat(none.baseSets()).containsExactly(Set.of());
    assertThat(none.groupingId(none.groupings().get(0), false)).isEqualTo(0b0);
    assertThat(none.groupingId(none.groupings().get(0), true)).isEqualTo(0b1);
  }

  @Test
  void groupingKeyIsOverallForTheOverallGroupingAndJoinsValuesOtherwise() {
    assertThat(plan.groupings().get(0).key(List.of())).isEqualTo(SliceKey.OVERALL);
    assertThat(plan.groupings().get(1).key(List.of("en")))
        .isEqualTo(new SliceKey("language", "en"));
    assertThat(plan.groupings().get(4).key(List.of("en", "web")))
        .isEqualTo(new SliceKey("language_x_source", "en|web"));
  }

  @Test
  void discoverySearchesTheColumnAndExpressionSlicesOfTheFinestGrain() {
    SlicePlan p =
        SlicePlan.of(
            List.of(
                column("a", false),
                column("site", true),
                column("b", false),
                new SliceSpec(
                    "len", Kind.EXPRESSION, "length(x)", List.of(), Optional.empty(), false),
                cross("a", "b"),
                new SliceSpec("leakage_ft", Kind.LEAKAGE, "ft", List.of(), Optional.empty(), false),
                column("c", false),
                column("d", false)));

    // Dimensions: a, site, b, len, leakage_ft, c, d; the finest grain is a, b, len, leakage_ft.
    assertThat(p.discoveryDimensions()).containsExactly(0, 2, 3);
    assertThat(p.discoveryLeftOut()).containsExactly("site", "c", "d");
  }

  private static SliceSpec column(String name, boolean highCardinality) {
    return new SliceSpec(name, Kind.COLUMN, name, List.of(), Optional.empty(), highCardinality);
  }

  private static SliceSpec cross(String... parts) {
    return new SliceSpec(
        String.join("_x_", parts), Kind.CROSS, "", List.of(parts), Optional.empty(), false);
  }
}

package dev.domaineval.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.compare.PairedCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A regression planted in an intersection nobody configured: on a domain of 10,000 examples per
 * half, {@code a = x AND b = y} (1,000 examples) has a third of its examples broken, everywhere
 * else 2 % are. Its single slices are diluted: {@code a = x} (2,500 examples) has 14.6 % broken,
 * {@code b = y} (3,000) 12.4 %. A third dimension {@code c} splits every cell in two halves of the
 * same rates.
 */
class DiscoveryPlantedTest {

  private static final Predicate A_X = new Predicate("a", "x");
  private static final Predicate B_Y = new Predicate("b", "y");

  /** Examples per (a, b) pair and half: 1,000 in (x, y), 2,500 with a = x, 3,000 with b = y. */
  private static final Map<List<String>, Integer> SIZES =
      Map.ofEntries(
          Map.entry(List.of("x", "y"), 1000),
          Map.entry(List.of("x", "b2"), 750),
          Map.entry(List.of("x", "b3"), 750),
          Map.entry(List.of("a2", "y"), 700),
          Map.entry(List.of("a3", "y"), 650),
          Map.entry(List.of("a4", "y"), 650),
          Map.entry(List.of("a2", "b2"), 917),
          Map.entry(List.of("a2", "b3"), 917),
          Map.entry(List.of("a3", "b2"), 917),
          Map.entry(List.of("a3", "b3"), 917),
          Map.entry(List.of("a4", "b2"), 916),
          Map.entry(List.of("a4", "b3"), 916));

  private static DiscoveryCube planted() {
    DiscoveryCube.Builder builder = DiscoveryCube.builder("cand", "legal", "a", "b", "c");
    SIZES.forEach(
        (ab, size) -> {
          double brokenRate = ab.equals(List.of("x", "y")) ? 1.0 / 3 : 0.02;
          for (String c : List.of("c1", "c2")) {
            int n = c.equals("c1") ? size / 2 : size - size / 2;
            builder.addToBoth(counts(n, brokenRate), ab.get(0), ab.get(1), c);
          }
        });
    return builder.build();
  }

  /** n examples: the given share broken, 2 % fixed, 5 % wrong for both, rounded. */
  private static PairedCounts counts(int n, double brokenRate) {
    long broken = Math.round(n * brokenRate);
    long fixed = Math.round(n * 0.02);
    long bothWrong = Math.round(n * 0.05);
    return new PairedCounts(n - broken - fixed - bothWrong, fixed, broken, bothWrong);
  }

  @Test
  void thePlantedIntersectionIsRankedFirstForBrokenAndConfirmed() {
    DiscoveryCube cube = planted();
    assertThat(cube.total(Half.DISCOVERY).n()).isEqualTo(10000);
    // Diluted single slices: their broken rates are well below the intersection's.
    PairedCounts intersection = cube.count(List.of(A_X, B_Y), Half.DISCOVERY);
    PairedCounts ax = cube.count(List.of(A_X), Half.DISCOVERY);
    PairedCounts by = cube.count(List.of(B_Y), Half.DISCOVERY);
    assertThat(intersection.n()).isEqualTo(1000);
    assertThat((double) intersection.broken() / intersection.n()).isGreaterThan(0.33);
    assertThat((double) ax.broken() / ax.n()).isLessThan(0.15);
    assertThat((double) by.broken() / by.n()).isLessThan(0.13);

    List<DiscoveredSlice> found =
        SliceDiscovery.run(List.of(cube), DiscoverySettings.defaults(30), 0.05);
    DiscoveredSlice first =
        found.stream().filter(s -> s.error() == ErrorDefinition.BROKEN).findFirst().orElseThrow();
    assertThat(first.rank()).isEqualTo(1);
    assertThat(first.text()).isEqualTo("a = x AND b = y");
    assertThat(first.level()).isEqualTo(2);
    assertThat(first.examples()).isEqualTo(1000);
    assertThat(first.errors()).isEqualTo(intersection.broken());
    assertThat(first.broken()).isEqualTo(334);
    assertThat(first.fixed()).isEqualTo(20);
    assertThat(first.pValue()).isLessThan(1e-50);
    assertThat(first.significant()).isTrue();
    // The candidate's errors (wrong) point to the same intersection.
    DiscoveredSlice firstWrong =
        found.stream().filter(s -> s.error() == ErrorDefinition.WRONG).findFirst().orElseThrow();
    assertThat(firstWrong.text()).isEqualTo("a = x AND b = y");
    assertThat(firstWrong.significant()).isTrue();
  }

  /**
   * Why the default alpha is 0.95 and not SystemDS's 0.5: at 0.5 the size term dominates, the
   * intersection scores below zero (0.5·(0.334/0.0514 − 1) − 0.5·(10 − 1) ≈ −1.75) and is not
   * reported, while each of its diluted single slices scores higher than it.
   */
  @Test
  void atAlphaOneHalfTheIntersectionIsNotReportedAndItsDilutedSlicesScoreHigher() {
    DiscoveryCube cube = planted();
    DiscoverySettings half = new DiscoverySettings(3, 30, 10, 0.5);
    List<DiscoveredSlice> found = SliceDiscovery.run(List.of(cube), half, 0.05);
    assertThat(found)
        .filteredOn(s -> s.error() == ErrorDefinition.BROKEN)
        .extracting(DiscoveredSlice::text)
        .doesNotContain("a = x AND b = y");

    PairedCounts domain = cube.total(Half.DISCOVERY);
    double rate = (double) domain.broken() / domain.n();
    double intersection = score(cube, 0.5, rate, List.of(A_X, B_Y));
    assertThat(intersection).isNegative();
    assertThat(score(cube, 0.5, rate, List.of(A_X))).isGreaterThan(intersection);
    assertThat(score(cube, 0.5, rate, List.of(B_Y))).isGreaterThan(intersection);
    // At 0.95 the order is the other way round.
    assertThat(score(cube, 0.95, rate, List.of(A_X, B_Y)))
        .isGreaterThan(score(cube, 0.95, rate, List.of(A_X)))
        .isGreaterThan(score(cube, 0.95, rate, List.of(B_Y)));
  }

  private static double score(
      DiscoveryCube cube, double alpha, double rate, List<Predicate> predicates) {
    PairedCounts counts = cube.count(predicates, Half.DISCOVERY);
    return SliceLine.score(
        alpha, cube.total(Half.DISCOVERY).n(), rate, counts.n(), counts.broken());
  }
}

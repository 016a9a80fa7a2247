package dev.domaineval.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.compare.PairedCounts;
import dev.domaineval.discovery.SliceLine.ScoredSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceLineTest {

  private static PairedCounts broken(long n, long broken) {
    return new PairedCounts(n - broken, 0, broken, 0);
  }

  // Scoring, by hand: sc = α·((se/ss)/ē − 1) − (1−α)·(n/ss − 1).

  @Test
  void scoreOfAThousandExamplesWithAThirdBrokenInTenThousand() {
    // n = 10,000, ē = 500 / 10,000 = 0.05, ss = 1,000, se = 333, α = 0.95
    double expected = 0.95 * ((333.0 / 1000) / 0.05 - 1) - 0.05 * (10000.0 / 1000 - 1);
    assertThat(SliceLine.score(0.95, 10000, 500.0 / 10000, 1000, 333))
        .isCloseTo(expected, within(1e-12))
        .isCloseTo(4.927, within(1e-12));
  }

  @Test
  void sizeWeighsAsMuchAsTheErrorRateAtHalf() {
    // α = 0.5: 0.5·(0.333/0.05 − 1) − 0.5·(10 − 1) = 0.5·5.66 − 4.5 = −1.67
    assertThat(SliceLine.score(0.5, 10000, 0.05, 1000, 333)).isCloseTo(-1.67, within(1e-12));
  }

  @Test
  void theWholeDomainScoresZeroAndAnEmptySliceMinusInfinity() {
    assertThat(SliceLine.score(0.95, 200, 20.0 / 200, 200, 20)).isCloseTo(0.0, within(1e-15));
    assertThat(SliceLine.score(0.95, 200, 0.1, 0, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void upperBoundProbesMinSupportTheErrorCountAndTheSize() {
    // n = 1,000, ē = 0.1, minSupport 10, parents' smallest size 200 and errors 30, α = 0.95.
    // At s = 10: errors min(10, 30) = 10, 0.95·(1/0.1 − 1) − 0.05·(100 − 1) = 8.55 − 4.95 = 3.6
    // At s = 30: errors 30, 0.95·(1/0.1 − 1) − 0.05·(1000/30 − 1) = 8.55 − 1.6167 = 6.9333
    // At s = 200: errors 30, 0.95·(0.15/0.1 − 1) − 0.05·(5 − 1) = 0.475 − 0.2 = 0.275
    double atErrors = 0.95 * (1 / 0.1 - 1) - 0.05 * (1000.0 / 30 - 1);
    assertThat(SliceLine.scoreUpperBound(0.95, 1000, 0.1, 10, 200, 30, 1.0))
        .isCloseTo(atErrors, within(1e-12));
  }

  @Test
  void upperBoundBoundsEverySliceWithinItsLimits() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      long n = 100 + random.nextInt(10000);
      double rate = (1 + random.nextInt(500)) / 1000.0;
      double alpha = random.nextDouble();
      long minSupport = 1 + random.nextInt(50);
      long size = minSupport + random.nextInt((int) (n - minSupport) + 1);
      long errors = random.nextInt((int) size + 1);
      double bound = SliceLine.scoreUpperBound(alpha, n, rate, minSupport, size, errors, 1.0);
      long s = minSupport + random.nextInt((int) (size - minSupport) + 1);
      long e = random.nextInt((int) Math.min(s, errors) + 1);
      assertThat(SliceLine.score(alpha, n, rate, s, e)).isLessThanOrEqualTo(bound + 1e-12);
    }
  }

  // The search, on a cube drawn by hand.

  @Test
  void findsTheWorstSlicesInOrderWithTiesBrokenBySizeThenText() {
    //            b = p          b = q
    // a = x   100 (40 broken)  100 (0)
    // a = y   100 (0)          100 (0)
    // a = z    50 (20 broken)   50 (0)
    // n = 500, 60 broken, ē = 0.12. With α = 1 the score is (se/ss)/ē − 1:
    // a = x AND b = p: 0.4/0.12 − 1 = 2.333 (size 100); a = z AND b = p: the same (size 50);
    // b = p: 60/250 / 0.12 − 1 = 1; a = x and a = z: 0.2/0.12 − 1 = 0.667 each, x and z in
    // text order (same size? no: 200 and 100, so x first).
    DiscoveryCube cube =
        DiscoveryCube.builder("cand", "dom", "a", "b")
            .add(Half.DISCOVERY, broken(100, 40), "x", "p")
            .add(Half.DISCOVERY, broken(100, 0), "x", "q")
            .add(Half.DISCOVERY, broken(100, 0), "y", "p")
            .add(Half.DISCOVERY, broken(100, 0), "y", "q")
            .add(Half.DISCOVERY, broken(50, 20), "z", "p")
            .add(Half.DISCOVERY, broken(50, 0), "z", "q")
            .build();
    List<ScoredSlice> top =
        SliceLine.find(cube, ErrorDefinition.BROKEN, new DiscoverySettings(2, 10, 10, 1.0));
    assertThat(top)
        .extracting(ScoredSlice::text)
        .containsExactly("a = x AND b = p", "a = z AND b = p", "b = p", "a = x", "a = z");
    assertThat(top)
        .extracting(ScoredSlice::score)
        .containsExactly(
            0.4 / 0.12 - 1,
            0.4 / 0.12 - 1,
            (60.0 / 250) / 0.12 - 1,
            0.2 / 0.12 - 1,
            0.2 / 0.12 - 1);
    assertThat(top.get(0).examples()).isEqualTo(100);
    assertThat(top.get(0).errors()).isEqualTo(40);
    assertThat(top.get(0).level()).isEqualTo(2);
  }

  @Test
  void minSupportAndTopKLimitTheResult() {
    DiscoveryCube cube =
        DiscoveryCube.builder("cand", "dom", "a", "b")
            .add(Half.DISCOVERY, broken(100, 40), "x", "p")
            .add(Half.DISCOVERY, broken(100, 0), "x", "q")
            .add(Half.DISCOVERY, broken(100, 0), "y", "p")
            .add(Half.DISCOVERY, broken(100, 0), "y", "q")
            .add(Half.DISCOVERY, broken(50, 20), "z", "p")
            .add(Half.DISCOVERY, broken(50, 0), "z", "q")
            .build();
    assertThat(SliceLine.find(cube, ErrorDefinition.BROKEN, new DiscoverySettings(2, 51, 2, 1.0)))
        .extracting(ScoredSlice::text)
        .containsExactly("a = x AND b = p", "b = p");
  }

  @Test
  void aDomainWithoutErrorsHasNoSlices() {
    DiscoveryCube cube =
        DiscoveryCube.builder("cand", "dom", "a")
            .add(Half.DISCOVERY, broken(100, 0), "x")
            .add(Half.DISCOVERY, new PairedCounts(0, 0, 5, 0), "y")
            .build();
    assertThat(SliceLine.find(cube, ErrorDefinition.WRONG, DiscoverySettings.defaults(1)))
        .extracting(ScoredSlice::text)
        .containsExactly("a = y");
    DiscoveryCube clean =
        DiscoveryCube.builder("cand", "dom", "a").add(Half.DISCOVERY, broken(100, 0), "x").build();
    assertThat(SliceLine.find(clean, ErrorDefinition.BROKEN, DiscoverySettings.defaults(1)))
        .isEmpty();
  }

  // The search with its pruning against every conjunction.

  @Test
  void theSearchWithPruningFindsWhatBruteForceFinds() {
    Random random = new Random(2021);
    int compared = 0;
    int withDeepSlices = 0;
    for (long seed = 1; seed <= 300; seed++) {
      int[] cardinalities = new int[2 + random.nextInt(3)];
      for (int d = 0; d < cardinalities.length; d++) {
        cardinalities[d] = 2 + random.nextInt(4);
      }
      DiscoveryCube cube = RandomCubes.structured(seed, cardinalities, 60);
      DiscoverySettings settings =
          new DiscoverySettings(
              1 + random.nextInt(4),
              new long[] {1, 5, 20, 60}[random.nextInt(4)],
              new int[] {1, 3, 10, 25}[random.nextInt(4)],
              new double[] {0.5, 0.8, 0.95, 1.0}[random.nextInt(4)]);
      for (ErrorDefinition error : ErrorDefinition.values()) {
        List<ScoredSlice> found = SliceLine.find(cube, error, settings);
        List<ScoredSlice> expected = bruteForce(cube, error, settings);
        assertThat(found)
            .as("seed %d, %s, %s", seed, error, settings)
            .extracting(ScoredSlice::text, ScoredSlice::examples, ScoredSlice::errors)
            .containsExactlyElementsOf(
                expected.stream()
                    .map(
                        s ->
                            org.assertj.core.groups.Tuple.tuple(s.text(), s.examples(), s.errors()))
                    .toList());
        for (int i = 0; i < found.size(); i++) {
          assertThat(found.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-12));
        }
        compared += found.size();
        withDeepSlices += found.stream().anyMatch(s -> s.level() >= 3) ? 1 : 0;
      }
    }
    // The comparison covers many slices, and slices of three or more predicates.
    assertThat(compared).isGreaterThan(1000);
    assertThat(withDeepSlices).isGreaterThan(20);
  }

  /** Every conjunction of at most maxPredicates predicates, scored, filtered and ranked. */
  private static List<ScoredSlice> bruteForce(
      DiscoveryCube cube, ErrorDefinition error, DiscoverySettings settings) {
    PairedCounts domain = cube.total(Half.DISCOVERY);
    long n = domain.n();
    long domainErrors = error.errors(domain);
    List<ScoredSlice> all = new ArrayList<>();
    int dims = cube.dimensions().size();
    for (int mask = 1; mask < (1 << dims); mask++) {
      if (Integer.bitCount(mask) > settings.maxPredicates()) {
        continue;
      }
      Map<List<Predicate>, PairedCounts> slices = new HashMap<>();
      for (DiscoveryCube.Cell cell : cube.cells()) {
        List<Predicate> predicates = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
          if ((mask & (1 << d)) != 0) {
            predicates.add(new Predicate(cube.dimensions().get(d), cell.values().get(d)));
          }
        }
        slices.merge(predicates, cell.discovery(), PairedCounts::plus);
      }
      slices.forEach(
          (predicates, counts) -> {
            long ss = counts.n();
            long se = error.errors(counts);
            double eAvg = (double) domainErrors / n;
            double a = settings.alpha();
            double sc = a * (((double) se / ss) / eAvg - 1) - (1 - a) * ((double) n / ss - 1);
            if (ss >= settings.minSupport() && sc > 0) {
              all.add(new ScoredSlice(predicates, counts, ss, se, sc));
            }
          });
    }
    all.sort(
        Comparator.comparingDouble(ScoredSlice::score)
            .reversed()
            .thenComparing(Comparator.comparingLong(ScoredSlice::examples).reversed())
            .thenComparing(ScoredSlice::text));
    return all.subList(0, Math.min(settings.topK(), all.size()));
  }
}

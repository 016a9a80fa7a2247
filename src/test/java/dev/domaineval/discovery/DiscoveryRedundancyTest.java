package dev.domaineval.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.compare.PairedCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A found slice with a predicate that selects nothing more than its parent says the same as the
 * parent, so only the parent is reported: here every example with {@code a = x} has {@code b = y},
 * so {@code a = x AND b = y} is {@code a = x}.
 */
class DiscoveryRedundancyTest {

  private static DiscoveryCube cube() {
    DiscoveryCube.Builder b = DiscoveryCube.builder("cand", "legal", "a", "b");
    // a = x: 400 examples, all with b = y, 30 % broken; elsewhere 5 % broken.
    b.addToBoth(new PairedCounts(270, 10, 120, 0), "x", "y");
    b.addToBoth(new PairedCounts(560, 10, 30, 0), "a2", "y");
    b.addToBoth(new PairedCounts(1320, 20, 60, 0), "a2", "b2");
    b.addToBoth(new PairedCounts(1330, 10, 60, 0), "a3", "b2");
    return b.build();
  }

  @Test
  void aSliceThatSelectsWhatItsParentSelectsIsLeftOut() {
    List<DiscoveredSlice> found =
        SliceDiscovery.discover(cube(), new DiscoverySettings(2, 30, 10, 0.95));

    List<String> broken =
        found.stream()
            .filter(s -> s.error() == ErrorDefinition.BROKEN)
            .map(DiscoveredSlice::text)
            .toList();
    assertThat(broken).first().isEqualTo("a = x");
    assertThat(broken).doesNotContain("a = x AND b = y");
    assertThat(found)
        .filteredOn(s -> s.error() == ErrorDefinition.BROKEN)
        .extracting(DiscoveredSlice::rank)
        .as("ranks stay consecutive")
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, broken.size()).boxed().toList());
  }

  @Test
  void theRuleComparesTheDiscoveryHalfCounts() {
    DiscoveryCube cube = cube();
    CubeProjections projections = new CubeProjections(cube);
    List<SliceLine.ScoredSlice> all =
        SliceLine.find(projections, ErrorDefinition.BROKEN, new DiscoverySettings(2, 30, 10, 0.95));

    assertThat(all)
        .filteredOn(s -> s.level() == 2)
        .allSatisfy(
            s ->
                assertThat(SliceDiscovery.redundant(cube, s))
                    .as(Predicate.text(s.predicates()))
                    .isEqualTo(Predicate.text(s.predicates()).equals("a = x AND b = y")));
  }
}

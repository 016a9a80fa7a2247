package dev.domaineval.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.compare.PairedCounts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryCubeTest {

  private static final PairedCounts A = new PairedCounts(10, 1, 2, 3);
  private static final PairedCounts B = new PairedCounts(5, 0, 4, 1);

  @Test
  void thePassCellsBecomeOneCubePerCandidateAndDomainWithHalvesApart() {
    List<dev.domaineval.counts.DiscoveryCell> cells =
        List.of(
            new dev.domaineval.counts.DiscoveryCell(
                "ft", "spam", Arrays.asList("en", null), 0, 5, 1, 2, 3),
            new dev.domaineval.counts.DiscoveryCell(
                "ft", "spam", Arrays.asList("en", null), 1, 7, 0, 1, 0),
            new dev.domaineval.counts.DiscoveryCell(
                "ft", "legal", Arrays.asList("fr", "long"), 0, 1, 1, 1, 1),
            new dev.domaineval.counts.DiscoveryCell(
                "a-ft", "spam", Arrays.asList("fr", "long"), 1, 2, 0, 0, 0));

    List<DiscoveryCube> cubes = DiscoveryCube.of(cells, List.of("lang", "len"));

    assertThat(cubes)
        .extracting(c -> c.candidate() + "/" + c.domain())
        .containsExactly("a-ft/spam", "ft/legal", "ft/spam");
    DiscoveryCube spam = cubes.get(2);
    assertThat(spam.dimensions()).containsExactly("lang", "len");
    assertThat(spam.cells())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.values()).containsExactly("en", null);
              assertThat(c.discovery()).isEqualTo(new PairedCounts(5, 1, 2, 3));
              assertThat(c.confirmation()).isEqualTo(new PairedCounts(7, 0, 1, 0));
            });
    assertThat(cubes.get(0).total(Half.DISCOVERY)).isEqualTo(new PairedCounts(0, 0, 0, 0));
  }

  @Test
  void theBuilderSumsCountsAddedToTheSameCell() {
    DiscoveryCube cube =
        DiscoveryCube.builder("cand", "dom", "a", "b")
            .add(Half.DISCOVERY, A, "x", "p")
            .add(Half.DISCOVERY, B, "x", "p")
            .add(Half.CONFIRMATION, B, "x", "p")
            .build();
    assertThat(cube.cells()).hasSize(1);
    assertThat(cube.cells().get(0).discovery()).isEqualTo(A.plus(B));
    assertThat(cube.cells().get(0).confirmation()).isEqualTo(B);
  }

  @Test
  void aMissingValueIsAValueOfItsOwn() {
    DiscoveryCube cube =
        DiscoveryCube.builder("cand", "dom", "a")
            .addToBoth(A, "x")
            .addToBoth(B, (String) null)
            // A data value "(null)" comes from the pass escaped, as the slices table writes it.
            .addToBoth(A, "\\(null)")
            .build();
    assertThat(cube.cells()).hasSize(3);
    assertThat(cube.count(List.of(new Predicate("a", null)), Half.DISCOVERY)).isEqualTo(B);
    assertThat(new Predicate("a", null).text()).isEqualTo("a = (null)");
    assertThat(new Predicate("a", "\\(null)").text()).isEqualTo("a = \\(null)");
    assertThat(new Predicate("a", "(null)").text()).isEqualTo("a = (null)");
  }

  @Test
  void aSliceCountsTheSumOfItsCells() {
    DiscoveryCube cube =
        DiscoveryCube.builder("cand", "dom", "a", "b")
            .addToBoth(A, "x", "p")
            .addToBoth(B, "x", "q")
            .addToBoth(B, "y", "p")
            .build();
    assertThat(cube.count(List.of(new Predicate("a", "x")), Half.CONFIRMATION))
        .isEqualTo(A.plus(B));
    assertThat(
            cube.count(List.of(new Predicate("a", "x"), new Predicate("b", "p")), Half.DISCOVERY))
        .isEqualTo(A);
    assertThat(cube.count(List.of(), Half.DISCOVERY)).isEqualTo(cube.total(Half.DISCOVERY));
    assertThat(cube.total(Half.DISCOVERY)).isEqualTo(A.plus(B).plus(B));
    assertThat(
            Predicate.text(
                List.of(
                    new Predicate("source", "partner_api"),
                    new Predicate("length_bucket", "long"))))
        .isEqualTo("source = partner_api AND length_bucket = long");
  }

  @Test
  void invalidCubesAreRejectedWithWhatIsWrong() {
    assertThatThrownBy(() -> DiscoveryCube.builder("cand", "dom", "a", "b").addToBoth(A, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 values for 2 dimensions");
    assertThatThrownBy(() -> DiscoveryCube.builder("cand", "dom", "a", "a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeated dimension");
    DiscoveryCube.Cell cell = new DiscoveryCube.Cell(Arrays.asList("x"), A, B);
    assertThatThrownBy(() -> new DiscoveryCube("cand", "dom", List.of("a"), List.of(cell, cell)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
    DiscoveryCube cube = DiscoveryCube.builder("cand", "dom", "a").addToBoth(A, "x").build();
    assertThatThrownBy(() -> cube.count(List.of(new Predicate("z", "x")), Half.DISCOVERY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown dimension 'z'");
  }

  @Test
  void settingsAreValidated() {
    assertThat(DiscoverySettings.defaults(30)).isEqualTo(new DiscoverySettings(3, 30, 10, 0.95));
    assertThatThrownBy(() -> new DiscoverySettings(0, 30, 10, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-predicates 0");
    assertThatThrownBy(() -> new DiscoverySettings(3, 30, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha 0.0");
  }

  @Test
  void anExamplesHalfIsTheLowestBitOfItsHash() {
    assertThat(Half.ofHash(42)).isEqualTo(Half.DISCOVERY);
    assertThat(Half.ofHash(-7)).isEqualTo(Half.CONFIRMATION);
    assertThat(Half.ofHash(Long.MIN_VALUE)).isEqualTo(Half.DISCOVERY);
  }
}

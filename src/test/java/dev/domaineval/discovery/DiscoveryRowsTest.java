package dev.domaineval.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.compare.McNemar;
import dev.domaineval.compare.PairedCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a discovered slice's row holds, and from which half each number comes. */
class DiscoveryRowsTest {

  //                 discovery half                 confirmation half
  //                 (both right, fixed, broken,    (both right, fixed, broken,
  //                  both wrong)                    both wrong)
  // a = x, b = p    (50, 2, 40, 8)   100           (60, 3, 30, 7)   100
  // a = x, b = q    (90, 5, 0, 5)    100           (85, 5, 5, 5)    100
  // a = y, b = p    (90, 5, 0, 5)    100           (90, 5, 0, 5)    100
  // a = y, b = q    (90, 5, 0, 5)    100           (90, 5, 0, 5)    100
  private static DiscoveryCube cube() {
    PairedCounts plain = new PairedCounts(90, 5, 0, 5);
    return DiscoveryCube.builder("ft-v2", "legal", "a", "b")
        .add(Half.DISCOVERY, new PairedCounts(50, 2, 40, 8), "x", "p")
        .add(Half.CONFIRMATION, new PairedCounts(60, 3, 30, 7), "x", "p")
        .add(Half.DISCOVERY, plain, "x", "q")
        .add(Half.CONFIRMATION, new PairedCounts(85, 5, 5, 5), "x", "q")
        .addToBoth(plain, "y", "p")
        .addToBoth(plain, "y", "q")
        .build();
  }

  @Test
  void scoreAndSizeComeFromTheDiscoveryHalfTheTestFromTheConfirmationHalf() {
    List<DiscoveredSlice> found =
        SliceDiscovery.discover(cube(), new DiscoverySettings(2, 10, 10, 0.95));
    DiscoveredSlice first = found.get(0);
    assertThat(first.candidate()).isEqualTo("ft-v2");
    assertThat(first.domain()).isEqualTo("legal");
    assertThat(first.error()).isEqualTo(ErrorDefinition.BROKEN);
    assertThat(first.rank()).isEqualTo(1);
    assertThat(first.text()).isEqualTo("a = x AND b = p");
    assertThat(first.level()).isEqualTo(2);
    // Discovery half: 40 broken of 100, 40 of 400 in the domain.
    assertThat(first.examples()).isEqualTo(100);
    assertThat(first.errors()).isEqualTo(40);
    assertThat(first.errorRate()).isCloseTo(0.4, within(1e-15));
    assertThat(first.domainErrorRate()).isCloseTo(0.1, within(1e-15));
    assertThat(first.score())
        .isCloseTo(0.95 * (0.4 / 0.1 - 1) - 0.05 * (400.0 / 100 - 1), within(1e-12));
    // Confirmation half: 3 fixed, 30 broken.
    assertThat(first.fixed()).isEqualTo(3);
    assertThat(first.broken()).isEqualTo(30);
    assertThat(first.confirmationExamples()).isEqualTo(100);
    assertThat(first.confirmationErrors()).isEqualTo(30);
    assertThat(first.pValue()).isEqualTo(McNemar.exactOneSidedPValue(3, 30));
    assertThat(first.significant()).isFalse();
  }

  @Test
  void eachDefinitionIsRankedFromOneBrokenFirst() {
    List<DiscoveredSlice> found =
        SliceDiscovery.discover(cube(), new DiscoverySettings(2, 10, 10, 0.95));
    List<DiscoveredSlice> broken =
        found.stream().filter(s -> s.error() == ErrorDefinition.BROKEN).toList();
    List<DiscoveredSlice> wrong =
        found.stream().filter(s -> s.error() == ErrorDefinition.WRONG).toList();
    assertThat(found).containsExactlyElementsOf(concat(broken, wrong));
    assertThat(broken).extracting(DiscoveredSlice::rank).startsWith(1, 2);
    assertThat(wrong).extracting(DiscoveredSlice::rank).startsWith(1);
    // wrong: the slice's 30 + 7 = 37 wrong of 100 against the rest's 10 + 5 + 5 = 20 of 300 on
    // the confirmation half (57 of 400 in all).
    DiscoveredSlice firstWrong = wrong.get(0);
    assertThat(firstWrong.text()).isEqualTo("a = x AND b = p");
    assertThat(firstWrong.errors()).isEqualTo(48);
    assertThat(firstWrong.confirmationErrors()).isEqualTo(37);
    assertThat(firstWrong.pValue()).isEqualTo(FisherExact.greaterPValue(37, 100, 57, 400));
  }

  private static List<DiscoveredSlice> concat(List<DiscoveredSlice> a, List<DiscoveredSlice> b) {
    List<DiscoveredSlice> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}

package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedCountsTest {

  //                  candidate right   candidate wrong
  // baseline right        70 (both)        5 (broken)
  // baseline wrong        15 (fixed)      10 (both)
  private static final PairedCounts COUNTS = new PairedCounts(70, 15, 5, 10);

  @Test
  void countsExamplesAndDiscordantPairs() {
    assertThat(COUNTS.n()).isEqualTo(100);
    assertThat(COUNTS.discordant()).isEqualTo(15 + 5);
  }

  @Test
  void flipRateIsTheFractionOfExamplesWhoseCorrectnessChanged() {
    assertThat(COUNTS.flipRate()).isCloseTo((15.0 + 5) / 100, within(1e-12));
  }

  @Test
  void flipRateIsZeroWithoutExamples() {
    assertThat(new PairedCounts(0, 0, 0, 0).flipRate()).isEqualTo(0.0);
  }

  @Test
  void ofPutsTheCountInTheCellOfTheOutcome() {
    assertThat(PairedCounts.of(true, true, 7)).isEqualTo(new PairedCounts(7, 0, 0, 0));
    assertThat(PairedCounts.of(false, true, 7)).isEqualTo(new PairedCounts(0, 7, 0, 0));
    assertThat(PairedCounts.of(true, false, 7)).isEqualTo(new PairedCounts(0, 0, 7, 0));
    assertThat(PairedCounts.of(false, false, 7)).isEqualTo(new PairedCounts(0, 0, 0, 7));
  }

  @Test
  void plusGivesTheCountsOfTheCombinedExamples() {
    PairedCounts combined =
        PairedCounts.of(true, true, 70)
            .plus(PairedCounts.of(false, true, 15))
            .plus(PairedCounts.of(true, false, 5))
            .plus(PairedCounts.of(false, false, 10));

    assertThat(combined).isEqualTo(COUNTS);
    assertThat(COUNTS.plus(COUNTS)).isEqualTo(new PairedCounts(140, 30, 10, 20));
  }

  @Test
  void countsBeyondIntRangeDoNotOverflow() {
    PairedCounts large = new PairedCounts(3_000_000_000L, 2_000_000_000L, 2_000_000_000L, 0);

    assertThat(large.n()).isEqualTo(7_000_000_000L);
    assertThat(large.discordant()).isEqualTo(4_000_000_000L);
    assertThat(large.flipRate()).isCloseTo(4.0 / 7, within(1e-12));
  }

  @Test
  void plusFailsRatherThanWrapAroundOnOverflow() {
    PairedCounts huge = new PairedCounts(Long.MAX_VALUE, 0, 0, 0);

    assertThatThrownBy(() -> huge.plus(PairedCounts.of(true, true, 1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatThrownBy(() -> new PairedCounts(1, -2, 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bothRight=1 fixed=-2 broken=3 bothWrong=4")
        .hasMessageContaining("must be >= 0");
    assertThatThrownBy(() -> PairedCounts.of(true, false, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken=-1");
  }
}

package dev.domaineval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Cohen's kappa against a published worked example and against scikit-learn's definition computed
 * row by row from the labels (observed agreement p_o and chance agreement p_e of the two label
 * sequences), independently of the counts formula {@link GroupMetrics#cohenKappa} uses.
 */
class CohenKappaTest {
  private static final String INVALID = ConfusionMatrix.INVALID;

  @Test
  void matchesTheWorkedExampleOfTwoRaters() {
    // The textbook example (Cohen 1960; also the example of Wikipedia's "Cohen's kappa"): 50
    // proposals, rater A as the label, rater B as the prediction.
    // actual \ predicted   yes  no
    // yes                   20   5
    // no                    10  15
    // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    ConfusionMatrix m =
        ConfusionMatrix.builder()
            .add("yes", "yes", 20)
            .add("yes", "no", 5)
            .add("no", "yes", 10)
            .add("no", "no", 15)
            .build();
    assertThat(GroupMetrics.cohenKappa(m)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void equalsTheDefinitionOnTheLabelSequencesOfRandomMatrices() {
    Random random = new Random(20261206L);
    List<String> classes = List.of("a", "b", "c", "d");
    for (int trial = 0; trial < 500; trial++) {
      ConfusionMatrix.Builder b = ConfusionMatrix.builder();
      List<String> truth = new ArrayList<>();
      List<String> predicted = new ArrayList<>();
      int k = 1 + random.nextInt(classes.size());
      for (String actual : classes.subList(0, k)) {
        List<String> columns = new ArrayList<>(classes.subList(0, k));
        columns.add(INVALID);
        for (String p : columns) {
          int count = random.nextInt(4) == 0 ? 0 : random.nextInt(20);
          if (count > 0) {
            b.add(actual, p, count);
            for (int i = 0; i < count; i++) {
              truth.add(actual);
              predicted.add(p);
            }
          }
        }
      }
      ConfusionMatrix m = b.build();
      assertThat(GroupMetrics.cohenKappa(m))
          .as("trial %d: %s", trial, m)
          .isCloseTo(fromLabels(truth, predicted), within(1e-12));
    }
  }

  @Test
  void isZeroWhereChanceAgreementIsCertainAndOneForPerfectAgreement() {
    // Every example of one class, always predicted: p_e = 1, kappa undefined (scikit-learn: NaN),
    // 0.0 here by the zero-denominator policy.
    ConfusionMatrix single = ConfusionMatrix.builder().add("ham", "ham", 7).build();
    assertThat(GroupMetrics.cohenKappa(single)).isEqualTo(0.0);
    assertThat(GroupMetrics.cohenKappa(ConfusionMatrix.empty())).isEqualTo(0.0);

    ConfusionMatrix perfect =
        ConfusionMatrix.builder().add("ham", "ham", 7).add("spam", "spam", 3).build();
    assertThat(GroupMetrics.cohenKappa(perfect)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void countsOfMergedDataGiveTheKappaOfTheUnion() {
    ConfusionMatrix a = ConfusionMatrix.builder().add("x", "x", 3).add("x", "y", 2).build();
    ConfusionMatrix b =
        ConfusionMatrix.builder().add("y", "y", 4).add("y", INVALID, 1).add("x", "x", 1).build();
    ConfusionMatrix union =
        ConfusionMatrix.builder()
            .add("x", "x", 4)
            .add("x", "y", 2)
            .add("y", "y", 4)
            .add("y", INVALID, 1)
            .build();
    assertThat(GroupMetrics.cohenKappa(a.plus(b)))
        .isCloseTo(GroupMetrics.cohenKappa(union), within(1e-12));
  }

  /** p_o and p_e of two label sequences, as scikit-learn defines them (invalid is a label). */
  private static double fromLabels(List<String> truth, List<String> predicted) {
    int n = truth.size();
    if (n == 0) {
      return 0.0;
    }
    double agree = 0;
    for (int i = 0; i < n; i++) {
      agree += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
    }
    double po = agree / n;
    double pe = 0;
    for (String label : new TreeSet<>(truth)) {
      long t = truth.stream().filter(label::equals).count();
      long p = predicted.stream().filter(label::equals).count();
      pe += ((double) t / n) * ((double) p / n);
    }
    return pe == 1.0 ? 0.0 : (po - pe) / (1 - pe);
  }
}

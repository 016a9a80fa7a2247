package dev.domaineval.metrics;

import static dev.domaineval.metrics.ConfusionMatrix.INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link GroupMetrics#mcc} against a brute-force recomputation from row-level labels: the
 * Pearson-style definition of Gorodkin's R_K, cov(X, Y) / sqrt(cov(X, X) · cov(Y, Y)) over the
 * one-hot matrices X of the labels and Y of the predictions, which scikit-learn's matthews_corrcoef
 * computes from the confusion matrix.
 */
class MatthewsCorrelationTest {

  @Test
  void binaryMatchesTheClassicFormulaAndTheBruteForce() {
    // actual \ predicted   p  n
    // p                    6  2
    // n                    1  5
    String[] yTrue = {"p", "p", "p", "p", "p", "p", "p", "p", "n", "n", "n", "n", "n", "n"};
    String[] yPred = {"p", "p", "p", "p", "p", "p", "n", "n", "p", "n", "n", "n", "n", "n"};

    double mcc = GroupMetrics.mcc(GroupMetricsTest.fromRows(yTrue, yPred));

    double tp = 6;
    double fn = 2;
    double fp = 1;
    double tn = 5;
    assertThat(mcc)
        .isCloseTo(
            (tp * tn - fp * fn) / Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)),
            within(1e-12))
        .isCloseTo(pearson(yTrue, yPred), within(1e-12));
  }

  @Test
  void multiclassWithInvalidPredictionsMatchesTheBruteForce() {
    // actual \ predicted   bird  cat  dog  fox  (invalid)
    // bird                   3    1    0    1      0
    // cat                    0    4    1    0      1
    // dog                    1    0    2    0      2
    String[] yTrue = animalsTrue();
    String[] yPred = animalsPredicted();

    assertThat(GroupMetrics.mcc(GroupMetricsTest.fromRows(yTrue, yPred)))
        .isCloseTo(pearson(yTrue, yPred), within(1e-12));
  }

  @Test
  void anInvalidPredictionIsAWrongLabelNotAMissingRow() {
    // Dropping the invalid rows would give a perfect 1.0; keeping them as their own label lowers
    // the correlation.
    String[] yTrue = {"a", "a", "b", "b", "b"};
    String[] yPred = {"a", INVALID, "b", "b", "b"};

    double mcc = GroupMetrics.mcc(GroupMetricsTest.fromRows(yTrue, yPred));

    assertThat(mcc).isCloseTo(pearson(yTrue, yPred), within(1e-12)).isLessThan(1.0);
  }

  @Test
  void perfectPredictionIsOneAndSwappedBinaryIsMinusOne() {
    String[] yTrue = {"a", "b", "b", "c"};

    assertThat(GroupMetrics.mcc(GroupMetricsTest.fromRows(yTrue, yTrue))).isEqualTo(1.0);
    assertThat(
            GroupMetrics.mcc(
                GroupMetricsTest.fromRows(
                    new String[] {"x", "x", "y"}, new String[] {"y", "y", "x"})))
        .isCloseTo(-1.0, within(1e-12));
  }

  @Test
  void isZeroWhenThePredictionsOrTheLabelsDoNotVary() {
    String[] yTrue = {"a", "a", "b"};

    assertThat(GroupMetrics.mcc(GroupMetricsTest.fromRows(yTrue, new String[] {"a", "a", "a"})))
        .isEqualTo(0.0);
    assertThat(
            GroupMetrics.mcc(
                GroupMetricsTest.fromRows(yTrue, new String[] {INVALID, INVALID, INVALID})))
        .isEqualTo(0.0);
    assertThat(
            GroupMetrics.mcc(
                GroupMetricsTest.fromRows(new String[] {"a", "a"}, new String[] {"a", "b"})))
        .isEqualTo(0.0);
    assertThat(GroupMetrics.mcc(ConfusionMatrix.empty())).isEqualTo(0.0);
  }

  @Test
  void doesNotOverflowWithBillionsOfExamples() {
    // The animals table above with every cell multiplied by 3e9: N = 4.8e10, so N² would
    // overflow a long. MCC is scale-invariant, so the value must not change.
    long scale = 3_000_000_000L;
    ConfusionMatrix small = GroupMetricsTest.fromRows(animalsTrue(), animalsPredicted());
    ConfusionMatrix.Builder huge = ConfusionMatrix.builder();
    for (ConfusionMatrix.Cell cell : small.cells()) {
      huge.add(cell.actual(), cell.predicted(), cell.count() * scale);
    }
    ConfusionMatrix matrix = huge.build();
    assertThatThrownBy(() -> Math.multiplyExact(matrix.total(), matrix.total()))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("overflow");

    assertThat(GroupMetrics.mcc(matrix))
        .isCloseTo(pearson(animalsTrue(), animalsPredicted()), within(1e-12));
    assertThat(GroupMetrics.compute(matrix))
        .allSatisfy(v -> assertThat(v.value()).as(v.metric().id()).isFinite());
  }

  private static String[] animalsTrue() {
    return new String[] {
      "bird", "bird", "bird", "bird", "bird", "cat", "cat", "cat", "cat", "cat", "cat", "dog",
      "dog", "dog", "dog", "dog"
    };
  }

  private static String[] animalsPredicted() {
    return new String[] {
      "bird", "bird", "bird", "cat", "fox", "cat", "cat", "cat", "cat", "dog", INVALID, "bird",
      "dog", "dog", INVALID, INVALID
    };
  }

  /** R_K from row-level labels; 0 when a variance is 0 (scikit-learn's convention). */
  private static double pearson(String[] yTrue, String[] yPred) {
    List<String> labels =
        Stream.concat(Arrays.stream(yTrue), Arrays.stream(yPred)).distinct().sorted().toList();
    int n = yTrue.length;
    int k = labels.size();
    double[][] x = new double[n][k];
    double[][] y = new double[n][k];
    for (int i = 0; i < n; i++) {
      x[i][labels.indexOf(yTrue[i])] = 1;
      y[i][labels.indexOf(yPred[i])] = 1;
    }
    double[] meanX = new double[k];
    double[] meanY = new double[k];
    for (int j = 0; j < k; j++) {
      double sumX = 0;
      double sumY = 0;
      for (int i = 0; i < n; i++) {
        sumX += x[i][j];
        sumY += y[i][j];
      }
      meanX[j] = sumX / n;
      meanY[j] = sumY / n;
    }
    double covXy = 0;
    double covXx = 0;
    double covYy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        double dx = x[i][j] - meanX[j];
        double dy = y[i][j] - meanY[j];
        covXy += dx * dy;
        covXx += dx * dx;
        covYy += dy * dy;
      }
    }
    return covXx * covYy == 0 ? 0.0 : covXy / Math.sqrt(covXx * covYy);
  }
}

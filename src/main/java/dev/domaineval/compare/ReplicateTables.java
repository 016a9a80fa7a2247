package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The replicate tables of the Poisson bootstrap of one joint confusion, drawn from its counts.
 *
 * <p>In the Poisson bootstrap every example weighs Poisson(1) in each replicate, independently of
 * the other examples. A joint cell of n examples then counts the sum of n independent Poisson(1)
 * weights, which is Poisson(n), independently of the other cells: so a replicate table is drawn
 * cell by cell from the counts, without the examples. Both models' confusion matrices are margins
 * of the same replicate table, which keeps the pairs together.
 *
 * <p>The draws come from one Well19937c generator seeded with {@code seed}; each replicate draws
 * the cells in their sorted order, so the same table and seed give the same replicates. A cell of
 * more than {@value #NORMAL_ABOVE} examples is drawn from the normal distribution N(n, n), rounded
 * to a whole number (at least 0): the Poisson distribution's skewness there is below 0.032, and
 * commons-math's Poisson sampler takes time growing with the mean (about 90 µs a draw at 10^4, 9 ms
 * at 10^6: at 10 M examples the exact draws took minutes).
 */
final class ReplicateTables {
  /** Above this many examples a cell's count is drawn from N(n, n), rounded. */
  static final double NORMAL_ABOVE = 1_000;

  private final List<JointConfusion.Cell> cells;
  private final long[] counts;
  private final PoissonDistribution[] poisson;
  private final RandomGenerator random;

  /**
   * The replicates of a joint confusion.
   *
   * @param seed the seed of this table's draws
   */
  ReplicateTables(JointConfusion joint, long seed) {
    this.random = new Well19937c(seed);
    this.cells = new ArrayList<>(joint.cells().size());
    this.counts = new long[joint.cells().size()];
    this.poisson = new PoissonDistribution[counts.length];
    int i = 0;
    for (Map.Entry<JointConfusion.Cell, Long> e : joint.cells().entrySet()) {
      cells.add(e.getKey());
      counts[i] = e.getValue();
      if (counts[i] <= NORMAL_ABOVE) {
        poisson[i] =
            new PoissonDistribution(
                random,
                counts[i],
                PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS);
      }
      i++;
    }
  }

  /** The cells of the table, sorted: the order of the counts of {@link #next}. */
  List<JointConfusion.Cell> cells() {
    return cells;
  }

  /** The counts of the cells in the next replicate, in the order of {@link #cells}. */
  long[] next() {
    long[] out = new long[counts.length];
    for (int i = 0; i < out.length; i++) {
      if (poisson[i] != null) {
        out[i] = poisson[i].sample();
      } else {
        double n = counts[i];
        out[i] = Math.max(0, Math.round(n + Math.sqrt(n) * random.nextGaussian()));
      }
    }
    return out;
  }
}

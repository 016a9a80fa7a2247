package dev.domaineval.discovery;

import dev.domaineval.compare.PairedCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SliceLine (Sagadeeva & Boehm, "SliceLine: Fast, Linear-Algebra-based Slice Finding for ML Model
 * Debugging", SIGMOD 2021; Apache SystemDS {@code scripts/builtin/sliceLine.dml}) over a cube of
 * counts instead of rows: the top-k slices, conjunctions of {@code dimension = value} predicates
 * (at most one per dimension), where the candidate errs most, on the discovery half.
 *
 * <p>A slice of size ss with se errors, in a domain of n examples with error rate ē, scores {@code
 * sc = α·((se/ss)/ē − 1) − (1−α)·(n/ss − 1)}: positive when its error rate is enough above the
 * domain's for its size. As in SystemDS: the slices of one predicate are scored first; level by
 * level, two slices of the previous level that share all but one predicate are joined into a
 * candidate of one more predicate (here by the Apriori join of a common prefix, in dimension order,
 * which makes each candidate once: the same candidates as SystemDS's join of any two parents and
 * deduplication); a candidate is evaluated only if every parent (the slice without one of its
 * predicates) was kept at the previous level (at least {@code minSupport} examples and one error),
 * the smallest parent size is at least {@code minSupport}, and its score's upper bound (below) is
 * positive and not below the k-th best score so far; only slices with a positive score and at least
 * {@code minSupport} examples enter the top k.
 *
 * <p>The upper bound is SystemDS's {@code scoreUB}: every descendant of the parents has at most the
 * smallest parent size and error count, and, as the score is monotone in the size between the
 * probes, its maximum over sizes in [minSupport, size] is at one of {@code minSupport}, the error
 * count or the size. Two deliberate differences, both so that the result equals a brute-force
 * enumeration exactly: the bound is compared with the k-th score only once k slices are held
 * (SystemDS compares with the lowest held score even before), and a bound equal to it is kept (ties
 * are broken below); and the bound uses the domain's examples as n (SystemDS passes its number of
 * one-hot columns there, which only loosens the bound).
 *
 * <p>Ties are broken deterministically: score descending, then size descending, then the
 * predicates' text ascending.
 */
public final class SliceLine {

  /** The order of the top k: score descending, size descending, text ascending. */
  public static final Comparator<ScoredSlice> ORDER =
      Comparator.comparingDouble(ScoredSlice::score)
          .reversed()
          .thenComparing(Comparator.comparingLong(ScoredSlice::examples).reversed())
          .thenComparing(ScoredSlice::text);

  private static final PairedCounts ZERO = new PairedCounts(0, 0, 0, 0);

  /**
   * The largest error of one example. Errors are 0 or 1 per example here; SystemDS's bound allows
   * any non-negative error and uses the largest in the slice, which is 1 in every slice with an
   * error.
   */
  private static final double MAX_EXAMPLE_ERROR = 1.0;

  private SliceLine() {}

  /**
   * A slice found on the discovery half.
   *
   * @param predicates its predicates, in the cube's dimension order
   * @param counts its discovery-half counts
   * @param examples its size ss, discovery half
   * @param errors its errors se under the searched definition, discovery half
   * @param score its SliceLine score
   */
  public record ScoredSlice(
      List<Predicate> predicates, PairedCounts counts, long examples, long errors, double score) {
    public ScoredSlice {
      predicates = List.copyOf(predicates);
    }

    /** Its number of predicates (the lattice level). */
    public int level() {
      return predicates.size();
    }

    /** Its predicates joined by {@code AND}. */
    public String text() {
      return Predicate.text(predicates);
    }
  }

  /**
   * SliceLine's score of a slice, {@code α·((se/ss)/ē − 1) − (1−α)·(n/ss − 1)}; negative infinity
   * for an empty slice (SystemDS replaces the NaN by −∞).
   *
   * @param alpha the weight of the error term, in (0, 1]
   * @param domainExamples n
   * @param domainErrorRate ē, the domain's errors over its examples, {@code > 0}
   * @param size ss, the slice's examples
   * @param errors se, the slice's errors
   */
  public static double score(
      double alpha, long domainExamples, double domainErrorRate, long size, long errors) {
    double sc =
        alpha * (((double) errors / size) / domainErrorRate - 1)
            - (1 - alpha) * ((double) domainExamples / size - 1);
    return Double.isNaN(sc) ? Double.NEGATIVE_INFINITY : sc;
  }

  /**
   * An upper bound of the score of every slice with at most {@code size} examples (and at least
   * {@code minSupport}) and at most {@code errors} errors, each example's error at most {@code
   * maxError}: SystemDS's {@code scoreUB}, the score's maximum over the sizes minSupport,
   * max(errors/maxError, minSupport) and size, with errors min(s·maxError, errors).
   */
  static double scoreUpperBound(
      double alpha,
      long domainExamples,
      double domainErrorRate,
      long minSupport,
      long size,
      long errors,
      double maxError) {
    double[] sizes = {minSupport, Math.max(errors / maxError, minSupport), size};
    double best = Double.NEGATIVE_INFINITY;
    for (double s : sizes) {
      double sc =
          alpha * ((Math.min(s * maxError, errors) / s) / domainErrorRate - 1)
              - (1 - alpha) * (domainExamples / s - 1);
      if (!Double.isNaN(sc)) {
        best = Math.max(best, sc);
      }
    }
    return best;
  }

  /**
   * The top-k slices of {@code cube} for {@code error} on the discovery half, in {@link #ORDER};
   * empty when the domain has no example or no error there.
   */
  public static List<ScoredSlice> find(
      DiscoveryCube cube, ErrorDefinition error, DiscoverySettings settings) {
    return find(new CubeProjections(cube), error, settings);
  }

  /** {@link #find(DiscoveryCube, ErrorDefinition, DiscoverySettings)} with shared projections. */
  static List<ScoredSlice> find(
      CubeProjections projections, ErrorDefinition error, DiscoverySettings settings) {
    return new Search(projections, error, settings).run();
  }

  /** A slice of the lattice with the positions of its dimensions and the codes of its values. */
  private record Node(int[] dims, int[] codes, ScoredSlice slice) {
    List<Predicate> predicates() {
      return slice.predicates();
    }

    int lastDim() {
      return dims[dims.length - 1];
    }
  }

  /** One search: the cube's projections on the dimension sets met so far, and the top k. */
  private static final class Search {
    private final DiscoveryCube cube;
    private final CubeProjections projections;
    private final ErrorDefinition error;
    private final DiscoverySettings settings;
    private final List<ScoredSlice> top = new ArrayList<>();
    private long n;
    private double errorRate;

    Search(CubeProjections projections, ErrorDefinition error, DiscoverySettings settings) {
      this.cube = projections.cube();
      this.projections = projections;
      this.error = error;
      this.settings = settings;
    }

    List<ScoredSlice> run() {
      PairedCounts domain = cube.total(Half.DISCOVERY);
      n = domain.n();
      long domainErrors = error.errors(domain);
      if (n == 0 || domainErrors == 0) {
        return List.of();
      }
      errorRate = (double) domainErrors / n;
      List<Node> kept = new ArrayList<>();
      for (int d = 0; d < cube.dimensions().size(); d++) {
        int[] dims = {d};
        for (Map.Entry<CubeProjections.Key, PairedCounts> cell : projections.of(dims).entrySet()) {
          int[] codes = cell.getKey().codes();
          Predicate p = new Predicate(cube.dimensions().get(d), projections.value(d, codes[0]));
          kept.add(evaluate(dims, codes, List.of(p), cell.getValue()));
        }
      }
      kept = keepAndRank(kept);
      int maxLevel = Math.min(settings.maxPredicates(), cube.dimensions().size());
      for (int level = 2; level <= maxLevel && !kept.isEmpty(); level++) {
        kept = keepAndRank(candidates(kept, level));
      }
      return List.copyOf(top);
    }

    /**
     * Enters the evaluated slices into the top k, and returns those the next level joins: at least
     * minSupport examples and one error.
     */
    private List<Node> keepAndRank(List<Node> evaluated) {
      List<Node> kept = new ArrayList<>();
      for (Node node : evaluated) {
        ScoredSlice s = node.slice();
        if (s.examples() >= settings.minSupport() && s.score() > 0) {
          top.add(s);
        }
        if (s.examples() >= settings.minSupport() && s.errors() > 0) {
          kept.add(node);
        }
      }
      top.sort(ORDER);
      while (top.size() > settings.topK()) {
        top.remove(top.size() - 1);
      }
      return kept;
    }

    /** The evaluated candidates of {@code level} predicates joined from the kept slices. */
    private List<Node> candidates(List<Node> kept, int level) {
      Map<List<Predicate>, Node> byPredicates = new HashMap<>();
      Map<List<Predicate>, List<Node>> byPrefix = new LinkedHashMap<>();
      for (Node node : kept) {
        byPredicates.put(node.predicates(), node);
        byPrefix
            .computeIfAbsent(node.predicates().subList(0, level - 2), k -> new ArrayList<>())
            .add(node);
      }
      boolean full = top.size() == settings.topK();
      double kth = full ? top.get(top.size() - 1).score() : Double.NEGATIVE_INFINITY;
      List<Node> evaluated = new ArrayList<>();
      for (List<Node> group : byPrefix.values()) {
        for (int i = 0; i < group.size(); i++) {
          for (int j = i + 1; j < group.size(); j++) {
            Node a = group.get(i);
            Node b = group.get(j);
            if (a.lastDim() == b.lastDim()) {
              continue; // at most one predicate per dimension
            }
            Node first = a.lastDim() < b.lastDim() ? a : b;
            Node second = first == a ? b : a;
            int[] dims = Arrays.copyOf(first.dims(), level);
            dims[level - 1] = second.lastDim();
            int[] codes = Arrays.copyOf(first.codes(), level);
            codes[level - 1] = second.codes()[level - 2];
            List<Predicate> predicates = new ArrayList<>(first.predicates());
            predicates.add(second.predicates().get(level - 2));
            long parentSize = Long.MAX_VALUE;
            long parentErrors = Long.MAX_VALUE;
            boolean allParents = true;
            for (int drop = 0; drop < level && allParents; drop++) {
              List<Predicate> parentKey = new ArrayList<>(predicates);
              parentKey.remove(drop);
              Node parent = byPredicates.get(parentKey);
              allParents = parent != null;
              if (allParents) {
                parentSize = Math.min(parentSize, parent.slice().examples());
                parentErrors = Math.min(parentErrors, parent.slice().errors());
              }
            }
            if (!allParents || parentSize < settings.minSupport()) {
              continue;
            }
            double bound =
                scoreUpperBound(
                    settings.alpha(),
                    n,
                    errorRate,
                    settings.minSupport(),
                    parentSize,
                    parentErrors,
                    MAX_EXAMPLE_ERROR);
            if (!(bound > 0) || bound < kth) {
              continue;
            }
            PairedCounts counts =
                projections.of(dims).getOrDefault(new CubeProjections.Key(codes), ZERO);
            evaluated.add(evaluate(dims, codes, predicates, counts));
          }
        }
      }
      return evaluated;
    }

    private Node evaluate(
        int[] dims, int[] codes, List<Predicate> predicates, PairedCounts counts) {
      long size = counts.n();
      long errors = error.errors(counts);
      double sc = score(settings.alpha(), n, errorRate, size, errors);
      return new Node(dims, codes, new ScoredSlice(predicates, counts, size, errors, sc));
    }
  }
}

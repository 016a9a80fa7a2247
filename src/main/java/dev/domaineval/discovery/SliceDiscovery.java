package dev.domaineval.discovery;

import dev.domaineval.compare.BenjaminiHochberg;
import dev.domaineval.compare.PairedCounts;
import dev.domaineval.metrics.Ratio;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovery of a run: per candidate and domain, SliceLine on the discovery half for each {@link
 * ErrorDefinition}, each found slice tested on the confirmation half, then the Benjamini–Hochberg
 * procedure over every slice found in the run (all candidates, domains and definitions together),
 * so that the slices called significant have a controlled false discovery rate.
 *
 * <p>Finding and testing on disjoint halves is what makes the test honest: the p-value of a slice
 * chosen because it looked bad on the discovery half is computed on examples the search never saw.
 */
public final class SliceDiscovery {

  private SliceDiscovery() {}

  /**
   * Every slice of every cube, confirmed and adjusted: {@link #discover} per cube, then {@link
   * #adjust} over all of them.
   *
   * @param falseDiscoveryRate the Benjamini–Hochberg level, in (0, 1), such as 0.05
   */
  public static List<DiscoveredSlice> run(
      List<DiscoveryCube> cubes, DiscoverySettings settings, double falseDiscoveryRate) {
    List<DiscoveredSlice> found = new ArrayList<>();
    for (DiscoveryCube cube : cubes) {
      found.addAll(discover(cube, settings));
    }
    return adjust(found, falseDiscoveryRate);
  }

  /**
   * The top slices of one cube for each error definition ({@code broken}, then {@code wrong}), each
   * in rank order, with the p-value of its confirmation test; {@code significant} is false until
   * {@link #adjust}.
   */
  public static List<DiscoveredSlice> discover(DiscoveryCube cube, DiscoverySettings settings) {
    PairedCounts discoveryDomain = cube.total(Half.DISCOVERY);
    PairedCounts confirmationDomain = cube.total(Half.CONFIRMATION);
    CubeProjections projections = new CubeProjections(cube);
    List<DiscoveredSlice> out = new ArrayList<>();
    for (ErrorDefinition error : ErrorDefinition.values()) {
      double domainErrorRate = Ratio.of(error.errors(discoveryDomain), discoveryDomain.n());
      int rank = 0;
      for (SliceLine.ScoredSlice found : SliceLine.find(projections, error, settings)) {
        if (redundant(cube, found)) {
          continue;
        }
        PairedCounts confirmation = cube.count(found.predicates(), Half.CONFIRMATION);
        out.add(
            new DiscoveredSlice(
                cube.candidate(),
                cube.domain(),
                error,
                ++rank,
                found.predicates(),
                found.examples(),
                found.errors(),
                Ratio.of(found.errors(), found.examples()),
                domainErrorRate,
                found.score(),
                confirmation.fixed(),
                confirmation.broken(),
                confirmation.n(),
                error.errors(confirmation),
                error.confirmationPValue(confirmation, confirmationDomain),
                false));
      }
    }
    return out;
  }

  /**
   * Whether a found slice has a predicate that selects nothing more on the discovery half: leaving
   * one of its predicates out gives the same examples ({@code split = test AND input_length =
   * short} when every test example is short). Such a slice says the same as its shorter parent, so
   * only the parent is reported.
   */
  static boolean redundant(DiscoveryCube cube, SliceLine.ScoredSlice found) {
    List<Predicate> predicates = found.predicates();
    if (predicates.size() < 2) {
      return false;
    }
    for (int i = 0; i < predicates.size(); i++) {
      List<Predicate> parent = new ArrayList<>(predicates);
      parent.remove(i);
      if (cube.count(parent, Half.DISCOVERY).n() == found.examples()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The slices with {@code significant} set by the Benjamini–Hochberg procedure at {@code
   * falseDiscoveryRate} over all of them (pass every slice found in the run at once), in the
   * input's order.
   */
  public static List<DiscoveredSlice> adjust(
      List<DiscoveredSlice> found, double falseDiscoveryRate) {
    double[] pValues = found.stream().mapToDouble(DiscoveredSlice::pValue).toArray();
    boolean[] significant = BenjaminiHochberg.significant(pValues, falseDiscoveryRate);
    List<DiscoveredSlice> out = new ArrayList<>(found.size());
    for (int i = 0; i < significant.length; i++) {
      out.add(found.get(i).withSignificant(significant[i]));
    }
    return out;
  }
}

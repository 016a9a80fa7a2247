package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The number of examples of a group with one (actual, predicted) pair. For a paired cell the
 * group's model is the candidate and {@code predicted} is the {@link JointConfusion#pairKey} of the
 * baseline's and the candidate's predictions.
 */
public record CellCount(GroupKey group, String actual, String predicted, long count) {

  /**
   * The cells of the pooled domain ({@link SliceKey#POOLED}): the cells of every domain summed per
   * model, slice, actual and predicted value, in the order each sum first appears. Counts are
   * additive, so these are the counts of the pooled domain's examples. Cells of the pooled domain
   * in {@code perDomain} are rejected: they would be counted twice.
   */
  public static List<CellCount> pooled(List<CellCount> perDomain) {
    record Key(String model, SliceKey slice, String actual, String predicted) {}
    Map<Key, Long> sums = new LinkedHashMap<>();
    for (CellCount c : perDomain) {
      if (c.group().isPooledDomain()) {
        throw new IllegalArgumentException(
            "Cell " + c + " is of the pooled domain already: expected per-domain cells only");
      }
      sums.merge(
          new Key(c.group().model(), c.group().slice(), c.actual(), c.predicted()),
          c.count(),
          Math::addExact);
    }
    List<CellCount> out = new ArrayList<>(sums.size());
    sums.forEach(
        (k, n) ->
            out.add(
                new CellCount(
                    new GroupKey(k.model(), SliceKey.POOLED, k.slice()),
                    k.actual(),
                    k.predicted(),
                    n)));
    return out;
  }
}

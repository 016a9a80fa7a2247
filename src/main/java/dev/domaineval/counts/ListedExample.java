package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One example listed behind a group's outcome: among the group's examples with that outcome, the
 * {@code rank}-th smallest hash of the id (see {@link ExampleSketch}).
 *
 * @param group the model, domain and slice value
 * @param outcome why it is listed
 * @param rank its position, from 1
 * @param exampleId the example id
 * @param hash the xxhash64 of the example id that orders the examples
 */
public record ListedExample(
    GroupKey group, ExampleSketch.Outcome outcome, int rank, String exampleId, long hash) {

  /** The output order: by group, outcome and rank. */
  public static final Comparator<ListedExample> ORDER =
      Comparator.comparing(ListedExample::group, GroupKey.ORDER)
          .thenComparing(ListedExample::outcome)
          .thenComparingInt(ListedExample::rank);

  /**
   * The examples of the pooled domain {@code *}: per model, slice value and outcome, the {@code k}
   * smallest of every domain's (the bottom k of a union is the bottom k of its parts' bottom k).
   */
  public static List<ListedExample> pooled(List<ListedExample> perDomain, int k) {
    record Key(String model, dev.domaineval.slice.SliceKey slice, ExampleSketch.Outcome outcome) {}
    Map<Key, List<ExampleSketch.Entry>> all =
        new TreeMap<>(
            Comparator.comparing(Key::model)
                .thenComparing(x -> x.slice().slice())
                .thenComparing(x -> x.slice().value())
                .thenComparing(Key::outcome));
    for (ListedExample e : perDomain) {
      if (e.group().isPooledDomain()) {
        throw new IllegalArgumentException("Example " + e + " is of the pooled domain already");
      }
      all.computeIfAbsent(
              new Key(e.group().model(), e.group().slice(), e.outcome()), x -> new ArrayList<>())
          .add(new ExampleSketch.Entry(e.hash(), e.exampleId()));
    }
    List<ListedExample> out = new ArrayList<>();
    all.forEach(
        (key, entries) -> {
          List<ExampleSketch.Entry> first =
              entries.stream().sorted(ExampleSketch.Entry.ORDER).limit(k).toList();
          for (int i = 0; i < first.size(); i++) {
            out.add(
                new ListedExample(
                    new GroupKey(key.model(), dev.domaineval.slice.SliceKey.POOLED, key.slice()),
                    key.outcome(),
                    i + 1,
                    first.get(i).id(),
                    first.get(i).hash()));
          }
        });
    return out;
  }
}

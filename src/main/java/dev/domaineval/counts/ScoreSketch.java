package dev.domaineval.counts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The score counts of one model on one binary domain, for every group of it at once: per group (a
 * grouping of the slice plan and one value of its dimensions; the overall slice is the grouping
 * without dimensions), the examples per score bucket and label, and exact sums of their scores (per
 * bucket), log losses and squared errors (per group).
 *
 * <p>The pass adds each scored example once per grouping ({@link #add}) into one sketch per
 * partition; cells are kept in a hash table keyed by one {@code long} (group and bucket), so a row
 * costs a few array writes and no object. A sketch leaves its task as a compact byte array ({@link
 * #toBytes}), and the driver reads the partitions' bytes as one ({@link #forEachGroup}). Counts are
 * numbers of examples, sums are {@link FixedPointSum} parts: merging ({@link #merge}, {@link
 * #mergeBytes}) is exact and independent of the order, so a sketch's content does not depend on how
 * the data was partitioned.
 *
 * <p>Nothing here knows resolutions or slice names: the caller chooses each example's bucket per
 * grouping and turns groups into {@link dev.domaineval.slice.GroupKey}s.
 */
public final class ScoreSketch {
  /** Bits of a cell key for the bucket ({@link ScoreBuckets#MAX_BUCKETS} is below 2^27). */
  private static final int BUCKET_BITS = 27;

  /** Longs per cell: positives, negatives, score sum high and low part. */
  static final int CELL = 4;

  /** Longs per slot of the table: the key + 1, then the cell. */
  private static final int STRIDE = 1 + CELL;

  private static final int INITIAL_CAPACITY = 1024;

  /** Longs per group: log loss high and low, squared error high and low. */
  static final int SUMS = 4;

  static final int FORMAT = 1;

  /** One group: a grouping (by its position in the plan) and the values of its dimensions. */
  public record Group(int grouping, List<String> values) {
    public Group {
      // A copy that allows nulls (List.copyOf does not).
      values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  // Allocated on the first group: the pass's aggregation makes an empty sketch for each of its
  // keys, and most keys are not score rows.
  private List<Group> groups = List.of();
  private Map<Group, Integer> groupIndex;

  /** Per grouping of one dimension, the index of each value's group: the lookup of a pass row. */
  private Map<Integer, Map<String, Integer>> singleValueIndex;

  private long[] groupSums;

  /**
   * The cells: open addressing with linear probing, {@link #STRIDE} longs per slot (the cell key +
   * 1, 0 when free; then the {@link #CELL} counts and sums), so that a row's update touches one
   * place in memory.
   */
  private long[] table = new long[0];

  /** Number of slots, a power of two (0 before the first group). */
  private int capacity;

  private int size;

  /** Per grouping without dimensions (the overall slice), its group's index + 1. */
  private int[] overallIndex = new int[0];

  /** An empty sketch (it allocates nothing until its first group). */
  public ScoreSketch() {}

  /**
   * The index of a group in this sketch, added when new. Callers cache it per row's values: it is a
   * hash lookup.
   */
  public int group(int grouping, List<String> values) {
    if (groupIndex == null) {
      groups = new ArrayList<>();
      groupIndex = new HashMap<>();
      singleValueIndex = new HashMap<>();
      groupSums = new long[16 * SUMS];
      capacity = INITIAL_CAPACITY;
      table = new long[capacity * STRIDE];
    }
    Group g = new Group(grouping, values);
    Integer i = groupIndex.get(g);
    if (i != null) {
      return i;
    }
    int index = groups.size();
    groups.add(g);
    groupIndex.put(g, index);
    if ((index + 1) * SUMS > groupSums.length) {
      groupSums = Arrays.copyOf(groupSums, groupSums.length * 2);
    }
    return index;
  }

  /** {@link #group(int, List)} for a grouping without dimensions (the overall slice). */
  public int overallGroup(int grouping) {
    if (grouping < overallIndex.length && overallIndex[grouping] > 0) {
      return overallIndex[grouping] - 1;
    }
    int index = group(grouping, List.of());
    if (grouping >= overallIndex.length) {
      overallIndex = Arrays.copyOf(overallIndex, grouping + 1);
    }
    overallIndex[grouping] = index + 1;
    return index;
  }

  /** {@link #group(int, List)} for a grouping of one dimension, without building a list. */
  public int group(int grouping, String value) {
    if (singleValueIndex == null) {
      group(grouping, java.util.Collections.singletonList(value));
    }
    Map<String, Integer> byValue = singleValueIndex.computeIfAbsent(grouping, k -> new HashMap<>());
    Integer i = byValue.get(value);
    if (i == null) {
      i = group(grouping, java.util.Collections.singletonList(value));
      byValue.put(value, i);
    }
    return i;
  }

  /**
   * Adds one example to a group.
   *
   * @param group an index from {@link #group}
   * @param bucket the score's bucket at the group's resolution, in [0, {@link
   *     ScoreBuckets#MAX_BUCKETS})
   * @param positive whether the example is of the positive class
   * @param score the score, in [0, 1]
   * @param logLoss its log loss (scikit-learn's clipping)
   * @param squaredError (score − y)²
   */
  public void add(
      int group, int bucket, boolean positive, double score, double logLoss, double squaredError) {
    int c = slot(key(group, bucket)) * STRIDE + 1;
    table[c + (positive ? 0 : 1)]++;
    table[c + 2] += FixedPointSum.high(score);
    table[c + 3] += FixedPointSum.low(score);
    int s = group * SUMS;
    groupSums[s] += FixedPointSum.high(logLoss);
    groupSums[s + 1] += FixedPointSum.low(logLoss);
    groupSums[s + 2] += FixedPointSum.high(squaredError);
    groupSums[s + 3] += FixedPointSum.low(squaredError);
  }

  /** Adds every count and sum of {@code other} to this sketch and returns this sketch. */
  public ScoreSketch merge(ScoreSketch other) {
    return addAll(other, UnaryOperator.identity());
  }

  /**
   * Adds every count and sum of the sketch written as {@code data} ({@link #toBytes}) to this
   * sketch, read as it is (no second hash table), and returns this sketch.
   */
  public ScoreSketch mergeBytes(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      ScoreSketchReader.Header header = ScoreSketchReader.Header.read(in);
      int[] remap = new int[header.groups().size()];
      for (int g = 0; g < remap.length; g++) {
        Group group = header.groups().get(g);
        remap[g] = group(group.grouping(), group.values());
        for (int k = 0; k < SUMS; k++) {
          groupSums[remap[g] * SUMS + k] =
              Math.addExact(groupSums[remap[g] * SUMS + k], header.sums()[g * SUMS + k]);
        }
      }
      int cellCount = ScoreSketchReader.readCount(in);
      reserve(size + cellCount);
      long key = 0;
      for (int i = 0; i < cellCount; i++) {
        key += ScoreSketchReader.readVarLong(in);
        int c = slot(key(remap[groupOf(key)], bucketOf(key))) * STRIDE + 1;
        for (int k = 0; k < CELL; k++) {
          table[c + k] = Math.addExact(table[c + k], ScoreSketchReader.readVarLong(in));
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A sketch of the same examples with each group renamed by {@code rename}; groups renamed alike
   * are merged (exactly, as {@link #merge} does).
   */
  public ScoreSketch renamed(UnaryOperator<Group> rename) {
    return new ScoreSketch().addAll(this, rename);
  }

  private ScoreSketch addAll(ScoreSketch other, UnaryOperator<Group> rename) {
    int[] remap = new int[other.groups.size()];
    for (int g = 0; g < remap.length; g++) {
      Group group = rename.apply(other.groups.get(g));
      remap[g] = group(group.grouping(), group.values());
      for (int k = 0; k < SUMS; k++) {
        groupSums[remap[g] * SUMS + k] =
            Math.addExact(groupSums[remap[g] * SUMS + k], other.groupSums[g * SUMS + k]);
      }
    }
    for (int i = 0; i < other.capacity; i++) {
      long stored = other.table[i * STRIDE];
      if (stored != 0) {
        long key = stored - 1;
        int c = slot(key(remap[groupOf(key)], bucketOf(key))) * STRIDE + 1;
        for (int k = 0; k < CELL; k++) {
          table[c + k] = Math.addExact(table[c + k], other.table[i * STRIDE + 1 + k]);
        }
      }
    }
    return this;
  }

  /** Number of groups. */
  public int groups() {
    return groups.size();
  }

  /** Number of non-empty (group, bucket) cells. */
  public int cells() {
    return size;
  }

  /** What {@link #forEachGroup} hands over: one group's cells, in bucket order, and its sums. */
  public interface GroupVisitor {
    /**
     * @param group the group
     * @param buckets its non-empty buckets, ascending
     * @param positives per bucket, positive examples
     * @param negatives per bucket, negative examples
     * @param scoreSums per bucket, the exact sum of the scores
     * @param logLossSum the exact sum of the log losses
     * @param squaredErrorSum the exact sum of the squared errors
     */
    void visit(
        Group group,
        int[] buckets,
        long[] positives,
        long[] negatives,
        double[] scoreSums,
        double logLossSum,
        double squaredErrorSum);
  }

  /**
   * Hands every group with examples in any of {@code parts} (sketches as bytes) to {@code visitor},
   * with the counts and sums of all parts added, in {@link #GROUP_ORDER}: the sketches of the
   * partitions of one (model, domain) read as one, streaming (a merge of their sorted cells, no
   * hash table).
   */
  public static void forEachGroup(List<byte[]> parts, GroupVisitor visitor) {
    ScoreSketchReader.forEachGroup(parts, visitor);
  }

  /**
   * The order of groups in a sketch's bytes, the same in every sketch: by grouping, then by values
   * (a null value first).
   */
  public static final Comparator<Group> GROUP_ORDER =
      Comparator.comparingInt(Group::grouping)
          .thenComparing(
              Group::values,
              (a, b) -> {
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                  int c =
                      Comparator.nullsFirst(Comparator.<String>naturalOrder())
                          .compare(a.get(i), b.get(i));
                  if (c != 0) {
                    return c;
                  }
                }
                return Integer.compare(a.size(), b.size());
              });

  /**
   * The sketch as bytes, read back by {@link #fromBytes}, {@link #mergeBytes} and {@link
   * #forEachGroup(List, GroupVisitor)}: the groups in {@link #GROUP_ORDER} with their sums, then
   * the cells sorted by (group, bucket), keys as differences and every number as a variable-length
   * integer (a cell takes about 10 bytes). The same content gives the same bytes.
   */
  public byte[] toBytes() {
    try {
      int groupCount = groups.size();
      // The groups in their order: rank[g] is group g's position in the bytes.
      Integer[] byOrder = new Integer[groupCount];
      for (int g = 0; g < groupCount; g++) {
        byOrder[g] = g;
      }
      Arrays.sort(byOrder, (a, b) -> GROUP_ORDER.compare(groups.get(a), groups.get(b)));
      int[] rank = new int[groupCount];
      for (int i = 0; i < groupCount; i++) {
        rank[byOrder[i]] = i;
      }
      // The cells by group (a counting sort on the rank), then by bucket within each group:
      // (bucket << 32 | slot) sorts as the bucket, and keeps where the cell is.
      int[] start = new int[groupCount + 1];
      for (int i = 0; i < capacity; i++) {
        long stored = table[i * STRIDE];
        if (stored != 0) {
          start[rank[groupOf(stored - 1)] + 1]++;
        }
      }
      for (int g = 0; g < groupCount; g++) {
        start[g + 1] += start[g];
      }
      int[] next = Arrays.copyOf(start, groupCount);
      long[] order = new long[size];
      for (int i = 0; i < capacity; i++) {
        long stored = table[i * STRIDE];
        if (stored != 0) {
          long key = stored - 1;
          order[next[rank[groupOf(key)]]++] = ((long) bucketOf(key) << 32) | i;
        }
      }
      for (int g = 0; g < groupCount; g++) {
        Arrays.sort(order, start[g], start[g + 1]);
      }

      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + size * 12);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(FORMAT);
      ScoreSketchReader.writeCount(out, groupCount);
      for (int r = 0; r < groupCount; r++) {
        int g = byOrder[r];
        Group group = groups.get(g);
        ScoreSketchReader.writeCount(out, group.grouping());
        ScoreSketchReader.writeCount(out, group.values().size());
        for (String v : group.values()) {
          if (v == null) {
            ScoreSketchReader.writeCount(out, 0);
          } else {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            ScoreSketchReader.writeCount(out, utf8.length + 1);
            out.write(utf8);
          }
        }
        for (int k = 0; k < SUMS; k++) {
          ScoreSketchReader.writeVarLong(out, groupSums[g * SUMS + k]);
        }
      }
      ScoreSketchReader.writeCount(out, size);
      long previous = 0;
      for (int r = 0; r < groupCount; r++) {
        for (int j = start[r]; j < start[r + 1]; j++) {
          long key = key(r, (int) (order[j] >>> 32));
          ScoreSketchReader.writeVarLong(out, key - previous);
          previous = key;
          int c = (int) order[j] * STRIDE + 1;
          for (int k = 0; k < CELL; k++) {
            ScoreSketchReader.writeVarLong(out, table[c + k]);
          }
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sketch written by {@link #toBytes}. */
  public static ScoreSketch fromBytes(byte[] data) {
    return new ScoreSketch().mergeBytes(data);
  }

  private static long key(int group, int bucket) {
    return ((long) group << BUCKET_BITS) | bucket;
  }

  static int groupOf(long key) {
    return (int) (key >>> BUCKET_BITS);
  }

  static int bucketOf(long key) {
    return (int) (key & ((1L << BUCKET_BITS) - 1));
  }

  /** The slot of a key, added (with zero counts) when absent. */
  private int slot(long key) {
    int mask = capacity - 1;
    int i = hash(key) & mask;
    long stored;
    while ((stored = table[i * STRIDE]) != 0) {
      if (stored == key + 1) {
        return i;
      }
      i = (i + 1) & mask;
    }
    if ((size + 1) * 4L > capacity * 3L) {
      grow();
      return slot(key);
    }
    table[i * STRIDE] = key + 1;
    size++;
    return i;
  }

  /** The slot of a key that is present. */
  private int find(long key) {
    int mask = capacity - 1;
    int i = hash(key) & mask;
    while (table[i * STRIDE] != key + 1) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Grows the table until it holds {@code cellCount} cells without growing again. */
  private void reserve(int cellCount) {
    while (cellCount * 4L > capacity * 3L) {
      grow();
    }
  }

  private void grow() {
    long[] old = table;
    int oldCapacity = capacity;
    if ((long) capacity * 2 * STRIDE > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "A score sketch cannot hold more than "
              + size
              + " cells: too many distinct (slice value, score bucket) pairs in one domain. Set"
              + " scores.slice-resolution to a coarser width (such as 1e-2)");
    }
    capacity *= 2;
    table = new long[capacity * STRIDE];
    size = 0;
    for (int i = 0; i < oldCapacity; i++) {
      long stored = old[i * STRIDE];
      if (stored != 0) {
        int j = slot(stored - 1);
        System.arraycopy(old, i * STRIDE + 1, table, j * STRIDE + 1, CELL);
      }
    }
  }

  /** A mix of all the key's bits (the finalizer of MurmurHash3's 64-bit hash). */
  private static int hash(long key) {
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}

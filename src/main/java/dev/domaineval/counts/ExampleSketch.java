package dev.domaineval.counts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The examples behind the counts of one (model, domain): per group (a grouping and its values, as
 * in {@link ScoreSketch.Group}) and {@link Outcome}, the {@code k} examples with the smallest hash
 * of their id, a bottom-k sketch (Cohen and Kaplan, "Summarizing data using bottom-k sketches",
 * PODC 2007). The bottom k of a union is the bottom k of the parts' bottom k, so sketches of the
 * partitions of the pass merge exactly, in any order, into the sketch of the whole data: the ids
 * chosen do not depend on how the data was split, only on the ids. Equal hashes are ordered by the
 * id's UTF-8 bytes, as Spark orders strings.
 *
 * <p>Whether a prediction is invalid (no label of its domain) is known only once every label of the
 * domain is: a wrong prediction whose key was not yet seen as a label is kept under its key ({@link
 * #addWrong}), and {@link #resolve} picks the invalid ones with the domain's label keys. A key seen
 * as a label is valid and not kept. The keys kept per group are bounded: with at most {@code
 * maxClasses} valid keys, a key whose smallest hash ranks after the first {@code maxClasses + k}
 * keys cannot hold one of the k smallest invalid hashes (at least k keys ranked before it are
 * invalid, each with a smaller hash), so it is dropped.
 *
 * <p>The pass offers an example to every group of its row, so the examples are kept in sorted
 * arrays of k hashes and ids (UTF-8 bytes, shared by the groups of a row), and {@link #mergeBytes}
 * reads a partition's bytes straight into the groups, reading no id past a group's k-th hash.
 */
public final class ExampleSketch {
  static final int FORMAT = 2;

  /** Why an example is listed. */
  public enum Outcome {
    /** The baseline is right and the candidate wrong. */
    BROKEN,
    /** The baseline is wrong and the candidate right. */
    FIXED,
    /** The example is in the candidate's fine-tuning data. */
    LEAKED,
    /** The model's prediction is missing or no label of the domain. */
    INVALID;

    /** The value of the {@code outcome} column. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One example: the hash of its id, and the id. */
  public record Entry(long hash, String id) {
    /** By hash, then by the id's UTF-8 bytes (code points), the order of Spark's strings. */
    public static final Comparator<Entry> ORDER =
        Comparator.comparingLong(Entry::hash).thenComparing(Entry::id, ExampleSketch::compareUtf8);
  }

  /** The key of a missing prediction among the wrong keys (a key is never empty). */
  public static final String MISSING = "";

  private static final int OUTCOMES_KEPT = Outcome.INVALID.ordinal();

  private final int k;
  private final int maxClasses;
  private final Set<String> labelKeys = new HashSet<>();
  private final Map<ScoreSketch.Group, Slot> slots = new HashMap<>();

  /** The k smallest (hash, id) offered, in order. */
  static final class Bottom {
    final long[] hashes;
    final byte[][] ids;
    int size;

    Bottom(int k) {
      hashes = new long[k];
      ids = new byte[k][];
    }

    /** Whether an example of this hash could be among the k smallest. */
    boolean wants(long hash) {
      return size < hashes.length || hash <= hashes[size - 1];
    }

    void offer(long hash, byte[] id) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        int c = compare(hashes[mid], ids[mid], hash, id);
        if (c == 0) {
          return;
        }
        if (c < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      int k = hashes.length;
      if (lo == k) {
        return;
      }
      int moved = Math.min(size, k - 1) - lo;
      System.arraycopy(hashes, lo, hashes, lo + 1, moved);
      System.arraycopy(ids, lo, ids, lo + 1, moved);
      hashes[lo] = hash;
      ids[lo] = id;
      size = Math.min(size + 1, k);
    }

    void offerAll(Bottom other) {
      for (int i = 0; i < other.size && wants(other.hashes[i]); i++) {
        offer(other.hashes[i], other.ids[i]);
      }
    }

    List<Entry> entries() {
      List<Entry> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(new Entry(hashes[i], new String(ids[i], StandardCharsets.UTF_8)));
      }
      return out;
    }
  }

  /**
   * The examples of one group. A caller that reads its examples from rows asks {@link #wants}
   * first: most examples of a large group are not among its k smallest, and then their ids need not
   * be read.
   */
  public final class Slot {
    final Bottom[] kept = new Bottom[OUTCOMES_KEPT];
    final Map<String, Bottom> wrong = new HashMap<>();

    /** Whether an example of this hash could be among the outcome's k smallest. */
    public boolean wants(Outcome outcome, long hash) {
      Bottom b = kept[outcome.ordinal()];
      return b == null || b.wants(hash);
    }

    /** Whether a wrong prediction under this key, of this hash, could be kept. */
    public boolean wantsWrong(String key, long hash) {
      if (labelKeys.contains(key)) {
        return false;
      }
      Bottom b = wrong.get(key);
      return b == null || b.wants(hash);
    }

    /** Offers an example of a broken, fixed or leaked outcome; {@code id} is its UTF-8 bytes. */
    public void offer(Outcome outcome, long hash, byte[] id) {
      if (outcome == Outcome.INVALID) {
        throw new IllegalArgumentException("invalid examples are resolved from their keys");
      }
      kept(outcome.ordinal()).offer(hash, id);
    }

    /** Offers an example with a wrong prediction under its key, see {@link #addWrong}. */
    public void offerWrong(String key, long hash, byte[] id) {
      if (!labelKeys.contains(key)) {
        wrong(key).offer(hash, id);
      }
    }

    Bottom kept(int outcome) {
      Bottom b = kept[outcome];
      return b != null ? b : (kept[outcome] = new Bottom(k));
    }

    Bottom wrong(String key) {
      Bottom b = wrong.get(key);
      if (b == null) {
        if (wrong.size() >= 2 * (maxClasses + k)) {
          prune();
        }
        b = new Bottom(k);
        wrong.put(key, b);
      }
      return b;
    }

    /** Drops keys seen as labels, then keys ranked after the first maxClasses + k. */
    void prune() {
      wrong.keySet().removeAll(labelKeys);
      wrong.values().removeIf(b -> b.size == 0);
      if (wrong.size() <= maxClasses + k) {
        return;
      }
      List<Map.Entry<String, Bottom>> byFirst = new ArrayList<>(wrong.entrySet());
      byFirst.sort(
          (a, b) ->
              compare(
                  a.getValue().hashes[0], a.getValue().ids[0],
                  b.getValue().hashes[0], b.getValue().ids[0]));
      for (Map.Entry<String, Bottom> e : byFirst.subList(maxClasses + k, byFirst.size())) {
        wrong.remove(e.getKey());
      }
    }
  }

  /**
   * An empty sketch.
   *
   * @param k examples kept per group and outcome
   * @param maxClasses the most labels a domain may have (bounds the wrong keys kept)
   */
  public ExampleSketch(int k, int maxClasses) {
    if (k < 1 || maxClasses < 1) {
      throw new IllegalArgumentException("k and maxClasses must be positive");
    }
    this.k = k;
    this.maxClasses = maxClasses;
  }

  /** Records the key of a label of the domain: predictions with that key are valid. */
  public void label(String key) {
    labelKeys.add(key);
  }

  /** Whether a key was recorded as a label's. */
  public boolean isLabel(String key) {
    return labelKeys.contains(key);
  }

  /** Offers an example of a group's broken, fixed or leaked outcome. */
  public void add(ScoreSketch.Group group, Outcome outcome, long hash, String id) {
    slot(group).offer(outcome, hash, id.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Offers an example whose prediction is wrong, under its prediction key ({@link #MISSING} when
   * there is none); keys recorded as labels are not kept.
   */
  public void addWrong(ScoreSketch.Group group, String key, long hash, String id) {
    slot(group).offerWrong(key, hash, id.getBytes(StandardCharsets.UTF_8));
  }

  /** A group's examples, added when new: callers may keep it and offer examples to it. */
  public Slot slot(ScoreSketch.Group group) {
    Slot slot = slots.get(group);
    if (slot == null) {
      slot = new Slot();
      slots.put(group, slot);
    }
    return slot;
  }

  /** Adds another sketch's examples (same {@code k}): the bottom k of the union. */
  public ExampleSketch merge(ExampleSketch other) {
    return addAll(other, UnaryOperator.identity());
  }

  /** A sketch of the same examples with groups renamed; groups renamed alike merge exactly. */
  public ExampleSketch renamed(UnaryOperator<ScoreSketch.Group> rename) {
    return new ExampleSketch(k, maxClasses).addAll(this, rename);
  }

  private ExampleSketch addAll(ExampleSketch other, UnaryOperator<ScoreSketch.Group> rename) {
    labelKeys.addAll(other.labelKeys);
    other.slots.forEach(
        (group, from) -> {
          Slot to = slot(rename.apply(group));
          for (int o = 0; o < OUTCOMES_KEPT; o++) {
            if (from.kept[o] != null) {
              to.kept(o).offerAll(from.kept[o]);
            }
          }
          from.wrong.forEach(
              (key, entries) -> {
                if (!labelKeys.contains(key)) {
                  to.wrong(key).offerAll(entries);
                }
              });
        });
    slots.values().forEach(Slot::prune);
    return this;
  }

  /**
   * Every group's examples by outcome, smallest hash first: the invalid ones are the wrong keys
   * that are not {@code validKeys} (a missing prediction is always invalid).
   */
  public Map<ScoreSketch.Group, Map<Outcome, List<Entry>>> resolve(Set<String> validKeys) {
    Map<ScoreSketch.Group, Map<Outcome, List<Entry>>> out = new LinkedHashMap<>();
    List<ScoreSketch.Group> groups = new ArrayList<>(slots.keySet());
    groups.sort(ScoreSketch.GROUP_ORDER);
    for (ScoreSketch.Group group : groups) {
      Slot slot = slots.get(group);
      Map<Outcome, List<Entry>> byOutcome = new EnumMap<>(Outcome.class);
      for (int o = 0; o < OUTCOMES_KEPT; o++) {
        if (slot.kept[o] != null && slot.kept[o].size > 0) {
          byOutcome.put(Outcome.values()[o], slot.kept[o].entries());
        }
      }
      Bottom invalid = new Bottom(k);
      slot.wrong.forEach(
          (key, entries) -> {
            if (!validKeys.contains(key)) {
              invalid.offerAll(entries);
            }
          });
      if (invalid.size > 0) {
        byOutcome.put(Outcome.INVALID, invalid.entries());
      }
      if (!byOutcome.isEmpty()) {
        out.put(group, byOutcome);
      }
    }
    return out;
  }

  /** Number of examples kept (every group, outcome and wrong key). */
  public int entries() {
    int n = 0;
    for (Slot s : slots.values()) {
      for (Bottom b : s.kept) {
        n += b == null ? 0 : b.size;
      }
      for (Bottom b : s.wrong.values()) {
        n += b.size;
      }
    }
    return n;
  }

  /** The sketch as bytes, read back by {@link #mergeBytes}. */
  public byte[] toBytes() {
    Out out = new Out();
    out.putInt(FORMAT);
    out.putInt(k);
    out.putInt(maxClasses);
    out.putInt(labelKeys.size());
    for (String key : new TreeSet<>(labelKeys)) {
      out.putString(key);
    }
    out.putInt(slots.size());
    for (Map.Entry<ScoreSketch.Group, Slot> e : slots.entrySet()) {
      out.putInt(e.getKey().grouping());
      out.putInt(e.getKey().values().size());
      for (String v : e.getKey().values()) {
        out.putString(v);
      }
      Slot slot = e.getValue();
      for (int o = 0; o < OUTCOMES_KEPT; o++) {
        out.putBottom(slot.kept[o]);
      }
      slot.prune();
      out.putInt(slot.wrong.size());
      for (Map.Entry<String, Bottom> wrong : slot.wrong.entrySet()) {
        out.putString(wrong.getKey());
        out.putBottom(wrong.getValue());
      }
    }
    return out.bytes();
  }

  /**
   * Adds the examples of a sketch written by {@link #toBytes} with the same {@code k}.
   *
   * @throws IllegalArgumentException when the bytes are of another format or {@code k}
   */
  public ExampleSketch mergeBytes(byte[] data) {
    ByteBuffer in = ByteBuffer.wrap(data);
    int format = in.getInt();
    int otherK = in.getInt();
    int otherMax = in.getInt();
    if (format != FORMAT || otherK != k || otherMax != maxClasses) {
      throw new IllegalArgumentException(
          "An example sketch of format " + format + ", k " + otherK + " is not mergeable here");
    }
    for (int i = in.getInt(); i > 0; i--) {
      labelKeys.add(getString(in));
    }
    List<Slot> merged = new ArrayList<>();
    for (int s = in.getInt(); s > 0; s--) {
      int grouping = in.getInt();
      List<String> values = new ArrayList<>();
      for (int v = in.getInt(); v > 0; v--) {
        values.add(getString(in));
      }
      Slot slot = slot(new ScoreSketch.Group(grouping, values));
      merged.add(slot);
      for (int o = 0; o < OUTCOMES_KEPT; o++) {
        getBottom(in, slot, o, null);
      }
      for (int w = in.getInt(); w > 0; w--) {
        getBottom(in, slot, -1, getString(in));
      }
    }
    merged.forEach(Slot::prune);
    return this;
  }

  /** Reads a list of examples into an outcome's (or a wrong key's) examples of a slot. */
  private void getBottom(ByteBuffer in, Slot slot, int outcome, String wrongKey) {
    int n = in.getInt();
    if (n == 0) {
      return;
    }
    Bottom to =
        wrongKey == null
            ? slot.kept(outcome)
            : labelKeys.contains(wrongKey) ? null : slot.wrong(wrongKey);
    for (int i = 0; i < n; i++) {
      long hash = in.getLong();
      int length = in.getInt();
      if (to != null && to.wants(hash)) {
        byte[] id = new byte[length];
        in.get(id);
        to.offer(hash, id);
      } else {
        in.position(in.position() + length);
      }
    }
  }

  /** Compares two examples: by hash, then by the id's bytes, unsigned. */
  static int compare(long hashA, byte[] idA, long hashB, byte[] idB) {
    int c = Long.compare(hashA, hashB);
    return c != 0 ? c : Arrays.compareUnsigned(idA, idB);
  }

  /** Strings in the order of their UTF-8 bytes: the order of their code points. */
  static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static String getString(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) {
      return null;
    }
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  /** A growing buffer for {@link #toBytes}. */
  private static final class Out {
    private ByteBuffer buf = ByteBuffer.allocate(4096);

    private void room(int n) {
      if (buf.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }

    void putInt(int v) {
      room(4);
      buf.putInt(v);
    }

    void putBytes(byte[] b) {
      room(4 + b.length);
      buf.putInt(b.length);
      buf.put(b);
    }

    void putString(String s) {
      if (s == null) {
        putInt(-1);
      } else {
        putBytes(s.getBytes(StandardCharsets.UTF_8));
      }
    }

    void putBottom(Bottom b) {
      int n = b == null ? 0 : b.size;
      putInt(n);
      for (int i = 0; i < n; i++) {
        room(8);
        buf.putLong(b.hashes[i]);
        putBytes(b.ids[i]);
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }
}

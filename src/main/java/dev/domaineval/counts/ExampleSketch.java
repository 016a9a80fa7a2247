package dev.domaineval.counts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The examples behind the counts of one (model, domain): per group (a grouping and its values, as
 * in {@link ScoreSketch.Group}) and {@link Outcome}, the {@code k} examples with the smallest hash
 * of their id, a bottom-k sketch (Cohen and Kaplan, "Summarizing data using bottom-k sketches",
 * PODC 2007). The bottom k of a union is the bottom k of the parts' bottom k, so sketches of the
 * partitions of the pass merge exactly, in any order, into the sketch of the whole data: the ids
 * chosen do not depend on how the data was split, only on the ids.
 *
 * <p>Whether a prediction is invalid (no label of its domain) is known only once every label of the
 * domain is: a wrong prediction whose key was not yet seen as a label is kept under its key ({@link
 * #addWrong}), and {@link #resolve} picks the invalid ones with the domain's label keys. A key seen
 * as a label is valid and not kept. The keys kept per group are bounded: with at most {@code
 * maxClasses} valid keys, a key whose smallest hash ranks after the first {@code maxClasses + k}
 * keys cannot hold one of the k smallest invalid hashes (at least k keys ranked before it are
 * invalid, each with a smaller hash), so it is dropped.
 */
public final class ExampleSketch {
  static final int FORMAT = 1;

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
    static final Comparator<Entry> ORDER =
        Comparator.comparingLong(Entry::hash).thenComparing(Entry::id);
  }

  /** The key of a missing prediction among the wrong keys (a key is never empty). */
  public static final String MISSING = "";

  private final int k;
  private final int maxClasses;
  private final Set<String> labelKeys = new HashSet<>();
  private final Map<ScoreSketch.Group, Slot> slots = new HashMap<>();

  /**
   * The examples of one group. A caller that reads its examples from rows asks {@link #wants}
   * first: most examples of a large group are not among its k smallest, and then their ids need not
   * be read.
   */
  public final class Slot {
    final EnumMap<Outcome, TreeSet<Entry>> kept = new EnumMap<>(Outcome.class);
    final Map<String, TreeSet<Entry>> wrong = new HashMap<>();

    /** Whether an example of this hash could be among the outcome's k smallest. */
    public boolean wants(Outcome outcome, long hash) {
      return wants(kept.get(outcome), hash);
    }

    /** Whether a wrong prediction under this key, of this hash, could be kept. */
    public boolean wantsWrong(String key, long hash) {
      return !labelKeys.contains(key) && wants(wrong.get(key), hash);
    }

    private boolean wants(TreeSet<Entry> set, long hash) {
      return set == null || set.size() < k || hash <= set.last().hash();
    }

    /** Offers an example of a broken, fixed or leaked outcome. */
    public void offer(Outcome outcome, long hash, String id) {
      if (outcome == Outcome.INVALID) {
        throw new IllegalArgumentException("invalid examples are resolved from their keys");
      }
      offer(outcome, new Entry(hash, id));
    }

    /** Offers an example with a wrong prediction under its key, see {@link #addWrong}. */
    public void offerWrong(String key, long hash, String id) {
      if (!labelKeys.contains(key)) {
        offerWrong(key, new Entry(hash, id));
      }
    }

    void offer(Outcome outcome, Entry e) {
      offer(kept.computeIfAbsent(outcome, o -> new TreeSet<>(Entry.ORDER)), e);
    }

    void offer(TreeSet<Entry> set, Entry e) {
      if (set.size() == k && Entry.ORDER.compare(e, set.last()) >= 0) {
        return;
      }
      if (set.add(e) && set.size() > k) {
        set.pollLast();
      }
    }

    void offerWrong(String key, Entry e) {
      offer(wrong.computeIfAbsent(key, x -> new TreeSet<>(Entry.ORDER)), e);
      if (wrong.size() > 2 * (maxClasses + k)) {
        prune();
      }
    }

    /** Drops keys seen as labels, then keys ranked after the first maxClasses + k. */
    void prune() {
      wrong.keySet().removeAll(labelKeys);
      if (wrong.size() <= maxClasses + k) {
        return;
      }
      List<Map.Entry<String, TreeSet<Entry>>> byFirst = new ArrayList<>(wrong.entrySet());
      byFirst.sort((a, b) -> Entry.ORDER.compare(a.getValue().first(), b.getValue().first()));
      for (Map.Entry<String, TreeSet<Entry>> e : byFirst.subList(maxClasses + k, byFirst.size())) {
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
    slot(group).offer(outcome, hash, id);
  }

  /**
   * Offers an example whose prediction is wrong, under its prediction key ({@link #MISSING} when
   * there is none); keys recorded as labels are not kept.
   */
  public void addWrong(ScoreSketch.Group group, String key, long hash, String id) {
    slot(group).offerWrong(key, hash, id);
  }

  /** A group's examples, added when new: callers may keep it and offer examples to it. */
  public Slot slot(ScoreSketch.Group group) {
    return slots.computeIfAbsent(group, g -> new Slot());
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
          from.kept.forEach((outcome, entries) -> entries.forEach(e -> to.offer(outcome, e)));
          from.wrong.forEach((key, entries) -> entries.forEach(e -> to.offerWrong(key, e)));
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
      slot.kept.forEach((outcome, entries) -> byOutcome.put(outcome, List.copyOf(entries)));
      TreeSet<Entry> invalid = new TreeSet<>(Entry.ORDER);
      slot.wrong.forEach(
          (key, entries) -> {
            if (!validKeys.contains(key)) {
              entries.forEach(e -> slot.offer(invalid, e));
            }
          });
      if (!invalid.isEmpty()) {
        byOutcome.put(Outcome.INVALID, List.copyOf(invalid));
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
      for (TreeSet<Entry> e : s.kept.values()) {
        n += e.size();
      }
      for (TreeSet<Entry> e : s.wrong.values()) {
        n += e.size();
      }
    }
    return n;
  }

  /** The sketch as bytes, read back by {@link #mergeBytes}. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeInt(k);
      out.writeInt(maxClasses);
      out.writeInt(labelKeys.size());
      for (String key : new TreeSet<>(labelKeys)) {
        writeString(out, key);
      }
      out.writeInt(slots.size());
      for (Map.Entry<ScoreSketch.Group, Slot> e : slots.entrySet()) {
        out.writeInt(e.getKey().grouping());
        out.writeInt(e.getKey().values().size());
        for (String v : e.getKey().values()) {
          writeString(out, v);
        }
        Slot slot = e.getValue();
        out.writeInt(slot.kept.size());
        for (Map.Entry<Outcome, TreeSet<Entry>> kept : slot.kept.entrySet()) {
          out.writeInt(kept.getKey().ordinal());
          writeEntries(out, kept.getValue());
        }
        slot.prune();
        out.writeInt(slot.wrong.size());
        for (Map.Entry<String, TreeSet<Entry>> wrong : new TreeMap<>(slot.wrong).entrySet()) {
          writeString(out, wrong.getKey());
          writeEntries(out, wrong.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Adds the examples of a sketch written by {@link #toBytes} with the same {@code k}.
   *
   * @throws IllegalArgumentException when the bytes are of another format or {@code k}
   */
  public ExampleSketch mergeBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int format = in.readInt();
      int otherK = in.readInt();
      int otherMax = in.readInt();
      if (format != FORMAT || otherK != k || otherMax != maxClasses) {
        throw new IllegalArgumentException(
            "An example sketch of format " + format + ", k " + otherK + " is not mergeable here");
      }
      ExampleSketch other = new ExampleSketch(k, maxClasses);
      for (int i = in.readInt(); i > 0; i--) {
        other.labelKeys.add(readString(in));
      }
      for (int s = in.readInt(); s > 0; s--) {
        int grouping = in.readInt();
        List<String> values = new ArrayList<>();
        for (int v = in.readInt(); v > 0; v--) {
          values.add(readString(in));
        }
        Slot slot = other.slot(new ScoreSketch.Group(grouping, values));
        for (int o = in.readInt(); o > 0; o--) {
          Outcome outcome = Outcome.values()[in.readInt()];
          slot.kept.put(outcome, readEntries(in));
        }
        for (int w = in.readInt(); w > 0; w--) {
          String key = readString(in);
          slot.wrong.put(key, readEntries(in));
        }
      }
      return merge(other);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeEntries(DataOutputStream out, TreeSet<Entry> entries)
      throws IOException {
    out.writeInt(entries.size());
    for (Entry e : entries) {
      out.writeLong(e.hash());
      writeString(out, e.id());
    }
  }

  private static TreeSet<Entry> readEntries(DataInputStream in) throws IOException {
    TreeSet<Entry> entries = new TreeSet<>(Entry.ORDER);
    for (int n = in.readInt(); n > 0; n--) {
      entries.add(new Entry(in.readLong(), readString(in)));
    }
    return entries;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}

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
import java.util.List;
import java.util.Set;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * The most frequent raw answers of one (model, domain) that are no label: a frequent-items sketch
 * (Apache DataSketches' {@code ItemsSketch}, the Misra–Gries summary with the merge of Agarwal et
 * al., "Mergeable summaries", PODS 2012). Each item is an answer as the model wrote it (its first
 * {@link #MAX_CHARS} characters) with the key the normalization made of it; the sketches of the
 * pass's partitions merge into the sketch of the whole data.
 *
 * <p>Whether a key is a label is known only once every label of the domain is: the pass leaves out
 * the keys it has already seen as labels, and {@link #invalid} drops the rest with the domain's
 * label keys. Counts are exact while the sketch holds every distinct answer it was given (at most
 * {@link #MAX_ITEMS}, then its {@linkplain #maximumError maximum error} is 0); beyond that, an
 * answer's count lies between {@link Answer#predictions} and {@link Answer#maxPredictions}, and any
 * answer more frequent than the maximum error is listed (no false negatives).
 *
 * <p>The bytes are this class's own ({@link #toBytes}): each item with its counter, and the
 * sketch's error so far, which a merge adds up as the library's merge does. (The library's own
 * format goes through its off-heap memory layer, which Spark 4.2's copy announces on the standard
 * error of every run.) A key is kept to its first {@link #MAX_KEY_CHARS} characters, and label keys
 * are compared the same way.
 */
public final class AnswerSketch {
  /** How much of an answer is kept: its first 100 characters (code points). */
  public static final int MAX_CHARS = 100;

  /** The sketch's map size (a power of two): it tracks up to three quarters as many answers. */
  static final int MAP_SIZE = 1024;

  /** The most answers tracked exactly. */
  public static final int MAX_ITEMS = MAP_SIZE * 3 / 4;

  /** How much of an answer's key is kept. */
  static final int MAX_KEY_CHARS = 1000;

  /** Between the key and the text in an item; neither holds it once read (see {@link #add}). */
  private static final char SEPARATOR = '\u0000';

  private static final int FORMAT = 1;

  private final ItemsSketch<String> sketch = new ItemsSketch<>(MAP_SIZE);

  /** The error of the sketches merged into this one through their bytes. */
  private long mergedError;

  /** The answers added, here and in the sketches merged. */
  private long answers;

  /**
   * One raw answer whose key is not (yet) known as a label.
   *
   * @param raw the answer as the model wrote it (not null: a missing prediction is no answer)
   * @param key the key the normalization made of it, null for a blank answer
   */
  public void add(String raw, String key) {
    sketch.update(item(key, raw));
    answers++;
  }

  /**
   * The sketch's item of an answer and its key: the key, {@link #SEPARATOR}, {@code 1} if the
   * answer was truncated else {@code 0}, then the answer's first {@link #MAX_CHARS} characters.
   */
  static String item(String key, String raw) {
    String k = key == null ? "" : truncated(key, MAX_KEY_CHARS).replace(SEPARATOR, ' ');
    String text = truncated(raw);
    return k
        + SEPARATOR
        + (text.length() < raw.length() ? '1' : '0')
        + text.replace(SEPARATOR, ' ');
  }

  /** The first {@link #MAX_CHARS} code points of a text. */
  public static String truncated(String text) {
    return truncated(text, MAX_CHARS);
  }

  private static String truncated(String text, int chars) {
    if (text.length() <= chars) {
      return text;
    }
    int end = text.offsetByCodePoints(0, Math.min(chars, text.codePointCount(0, text.length())));
    return text.substring(0, end);
  }

  /** Adds another sketch's answers (of the same model and domain). */
  public AnswerSketch merge(AnswerSketch other) {
    sketch.merge(other.sketch);
    mergedError += other.mergedError;
    answers += other.answers;
    return this;
  }

  /**
   * The sketch as bytes, read by {@link #mergeBytes}: format, answers, error, the number of items,
   * then each item's UTF-8 bytes and counter.
   */
  public byte[] toBytes() {
    ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeLong(answers);
      out.writeLong(maximumError());
      out.writeInt(rows.length);
      for (ItemsSketch.Row<String> row : rows) {
        byte[] item = row.getItem().getBytes(StandardCharsets.UTF_8);
        out.writeInt(item.length);
        out.write(item);
        out.writeLong(row.getLowerBound());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Adds a sketch written by {@link #toBytes}: its items with their counters, its error to this
   * one's (as the library's merge adds the sketches' offsets).
   */
  public AnswerSketch mergeBytes(byte[] data) {
    AnswerSketch other = new AnswerSketch();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("Unknown answer sketch format " + format);
      }
      other.answers = in.readLong();
      other.mergedError = in.readLong();
      int items = in.readInt();
      for (int i = 0; i < items; i++) {
        byte[] item = new byte[in.readInt()];
        in.readFully(item);
        other.sketch.update(new String(item, StandardCharsets.UTF_8), in.readLong());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return merge(other);
  }

  /** The answers added. */
  public long answers() {
    return answers;
  }

  /** The most a listed count may fall short of the answer's true count; 0 while exact. */
  public long maximumError() {
    return sketch.getMaximumError() + mergedError;
  }

  /**
   * A raw answer that ended {@code (invalid)}, with bounds on how many predictions gave it.
   *
   * @param answer the answer as written, at most {@link #MAX_CHARS} characters
   * @param truncated whether the answer was longer
   * @param key what the normalization made of it (empty for a blank answer)
   * @param predictions the predictions that gave it, at least (exact when the sketch's maximum
   *     error is 0)
   * @param maxPredictions the predictions that gave it, at most
   */
  public record Answer(
      String answer, boolean truncated, String key, long predictions, long maxPredictions) {}

  /**
   * The {@code n} most frequent answers whose key is none of {@code labelKeys}, most first (then by
   * text).
   */
  public List<Answer> invalid(Set<String> labelKeys, int n) {
    List<Answer> out = new ArrayList<>();
    for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
      String item = row.getItem();
      int at = item.indexOf(SEPARATOR);
      String key = item.substring(0, at);
      if (labelKeys.contains(key)
          || key.length() >= MAX_KEY_CHARS
              && labelKeys.stream().anyMatch(k -> truncated(k, MAX_KEY_CHARS).equals(key))) {
        continue;
      }
      String text = item.substring(at + 2);
      out.add(
          new Answer(
              text,
              item.charAt(at + 1) == '1',
              key,
              row.getLowerBound(),
              row.getLowerBound() + maximumError()));
    }
    out.sort(
        Comparator.comparingLong(Answer::predictions)
            .reversed()
            .thenComparing(Answer::answer)
            .thenComparing(Answer::key));
    return out.size() > n ? List.copyOf(out.subList(0, n)) : out;
  }
}

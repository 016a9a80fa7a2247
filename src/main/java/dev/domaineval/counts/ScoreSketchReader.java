package dev.domaineval.counts;

import static dev.domaineval.counts.ScoreSketch.CELL;
import static dev.domaineval.counts.ScoreSketch.FORMAT;
import static dev.domaineval.counts.ScoreSketch.SUMS;
import static dev.domaineval.counts.ScoreSketch.bucketOf;
import static dev.domaineval.counts.ScoreSketch.groupOf;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte format of a {@link ScoreSketch} ({@link ScoreSketch#toBytes}): its header, its numbers
 * as variable-length integers, and the streaming read of several sketches as one.
 */
final class ScoreSketchReader {
  private ScoreSketchReader() {}

  static void forEachGroup(List<byte[]> parts, ScoreSketch.GroupVisitor visitor) {
    try {
      List<Reader> readers = new ArrayList<>();
      for (byte[] part : parts) {
        Reader r = new Reader(part);
        if (r.advance()) {
          readers.add(r);
        }
      }
      IntList buckets = new IntList();
      LongList[] lists = {new LongList(), new LongList(), new LongList(), new LongList()};
      long[] sums = new long[SUMS];
      List<Reader> at = new ArrayList<>();
      while (!readers.isEmpty()) {
        // The next group: the least group any reader is at.
        ScoreSketch.Group group = null;
        for (Reader r : readers) {
          if (group == null || ScoreSketch.GROUP_ORDER.compare(r.group(), group) < 0) {
            group = r.group();
          }
        }
        at.clear();
        Arrays.fill(sums, 0);
        for (Reader r : readers) {
          if (ScoreSketch.GROUP_ORDER.compare(r.group(), group) == 0) {
            at.add(r);
            for (int k = 0; k < SUMS; k++) {
              sums[k] = Math.addExact(sums[k], r.groupSum(k));
            }
          }
        }
        // Its cells: a merge by bucket of the readers at it.
        while (true) {
          int bucket = Integer.MAX_VALUE;
          for (Reader r : at) {
            if (r.inGroup() && r.bucket() < bucket) {
              bucket = r.bucket();
            }
          }
          if (bucket == Integer.MAX_VALUE) {
            break;
          }
          long[] cell = new long[CELL];
          for (Reader r : at) {
            if (r.inGroup() && r.bucket() == bucket) {
              for (int k = 0; k < CELL; k++) {
                cell[k] = Math.addExact(cell[k], r.cell(k));
              }
              r.advance();
            }
          }
          buckets.add(bucket);
          for (int k = 0; k < CELL; k++) {
            lists[k].add(cell[k]);
          }
        }
        long[] positives = lists[0].toArray();
        long[] negatives = lists[1].toArray();
        long[] high = lists[2].toArray();
        long[] low = lists[3].toArray();
        double[] scoreSums = new double[positives.length];
        for (int j = 0; j < scoreSums.length; j++) {
          scoreSums[j] = FixedPointSum.value(high[j], low[j]);
        }
        visitor.visit(
            group,
            buckets.toArray(),
            positives,
            negatives,
            scoreSums,
            FixedPointSum.value(sums[0], sums[1]),
            FixedPointSum.value(sums[2], sums[3]));
        buckets.clear();
        for (LongList l : lists) {
          l.clear();
        }
        for (Reader r : at) {
          r.nextGroup();
        }
        readers.removeIf(Reader::done);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a sketch's bytes cell by cell, group by group. */
  private static final class Reader {
    private final DataInputStream in;
    private final Header header;
    private final int cellCount;
    private int read;
    private long key;
    private final long[] cell = new long[CELL];

    /** Whether {@link #cell} holds a cell not yet consumed. */
    private boolean hasCell;

    /** The group being read: that of the first cell, then moved on by {@link #nextGroup}. */
    private int group = -1;

    private boolean done;

    Reader(byte[] data) throws IOException {
      in = new DataInputStream(new ByteArrayInputStream(data));
      header = Header.read(in);
      cellCount = readCount(in);
    }

    /**
     * Consumes the current cell and reads the next (at the start, the first). Returns whether there
     * is one.
     */
    boolean advance() throws IOException {
      if (read == cellCount) {
        hasCell = false;
        done = group < 0;
        return false;
      }
      key += readVarLong(in);
      for (int k = 0; k < CELL; k++) {
        cell[k] = readVarLong(in);
      }
      read++;
      hasCell = true;
      if (group < 0) {
        group = groupOf(key);
      }
      return true;
    }

    /** After the current group's cells: moves to the group of the next cell, or is done. */
    void nextGroup() {
      if (hasCell) {
        group = groupOf(key);
      } else {
        done = true;
      }
    }

    boolean done() {
      return done;
    }

    ScoreSketch.Group group() {
      return header.groups().get(group);
    }

    long groupSum(int k) {
      return header.sums()[group * SUMS + k];
    }

    /** Whether an unconsumed cell of the current group is at hand. */
    boolean inGroup() {
      return hasCell && groupOf(key) == group;
    }

    int bucket() {
      return bucketOf(key);
    }

    long cell(int k) {
      return cell[k];
    }
  }

  /** The groups and their sums at the start of a sketch's bytes. */
  record Header(List<ScoreSketch.Group> groups, long[] sums) {
    static Header read(DataInputStream in) throws IOException {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unknown score sketch format " + format + " (expected " + FORMAT + ")");
      }
      int groupCount = readCount(in);
      List<ScoreSketch.Group> groups = new ArrayList<>(groupCount);
      long[] sums = new long[groupCount * SUMS];
      for (int g = 0; g < groupCount; g++) {
        int grouping = readCount(in);
        int valueCount = readCount(in);
        List<String> values = new ArrayList<>(valueCount);
        for (int v = 0; v < valueCount; v++) {
          int length = readCount(in);
          if (length == 0) {
            values.add(null);
          } else {
            byte[] utf8 = new byte[length - 1];
            in.readFully(utf8);
            values.add(new String(utf8, StandardCharsets.UTF_8));
          }
        }
        groups.add(new ScoreSketch.Group(grouping, values));
        for (int k = 0; k < SUMS; k++) {
          sums[g * SUMS + k] = readVarLong(in);
        }
      }
      return new Header(groups, sums);
    }
  }

  static void writeCount(DataOutputStream out, int n) throws IOException {
    writeVarLong(out, n);
  }

  static int readCount(DataInputStream in) throws IOException {
    return Math.toIntExact(readVarLong(in));
  }

  /** A long as a zig-zag variable-length integer: 7 bits per byte, small magnitudes short. */
  static void writeVarLong(DataOutputStream out, long v) throws IOException {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      out.writeByte((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.writeByte((int) z);
  }

  static long readVarLong(DataInputStream in) throws IOException {
    long z = 0;
    int shift = 0;
    while (true) {
      int b = in.readUnsignedByte();
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new IOException("Malformed variable-length integer in a score sketch");
      }
    }
    return (z >>> 1) ^ -(z & 1);
  }

  /** A growable list of ints. */
  static final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }

    void clear() {
      n = 0;
    }
  }

  /** A growable list of longs. */
  static final class LongList {
    private long[] a = new long[16];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }

    void clear() {
      n = 0;
    }
  }
}

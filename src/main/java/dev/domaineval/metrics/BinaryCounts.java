package dev.domaineval.metrics;

/**
 * One-vs-rest counts of one class in one group: numbers of examples (counted, not weighted), each
 * {@code >= 0}. An invalid prediction on an example of the class is a false negative of it; an
 * invalid prediction on an example of another class is a true negative of it (see {@link
 * ConfusionMatrix#binaryCounts(String)}).
 *
 * @param tp examples of the class predicted as the class
 * @param fp examples of other classes predicted as the class
 * @param fn examples of the class predicted as anything else, including {@code (invalid)}
 * @param tn all other examples of the group
 */
public record BinaryCounts(long tp, long fp, long fn, long tn) {

  public BinaryCounts {
    if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid counts: negative value in tp=%s fp=%s fn=%s tn=%s; counts are numbers of"
                  + " examples and must be >= 0",
              tp, fp, fn, tn));
    }
  }

  /** Counts of the union of both groups' examples (counts are additive). */
  public BinaryCounts plus(BinaryCounts o) {
    return new BinaryCounts(
        Math.addExact(tp, o.tp),
        Math.addExact(fp, o.fp),
        Math.addExact(fn, o.fn),
        Math.addExact(tn, o.tn));
  }
}

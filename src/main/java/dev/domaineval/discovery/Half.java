package dev.domaineval.discovery;

/**
 * The two halves of a domain's examples: slices are found on one and tested on the other, so the
 * search does not inflate the test's significance. An example's half is a function of its id alone
 * (deterministic across runs and models): the lowest bit of the id's 64-bit hash, see {@link
 * #ofHash(long)}.
 */
public enum Half {
  /** The examples SliceLine searches (even hash). */
  DISCOVERY,
  /** The examples the found slices are tested on (odd hash). */
  CONFIRMATION;

  /**
   * The half of an example whose id hashes to {@code hash}: its lowest bit, 0 for {@link
   * #DISCOVERY}, 1 for {@link #CONFIRMATION}. The pass can reuse the id's {@code xxhash64} that
   * orders the listed examples: its lowest bit is independent of which ids have the smallest
   * hashes.
   */
  public static Half ofHash(long hash) {
    return (hash & 1L) == 0 ? DISCOVERY : CONFIRMATION;
  }
}

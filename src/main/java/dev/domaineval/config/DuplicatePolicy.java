package dev.domaineval.config;

/** What to do with duplicate keys in an input table. */
public enum DuplicatePolicy {
  /** Stop the run with exit code 2 and name a few offending keys. */
  FAIL("fail"),
  /** Keep the smallest row by value and count the others as {@code duplicate_key}. */
  KEEP_ONE("keep-one");

  private final String id;

  DuplicatePolicy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}

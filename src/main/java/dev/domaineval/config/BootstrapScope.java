package dev.domaineval.config;

/** Which candidate groups the bootstrap estimates ({@code bootstrap.scope}). */
public enum BootstrapScope {
  /** The overall slice of each domain and of the pooled domain. */
  DOMAINS("domains"),
  /** Every group: the overall slices and every slice value. */
  ALL("all");

  private final String id;

  BootstrapScope(String id) {
    this.id = id;
  }

  /** The value of {@code bootstrap.scope}. */
  public String id() {
    return id;
  }
}

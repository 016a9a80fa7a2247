package dev.domaineval.findings;

/** How much a finding matters; the id is what the findings table holds. */
public enum Severity {
  /** Worth knowing; never changes a verdict. */
  INFO("info"),
  /** A reader should look; the verdict is at best WARN. */
  WARN("warn"),
  /** A gate failed; the verdict is FAIL. */
  FAIL("fail");

  private final String id;

  Severity(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}

package dev.domaineval.slice;

/**
 * One group of the outputs: a model on a domain (or the pooled domain {@code *}) and a slice value
 * (or the overall key).
 */
public record GroupKey(String model, String domain, SliceKey slice) {
  public GroupKey {
    if (model == null || domain == null || slice == null) {
      throw new IllegalArgumentException(
          "Invalid group key: null part in model=" + model + " domain=" + domain + " " + slice);
    }
  }

  public boolean isPooledDomain() {
    return SliceKey.POOLED.equals(domain);
  }
}

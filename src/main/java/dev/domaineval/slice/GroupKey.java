package dev.domaineval.slice;

import java.util.Comparator;

/**
 * One group of the outputs: a model on a domain (or the pooled domain {@code *}) and a slice value
 * (or the overall key).
 */
public record GroupKey(String model, String domain, SliceKey slice) {
  /**
   * The order of the outputs: by model, domain, slice name, slice value. Maps keyed in this order
   * also fix the order in which sums are added, so that the last digits are the same on any cluster
   * layout.
   */
  public static final Comparator<GroupKey> ORDER =
      Comparator.comparing(GroupKey::model)
          .thenComparing(GroupKey::domain)
          .thenComparing(k -> k.slice().slice())
          .thenComparing(k -> k.slice().value());

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

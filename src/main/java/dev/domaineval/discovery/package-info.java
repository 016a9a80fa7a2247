/**
 * Automatic slice discovery: pure Java, no Spark.
 *
 * <p>The pass counts, per candidate and domain, the paired outcomes of every combination of slice
 * values at the finest grain, on two halves of the examples split by a hash of the example id
 * ({@link dev.domaineval.discovery.DiscoveryCube}, {@link dev.domaineval.discovery.Half}). This
 * package finds the worst slices on the discovery half with SliceLine ({@link
 * dev.domaineval.discovery.SliceLine}), tests each on the confirmation half and controls the false
 * discovery rate over every slice found in a run ({@link dev.domaineval.discovery.SliceDiscovery}).
 * Counts are numbers of examples; rates and p-values are fractions in [0, 1].
 */
package dev.domaineval.discovery;

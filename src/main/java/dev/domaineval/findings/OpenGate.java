package dev.domaineval.findings;

/**
 * A gate a rule could not decide, such as a target met or missed only inside its interval: the
 * verdict of the candidate on the domain is at best INCONCLUSIVE. Not a row of the findings table;
 * the verdict lists the reason.
 *
 * @param candidate the candidate model
 * @param domain the domain
 * @param reason a sentence that says why, and what would settle it
 */
public record OpenGate(String candidate, String domain, String reason) {}

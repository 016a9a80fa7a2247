package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The decision line of one candidate, at the top of the page.
 *
 * @param candidate the candidate model
 * @param words the decision as the page says it: ship, do not ship, not decided
 * @param css the decision as a class name: {@code ship}, {@code do_not_ship}, {@code not_decided}
 * @param facts the decisive facts, each with the domain it is about
 */
public record DecisionView(String candidate, String words, String css, List<Fact> facts) {
  public DecisionView {
    facts = List.copyOf(facts);
  }

  /**
   * One decisive fact.
   *
   * @param domain the domain it is about, or empty when it is about every domain
   * @param anchor the domain section's id, or empty
   * @param text the fact
   */
  public record Fact(String domain, String anchor, String text) {}
}

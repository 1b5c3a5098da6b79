package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class LinksTest {

  @Test
  void aClosingBracketStaysInALinkOnlyWithItsOpeningOne() {
    String wiki = "https://de.wikipedia.org/wiki/Glasfaser_(Netz)";
    assertThat(Links.end(wiki, 0, wiki.length(), Links.MASTODON_TRAILING)).isEqualTo(wiki.length());
    String said = "(siehe https://status.example.de/netz)";
    assertThat(Links.end(said, 7, said.length(), Links.MASTODON_TRAILING)).isEqualTo(said.length() - 1);
    String both = "https://a.de/(x))).";
    assertThat(Links.end(both, 0, both.length(), Links.MASTODON_TRAILING)).isEqualTo("https://a.de/(x)".length());
  }

  /** Each bracket taken off used to count all brackets of the link again: minutes for a long run. */
  @Test
  void aLinkEndingInManyClosingBracketsIsEndedInOnePass() {
    String text = "https://a.de/" + ")".repeat(300_000);
    int end = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> Links.end(text, 0, text.length(), Links.MASTODON_TRAILING));
    assertThat(end).isEqualTo("https://a.de/".length());
  }
}

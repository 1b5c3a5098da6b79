package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import java.time.Duration;

final class HtmlTextTest {

  @Test
  void toText_paragraphsAndBreaks_becomeBlankLinesAndNewlines() {
    assertThat(HtmlText.toText("<p>Hallo</p><p>Zeile 1<br>Zeile 2</p>")).isEqualTo("Hallo\n\nZeile 1\nZeile 2");
  }

  @Test
  void toText_tableCellsStayApart_andEachRowOrListItemIsALine() {
    // a contact form's mail: labels and values in cells, without spaces between the tags
    assertThat(HtmlText.toText("<table><tr><th>Feld</th><th>Wert</th></tr><tr><td>Name:</td><td>Jürgen Möller</td>"
        + "</tr><tr><td>Kundennummer:</td><td> 4711 </td></tr></table>"))
        .isEqualTo("Feld Wert\nName: Jürgen Möller\nKundennummer: 4711");
    assertThat(HtmlText.toText("<p>Was fehlt:</p><ul><li>Router</li><li>Netzteil</li></ul><p>Danke</p>"))
        .isEqualTo("Was fehlt:\n\nRouter\nNetzteil\n\nDanke");
  }

  @Test
  void toText_entitiesAndNumericReferences_areDecoded() {
    assertThat(HtmlText.toText("Gr&uuml;&szlig;e &amp; &#8222;Danke&#x201C; &lt;3&nbsp;!")).isEqualTo("Grüße & „Danke“ <3 !");
  }

  @Test
  void toText_scriptStyleAndImages_leaveNoText() {
    assertThat(HtmlText.toText("<style>p{}</style><p>Text<script>var x = '<p>';</script><img alt=\"Bild\" src=x></p>"))
        .isEqualTo("Text");
  }

  @Test
  void toText_whitespace_isCollapsed() {
    assertThat(HtmlText.toText("  Viel \n\n   Platz\t hier ")).isEqualTo("Viel Platz hier");
  }

  @Test
  void toText_anyInput_neverThrows() {
    qt().withExamples(1000).forAll(strings().allPossible().ofLengthBetween(0, 60)).checkAssert(s -> {
      assertThat(HtmlText.toText(s)).isNotNull();
      assertThat(HtmlText.toText("<p>" + s + "</p><br><!--" + s)).isNotNull();
    });
  }

  @Test
  void toText_lessThanThatOpensNoTag_isText() {
    assertThat(HtmlText.toText("<p>Preis < 50 Euro, bitte <b>schnell</b></p>")).isEqualTo("Preis < 50 Euro, bitte schnell");
    assertThat(HtmlText.toText("3 <4 und <br>x")).isEqualTo("3 <4 und\nx");
    assertThat(HtmlText.toText("Herz <3 <=> Liebe <")).isEqualTo("Herz <3 <=> Liebe <");
    assertThat(HtmlText.toText("a<</b>b")).isEqualTo("a<b");
    // inside a dropped element a bare '<' is dropped with the rest
    assertThat(HtmlText.toText("<script>if (a < b) {}</script>Text")).isEqualTo("Text");
  }

  /** A reference is at most 12 characters: a ';' is not looked for further, or a text of many '&' takes minutes. */
  @Test
  void manyAmpersandsWithoutSemicolonAreReadInOnePass() {
    String html = "<p>" + "&".repeat(1_000_000) + "x&amp;y</p>";
    String text = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> HtmlText.toText(html));
    assertThat(text).hasSize(1_000_003).endsWith("&x&y");
  }
}

package io.scrm.benchmarks.routing;

/** The fact the generated DRL tests; a bean because DRL reads properties through getters. Not thread-safe. */
public final class DroolsFact {
  private final String channel;
  private final String language;
  private final String region;
  private final String padded;
  private int winner = -1;

  /**
   * Creates the fact.
   *
   * @param channel the channel
   * @param language the language
   * @param region the region
   * @param padded the text with a space at both ends
   */
  public DroolsFact(String channel, String language, String region, String padded) {
    this.channel = channel;
    this.language = language;
    this.region = region;
    this.padded = padded;
  }

  /** @return the channel */
  public String getChannel() {
    return channel;
  }

  /** @return the language */
  public String getLanguage() {
    return language;
  }

  /** @return the region */
  public String getRegion() {
    return region;
  }

  /** @return the padded text */
  public String getPadded() {
    return padded;
  }

  /** @return the winning rule index, -1 for none */
  public int getWinner() {
    return winner;
  }

  /** @param value the winning rule index */
  public void setWinner(int value) {
    winner = value;
  }
}

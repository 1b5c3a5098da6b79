package io.scrm.core.listening;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of terms (brand, products, hashtags, handles) watched in public posts, with
 * exclusions, tags and an optional channel filter. Immutable and thread-safe; build one with {@link
 * #builder(String)}.
 *
 * <p>Matching is German-aware and deterministic: terms and text are folded by {@link GermanText} and
 * compared as whole word sequences, so {@code "Störung"} matches {@code "#stoerung"} but not {@code
 * "Störungsfrei"}, and a term of several words ({@code "Köln Nippes"}) matches them in a row. A post
 * that contains any exclusion does not match.
 *
 * @since 0.1.0
 */
public final class Monitor {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private final String name;
  private final List<List<String>> terms;
  private final List<String> termTexts;
  private final List<List<String>> exclusions;
  private final List<String> tags;
  private final Set<ChannelId> channels;

  private Monitor(Builder b) {
    this.name = b.name;
    this.terms = List.copyOf(b.terms);
    this.termTexts = List.copyOf(b.termTexts);
    this.exclusions = List.copyOf(b.exclusions);
    this.tags = List.copyOf(b.tags);
    this.channels = Set.copyOf(b.channels);
  }

  /**
   * Returns a builder.
   *
   * @param name the monitor's name, e.g. {@code marke} ({@code [a-z0-9][a-z0-9_-]*}, at most 64)
   * @return a builder
   * @throws IllegalArgumentException if the name is invalid
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the tags a match adds to the interaction.
   *
   * @return the tags
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * Checks a post. Only public posts can match: private messages are not monitored.
   *
   * @param post the post
   * @return the match with the terms found, or empty
   */
  public Optional<MonitorMatch> match(Interaction post) {
    Objects.requireNonNull(post, "post");
    if (post.visibility() != Visibility.PUBLIC || (!channels.isEmpty() && !channels.contains(post.channel()))) {
      return Optional.empty();
    }
    return match(GermanText.words(post.text()));
  }

  Optional<MonitorMatch> match(List<String> words) {
    for (List<String> exclusion : exclusions) {
      if (indexOf(words, exclusion) >= 0) {
        return Optional.empty();
      }
    }
    List<String> found = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      if (indexOf(words, terms.get(i)) >= 0) {
        found.add(termTexts.get(i));
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(new MonitorMatch(name, found, tags));
  }

  private static int indexOf(List<String> words, List<String> phrase) {
    outer:
    for (int i = 0; i + phrase.size() <= words.size(); i++) {
      for (int j = 0; j < phrase.size(); j++) {
        if (!words.get(i + j).equals(phrase.get(j))) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Monitor[" + name + ", " + termTexts.size() + " terms]";
  }

  /**
   * Builds a {@link Monitor}. Not thread-safe; setters validate at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String name;
    private final List<List<String>> terms = new ArrayList<>();
    private final List<String> termTexts = new ArrayList<>();
    private final List<List<String>> exclusions = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final Set<ChannelId> channels = new LinkedHashSet<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("name must match [a-z0-9][a-z0-9_-]{0,63}, was '" + name + "'");
      }
      this.name = name;
    }

    private static List<String> phrase(String term, String field) {
      Objects.requireNonNull(term, field);
      List<String> words = GermanText.words(term);
      if (words.isEmpty()) {
        throw new IllegalArgumentException(field + " must contain a letter or digit, was '" + term + "'");
      }
      return List.copyOf(words);
    }

    /**
     * Adds terms to watch (a brand, product, {@code #hashtag}, {@code @handle} or phrase).
     *
     * @param values the terms
     * @return this builder
     */
    public Builder terms(String... values) {
      for (String v : values) {
        terms.add(phrase(v, "term"));
        termTexts.add(v);
      }
      return this;
    }

    /**
     * Adds exclusions: a post containing any of them never matches.
     *
     * @param values the excluded words or phrases
     * @return this builder
     */
    public Builder exclude(String... values) {
      for (String v : values) {
        exclusions.add(phrase(v, "exclusion"));
      }
      return this;
    }

    /**
     * Adds tags that a match puts on the interaction (routing rules can use them).
     *
     * @param values the tags
     * @return this builder
     */
    public Builder tags(String... values) {
      for (String v : values) {
        Objects.requireNonNull(v, "tag");
        if (v.isBlank()) {
          throw new IllegalArgumentException("tag must not be blank");
        }
        tags.add(v);
      }
      return this;
    }

    /**
     * Restricts the monitor to some channels (default: every channel).
     *
     * @param values the channels
     * @return this builder
     */
    public Builder channels(ChannelId... values) {
      for (ChannelId c : values) {
        channels.add(Objects.requireNonNull(c, "channel"));
      }
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return the monitor
     * @throws IllegalStateException if no term was added
     */
    public Monitor build() {
      if (terms.isEmpty()) {
        throw new IllegalStateException("monitor " + name + " needs at least one term");
      }
      return new Monitor(this);
    }
  }
}

package io.scrm.core.routing;

import io.scrm.core.IntakeDecision;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A routing rule: conditions that must all hold (within one condition, any of its values), and the
 * actions taken when they do. Built with {@link #builder(String)} or loaded by {@link RuleFiles}.
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Rule {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private final String id;
  private final int priority;
  private final RuleMode mode;
  // conditions; empty sets and nulls mean "any"
  private final Set<ChannelId> channels;
  private final Set<InteractionKind> kinds;
  private final @Nullable Visibility visibility;
  private final Set<String> languages;
  private final List<String> keywords;
  private final String[][] keywordPhrases;
  private final List<String> excludedKeywords;
  private final String[][] excludedPhrases;
  private final Set<String> intents;
  private final Set<String> regions;
  private final List<String> postcodePrefixes;
  private final Set<String> products;
  private final @Nullable Integer minScore;
  private final @Nullable Integer maxScore;
  private final Set<String> campaigns;
  private final @Nullable BusinessHours businessHours;
  private final boolean insideBusinessHours;
  private final @Nullable Boolean hasOwner;
  private final Set<String> tagsAny;
  private final Condition[] conditions;
  // actions
  private final IntakeDecision.@Nullable Target target;
  private final @Nullable CaseType caseType;
  private final @Nullable String queue;
  private final @Nullable String agent;
  private final @Nullable Priority setPriority;
  private final int scorePoints;
  private final List<String> addTags;
  private final Set<String> requiredSkills;
  private final boolean stop;

  private Rule(Builder b) {
    id = b.id;
    priority = b.priority;
    mode = b.mode;
    channels = Set.copyOf(b.channels);
    kinds = b.kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.kinds));
    visibility = b.visibility;
    languages = Set.copyOf(b.languages);
    keywords = List.copyOf(b.keywords);
    keywordPhrases = phrases(keywords);
    excludedKeywords = List.copyOf(b.excludedKeywords);
    excludedPhrases = phrases(excludedKeywords);
    intents = Set.copyOf(b.intents);
    regions = Set.copyOf(b.regions);
    postcodePrefixes = List.copyOf(b.postcodePrefixes);
    products = Set.copyOf(b.products);
    minScore = b.minScore;
    maxScore = b.maxScore;
    campaigns = Set.copyOf(b.campaigns);
    businessHours = b.businessHours;
    insideBusinessHours = b.insideBusinessHours;
    hasOwner = b.hasOwner;
    tagsAny = Set.copyOf(b.tagsAny);
    target = b.target;
    caseType = b.caseType;
    queue = b.queue;
    agent = b.agent;
    setPriority = b.setPriority;
    scorePoints = b.scorePoints;
    addTags = List.copyOf(b.addTags);
    requiredSkills = Set.copyOf(b.requiredSkills);
    stop = b.stop;
    List<Condition> present = new ArrayList<>();
    for (Condition c : Condition.values()) {
      if (isSet(c)) {
        present.add(c);
      }
    }
    conditions = present.toArray(new Condition[0]);
  }

  private static String[][] phrases(List<String> keywords) {
    String[][] out = new String[keywords.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Terms.stems(keywords.get(i));
    }
    return out;
  }

  /**
   * Returns a builder.
   *
   * @param id the rule id: letters, digits, {@code . _ : -}, at most 128 characters
   * @return a builder of a first-match rule with priority 0 and no conditions
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  private boolean isSet(Condition c) {
    return switch (c) {
      case CHANNEL -> !channels.isEmpty();
      case KIND -> !kinds.isEmpty();
      case VISIBILITY -> visibility != null;
      case LANGUAGE -> !languages.isEmpty();
      case KEYWORDS -> !keywords.isEmpty();
      case EXCLUDED_KEYWORDS -> !excludedKeywords.isEmpty();
      case INTENT -> !intents.isEmpty();
      case REGION -> !regions.isEmpty();
      case POSTCODE -> !postcodePrefixes.isEmpty();
      case PRODUCT -> !products.isEmpty();
      case SCORE -> minScore != null || maxScore != null;
      case CAMPAIGN -> !campaigns.isEmpty();
      case BUSINESS_HOURS -> businessHours != null;
      case OWNER -> hasOwner != null;
      case TAGS -> !tagsAny.isEmpty();
    };
  }

  /**
   * Returns the first condition of this rule that the request fails, in the order of {@link
   * Condition}.
   *
   * @param r the request
   * @return the failed condition, or null if the rule matches
   */
  public @Nullable Condition failedCondition(RoutingRequest r) {
    for (Condition c : conditions) {
      if (!holds(c, r)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Whether every condition holds for the request.
   *
   * @param r the request
   * @return true if the rule matches
   */
  public boolean matches(RoutingRequest r) {
    return failedCondition(r) == null;
  }

  private boolean holds(Condition c, RoutingRequest r) {
    return switch (c) {
      case CHANNEL -> channels.contains(r.channel());
      case KIND -> kinds.contains(r.kind());
      case VISIBILITY -> visibility == r.visibility();
      case LANGUAGE -> r.language() != null && languages.contains(r.language());
      case KEYWORDS -> anyPhrase(keywordPhrases, r);
      case EXCLUDED_KEYWORDS -> !anyPhrase(excludedPhrases, r);
      case INTENT -> anyOf(intents, r.intents());
      case REGION -> r.region() != null && regions.contains(r.region());
      case POSTCODE -> postcodeMatches(r.postalCode());
      case PRODUCT -> r.product() != null && products.contains(r.product());
      case SCORE -> (minScore == null || r.leadScore() >= minScore) && (maxScore == null || r.leadScore() <= maxScore);
      case CAMPAIGN -> r.campaign() != null && campaigns.contains(r.campaign());
      case BUSINESS_HOURS -> Objects.requireNonNull(businessHours).contains(r.at()) == insideBusinessHours;
      case OWNER -> (r.owner() != null) == Objects.requireNonNull(hasOwner);
      case TAGS -> anyOf(tagsAny, r.tags());
    };
  }

  private static boolean anyPhrase(String[][] phrases, RoutingRequest r) {
    for (String[] phrase : phrases) {
      if (phrase.length > 0 && r.hasPhrase(phrase)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyOf(Set<String> wanted, Set<String> present) {
    for (String w : wanted) {
      if (present.contains(w)) {
        return true;
      }
    }
    return false;
  }

  private boolean postcodeMatches(@Nullable String postalCode) {
    if (postalCode == null) {
      return false;
    }
    for (String prefix : postcodePrefixes) {
      if (postalCode.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the conditions this rule has.
   *
   * @return the conditions, in the order of {@link Condition}
   */
  public List<Condition> conditions() {
    return List.of(conditions);
  }

  /**
   * Returns the id.
   *
   * @return the rule id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the priority; higher wins.
   *
   * @return the priority
   */
  public int priority() {
    return priority;
  }

  /**
   * Returns the mode.
   *
   * @return first-match or all-match
   */
  public RuleMode mode() {
    return mode;
  }

  Set<ChannelId> channels() {
    return channels;
  }

  Set<String> languages() {
    return languages;
  }

  Set<String> regions() {
    return regions;
  }

  /** The first stem of each keyword phrase: a message can only match if it has one of them. */
  Set<String> keywordHeads() {
    Set<String> heads = new LinkedHashSet<>();
    for (String[] p : keywordPhrases) {
      if (p.length > 0) {
        heads.add(p[0]);
      }
    }
    return heads;
  }

  /**
   * Returns the target this rule decides, if any.
   *
   * @return case or lead, or null
   */
  public IntakeDecision.@Nullable Target target() {
    return target;
  }

  /**
   * Returns the case type this rule sets, if any.
   *
   * @return the case type, or null
   */
  public @Nullable CaseType caseType() {
    return caseType;
  }

  /**
   * Returns the queue or team this rule routes to, if any.
   *
   * @return the queue, or null
   */
  public @Nullable String queue() {
    return queue;
  }

  /**
   * Returns the agent this rule routes to directly, if any.
   *
   * @return the agent id, or null
   */
  public @Nullable String agent() {
    return agent;
  }

  /**
   * Returns the priority this rule sets on the case or lead, if any.
   *
   * @return the priority, or null
   */
  public @Nullable Priority setPriority() {
    return setPriority;
  }

  /**
   * Returns the lead score points this rule adds.
   *
   * @return the points (may be negative)
   */
  public int scorePoints() {
    return scorePoints;
  }

  /**
   * Returns the tags this rule adds.
   *
   * @return the tags
   */
  public List<String> addTags() {
    return addTags;
  }

  /**
   * Returns the skills an agent needs for work routed by this rule.
   *
   * @return the skills
   */
  public Set<String> requiredSkills() {
    return requiredSkills;
  }

  /**
   * Whether evaluation of all-match rules stops after this rule.
   *
   * @return true to stop
   */
  public boolean stop() {
    return stop;
  }

  @Override
  public String toString() {
    return "Rule[" + id + ", priority " + priority + ", " + mode + "]";
  }

  /**
   * Fluent builder of {@link Rule}; each setter validates at once and names the field. Not
   * thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String id;
    private int priority;
    private RuleMode mode = RuleMode.FIRST_MATCH;
    private final Set<ChannelId> channels = new LinkedHashSet<>();
    private final Set<InteractionKind> kinds = new LinkedHashSet<>();
    private @Nullable Visibility visibility;
    private final Set<String> languages = new LinkedHashSet<>();
    private final List<String> keywords = new ArrayList<>();
    private final List<String> excludedKeywords = new ArrayList<>();
    private final Set<String> intents = new LinkedHashSet<>();
    private final Set<String> regions = new LinkedHashSet<>();
    private final List<String> postcodePrefixes = new ArrayList<>();
    private final Set<String> products = new LinkedHashSet<>();
    private @Nullable Integer minScore;
    private @Nullable Integer maxScore;
    private final Set<String> campaigns = new LinkedHashSet<>();
    private @Nullable BusinessHours businessHours;
    private boolean insideBusinessHours;
    private @Nullable Boolean hasOwner;
    private final Set<String> tagsAny = new LinkedHashSet<>();
    private IntakeDecision.@Nullable Target target;
    private @Nullable CaseType caseType;
    private @Nullable String queue;
    private @Nullable String agent;
    private @Nullable Priority setPriority;
    private int scorePoints;
    private final List<String> addTags = new ArrayList<>();
    private final Set<String> requiredSkills = new LinkedHashSet<>();
    private boolean stop;

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("id must match " + ID.pattern() + ", was '" + id + "'");
      }
      this.id = id;
    }

    private static String text(@Nullable String value, String field) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank");
      }
      return value.strip();
    }

    /** As the collection's: a null array or element is refused naming the field (List.of would not name it). */
    private static <T> Collection<T> nonEmpty(T @Nullable [] values, String field) {
      return nonEmpty(values == null ? null : Arrays.asList(values), field);
    }

    private static <T> Collection<T> nonEmpty(@Nullable Collection<T> values, String field) {
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException(field + " must not be empty");
      }
      for (T v : values) {
        if (v == null) {
          throw new IllegalArgumentException(field + " must not contain null");
        }
      }
      return values;
    }

    /**
     * Sets the priority; higher wins, ties go to the rule added first.
     *
     * @param value the priority
     * @return this builder
     */
    public Builder priority(int value) {
      priority = value;
      return this;
    }

    /**
     * Sets the mode.
     *
     * @param value first-match (default) or all-match
     * @return this builder
     */
    public Builder mode(RuleMode value) {
      mode = Objects.requireNonNull(value, "mode");
      return this;
    }

    /**
     * Requires one of the channels.
     *
     * @param values the channels
     * @return this builder
     */
    public Builder channels(Collection<ChannelId> values) {
      channels.addAll(nonEmpty(values, "channels"));
      return this;
    }

    /**
     * Requires one of the channels.
     *
     * @param values the channels
     * @return this builder
     */
    public Builder channel(ChannelId... values) {
      return channels(List.of(values));
    }

    /**
     * Requires one of the message kinds.
     *
     * @param values direct, mention, comment, reply
     * @return this builder
     */
    public Builder kind(InteractionKind... values) {
      kinds.addAll(nonEmpty(values, "kinds"));
      return this;
    }

    /**
     * Requires a visibility.
     *
     * @param value public or private
     * @return this builder
     */
    public Builder visibility(Visibility value) {
      visibility = Objects.requireNonNull(value, "visibility");
      return this;
    }

    /**
     * Requires one of the languages (primary subtags such as {@code de}).
     *
     * @param values BCP 47 tags
     * @return this builder
     * @throws IllegalArgumentException if a tag has no primary subtag ({@code -AT}), which no message has
     */
    public Builder language(String... values) {
      for (String v : nonEmpty(values, "languages")) {
        String primary = Objects.requireNonNull(RoutingRequest.primaryLanguage(text(v, "languages")));
        if (primary.isBlank()) {
          // no message has a language without its primary subtag: the rule would never match
          throw new IllegalArgumentException("languages must start with a language (\"de\", \"de-AT\"), was '"
              + v + "'");
        }
        languages.add(primary);
      }
      return this;
    }

    /**
     * Requires at least one of the keywords or phrases, matched German-aware: case and umlauts folded,
     * at word boundaries, with light stemming ({@code Bauherren} matches {@code Bauherr}).
     *
     * @param values keywords or phrases
     * @return this builder
     */
    public Builder keywords(String... values) {
      for (String v : nonEmpty(values, "keywords")) {
        Terms.keyword(v, "keywords");
        keywords.add(v);
      }
      return this;
    }

    /**
     * Requires none of the keywords or phrases.
     *
     * @param values keywords or phrases
     * @return this builder
     */
    public Builder excludedKeywords(String... values) {
      for (String v : nonEmpty(values, "excludedKeywords")) {
        Terms.keyword(v, "excludedKeywords");
        excludedKeywords.add(v);
      }
      return this;
    }

    /**
     * Requires one of the intents found by the router's {@link IntentClassifier}.
     *
     * @param values intent names
     * @return this builder
     */
    public Builder intent(String... values) {
      for (String v : nonEmpty(values, "intents")) {
        intents.add(text(v, "intents"));
      }
      return this;
    }

    /**
     * Requires one of the regions (the contact's attribute {@value RoutingRequest#REGION_ATTRIBUTE}).
     *
     * @param values regions
     * @return this builder
     */
    public Builder region(String... values) {
      for (String v : nonEmpty(values, "regions")) {
        regions.add(text(v, "regions"));
      }
      return this;
    }

    /**
     * Requires the contact's postal code to start with one of the prefixes.
     *
     * @param values prefixes
     * @return this builder
     */
    public Builder postcodePrefix(String... values) {
      for (String v : nonEmpty(values, "postcodePrefixes")) {
        postcodePrefixes.add(text(v, "postcodePrefixes"));
      }
      return this;
    }

    /**
     * Requires one of the products (the contact's attribute {@value RoutingRequest#PRODUCT_ATTRIBUTE}).
     *
     * @param values products
     * @return this builder
     */
    public Builder product(String... values) {
      for (String v : nonEmpty(values, "products")) {
        products.add(text(v, "products"));
      }
      return this;
    }

    /**
     * Requires the lead score to lie within the range.
     *
     * @param min the least score, or null for no lower bound
     * @param max the greatest score, or null for no upper bound
     * @return this builder
     */
    public Builder scoreBetween(@Nullable Integer min, @Nullable Integer max) {
      if (min == null && max == null) {
        throw new IllegalArgumentException("score must have a minimum or a maximum");
      }
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException("score minimum must not exceed its maximum");
      }
      minScore = min;
      maxScore = max;
      return this;
    }

    /**
     * Requires one of the campaign codes.
     *
     * @param values campaign codes
     * @return this builder
     */
    public Builder campaign(String... values) {
      for (String v : nonEmpty(values, "campaigns")) {
        campaigns.add(text(v, "campaigns"));
      }
      return this;
    }

    /**
     * Requires the decision to be made within (or outside) the business hours.
     *
     * @param hours the hours
     * @param inside true for within, false for outside
     * @return this builder
     */
    public Builder businessHours(BusinessHours hours, boolean inside) {
      businessHours = Objects.requireNonNull(hours, "businessHours");
      insideBusinessHours = inside;
      return this;
    }

    /**
     * Requires an existing owner (lead owner, case assignee or account owner), or its absence.
     *
     * @param value true to require an owner, false to require none
     * @return this builder
     */
    public Builder hasOwner(boolean value) {
      hasOwner = value;
      return this;
    }

    /**
     * Requires one of the tags on the message, lead or case.
     *
     * @param values tags
     * @return this builder
     */
    public Builder tagged(String... values) {
      for (String v : nonEmpty(values, "tags")) {
        tagsAny.add(text(v, "tags"));
      }
      return this;
    }

    /**
     * Makes the message a lead.
     *
     * @return this builder
     */
    public Builder createLead() {
      target = IntakeDecision.Target.LEAD;
      return this;
    }

    /**
     * Makes the message a case of the type.
     *
     * @param type the case type
     * @return this builder
     */
    public Builder createCase(CaseType type) {
      target = IntakeDecision.Target.CASE;
      caseType = Objects.requireNonNull(type, "caseType");
      return this;
    }

    /**
     * Routes to a queue or team.
     *
     * @param value the queue or team name
     * @return this builder
     */
    public Builder routeToQueue(String value) {
      queue = text(value, "queue");
      return this;
    }

    /**
     * Routes to one agent directly.
     *
     * @param value the agent id
     * @return this builder
     */
    public Builder routeToAgent(String value) {
      agent = text(value, "agent");
      return this;
    }

    /**
     * Sets the priority of the case or lead.
     *
     * @param value the priority
     * @return this builder
     */
    public Builder setPriority(Priority value) {
      setPriority = Objects.requireNonNull(value, "setPriority");
      return this;
    }

    /**
     * Adds lead score points.
     *
     * @param value points, between -1000 and 1000
     * @return this builder
     */
    public Builder addScore(int value) {
      if (value < -1000 || value > 1000) {
        throw new IllegalArgumentException("scorePoints must be between -1000 and 1000, was " + value);
      }
      scorePoints = value;
      return this;
    }

    /**
     * Adds tags.
     *
     * @param values tags
     * @return this builder
     */
    public Builder tag(String... values) {
      for (String v : nonEmpty(values, "addTags")) {
        String t = text(v, "addTags");
        if (!addTags.contains(t)) {
          addTags.add(t);
        }
      }
      return this;
    }

    /**
     * Requires skills of the agent the work is assigned to.
     *
     * @param values skills
     * @return this builder
     */
    public Builder requireSkills(String... values) {
      for (String v : nonEmpty(values, "requiredSkills")) {
        requiredSkills.add(text(v, "requiredSkills").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Stops the evaluation of further all-match rules after this one.
     *
     * @return this builder
     */
    public Builder stop() {
      stop = true;
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws IllegalArgumentException if a first-match rule has no action, or an all-match rule
     *     routes or does nothing
     */
    public Rule build() {
      if (mode == RuleMode.FIRST_MATCH && target == null && queue == null && agent == null && setPriority == null) {
        throw new IllegalArgumentException("actions: a first-match rule must create a lead or case, route or set a priority");
      }
      if (mode == RuleMode.ALL_MATCH && (target != null || queue != null || agent != null)) {
        throw new IllegalArgumentException("mode: an all-match rule may only score, tag, set a priority or stop");
      }
      if (mode == RuleMode.ALL_MATCH && scorePoints == 0 && addTags.isEmpty() && setPriority == null && !stop
          && requiredSkills.isEmpty()) {
        throw new IllegalArgumentException("actions: an all-match rule must score, tag, set a priority or stop");
      }
      return new Rule(this);
    }
  }
}

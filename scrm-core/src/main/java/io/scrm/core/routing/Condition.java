package io.scrm.core.routing;

/**
 * The kinds of condition a rule can have; used to explain which conditions matched or failed.
 *
 * @since 0.1.0
 */
public enum Condition {
  /** The message's channel is one of the given. */
  CHANNEL,
  /** The message's kind (direct, mention, comment, reply) is one of the given. */
  KIND,
  /** The message is public or private. */
  VISIBILITY,
  /** The message's (or else the contact's) language is one of the given primary subtags. */
  LANGUAGE,
  /** The message contains at least one of the keywords or phrases (folded, word boundaries, stemmed). */
  KEYWORDS,
  /** The message contains none of the excluded keywords. */
  EXCLUDED_KEYWORDS,
  /** A classifier found one of the intents. */
  INTENT,
  /** The contact's region is one of the given. */
  REGION,
  /** The contact's postal code starts with one of the prefixes. */
  POSTCODE,
  /** The contact's product is one of the given. */
  PRODUCT,
  /** The lead's score lies in the range. */
  SCORE,
  /** The campaign code is one of the given. */
  CAMPAIGN,
  /** The decision is made within (or outside) business hours. */
  BUSINESS_HOURS,
  /** An owner exists (or does not). */
  OWNER,
  /** The message, lead or case carries one of the tags. */
  TAGS
}

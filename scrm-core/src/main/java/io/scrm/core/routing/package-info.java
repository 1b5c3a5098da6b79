/**
 * Lead and case routing: rules over the message, contact, lead and case (built in code or loaded
 * from JSON), a compiled rule table with explanations, assignment within teams (round robin, least
 * loaded, skills with widening, sticky owner, availability, capacity), lead scoring with stage
 * thresholds, and campaign attribution.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.routing;

import org.jspecify.annotations.NullMarked;

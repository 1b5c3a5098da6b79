/**
 * The domain model: contacts, identities, interactions, cases and leads as immutable, validated
 * records with typed ids.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.model;

import org.jspecify.annotations.NullMarked;

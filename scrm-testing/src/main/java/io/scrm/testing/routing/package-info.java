/**
 * The contract every routing-state store passes: {@link io.scrm.testing.routing.RoutingStateContract}.
 */
@NullMarked
package io.scrm.testing.routing;

import org.jspecify.annotations.NullMarked;

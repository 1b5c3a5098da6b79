/**
 * Engine events: records under the sealed {@link io.scrm.core.event.CrmEvent}, typed listeners and
 * the {@link io.scrm.core.event.EventBus}.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.event;

import org.jspecify.annotations.NullMarked;

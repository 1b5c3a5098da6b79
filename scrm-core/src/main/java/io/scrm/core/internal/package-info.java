/** Implementation details shared inside scrm-core; not exported, not API. */
@NullMarked
package io.scrm.core.internal;

import org.jspecify.annotations.NullMarked;

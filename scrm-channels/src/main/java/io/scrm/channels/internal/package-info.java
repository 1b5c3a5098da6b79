/**
 * Shared helpers of the platform adapters: exact-id JSON reading, HTTP outcomes, HTML to text.
 * Not API: the package is not exported.
 */
@NullMarked
package io.scrm.channels.internal;

import org.jspecify.annotations.NullMarked;

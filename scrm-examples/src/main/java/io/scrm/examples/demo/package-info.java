/**
 * The scripted German demo of the Social CRM process.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.examples.demo;

import org.jspecify.annotations.NullMarked;

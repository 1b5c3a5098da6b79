package io.scrm.channels.internal;

/**
 * Marks an {@link io.scrm.channels.AttachmentSource} of this library, whose refusals and failures
 * never quote a reference and so may be reported in its own words; a host's source is reported in
 * fixed ones.
 */
public interface OwnSource {}

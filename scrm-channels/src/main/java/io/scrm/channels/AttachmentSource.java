package io.scrm.channels;

import io.scrm.core.model.Attachment;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Gives the bytes of a file that a message carries by reference, for an adapter whose platform takes
 * the file itself rather than its address (e-mail sends it as a MIME part). scrm keeps references
 * only; a host whose files live elsewhere than at an {@code https://} URL (a document store, a
 * platform's file id) passes its own source to the adapter's builder, and may hand web addresses on
 * to {@link #web(Duration)}, the default.
 *
 * <p>Implementations must be thread-safe. An adapter calls them on the thread that sends (the
 * dispatcher's), for each file of a message in turn, before it contacts the platform.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AttachmentSource {

  /**
   * Returns the file an attachment refers to.
   *
   * @param attachment a file of an outbound message
   * @param maxBytes the most bytes the file may have: what is left of the limit for all files of the
   *     message together; a source that reads a stream stops beyond it rather than reading on
   * @param timeLeft how long the file may take: what is left of the time for all files of the
   *     message, which the adapter keeps under the dispatcher's lease; a source that has not got the
   *     file by then gives up with a retryable failure
   * @return the file
   * @throws AttachmentUnavailableException if the file cannot be had, now ({@linkplain
   *     AttachmentUnavailableException#isRetryable() retryable}) or ever; its detail never quotes the
   *     reference, which may carry a token
   */
  AttachmentFile fetch(Attachment attachment, long maxBytes, Duration timeLeft);

  /**
   * Says why this source can never give a file, asked before the message is queued (a reference it
   * cannot read, say). The default refuses nothing.
   *
   * @param attachment a file of a message about to be queued
   * @return why, without quoting the reference, or null if the source may give it
   */
  default @Nullable String refusal(Attachment attachment) {
    return null;
  }

  /**
   * Returns the source that fetches {@code https://} and {@code http://} references with a GET, from
   * any address. See {@link #web(Duration, Predicate)}, which also limits the addresses.
   *
   * @param timeout a positive timeout of connecting and of each wait for data
   * @return the source
   * @throws IllegalArgumentException if the timeout is not positive
   * @since 0.1.0
   */
  static AttachmentSource web(Duration timeout) {
    return web(timeout, address -> true);
  }

  /**
   * Returns the source that fetches {@code https://} and {@code http://} references with a GET, from
   * the addresses {@code allowed} accepts. It connects, and waits for the answer and for each further
   * piece of the file, at most the timeout, and for the whole file at most the time the adapter has
   * left; follows at most three redirects (never from https to http); and stops reading at the limit
   * it is given. {@code allowed} is asked about every address, the reference's and each redirect's,
   * as written (a host name, not the address it resolves to): allow your file servers by name, and a
   * server among them cannot send the fetch elsewhere; {@link #publicAddresses()} checks the resolved
   * addresses. Without it the source fetches any address, internal ones too, which is fine only while
   * agents and the host alone choose the files. {@code allowed} may throw an {@link
   * AttachmentUnavailableException} to say it cannot judge an address now (retryable: the message is
   * queued and the fetch retried) or ever; any other exception it throws allows nothing.
   *
   * <p>A 5xx, 408, 425 or 429, a timeout or a broken connection is retryable; any other status, too
   * large a file, an address not allowed or another kind of reference is permanent. The media type
   * is the attachment's own, else the file server's {@code Content-Type}, else {@code
   * application/octet-stream}; the file name is the last segment of the URL's path if it is a
   * sensible file name ({@code Lageplan.pdf}). Each source has an HTTP client of its own: make one
   * and keep it.
   *
   * @param timeout a positive timeout of connecting and of each wait for data
   * @param allowed whether a file may be fetched from an address
   * @return the source
   * @throws IllegalArgumentException if the timeout is not positive
   * @since 0.1.0
   */
  static AttachmentSource web(Duration timeout, Predicate<URI> allowed) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(allowed, "allowed");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new HttpAttachmentSource(timeout, allowed);
  }

  /**
   * Returns an allow-list for {@link #web(Duration, Predicate)} that takes an address only if its
   * host resolves, and resolves to public addresses only: none on the loopback, in a private network
   * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, where clouds serve their instance
   * metadata, fe80::/10), in carriers' shared space (100.64/10), for documentation, multicast or
   * reserved (IANA's special-purpose registries), also when written inside an IPv6 address
   * (IPv4-mapped or -translated, NAT64, 6to4). A host name that resolves inward is
   * refused as an address written so would be, which an allow-list of names cannot see. Combine it
   * with one of your own: {@code publicAddresses().and(uri -> uri.getHost().endsWith(".example.de"))}.
   *
   * <p>It looks the name up when asked, before the message is queued and at every address of a fetch,
   * redirects included, with the system's resolver (and its timeouts). A name that cannot be looked up
   * is neither refused before queueing nor fetched: the fetch fails retryably ("its host could not be
   * looked up"), as the resolver's silence may pass. The connection that follows looks the name up
   * again; the JVM's cache of look-ups (30 s by default, {@code networkaddress.cache.ttl}) mostly
   * answers it with the addresses just checked, but a name server that changes its answer can still
   * win when the cached answer expires in between (DNS rebinding). Where references come from people
   * outside the company, pass a source of your own that fetches through an outbound proxy which checks
   * the address it connects to.
   *
   * @return the allow-list
   * @since 0.1.0
   */
  static Predicate<URI> publicAddresses() {
    return PublicAddresses.SYSTEM;
  }
}

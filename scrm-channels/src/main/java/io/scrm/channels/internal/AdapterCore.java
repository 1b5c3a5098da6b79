package io.scrm.channels.internal;

import io.scrm.channels.ChannelClosedException;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every platform adapter shares, held by composition: the closed flag, the translation of
 * parser and network failures into typed rejections and results (without tokens or text), HTTP
 * exchange and Retry-After parsing. Thread-safe.
 */
public final class AdapterCore {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterCore.class);

  /**
   * A call that may fail on the network.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface IoCall<T> {
    /**
     * Runs the call.
     *
     * @return the result
     * @throws IOException on network failure
     * @throws InterruptedException if interrupted
     */
    T call() throws IOException, InterruptedException;
  }

  private final ChannelId channel;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The clock for timestamps of sends and rate-limit resets. */
  public final Clock clock;
  /** The timeout of one request. */
  public final Duration timeout;
  private final @Nullable HttpClient http;
  /** Reads JSON for this channel. */
  public final WireJson json;

  /**
   * Creates the adapter base.
   *
   * @param channel the primary channel
   * @param clock the clock
   * @param timeout the request timeout
   * @param withHttp whether the adapter talks HTTP
   */
  public AdapterCore(ChannelId channel, Clock clock, Duration timeout, boolean withHttp) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.json = new WireJson(channel);
    this.http = withHttp ? HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
        .build() : null;
  }

  /**
   * Parses a delivery while open, turning any failure into a typed rejection.
   *
   * @param delivery the delivery
   * @param parser the adapter's verifying parser
   * @return the parsed delivery
   */
  public ParsedDelivery parse(InboundDelivery delivery, Function<InboundDelivery, ParsedDelivery> parser) {
    Objects.requireNonNull(delivery, "delivery");
    ensureOpen();
    try {
      return parser.apply(delivery);
    } catch (DeliveryRejectedException e) {
      throw e;
    } catch (RuntimeException e) {
      // a value the model refuses (blank handle, overlong text): the shape is wrong, say no more
      throw new DeliveryRejectedException(channel, DeliveryRejectedException.Reason.MALFORMED,
          "delivery has an unexpected shape (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Returns a map that keeps at most {@code max} entries, dropping the least recently used: what an
   * adapter remembers of accounts and messages (a reply address, a last message time) must not grow
   * without bound. Not thread-safe; callers synchronize on it.
   *
   * @param max the most entries kept
   * @param <K> the key type
   * @param <V> the value type
   * @return the map
   */
  public static <K, V> Map<K, V> recentlyUsed(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  /**
   * Reads one element of a batch (a polled update, one event of a webhook). An element the mapping
   * refuses is noted in {@code skipped} as "{@code <element> rejected: <reason>}", without quoting any
   * value, and the batch goes on: refusing the whole batch would refuse it again on every poll or
   * redelivery, and nothing after the bad element would ever arrive.
   *
   * @param element names the element in the note, e.g. {@code "update 42"}
   * @param skipped the batch's notes
   * @param read reads the element into the batch; adds nothing if it throws (any runtime exception
   *     is noted by its class, never its message, which may quote a value)
   * @return whether the element was read
   */
  public static boolean readOrSkip(String element, List<String> skipped, Runnable read) {
    try {
      read.run();
      return true;
    } catch (DeliveryRejectedException bad) {
      skipped.add(element + " rejected: " + bad.getMessage());
    } catch (IllegalArgumentException refused) {
      // a value the domain model refuses (its message may quote the value)
      skipped.add(element + " rejected: a value the model refuses");
    } catch (RuntimeException unexpected) {
      // a shape the mapping did not foresee must not hold back the batch either: the platform would
      // deliver it again and again, a poll would never move past it
      LOG.warn("{} skipped: the mapping failed ({})", element, unexpected.getClass().getSimpleName());
      skipped.add(element + " rejected: an unexpected shape (" + unexpected.getClass().getSimpleName() + ")");
    }
    return false;
  }

  /**
   * Sends while open. A failure to connect becomes a retryable result (the platform has nothing); a
   * timeout, a lost connection or an interrupt once the request may have been written becomes an
   * outcome-unknown result (the platform may have the message). A message the channel cannot carry
   * is a permanent failure and nothing is sent, so that a caller that sends without asking first
   * never gets a text out without the files it carried, cut short, or as a new post on a channel
   * that only answers.
   *
   * @param message the message
   * @param refusal {@code Channels.refusal} for the adapter
   * @param sender the adapter's send
   * @return the result
   */
  public SendResult send(OutboundMessage message, Function<OutboundMessage, @Nullable String> refusal,
      IoCall<SendResult> sender) {
    Objects.requireNonNull(message, "message");
    ensureOpen();
    try {
      String refused = refusal.apply(message);
      if (refused != null) {
        return SendResult.permanent(refused);
      }
      SendResult result = sender.call();
      LOG.debug("{} send of {}: {}", channel, message.id(), result.getClass().getSimpleName());
      return result;
    } catch (java.net.http.HttpConnectTimeoutException | java.net.ConnectException e) {
      // never reached the platform: safe to send again
      return SendResult.retryable("connection failed (" + e.getClass().getSimpleName() + ")", null);
    } catch (HttpTimeoutException e) {
      return SendResult.outcomeUnknown("request timed out after it was sent");
    } catch (IOException e) {
      return SendResult.outcomeUnknown("connection lost during the request (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      // the request may have been written before the interrupt: the platform may have the message
      Thread.currentThread().interrupt();
      return SendResult.outcomeUnknown("interrupted during the request");
    } catch (RuntimeException e) {
      // a platform answer or a value the client refuses: report the kind only, never the text
      LOG.warn("{} send of {} failed unexpectedly ({})", channel, message.id(), e.getClass().getSimpleName());
      return SendResult.permanent("send failed unexpectedly (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Polls while open, turning network failures and unreadable answers into poll failures. The adapter
   * checks its caller's arguments before: any other failure inside the poll is taken as the
   * platform's answer, and becomes a poll failure that names its kind only.
   *
   * @param poller the adapter's poll
   * @return the result
   */
  public PollResult poll(IoCall<PollResult> poller) {
    ensureOpen();
    try {
      return poller.call();
    } catch (HttpTimeoutException e) {
      throw new PollFailedException(channel, "request timed out", null, null);
    } catch (IOException e) {
      throw new PollFailedException(channel, "connection failed (" + e.getClass().getSimpleName() + ")", null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PollFailedException(channel, "interrupted", null, null);
    } catch (DeliveryRejectedException e) {
      throw new PollFailedException(channel, "response rejected: " + e.reason(), null, e);
    } catch (PollFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      // a value the model refuses (blank handle, overlong text): name the kind only; the cause may quote it
      throw new PollFailedException(channel, "response has an unexpected shape (" + e.getClass().getSimpleName() + ")",
          null, null);
    }
  }

  /** Marks the adapter closed. */
  public void close() {
    closed.set(true);
  }

  /** Throws if closed. */
  public void ensureOpen() {
    if (closed.get()) {
      throw new ChannelClosedException(channel);
    }
  }

  /**
   * Sends a request with the adapter's timeout.
   *
   * @param request the request builder, without timeout
   * @return the response with its body bytes
   * @throws IOException on network failure or timeout
   * @throws InterruptedException if interrupted
   */
  public HttpResponse<byte[]> exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (http == null) {
      throw new IllegalStateException("adapter has no HTTP client");
    }
    HttpRequest built = request.timeout(timeout).build();
    if ("http".equalsIgnoreCase(built.uri().getScheme())) {
      // over cleartext, HTTP/2 would start with an h2c upgrade of the first request, which local
      // servers (test doubles, proxies) do not all handle alike; the platforms themselves are https
      built = request.version(HttpClient.Version.HTTP_1_1).build();
    }
    return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Reads a standard Retry-After header: delta seconds or an HTTP date.
   *
   * @param response the response
   * @return the wait, or null if absent or unreadable
   */
  public @Nullable Duration retryAfterHeader(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("retry-after");
    if (value.isEmpty()) {
      return null;
    }
    String text = value.get().strip();
    try {
      long seconds = Long.parseLong(text);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return untilNow(at);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /**
   * Returns the wait until an instant, never negative.
   *
   * @param at the instant
   * @return the wait
   */
  public Duration untilNow(Instant at) {
    Duration wait = Duration.between(clock.instant(), at);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /**
   * Classifies a non-success status generically: 408, 425, 429 and 5xx are retryable.
   *
   * @param status the HTTP status
   * @param retryAfter the platform's wait, or null
   * @param what a short description of the failure without values
   * @return the result
   */
  public static SendResult failure(int status, @Nullable Duration retryAfter, String what) {
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      return SendResult.retryable("HTTP " + status + (what.isEmpty() ? "" : ": " + what), retryAfter);
    }
    return SendResult.permanent("HTTP " + status + (what.isEmpty() ? "" : ": " + what));
  }

  /**
   * Joins a base URL and a path.
   *
   * @param base the base URL, with or without trailing slash
   * @param path the path, starting with a slash
   * @return the URI
   */
  public static URI uri(String base, String path) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return URI.create(b + path);
  }

  /**
   * Checks that a setting is an http or https URL.
   *
   * @param value the URL
   * @param field its name, for the message
   * @return the URL
   * @throws IllegalArgumentException naming the field otherwise
   */
  public static String httpUrl(String value, String field) {
    Objects.requireNonNull(value, field);
    if (!value.startsWith("http://") && !value.startsWith("https://")) {
      throw new IllegalArgumentException(field + " must be an http or https URL");
    }
    return value;
  }

  /**
   * Reads a file's reference as an absolute {@code http} or {@code https} URL with a host.
   *
   * @param reference an attachment's reference
   * @return the URL, or null if the reference is another kind of reference (a platform's file id, a
   *     path, another scheme) or no URL at all
   */
  public static @Nullable URI webAddress(String reference) {
    try {
      URI uri = new URI(reference);
      String scheme = uri.getScheme();
      boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
      return web && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Checks that an access token is non-blank and has no spaces; the message never shows the value.
   *
   * @param value the token
   * @param field its name, for the message
   * @return the token
   * @throws IllegalArgumentException naming the field otherwise
   */
  public static String token(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException(field + " must be non-blank without spaces");
    }
    return value;
  }

  /**
   * Checks that a duration is positive.
   *
   * @param value the duration
   * @param field its name, for the message
   * @return the duration
   * @throws IllegalArgumentException naming the field if it is zero or negative
   */
  public static Duration positive(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive");
    }
    return value;
  }

  /**
   * Checks that a duration is zero or positive.
   *
   * @param value the duration
   * @param field its name, for the message
   * @return the duration
   * @throws IllegalArgumentException naming the field if it is negative
   */
  public static Duration notNegative(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative");
    }
    return value;
  }

  /**
   * Reads a setting that is a positive whole number.
   *
   * @param value the setting's value
   * @param setting its name, for the error
   * @param unit what it counts ({@code bytes}), for the error
   * @return the number
   * @throws IllegalArgumentException naming the setting if the value is not a positive number
   */
  public static long positiveNumber(String value, String setting, String unit) {
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("channel setting '" + setting + "' must be a positive number of " + unit);
  }

  /**
   * Reads a duration setting in milliseconds.
   *
   * @param value the setting, or null
   * @param fallback the default
   * @return the duration
   */
  public static Duration millis(@Nullable String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      long ms = Long.parseLong(value.strip());
      if (ms < 1) {
        throw new IllegalArgumentException("channel setting 'timeout-ms' must be positive");
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("channel setting 'timeout-ms' must be a number of milliseconds", e);
    }
  }
}

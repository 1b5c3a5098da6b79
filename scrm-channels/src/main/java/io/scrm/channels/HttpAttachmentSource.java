package io.scrm.channels;

import io.scrm.channels.internal.AdapterCore;
import io.scrm.channels.internal.OwnSource;
import io.scrm.core.model.Attachment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link AttachmentSource}: fetches {@code https://} and {@code http://} references with
 * a GET. It connects and waits for each answer and each further piece of the body at most the
 * adapter's timeout, and for the whole file at most the time the adapter has left for it; follows
 * at most {@value #MAX_REDIRECTS} redirects (never from https to http); asks the allow-list about
 * every address, the first and each redirect's; and stops reading a body at the size limit. The media type is the attachment's own, else the
 * answer's {@code Content-Type}, else {@code application/octet-stream}; the file name is the last
 * segment of the URL's path if it is a sensible file name. Thread-safe.
 */
final class HttpAttachmentSource implements AttachmentSource, OwnSource {
  /** A file's URL (a CDN, a presigned store URL) rarely redirects more than once or twice. */
  static final int MAX_REDIRECTS = 3;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  /** The longest a file may take, whatever time the caller gives. */
  private static final Duration LONGEST = Duration.ofDays(1);
  /** The most a body's buffer reserves before the bytes arrive. */
  private static final int INITIAL_BUFFER = 1 << 20;
  /** A name as people give files: starts with a letter or digit, has an extension, nothing a file system refuses. */
  private static final Pattern SENSIBLE_NAME =
      Pattern.compile("[\\p{L}\\p{N}][^\\p{C}/\\\\:*?\"<>|]{0,119}\\.[A-Za-z0-9]{1,8}");

  private final HttpClient http;
  private final Duration timeout;
  private final Predicate<URI> allowed;

  HttpAttachmentSource(Duration timeout, Predicate<URI> allowed) {
    this.timeout = timeout;
    this.allowed = allowed;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public @Nullable String refusal(Attachment attachment) {
    URI address = AdapterCore.webAddress(attachment.reference());
    if (address == null) {
      return "not an http or https URL";
    }
    if (!allowedWithoutFailure(address)) {
      return "its address is not among those allowed";
    }
    if (attachment.mimeType() != null && AttachmentFile.mediaTypeOrNull(attachment.mimeType()) == null) {
      return "its media type is not type/subtype";
    }
    return null;
  }

  @Override
  public AttachmentFile fetch(Attachment attachment, long maxBytes, Duration timeLeft) {
    URI first = AdapterCore.webAddress(attachment.reference());
    if (first == null) {
      throw new AttachmentUnavailableException("not an http or https URL", false);
    }
    // bounded, so that the deadline stays comparable with System.nanoTime()
    long deadline = System.nanoTime() + Math.max(0, (timeLeft.compareTo(LONGEST) > 0 ? LONGEST : timeLeft).toNanos());
    URI at = first;
    for (int redirects = 0; ; redirects++) {
      if (!allows(at)) {
        // asked of every address, so that an allowed server cannot redirect to one that is not
        throw new AttachmentUnavailableException(redirects == 0 ? "its address is not among those allowed"
            : "a redirect to an address not among those allowed", false);
      }
      HttpResponse<byte[]> response = exchange(at, maxBytes, deadline);
      int status = response.statusCode();
      if (status == 200) {
        String name = nameFrom(first);
        return AttachmentFile.owning(response.body(), mediaTypeOf(attachment, response),
            name != null ? name : nameFrom(at));
      }
      if (!REDIRECTS.contains(status)) {
        throw statusFailure(status);
      }
      if (redirects == MAX_REDIRECTS) {
        throw new AttachmentUnavailableException("more than " + MAX_REDIRECTS + " redirects", false);
      }
      at = redirectTarget(at, response);
    }
  }

  /**
   * Whether the allow-list takes an address before the message is queued: one it cannot judge now (a
   * retryable failure, a name that could not be looked up) is not refused, the fetch asks again.
   */
  private boolean allowedWithoutFailure(URI address) {
    try {
      return allows(address);
    } catch (AttachmentUnavailableException e) {
      return e.isRetryable();
    }
  }

  /**
   * Whether the allow-list takes an address. It may throw an {@link AttachmentUnavailableException}
   * to say it cannot judge now (retryable) or never; any other failure takes no address.
   */
  private boolean allows(URI address) {
    try {
      return allowed.test(address);
    } catch (AttachmentUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AttachmentUnavailableException("the allow-list failed (" + e.getClass().getSimpleName() + ")", false);
    }
  }

  /**
   * The last segment of a URL's path, decoded, if it is a sensible file name; not one like {@code
   * download} or {@code 7f3a9c}, which says nothing to the recipient.
   */
  static @Nullable String nameFrom(URI uri) {
    String path = uri.getPath();
    if (path == null) {
      return null;
    }
    String last = path.substring(path.lastIndexOf('/') + 1).strip();
    return SENSIBLE_NAME.matcher(last).matches() ? last : null;
  }

  private static String mediaTypeOf(Attachment attachment, HttpResponse<?> response) {
    String declared = AttachmentFile.mediaTypeOrNull(attachment.mimeType());
    if (declared != null) {
      return declared;
    }
    String served = AttachmentFile.mediaTypeOrNull(response.headers().firstValue("content-type").orElse(null));
    return served != null ? served : "application/octet-stream";
  }

  private static AttachmentUnavailableException statusFailure(int status) {
    // as for sends: a timeout, too early, too many requests and server errors pass; a missing or
    // forbidden file (404, 403, 410) and any other answer stay
    boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
    return new AttachmentUnavailableException("HTTP " + status + " from the file server", retryable);
  }

  private static URI redirectTarget(URI from, HttpResponse<?> response) {
    String location = response.headers().firstValue("location").orElse(null);
    if (location == null) {
      throw new AttachmentUnavailableException("HTTP " + response.statusCode() + " without a Location", false);
    }
    URI target;
    try {
      target = from.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new AttachmentUnavailableException("a redirect to an unreadable Location", false);
    }
    if (AdapterCore.webAddress(target.toString()) == null) {
      throw new AttachmentUnavailableException("a redirect to a URL that is not http or https", false);
    }
    if (from.getScheme().equalsIgnoreCase("https") && target.getScheme().equalsIgnoreCase("http")) {
      // as the JDK's own redirect policy: a file asked for over TLS does not come in the clear
      throw new AttachmentUnavailableException("a redirect from https to http", false);
    }
    return target;
  }

  /**
   * One GET, waiting as long as the body keeps coming, each pause at most the timeout, and all of it
   * no later than the deadline (a server that dribbles a byte now and then would otherwise hold the
   * send past the dispatcher's lease).
   */
  private HttpResponse<byte[]> exchange(URI uri, long maxBytes, long deadline) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout);
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      // over cleartext, HTTP/2 would start with an h2c upgrade, which not every server handles alike
      request.version(HttpClient.Version.HTTP_1_1);
    }
    AtomicReference<@Nullable CappedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request.build(), info -> {
      CappedBody capped = new CappedBody(info, maxBytes);
      body.set(capped);
      return capped;
    });
    try {
      while (true) {
        long before = received(body);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          abort(answer, body);
          throw new AttachmentUnavailableException("took longer than the time left for the message's files", true);
        }
        try {
          return answer.get(Math.min(timeout.toNanos(), left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (received(body) == before && deadline - System.nanoTime() > 0) {
            abort(answer, body);
            throw new AttachmentUnavailableException("the file server timed out", true);
          }
        }
      }
    } catch (ExecutionException e) {
      CappedBody capped = body.get();
      if (capped != null && capped.tooLarge) {
        throw new AttachmentUnavailableException("larger than the " + maxBytes
            + " bytes left of the limit for the message's files", false);
      }
      throw networkFailure(e.getCause());
    } catch (InterruptedException e) {
      abort(answer, body);
      Thread.currentThread().interrupt();
      throw new AttachmentUnavailableException("interrupted while fetching", true);
    }
  }

  private static long received(AtomicReference<@Nullable CappedBody> body) {
    CappedBody capped = body.get();
    return capped == null ? 0 : capped.received.get();
  }

  private static void abort(CompletableFuture<?> answer, AtomicReference<@Nullable CappedBody> body) {
    CappedBody capped = body.get();
    if (capped != null) {
      capped.cancel();
    }
    answer.cancel(true);
  }

  private static AttachmentUnavailableException networkFailure(@Nullable Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return new AttachmentUnavailableException("the file server timed out", true);
    }
    if (cause instanceof IOException) {
      // the connection failed or broke off: a GET may simply be asked again
      return new AttachmentUnavailableException("connection to the file server failed ("
          + cause.getClass().getSimpleName() + ")", true);
    }
    String kind = cause == null ? "unknown" : cause.getClass().getSimpleName();
    return new AttachmentUnavailableException("fetching failed (" + kind + ")", false);
  }

  /**
   * Reads a 200 answer's body up to a limit, noting its progress for the wait; any other answer's
   * body is not read at all. A declared {@code Content-Length} over the limit stops it before the
   * first byte.
   */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    final AtomicLong received = new AtomicLong();
    volatile boolean tooLarge;
    private final long limit;
    private final boolean wanted;
    private final long declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out;
    private volatile Flow.@Nullable Subscription subscription;

    CappedBody(HttpResponse.ResponseInfo info, long limit) {
      this.limit = limit;
      this.wanted = info.statusCode() == 200;
      this.declared = info.headers().firstValueAsLong("content-length").orElse(-1);
      // a declared length is only a claim: the buffer grows with what comes, from at most 1 MiB
      this.out = new ByteArrayOutputStream(wanted && declared > 0 && declared <= limit
          ? (int) Math.min(declared, INITIAL_BUFFER) : 8192);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (!wanted) {
        s.cancel();
        result.complete(new byte[0]);
      } else if (declared > limit) {
        overLimit();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (out.size() + (long) item.remaining() > limit) {
          overLimit();
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        out.write(chunk, 0, chunk.length);
        received.addAndGet(chunk.length);
      }
      Flow.Subscription s = subscription;
      if (s != null && !result.isDone()) {
        s.request(1);
      }
    }

    @Override
    public void onError(Throwable failure) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    private void overLimit() {
      tooLarge = true;
      cancel();
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new IOException("fetch aborted"));
    }
  }
}

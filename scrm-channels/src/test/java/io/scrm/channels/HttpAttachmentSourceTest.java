package io.scrm.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.core.model.Attachment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default source fetches a file over HTTP as a mail provider's limits and a file server's failures allow. */
final class HttpAttachmentSourceTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String TOKEN = "X-Amz-Signature=9f2c41d0e7";

  private final HttpAttachmentSource source = new HttpAttachmentSource(Duration.ofMillis(1500), address -> true);

  private static byte[] bytes(int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) (i * 31);
    }
    return out;
  }

  private static Attachment file(String path, @Nullable String mimeType) {
    return new Attachment("document", WIRE.baseUrl() + path + "?" + TOKEN, mimeType, null);
  }

  private AttachmentUnavailableException failure(Attachment attachment, long maxBytes) {
    AttachmentUnavailableException e =
        catchThrowableOfType(AttachmentUnavailableException.class, () -> source.fetch(attachment, maxBytes, MINUTE));
    assertThat(e).as("fetch fails").isNotNull();
    assertThat(e.detail()).doesNotContain(TOKEN).doesNotContain(WIRE.baseUrl());
    return e;
  }

  @Test
  void fetch_served_givesTheBytesTheServedTypeAndTheNameFromThePath() {
    byte[] pdf = bytes(5000);
    WIRE.stubFor(get(urlPathEqualTo("/t/Lageplan.pdf")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/pdf").withBody(pdf)));

    AttachmentFile got = source.fetch(file("/t/Lageplan.pdf", null), 10_000, MINUTE);

    assertThat(got.content()).isEqualTo(pdf);
    assertThat(got.mediaType()).isEqualTo("application/pdf");
    assertThat(got.fileName()).contains("Lageplan.pdf");
  }

  @Test
  void fetch_declaredTypeWins_andWithoutAnyTypeItIsOctetStream() {
    WIRE.stubFor(get(urlPathEqualTo("/a/scan")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/octet-stream").withBody(bytes(10))));
    WIRE.stubFor(get(urlPathEqualTo("/a/raw")).willReturn(aResponse().withStatus(200).withBody(bytes(10))));

    AttachmentFile declared = source.fetch(file("/a/scan", "image/png"), 100, MINUTE);
    AttachmentFile untyped = source.fetch(file("/a/raw", null), 100, MINUTE);

    assertThat(declared.mediaType()).isEqualTo("image/png");
    assertThat(declared.fileName()).as("a path without a file name").isEmpty();
    assertThat(untyped.mediaType()).isEqualTo("application/octet-stream");
  }

  @Test
  void fetch_redirected_followsToTheFile_namedByTheFinalPathIfTheFirstSaysNothing() {
    WIRE.stubFor(get(urlPathEqualTo("/download/7")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "/store/1").withBody("moved")));
    WIRE.stubFor(get(urlPathEqualTo("/store/1")).willReturn(aResponse().withStatus(307)
        .withHeader("Location", WIRE.baseUrl() + "/store/2/Vertrag%202026.pdf")));
    WIRE.stubFor(get(urlPathEqualTo("/store/2/Vertrag%202026.pdf")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/pdf").withBody(bytes(300))));

    AttachmentFile got = source.fetch(file("/download/7", null), 1000, MINUTE);

    assertThat(got.content()).isEqualTo(bytes(300));
    assertThat(got.fileName()).contains("Vertrag 2026.pdf");
  }

  @Test
  void fetch_moreRedirectsThanAllowed_isPermanent() {
    for (int i = 0; i <= HttpAttachmentSource.MAX_REDIRECTS; i++) {
      WIRE.stubFor(get(urlPathEqualTo("/hop/" + i)).willReturn(aResponse().withStatus(301)
          .withHeader("Location", "/hop/" + (i + 1))));
    }
    WIRE.stubFor(get(urlPathEqualTo("/hop/" + (HttpAttachmentSource.MAX_REDIRECTS + 1)))
        .willReturn(aResponse().withStatus(200).withBody(bytes(1))));

    AttachmentUnavailableException e = failure(file("/hop/0", null), 1000);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.detail()).contains("redirects");
  }

  @Test
  void fetch_statuses_serverErrorsAndRateLimitsPass_missingOrForbiddenFilesStay() {
    int[] retryable = {500, 502, 503, 504, 408, 429};
    int[] permanent = {404, 403, 410, 401, 400};
    for (int status : retryable) {
      WIRE.stubFor(get(urlPathEqualTo("/s/" + status)).willReturn(aResponse().withStatus(status)));
      assertThat(failure(file("/s/" + status, null), 100).isRetryable()).as("HTTP %s", status).isTrue();
    }
    for (int status : permanent) {
      WIRE.stubFor(get(urlPathEqualTo("/s/" + status)).willReturn(aResponse().withStatus(status)));
      AttachmentUnavailableException e = failure(file("/s/" + status, null), 100);
      assertThat(e.isRetryable()).as("HTTP %s", status).isFalse();
      assertThat(e.detail()).isEqualTo("HTTP " + status + " from the file server");
    }
  }

  @Test
  void fetch_declaredLengthOverTheLimit_isPermanent() {
    WIRE.stubFor(get(urlPathEqualTo("/big.pdf")).willReturn(aResponse().withStatus(200).withBody(bytes(4096))));

    AttachmentUnavailableException e = failure(file("/big.pdf", null), 4095);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.detail()).contains("4095 bytes");
  }

  @Test
  void fetch_streamedBodyOverTheLimit_isPermanent() {
    // chunked: no Content-Length tells the size beforehand
    WIRE.stubFor(get(urlPathEqualTo("/stream.bin")).willReturn(aResponse().withStatus(200).withBody(bytes(64 * 1024))
        .withChunkedDribbleDelay(8, 40)));

    AttachmentUnavailableException e = failure(file("/stream.bin", null), 20_000);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.detail()).contains("larger than");
  }

  @Test
  void fetch_exactlyTheLimit_isTaken() {
    WIRE.stubFor(get(urlPathEqualTo("/exact.bin")).willReturn(aResponse().withStatus(200).withBody(bytes(4096))
        .withChunkedDribbleDelay(4, 20)));

    assertThat(source.fetch(file("/exact.bin", null), 4096, MINUTE).size()).isEqualTo(4096);
  }

  @Test
  void fetch_serverThatDoesNotAnswerInTime_isRetryable() {
    WIRE.stubFor(get(urlPathEqualTo("/slow.pdf")).willReturn(aResponse().withStatus(200).withBody(bytes(10))
        .withFixedDelay(4000)));

    AttachmentUnavailableException e = failure(file("/slow.pdf", null), 100);

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.detail()).contains("timed out");
  }

  @Test
  void fetch_bodyThatKeepsComing_longerThanTheTimeoutInAll_isNotCutOff() {
    // the timeout bounds each pause, as a read timeout does, not the whole of a large file
    byte[] video = bytes(3000);
    WIRE.stubFor(get(urlPathEqualTo("/clip.mp4")).willReturn(aResponse().withStatus(200).withBody(video)
        .withChunkedDribbleDelay(5, 2400)));

    assertThat(source.fetch(file("/clip.mp4", "video/mp4"), 10_000, MINUTE).content()).isEqualTo(video);
  }

  @Test
  void fetch_connectionResetOrRefused_isRetryable() throws IOException {
    WIRE.stubFor(get(urlPathEqualTo("/reset.pdf")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(failure(file("/reset.pdf", null), 100).isRetryable()).isTrue();

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    AttachmentUnavailableException refused = catchThrowableOfType(AttachmentUnavailableException.class,
        () -> source.fetch(new Attachment("photo", "http://127.0.0.1:" + closedPort + "/a.jpg", null, null), 100, MINUTE));
    assertThat(refused.isRetryable()).isTrue();
    assertThat(refused.detail()).startsWith("connection to the file server failed");
  }

  @Test
  void fetch_referenceOfAnotherScheme_isPermanent() {
    AttachmentUnavailableException e = catchThrowableOfType(AttachmentUnavailableException.class,
        () -> source.fetch(new Attachment("document", "ftp://files.example.de/a.pdf", null, null), 100, MINUTE));
    assertThat(e.isRetryable()).isFalse();
    assertThat(Arrays.asList(e.detail(), e.getMessage())).noneMatch(text -> text.contains("files.example.de"));
  }

  @Test
  void nameFrom_lastPathSegment_isTheFileNameOnlyIfItIsASensibleOne() {
    assertThat(HttpAttachmentSource.nameFrom(URI.create("https://f.example/t/9f2c/Lageplan%20S%C3%BCderstra%C3%9Fe.pdf")))
        .isEqualTo("Lageplan Süderstraße.pdf");
    assertThat(HttpAttachmentSource.nameFrom(URI.create("https://f.example/a/router.jpg?X-Amz-Signature=abc")))
        .isEqualTo("router.jpg");
    for (String unsensible : List.of("https://f.example/download?id=7", "https://f.example/", "https://f.example",
        "https://f.example/files/7f3a9c", "https://f.example/.htaccess",
        // a right-to-left override would show "Rechnungexe.pdf" for an .exe
        "https://f.example/Rechnung%E2%80%AEfdp.exe")) {
      assertThat(HttpAttachmentSource.nameFrom(URI.create(unsensible))).as(unsensible).isNull();
    }
  }


  @Test
  void mediaTypeOrNull_readsTypeAndCharset_andRefusesWhatIsNoMediaType() {
    assertThat(AttachmentFile.mediaTypeOrNull("IMAGE/JPEG")).isEqualTo("image/jpeg");
    assertThat(AttachmentFile.mediaTypeOrNull("text/plain; format=flowed; charset=\"utf-8\""))
        .isEqualTo("text/plain; charset=utf-8");
    assertThat(AttachmentFile.mediaTypeOrNull("application/pdf; charset=\"a b\"")).isEqualTo("application/pdf");
    for (String bad : List.of("pdf", "", "image/", "/jpeg", "image/png\r\nBcc: x@example.de")) {
      assertThat(AttachmentFile.mediaTypeOrNull(bad)).as(bad).isNull();
    }
  }


  @Test
  void web_nonPositiveTimeout_isRefusedByName() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> AttachmentSource.web(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout must be positive");
    }
  }

  @Test
  void fetch_aServerThatDribbles_givesUpWhenTheMessagesTimeIsUp_thoughNoPauseTimedOut() {
    // ten pieces over three seconds: each pause (300 ms) is far within the 1.5 s timeout
    WIRE.stubFor(get(urlPathEqualTo("/slow.pdf")).willReturn(aResponse().withStatus(200).withBody(bytes(10_000))
        .withChunkedDribbleDelay(10, 3000)));

    AttachmentUnavailableException e = catchThrowableOfType(AttachmentUnavailableException.class,
        () -> source.fetch(file("/slow.pdf", null), 100_000, Duration.ofMillis(800)));

    assertThat(e).isNotNull();
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.detail()).isEqualTo("took longer than the time left for the message's files");
  }

  @Test
  void fetch_allowList_isAskedOfEveryAddress_soAnAllowedServerCannotRedirectElsewhere() {
    AttachmentSource onlyOurs = AttachmentSource.web(Duration.ofMillis(1500),
        address -> address.getPort() == WIRE.getPort() && "localhost".equals(address.getHost()));
    WIRE.stubFor(get(urlPathEqualTo("/to-metadata")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
    Attachment redirected = new Attachment("document", "http://localhost:" + WIRE.getPort() + "/to-metadata", null, null);
    Attachment foreign = new Attachment("document", "http://169.254.169.254/latest/meta-data/", null, null);

    assertThat(onlyOurs.refusal(redirected)).isNull();
    assertThat(onlyOurs.refusal(foreign)).isEqualTo("its address is not among those allowed");
    AttachmentUnavailableException e = catchThrowableOfType(AttachmentUnavailableException.class,
        () -> onlyOurs.fetch(redirected, 1000, MINUTE));
    assertThat(e).isNotNull();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.detail()).isEqualTo("a redirect to an address not among those allowed");
  }

  @Test
  void fetch_redirectWithoutLocationOrToAnotherScheme_isPermanent() {
    WIRE.stubFor(get(urlPathEqualTo("/nowhere")).willReturn(aResponse().withStatus(302)));
    WIRE.stubFor(get(urlPathEqualTo("/to-ftp")).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "ftp://files.example.de/a.pdf")));

    AttachmentUnavailableException nowhere = failure(file("/nowhere", null), 1000);
    AttachmentUnavailableException ftp = failure(file("/to-ftp", null), 1000);

    assertThat(nowhere.isRetryable()).isFalse();
    assertThat(nowhere.detail()).isEqualTo("HTTP 302 without a Location");
    assertThat(ftp.isRetryable()).isFalse();
    assertThat(ftp.detail()).isEqualTo("a redirect to a URL that is not http or https");
  }
}

package io.scrm.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.core.model.Attachment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-list of public addresses judges the addresses a host resolves to, not how it is written. */
final class PublicAddressesTest {
  @RegisterExtension
  static final WireMockExtension FILES = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final Predicate<URI> allowed = AttachmentSource.publicAddresses();

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.20.30.40", "172.16.0.1", "172.31.255.254",
      "192.168.178.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "192.0.0.8", "198.18.0.1", "224.0.0.251",
      "240.0.0.1", "255.255.255.255", "[::1]", "[::]", "[fe80::1]", "[fd12:3456:789a::1]", "[fec0::1]", "[ff02::1]",
      "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[64:ff9b::a9fe:a9fe]", "[2002:0a00:0001::1]", "[::10.0.0.1]",
      "192.0.2.10", "198.51.100.7", "203.0.113.99", "[64:ff9b:1::5db8:d70e]", "[2001:db8::1]", "[100::1]",
      "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[2001:2::1]", "[3fff::1]", "[5f00::1]", "[::ffff:0:a00:1]",
      "localhost"})
  void anAddressInsideTheNetwork_orANameThatResolvesThere_isRefused(String host) {
    assertThat(allowed.test(URI.create("https://" + host + "/files/rechnung.pdf"))).as(host).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.215.14", "172.15.255.254", "172.32.0.1", "100.63.255.254", "100.128.0.1",
      "192.169.0.1", "169.253.1.1", "198.20.0.1", "[2a00:1450:4001:82b::200e]", "[64:ff9b::5db8:d70e]",
      "[2002:5db8:d70e::1]"})
  void aPublicAddress_isTaken(String host) {
    assertThat(allowed.test(URI.create("https://" + host + "/files/rechnung.pdf"))).as(host).isTrue();
  }

  @Test
  void aNameThatResolvesInward_isRefused_alsoAsAnIpv4MappedIpv6Address() throws Exception {
    // a resolver hands out an AAAA record of ::ffff:127.0.0.1 as an Inet6Address, not as the
    // Inet4Address Java makes of the same literal
    InetAddress mapped = Inet6Address.getByAddress("intern.example", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1}, -1);
    InetAddress publicOne = InetAddress.getByAddress("dateien.example", new byte[] {93, (byte) 184, (byte) 215, 14});
    assertThat(mapped).isInstanceOf(Inet6Address.class);

    assertThat(new PublicAddresses(host -> new InetAddress[] {mapped}).test(URI.create("https://intern.example/a")))
        .isFalse();
    // one inward address among public ones is enough to refuse
    assertThat(new PublicAddresses(host -> new InetAddress[] {publicOne, mapped})
        .test(URI.create("https://dateien.example/a"))).isFalse();
    assertThat(new PublicAddresses(host -> new InetAddress[] {publicOne})
        .test(URI.create("https://dateien.example/a"))).isTrue();
    assertThat(new PublicAddresses(host -> new InetAddress[0]).test(URI.create("https://leer.example/a"))).isFalse();
  }

  @Test
  void aNameThatCannotBeLookedUp_isARetryableFailure_andNoHostIsRefused() {
    PublicAddresses silent = new PublicAddresses(host -> {
      throw new UnknownHostException(host);
    });
    assertThatThrownBy(() -> silent.test(URI.create("https://dateien.glasfaser-nord.de/rechnung.pdf")))
        .isInstanceOfSatisfying(AttachmentUnavailableException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.detail()).isEqualTo("its host could not be looked up");
        });
    assertThat(allowed.test(URI.create("mailto:service@glasfaser-nord.de"))).isFalse();
    assertThat(allowed.test(URI.create("file:///etc/passwd"))).isFalse();
  }

  @Test
  void theWebSource_queuesAFileWhoseHostCannotBeLookedUpNow_andItsFetchIsRetryable() {
    AttachmentSource source = AttachmentSource.web(Duration.ofSeconds(2), new PublicAddresses(host -> {
      throw new UnknownHostException(host);
    }));
    Attachment file = new Attachment("document", "https://dateien.glasfaser-nord.de/rechnung.pdf", null, null);

    assertThat(source.refusal(file)).isNull();
    assertThatThrownBy(() -> source.fetch(file, 1024, Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(AttachmentUnavailableException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.detail()).isEqualTo("its host could not be looked up");
        });
  }

  @Test
  void combinedWithNames_bothMustTakeTheAddress() {
    Predicate<URI> ours = allowed.and(uri -> uri.getHost().endsWith(".glasfaser-nord.de"));
    assertThat(ours.test(URI.create("https://127.0.0.1/x.pdf"))).isFalse();
    assertThat(ours.test(URI.create("https://93.184.215.14/x.pdf"))).isFalse();
  }

  @Test
  void theWebSource_refusesAFileOnTheLoopback_beforeQueueingAndWhenFetching_andAsksNothing() {
    FILES.stubFor(get(urlEqualTo("/rechnung.pdf")).willReturn(aResponse().withStatus(200).withBody("%PDF-1.7")));
    AttachmentSource source = AttachmentSource.web(Duration.ofSeconds(2), allowed);
    // WireMock listens on the loopback, as a service inside the host's network would
    Attachment inward = new Attachment("document", "http://localhost:" + FILES.getPort() + "/rechnung.pdf",
        "application/pdf", null);

    assertThat(source.refusal(inward)).isEqualTo("its address is not among those allowed");
    assertThatThrownBy(() -> source.fetch(inward, 1024, Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(AttachmentUnavailableException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.detail()).isEqualTo("its address is not among those allowed");
        });
    FILES.verify(0, anyRequestedFor(anyUrl()));
  }
}

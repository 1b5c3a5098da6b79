package io.scrm.testing.adapters.meta;

import io.scrm.channels.InboundDelivery;
import io.scrm.channels.meta.MetaAdapter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook calls as Meta makes them: a JSON body signed with the app secret. */
final class MetaWebhooks {
  private MetaWebhooks() {}

  /** A call with the body, signed with the secret. */
  static InboundDelivery signed(byte[] body, String appSecret) {
    return InboundDelivery.of(body, Map.of(MetaAdapter.SIGNATURE_HEADER, List.of(sign(body, appSecret)),
        "Content-Type", List.of("application/json")), Instant.EPOCH);
  }

  /** A call with the body and the signature of another body: changed after Meta signed it. */
  static InboundDelivery signedFor(byte[] body, byte[] signedBody, String appSecret) {
    return InboundDelivery.of(body, Map.of(MetaAdapter.SIGNATURE_HEADER, List.of(sign(signedBody, appSecret))),
        Instant.EPOCH);
  }

  /** The {@code X-Hub-Signature-256} value of a body. */
  static String sign(byte[] body, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

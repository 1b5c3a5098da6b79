package io.scrm.consent;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withdrawal links for every marketing message: one click withdraws, without login. Thread-safe.
 *
 * <p>A link token names the subject, purpose and channel and carries an HMAC-SHA256 over them with
 * the host's secret, verified in constant time, so nobody can withdraw for somebody else by guessing.
 * Tokens do not expire: withdrawal must stay possible as long as a message exists.
 *
 * @since 0.1.0
 */
public final class WithdrawalLinks {
  private static final Logger LOG = LoggerFactory.getLogger(WithdrawalLinks.class);
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  private final ConsentLedger ledger;
  private final SecretKeySpec key;

  private WithdrawalLinks(ConsentLedger ledger, byte[] secret) {
    this.ledger = ledger;
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /**
   * Returns withdrawal links signed with a secret.
   *
   * @param ledger the ledger to record withdrawals in
   * @param secret the host's secret, at least 32 bytes
   * @return the links
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public static WithdrawalLinks of(ConsentLedger ledger, byte[] secret) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("secret must be at least 32 bytes, was " + secret.length);
    }
    return new WithdrawalLinks(ledger, secret);
  }

  /**
   * Returns the token to put in a message's withdrawal link.
   *
   * @param subject the recipient
   * @param purpose the purpose id
   * @param channel the channel
   * @return the token (URL-safe)
   */
  public String token(ContactId subject, String purpose, ChannelId channel) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(channel, "channel");
    ledger.purposes().require(purpose);
    String payload = ENC.encodeToString((subject.value() + "\n" + purpose + "\n" + channel.name())
        .getBytes(StandardCharsets.UTF_8));
    return payload + "." + ENC.encodeToString(mac(payload));
  }

  /**
   * Withdraws the consent a token names, in one step. An invalid token withdraws nothing.
   *
   * @param token the token from the link
   * @return the withdrawal entry, or empty if the token is invalid
   */
  public Optional<ConsentRecord> withdraw(String token) {
    Objects.requireNonNull(token, "token");
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String payload = token.substring(0, dot);
    byte[] presented;
    String[] parts;
    try {
      presented = DEC.decode(token.substring(dot + 1));
      parts = new String(DEC.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(presented, mac(payload)) || parts.length != 3) {
      LOG.debug("withdrawal link with invalid signature ignored");
      return Optional.empty();
    }
    ContactId subject = ContactId.of(parts[0]);
    return Optional.of(ledger.withdraw(subject, parts[1], ChannelId.of(parts[2]), CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject)));
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}

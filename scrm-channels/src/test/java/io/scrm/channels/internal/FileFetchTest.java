package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentSource;
import io.scrm.channels.AttachmentUnavailableException;
import io.scrm.channels.SendResult;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message's files are fetched in order, within their limits and time, and reported without references. */
final class FileFetchTest {
  private static final String SIGNED = "https://dms.example.de/rechnung.pdf?X-Amz-Signature=9f2c41d0e7";

  private static OutboundMessage withFiles(int count) {
    List<Attachment> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(new Attachment("document", SIGNED + "&n=" + i, "application/pdf", null));
    }
    return OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.EMAIL, "t-1", null,
        Visibility.PRIVATE, "", files, "service-reply", Instant.EPOCH);
  }

  @Test
  void fetchAll_timeUsedUpByEarlierFiles_isRetryable_andTheLaterFileIsNotAsked() {
    List<Duration> asked = new ArrayList<>();
    AttachmentSource slow = (attachment, maxBytes, timeLeft) -> {
      asked.add(timeLeft);
      try {
        Thread.sleep(120);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new AttachmentFile(new byte[] {1}, "application/pdf", null);
    };

    FileFetch.Fetched fetched = new FileFetch(slow, 100, 100, Duration.ofMillis(100)).fetchAll(withFiles(3));

    assertThat(asked).hasSize(1);
    assertThat(asked.get(0)).isLessThanOrEqualTo(Duration.ofMillis(100)).isPositive();
    assertThat(fetched.files()).isEmpty();
    assertThat(fetched.failure()).isEqualTo(SendResult.retryable("the attachments took longer than PT0.1S to fetch",
        null));
  }

  @Test
  void fetchAll_limitsEachAndTogether_areHandedToTheSource_andAFileOverThemIsPermanent() {
    List<Long> limits = new ArrayList<>();
    AttachmentSource store = (attachment, maxBytes, timeLeft) -> {
      limits.add(maxBytes);
      return new AttachmentFile(new byte[60], "application/pdf", null);
    };

    FileFetch.Fetched fetched = new FileFetch(store, 80, 100, Duration.ofMinutes(1)).fetchAll(withFiles(2));

    assertThat(limits).containsExactly(80L, 40L);
    assertThat(fetched.failure()).isEqualTo(SendResult.permanent(
        "attachment 2: the attachments have more than 100 bytes together"));
  }

  @Test
  void aHostSourcesWords_neverReachAReason_theLibrarysOwnDo() {
    AttachmentSource host = new AttachmentSource() {
      @Override
      public AttachmentFile fetch(Attachment attachment, long maxBytes, Duration timeLeft) {
        throw new AttachmentUnavailableException("no access to " + attachment.reference().substring(0, 30), true);
      }

      @Override
      public String refusal(Attachment attachment) {
        return "not in bucket " + attachment.reference();
      }
    };
    FileFetch byHost = new FileFetch(host, 100, 100, Duration.ofMinutes(1));
    FileFetch own = new FileFetch(AttachmentSource.web(Duration.ofSeconds(1),
        address -> !address.getHost().equals("dms.example.de")), 100, 100, Duration.ofMinutes(1));
    Attachment file = withFiles(1).attachments().get(0);

    assertThat(byHost.refusal(file)).isEqualTo("refused by the attachment source");
    assertThat(byHost.fetchAll(withFiles(1)).failure())
        .isEqualTo(SendResult.retryable("attachment 1 could not be fetched: unavailable", null));
    assertThat(own.refusal(file)).isEqualTo("its address is not among those allowed");
    assertThat(own.fetchAll(withFiles(1)).failure()).isEqualTo(SendResult.permanent(
        "attachment 1 could not be fetched: its address is not among those allowed"));
  }

  @Test
  void anAllowListThatFails_allowsNothing() {
    FileFetch own = new FileFetch(AttachmentSource.web(Duration.ofSeconds(1), address -> {
      throw new IllegalStateException("allow-list store down");
    }), 100, 100, Duration.ofMinutes(1));

    assertThat(own.refusal(withFiles(1).attachments().get(0))).isEqualTo("its address is not among those allowed");
    assertThat(own.fetchAll(withFiles(1)).failure()).isEqualTo(SendResult.permanent(
        "attachment 1 could not be fetched: the allow-list failed (IllegalStateException)"));
  }
}

package io.scrm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ModelValidationTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  @Test
  void aNulCharacterBecomesTheReplacementCharacterWhereverAMessageCarriesIt() {
    Interaction message = Interaction.inbound(ChannelId.TELEGRAM, "5511:7\u0000").thread("5511\u0000")
        .author("kunde\u0000", "Kai\u0000").text("kein\u0000 Internet").occurredAt(Instant.EPOCH).build();

    assertThat(message.id()).isEqualTo(InteractionId.of(ChannelId.TELEGRAM, "5511:7\uFFFD"));
    assertThat(message.externalId()).isEqualTo("5511:7\uFFFD");
    assertThat(message.threadId()).isEqualTo("5511\uFFFD");
    assertThat(message.author()).isEqualTo(IdentityKey.of(ChannelId.TELEGRAM, "kunde\uFFFD"));
    assertThat(message.authorName()).isEqualTo("Kai\uFFFD");
    assertThat(message.text()).isEqualTo("kein\uFFFD Internet");
    assertThat(message).as("a redelivery equals what was stored").isEqualTo(Interaction.inbound(ChannelId.TELEGRAM,
        "5511:7\u0000").thread("5511\u0000").author("kunde\u0000", "Kai\u0000").text("kein\u0000 Internet")
        .occurredAt(Instant.EPOCH).build());
    assertThat(new Revision("alt\u0000", Instant.EPOCH).text()).isEqualTo("alt\uFFFD");
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacterWhereverAMessageCarriesIt() {
    Interaction message = Interaction.inbound(ChannelId.TELEGRAM, "5511:\uDC00").thread("\uD8005511")
        .author("kunde\uD83D", "Kai \uD83D\uDE00").text("\uD83D\uDE1E kaputt \uDE1E\uD83D").occurredAt(Instant.EPOCH)
        .build();

    assertThat(message.id()).isEqualTo(InteractionId.of(ChannelId.TELEGRAM, "5511:\uFFFD"));
    assertThat(message.threadId()).isEqualTo("\uFFFD5511");
    assertThat(message.author()).isEqualTo(IdentityKey.of(ChannelId.TELEGRAM, "kunde\uFFFD"));
    assertThat(message.authorName()).as("a whole pair stays").isEqualTo("Kai \uD83D\uDE00");
    assertThat(message.text()).isEqualTo("\uD83D\uDE1E kaputt \uFFFD\uFFFD");
    assertThat(new Revision("alt\uDBFF", Instant.EPOCH).text()).isEqualTo("alt\uFFFD");
    assertThat(new Attachment("photo", "https://x.example/\uD800.jpg", null, null, null).reference())
        .isEqualTo("https://x.example/\uFFFD.jpg");
    String whole = "Gr\u00FC\u00DFe \uD83D\uDC4B";
    assertThat(Interaction.inbound(ChannelId.TELEGRAM, "1").thread("t").author("k", null).text(whole)
        .occurredAt(Instant.EPOCH).build().text()).isSameAs(whole);
  }

  @Test
  void channelId_invalidName_namesField() {
    assertThatThrownBy(() -> ChannelId.of("Tele:gram"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name must match");
  }

  @Test
  void identityKey_blankHandle_namesField() {
    assertThatThrownBy(() -> IdentityKey.of(ChannelId.TELEGRAM, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("handle must not be blank");
  }

  @Test
  void identityKey_parse_splitsAtFirstColon() {
    assertThat(IdentityKey.parse("email:a:b@example.de"))
        .isEqualTo(IdentityKey.of(ChannelId.EMAIL, "a:b@example.de"));
    assertThatThrownBy(() -> IdentityKey.parse("nocolon")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contactPoint_fromSocialMonitoring_isRejected() {
    assertThatThrownBy(() -> new ContactPoint(ContactPointType.EMAIL, "a@example.de", Provenance.SOCIAL_MONITORING, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provenance must not be SOCIAL_MONITORING");
  }

  @Test
  void contact_duplicateIdentities_areRejected() {
    IdentityKey k = IdentityKey.of(ChannelId.TELEGRAM, "42");
    assertThatThrownBy(() -> new Contact(ContactId.of("c"), ContactKind.PERSON, null, null, null, null, List.of(),
        List.of(k, k), null, Provenance.AGENT, false, Map.of(), T0, 0))
        .hasMessage("identities must not contain duplicates");
  }

  @Test
  void contact_blankDisplayName_namesField() {
    assertThatThrownBy(() -> Contact.builder(ContactId.of("c"), T0).displayName(""))
        .hasMessage("displayName must be null or not blank");
  }

  @Test
  void interaction_missingThread_namesField() {
    assertThatThrownBy(() -> Interaction.inbound(ChannelId.TELEGRAM, "1").author("a", null).occurredAt(T0).build())
        .isInstanceOf(NullPointerException.class).hasMessage("threadId");
  }

  @Test
  void interaction_negativeVersion_namesField() {
    assertThatThrownBy(() -> Interaction.inbound(ChannelId.TELEGRAM, "1").version(-1))
        .hasMessage("version must be >= 0, was -1");
  }

  @Test
  void case_duplicateInteractions_areRejected() {
    InteractionId i = InteractionId.of(ChannelId.X, "1");
    assertThatThrownBy(() -> new Case(CaseId.of("k"), ContactId.of("c"), CaseType.QUESTION, ChannelId.X, "1",
        CaseState.NEW, true, Priority.NORMAL, null, null, 0, List.of(i, i), List.of(), List.of(), T0, T0, 0))
        .hasMessage("interactions must not contain duplicates");
  }

  @Test
  void case_duplicateInteractions_areRejectedInShortAndLongLists() {
    for (int size : new int[] {2, 16, 17, 40}) {
      for (int[] pair : new int[][] {{0, size - 1}, {size - 2, size - 1}, {0, 1}}) {
        List<InteractionId> ids = new ArrayList<>();
        for (int k = 0; k < size; k++) {
          ids.add(InteractionId.of(ChannelId.X, String.valueOf(k == pair[1] ? pair[0] : k)));
        }
        assertThatThrownBy(() -> new Case(CaseId.of("k"), ContactId.of("c"), CaseType.QUESTION, ChannelId.X, "1",
            CaseState.NEW, true, Priority.NORMAL, null, null, 0, ids, List.of(), List.of(), T0, T0, 0))
            .as("%d ids, %s equal", size, Arrays.toString(pair))
            .hasMessage("interactions must not contain duplicates");
        ids.set(pair[1], InteractionId.of(ChannelId.X, "distinct"));
        assertThat(new Case(CaseId.of("k"), ContactId.of("c"), CaseType.QUESTION, ChannelId.X, "1", CaseState.NEW,
            true, Priority.NORMAL, null, null, 0, ids, List.of(), List.of(), T0, T0, 0).interactions()).isEqualTo(ids);
      }
    }
  }

  private static Interaction firstMessage() {
    return Interaction.inbound(ChannelId.TELEGRAM, "7").thread("t").author("a", null).occurredAt(T0).build();
  }

  private static AuditEntry message() {
    return new AuditEntry(T0, Actor.SYSTEM, "MESSAGE", null, null, ChannelId.TELEGRAM, null, null);
  }

  @Test
  void case_withInteraction_appendsOnceWithAudit() {
    Interaction first = firstMessage();
    Case c = Case.open(CaseId.of("k"), ContactId.of("c"), first, CaseType.COMPLAINT, Priority.HIGH, T0);
    AuditEntry e = message();
    Case once = c.withInteraction(InteractionId.of(ChannelId.TELEGRAM, "8"), e);
    assertThat(once.interactions()).hasSize(2);
    assertThat(once.audit()).extracting(AuditEntry::action).containsExactly("OPEN", "MESSAGE");
    assertThat(once.withInteraction(InteractionId.of(ChannelId.TELEGRAM, "8"), e)).isSameAs(once);
  }

  @Test
  void case_listsOfInteractionsAndAudit_equalAsLists() {
    Interaction first = firstMessage();
    Case c = Case.open(CaseId.of("k"), ContactId.of("c"), first, CaseType.COMPLAINT, Priority.HIGH, T0);
    AuditEntry e = message();
    InteractionId second = InteractionId.of(ChannelId.TELEGRAM, "8");
    // both append to the same trail: the second copies it, so the two share no array
    Case one = c.withInteraction(second, e);
    Case other = c.withInteraction(second, e);
    Case longer = one.withAudit(e);

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(one.audit()).isEqualTo(other.audit()).isEqualTo(List.copyOf(one.audit()))
        .hasSameHashCodeAs(List.copyOf(one.audit()));
    assertThat(List.copyOf(one.audit())).isEqualTo(one.audit());
    assertThat(one.interactions()).isEqualTo(other.interactions()).isEqualTo(List.of(first.id(), second))
        .hasSameHashCodeAs(List.of(first.id(), second));
    assertThat(longer.audit()).isNotEqualTo(one.audit()).startsWith(one.audit().toArray(new AuditEntry[0]));
    assertThat(one.audit()).isNotEqualTo(longer.audit()).isNotEqualTo(c.audit());
    assertThat(one.interactions()).isNotEqualTo(c.interactions());
    assertThat(longer).isNotEqualTo(one);
  }

  @Test
  void interactionId_ofReference_isEmptyForWhatCannotBeAnExternalId() {
    assertThat(InteractionId.ofReference(ChannelId.MASTODON, "110002"))
        .contains(InteractionId.of(ChannelId.MASTODON, "110002"));
    assertThat(InteractionId.ofReference(ChannelId.MASTODON, "9".repeat(512)))
        .contains(InteractionId.of(ChannelId.MASTODON, "9".repeat(512)));
    assertThat(InteractionId.ofReference(ChannelId.MASTODON, "9".repeat(513))).isEmpty();
    assertThat(InteractionId.ofReference(ChannelId.MASTODON, " ")).isEmpty();
    assertThat(InteractionId.ofReference(ChannelId.MASTODON, null)).isEmpty();
  }

  @Test
  void outboundMessage_endedAsSent_isRejected() {
    OutboundMessage m = OutboundMessage.pending(OutboundId.of("o"), null, ContactId.of("c"), ChannelId.EMAIL, null,
        null, Visibility.PRIVATE, "Hallo", "marketing", T0);
    assertThatThrownBy(() -> m.ended(OutboxStatus.SENT, "x")).hasMessageContaining("newStatus must be DEAD or CANCELLED");
    assertThat(m.idempotencyKey()).isEqualTo("o");
  }
  private static final Attachment LABEL =
      new Attachment("document", "https://dateien.example.de/retourenschein-4711.pdf", "application/pdf", null);

  @Test
  void outboundMessage_threadId_boundedAsAnInteractionsThread_namesField() {
    String longest = "\u4E2D".repeat(512);
    Interaction in = Interaction.inbound(ChannelId.EMAIL, "m-1").thread(longest).author("kunde@example.de", null)
        .text("Hallo").occurredAt(T0).build();
    Case c = Case.open(CaseId.of("k-1"), ContactId.of("c"), in, CaseType.QUESTION, Priority.NORMAL, T0);

    assertThat(OutboundMessage.pending(OutboundId.of("o"), c.id(), c.contactId(), c.originChannel(),
        c.originThread(), in.externalId(), Visibility.PRIVATE, "Danke", "service-reply", T0).threadId())
        .as("a reply answers in its case's thread").isEqualTo(longest);
    assertThatThrownBy(() -> OutboundMessage.pending(OutboundId.of("o"), null, ContactId.of("c"), ChannelId.EMAIL,
        longest + "\u4E2D", null, Visibility.PRIVATE, "Hallo", "marketing", T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threadId must be at most 512 characters, was 513");
    assertThatThrownBy(() -> OutboundMessage.pending(OutboundId.of("o"), null, ContactId.of("c"), ChannelId.EMAIL,
        " ", null, Visibility.PRIVATE, "Hallo", "marketing", T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threadId must be null or not blank");
  }

  private static OutboundMessage outbound(String text, List<Attachment> attachments) {
    return OutboundMessage.pending(OutboundId.of("o"), null, ContactId.of("c"), ChannelId.EMAIL, "t", null,
        Visibility.PRIVATE, text, attachments, "service-reply", T0);
  }

  @Test
  void outboundMessage_withAttachments_mayHaveNoText_withoutThem_needsText() {
    OutboundMessage label = outbound("", List.of(LABEL));
    assertThat(label.attachments()).containsExactly(LABEL);
    assertThat(label.sent("p-1").attachments()).containsExactly(LABEL);
    assertThat(label.retryLater("HTTP 503", T0).attachments()).containsExactly(LABEL);

    assertThatThrownBy(() -> outbound(" ", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text");
    assertThatThrownBy(() -> outbound("x".repeat(Interaction.MAX_TEXT_LENGTH + 1), List.of(LABEL)))
        .hasMessageContaining("text must be at most");
  }

  @Test
  void outboundMessage_atMostTenAttachments_noneNull() {
    assertThat(outbound("", Collections.nCopies(OutboundMessage.MAX_ATTACHMENTS, LABEL)).attachments()).hasSize(10);
    assertThatThrownBy(() -> outbound("", Collections.nCopies(OutboundMessage.MAX_ATTACHMENTS + 1, LABEL)))
        .hasMessageContaining("attachments must be at most 10, were 11");
    assertThatThrownBy(() -> outbound("Hallo", Arrays.asList(LABEL, null)))
        .hasMessageContaining("attachments");
  }

  @Test
  void outboundMessage_storedBeforeAttachments_readsAsNone() throws Exception {
    OutboundMessage plain = outbound("Hallo", List.of());
    com.fasterxml.jackson.databind.node.ObjectNode json = io.scrm.core.ScrmJson.newObjectMapper().valueToTree(plain);
    json.remove("attachments");
    OutboundMessage read = io.scrm.core.ScrmJson.newObjectMapper().treeToValue(json, OutboundMessage.class);
    assertThat(read).isEqualTo(plain);
    assertThat(read.attachments()).isEmpty();
  }

  @Test
  void attachment_nulCharacters_becomeTheReplacementCharacter() {
    Attachment a = new Attachment("pho\u0000to", "https://x.example/a\u0000b.jpg", "image/jp\u0000eg", 1L,
        "Router\u0000LED");
    assertThat(a).isEqualTo(new Attachment("pho\uFFFDto", "https://x.example/a\uFFFDb.jpg", "image/jp\uFFFDeg", 1L,
        "Router\uFFFDLED"));
  }

  @Test
  void attachment_description_isOptional_notBlank_andBounded() {
    Attachment described = LABEL.withDescription("Retourenschein mit Barcode, eine Seite");
    assertThat(described.description()).isEqualTo("Retourenschein mit Barcode, eine Seite");
    assertThat(described.reference()).isEqualTo(LABEL.reference());
    assertThat(described.withDescription(null)).isEqualTo(LABEL);
    assertThat(LABEL.description()).isNull();
    assertThatThrownBy(() -> LABEL.withDescription(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description must not be blank");
    assertThat(LABEL.withDescription("x".repeat(Attachment.MAX_DESCRIPTION)).description()).hasSize(4096);
    assertThatThrownBy(() -> LABEL.withDescription("x".repeat(Attachment.MAX_DESCRIPTION + 1)))
        .hasMessageContaining("description must be at most 4096 characters, was 4097");
  }

  @Test
  void newNullComponents_areLeftOutOfJson_soThatOlderReadersReadTheDocuments() throws Exception {
    var mapper = io.scrm.core.ScrmJson.newObjectMapper();
    Interaction plain = Interaction.inbound(ChannelId.TELEGRAM, "88123:501").thread("88123").author("1001", null)
        .text("Router fehlt").occurredAt(Instant.EPOCH).addAttachment(LABEL).build();
    com.fasterxml.jackson.databind.JsonNode json = mapper.valueToTree(plain);

    assertThat(json.has("deletedAt")).isFalse();
    assertThat(json.get("attachments").get(0).has("description")).isFalse();
    assertThat(mapper.treeToValue(json, Interaction.class)).isEqualTo(plain);
    Interaction marked = plain.toBuilder().deletedAt(Instant.EPOCH.plusSeconds(60)).build();
    assertThat(mapper.readValue(mapper.writeValueAsBytes(marked), Interaction.class)).isEqualTo(marked);
  }

  @Test
  void attachment_description_roundTripsThroughJson_andAnOlderDocumentReadsWithoutOne() throws Exception {
    var mapper = io.scrm.core.ScrmJson.newObjectMapper();
    Attachment described = LABEL.withDescription("Retourenschein mit Barcode");
    assertThat(mapper.readValue(mapper.writeValueAsBytes(described), Attachment.class)).isEqualTo(described);
    com.fasterxml.jackson.databind.node.ObjectNode json = mapper.valueToTree(LABEL);
    json.remove("description");
    assertThat(mapper.treeToValue(json, Attachment.class)).isEqualTo(LABEL);
  }
}

package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Provenance;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class ContactPointDuplicateTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void addContactPoint_sameAddressInOtherCaseOrWithSpaces_isTheSameContactPoint() {
    SocialCrm crm = SocialCrm.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .consentPolicy(q -> new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null)).build();
    ContactId id = crm.stores().contacts().create(Contact.builder(ContactId.of("customer-1"), NOW).build()).id();

    for (String address : new String[] {"juergen@example.de", "Juergen@Example.DE", " juergen@example.de "}) {
      crm.addContactPoint(id, new ContactPoint(ContactPointType.EMAIL, address, Provenance.FORM, NOW),
          "transactional", Actor.agent("anna"));
    }
    crm.addContactPoint(id, new ContactPoint(ContactPointType.PHONE, "+49 221 5550123", Provenance.FORM, NOW),
        "transactional", Actor.agent("anna"));

    assertThat(crm.stores().contacts().findByContactPoint(ContactPointType.EMAIL, "JUERGEN@example.de"))
        .extracting(Contact::id).containsExactly(id);
    assertThat(crm.stores().contacts().find(id).orElseThrow().contactPoints()).extracting(ContactPoint::value)
        .containsExactly("juergen@example.de", "+49 221 5550123");
  }
}

package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import io.scrm.testing.store.StoresContract;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class PostgresStoresContractTest extends StoresContract {
  @Override
  protected Stores newStores() {
    PostgresStores stores = PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
    return stores;
  }

  private static String cjk(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) { // three bytes each in UTF-8, and no run that compresses
      s.append((char) (0x4E00 + random.nextInt(20_000)));
    }
    return s.toString();
  }

  @Test
  void longestThreadAndIds_inCjk_fitEveryIndexOfInteractionsCasesAndTheOutbox() {
    Stores stores = newStores();
    Random random = new Random(1);
    String thread = cjk(random, 512); // the longest an interaction, a case and an outbound message take
    Interaction in = stores.interactions().create(Interaction.inbound(ChannelId.TELEGRAM, cjk(random, 512))
        .thread(thread).author(cjk(random, 320), null).text("Router kaputt").occurredAt(T0).build());
    Case opened = stores.cases().create(Case.open(CaseId.of(cjk(random, 200)), ContactId.of(cjk(random, 200)), in,
        CaseType.QUESTION, Priority.NORMAL, T0));
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of(cjk(random, 200)), opened.id(), opened.contactId(),
        opened.originChannel(), opened.originThread(), in.externalId(), Visibility.PRIVATE, "Kommt morgen.",
        "service-reply", T0);

    stores.outbox().create(reply);

    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, thread)).containsExactly(in);
    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, thread)).map(Case::id).contains(opened.id());
    assertThat(stores.outbox().claimDue(T0, T0.plusSeconds(30), 10)).extracting(OutboundMessage::id)
        .containsExactly(reply.id());
  }
}

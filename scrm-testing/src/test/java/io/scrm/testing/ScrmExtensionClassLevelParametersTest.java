package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InMemoryChannel;
import io.scrm.core.SocialCrm;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fixture taken in a {@code @BeforeAll} method belongs to the class: the tests still get fresh
 * ones of their own, closed after each test.
 */
@ExtendWith(ScrmExtension.class)
final class ScrmExtensionClassLevelParametersTest {
  private static SocialCrm fromBeforeAll;
  private static final List<InMemoryChannel> TEST_CHANNELS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void setUpClass(SocialCrm crm) {
    fromBeforeAll = crm;
  }

  @AfterAll
  static void everyTestsChannel_wasClosedAfterItsTest() {
    assertThat(TEST_CHANNELS).hasSize(2).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
  }

  @Test
  void test_getsAFixtureOfItsOwn(SocialCrm crm, InMemoryChannel channel) {
    TEST_CHANNELS.add(channel);
    assertThat(crm).isNotSameAs(fromBeforeAll);
    channel.inject(channel.privateMessage("m1", "chat-1", "anna", "Kein Internet seit heute Morgen."));
  }

  @Nested
  final class InANestedClass {
    @Test
    void test_getsAFixtureOfItsOwn(SocialCrm crm, InMemoryChannel channel) {
      TEST_CHANNELS.add(channel);
      assertThat(crm).isNotSameAs(fromBeforeAll);
      assertThat(channel.poll(null).interactions()).isEmpty();
    }
  }
}

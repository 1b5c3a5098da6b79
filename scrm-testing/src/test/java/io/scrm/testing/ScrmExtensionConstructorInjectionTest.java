package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InMemoryChannel;
import io.scrm.core.SocialCrm;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension's objects may also be taken as constructor parameters of a test class: each test
 * then still gets its own fixture, and the constructor's objects are the ones its methods get.
 */
@ExtendWith(ScrmExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class ScrmExtensionConstructorInjectionTest {
  private static final Set<SocialCrm> SEEN = ConcurrentHashMap.newKeySet();

  private final SocialCrm crm;
  private final InMemoryChannel channel;

  ScrmExtensionConstructorInjectionTest(SocialCrm crm, InMemoryChannel channel) {
    this.crm = crm;
    this.channel = channel;
  }

  @Test
  @Order(1)
  void constructorAndTestMethod_shareOneFixture(SocialCrm fromMethod, InMemoryChannel channelFromMethod) {
    assertThat(crm).isSameAs(fromMethod);
    assertThat(channel).isSameAs(channelFromMethod);
  }

  @Test
  @Order(2)
  void firstTest_leavesMessagesInItsChannel() {
    assertThat(SEEN.add(crm)).as("a fixture of its own").isTrue();
    channel.inject(channel.privateMessage("m1", "chat-1", "anna", "Mein Router blinkt rot."));
    assertThat(channel.poll(null).interactions()).hasSize(1);
  }

  @Test
  @Order(3)
  void secondTest_startsWithAnEmptyChannel() {
    assertThat(SEEN.add(crm)).as("a fixture of its own").isTrue();
    assertThat(channel.poll(null).interactions()).isEmpty();
  }
}

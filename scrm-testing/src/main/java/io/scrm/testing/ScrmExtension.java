package io.scrm.testing;

import io.scrm.channels.Channels;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.Intake;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.OutboxDispatcherConfig;
import io.scrm.core.SocialCrm;
import io.scrm.core.event.EventBus;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a wired engine: a {@link SocialCrm} on fresh in-memory
 * stores, a {@link TestClock}, an {@link InMemoryChannel} registered in {@link Channels} (whose send
 * check the engine asks), an {@link OutboxDispatcher} that sends through it without threads of its
 * own, and an {@link Intake} that hears it. Declare any of these types, or {@link Stores}, {@link
 * EventBus} or {@link ScrmFixture}, as a parameter of a test method or of a {@code @BeforeEach} /
 * {@code @AfterEach} method; all parameters of one test share one fixture, which is closed after the
 * test.
 *
 * <pre>{@code
 * @ExtendWith(ScrmExtension.class)
 * final class ReplyTest {
 *   @Test
 *   void reply_isSent(SocialCrm crm, InMemoryChannel channel, OutboxDispatcher dispatcher) {
 *     CaseId id = crm.ingest(channel.privateMessage("m1", "chat-1", "anna", "Hallo")).caseId();
 *     crm.reply(id, Actor.agent("a1"), "Hallo Anna");
 *     dispatcher.drain();
 *     assertThat(channel.sent()).hasSize(1);
 *   }
 * }
 * }</pre>
 *
 * <p>The clock starts at {@link #START}; the consent policy is core's strict default. The extension
 * itself is stateless and thread-safe; fixtures live in JUnit's per-test store. Parameters of the
 * test class's constructor belong to the test the instance is made for (with the default
 * per-method lifecycle), so they are the objects its methods get; parameters of a
 * {@code @BeforeAll} method, or of the constructor of a per-class test instance, get a fixture of
 * the class of their own, which no test sees.
 *
 * @since 0.1.0
 */
public final class ScrmExtension implements ParameterResolver {
  /** Where each fixture's clock starts. */
  public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  /** How often the fixture's intake polls the channel, on the test clock. */
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(30);

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScrmExtension.class);

  /** Creates the extension; JUnit calls this. */
  public ScrmExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == SocialCrm.class || type == TestClock.class || type == InMemoryChannel.class
        || type == Channels.class || type == OutboxDispatcher.class || type == Intake.class || type == Stores.class
        || type == EventBus.class || type == ScrmFixture.class;
  }

  /**
   * Resolves a constructor's parameters in the context of the test the instance is made for, so that
   * a test's constructor and methods share one fixture.
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    // keyed by the context itself: a store also answers with what its parents hold, and a fixture made
    // for a class (a @BeforeAll parameter) must not become the fixture of every test in it
    ScrmFixture fixture = extensionContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(extensionContext.getUniqueId(), k -> ScrmFixture.create(), ScrmFixture.class);
    Class<?> type = parameterContext.getParameter().getType();
    if (type == SocialCrm.class) {
      return fixture.crm();
    } else if (type == TestClock.class) {
      return fixture.clock();
    } else if (type == InMemoryChannel.class) {
      return fixture.channel();
    } else if (type == Channels.class) {
      return fixture.channels();
    } else if (type == OutboxDispatcher.class) {
      return fixture.dispatcher();
    } else if (type == Intake.class) {
      return fixture.intake();
    } else if (type == Stores.class) {
      return fixture.crm().stores();
    } else if (type == EventBus.class) {
      return fixture.crm().events();
    } else if (type == ScrmFixture.class) {
      return fixture;
    }
    throw new ParameterResolutionException("ScrmExtension cannot supply a " + type.getName());
  }

  /**
   * The objects one test gets from {@link ScrmExtension}, wired together. Thread-safe as its parts
   * are; closed by the extension after the test.
   *
   * @since 0.1.0
   */
  public static final class ScrmFixture implements AutoCloseable {
    private final TestClock clock;
    private final InMemoryChannel channel;
    private final Channels channels;
    private final SocialCrm crm;
    private final OutboxDispatcher dispatcher;
    private final Intake intake;

    private ScrmFixture(TestClock clock, InMemoryChannel channel, Channels channels, SocialCrm crm,
        OutboxDispatcher dispatcher, Intake intake) {
      this.clock = clock;
      this.channel = channel;
      this.channels = channels;
      this.crm = crm;
      this.dispatcher = dispatcher;
      this.intake = intake;
    }

    /**
     * Wires a fixture with the extension's defaults; for tests that want one without the extension.
     *
     * @return a new fixture
     */
    public static ScrmFixture create() {
      TestClock clock = TestClock.at(START);
      InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
      Channels channels = Channels.of(channel);
      SocialCrm crm = SocialCrm.builder().clock(clock).stores(Stores.inMemory())
          .sendCheck(channels.sendCheck(clock)).build();
      OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels)
          .config(OutboxDispatcherConfig.builder().lease(Duration.ofSeconds(60)).build()).build();
      Intake intake = Intake.builder(crm, channels).poll(channel.channel(), POLL_INTERVAL).build();
      return new ScrmFixture(clock, channel, channels, crm, dispatcher, intake);
    }

    /**
     * Returns the clock every part reads.
     *
     * @return the clock
     */
    public TestClock clock() {
      return clock;
    }

    /**
     * Returns the in-memory channel.
     *
     * @return the channel
     */
    public InMemoryChannel channel() {
      return channel;
    }

    /**
     * Returns the registry holding the channel.
     *
     * @return the channels
     */
    public Channels channels() {
      return channels;
    }

    /**
     * Returns the engine.
     *
     * @return the engine
     */
    public SocialCrm crm() {
      return crm;
    }

    /**
     * Returns the dispatcher; call {@link OutboxDispatcher#drain()} to send what is due.
     *
     * @return the dispatcher
     */
    public OutboxDispatcher dispatcher() {
      return dispatcher;
    }

    /**
     * Returns the intake: {@link Intake#receive} for deliveries of the channel, and {@link
     * Intake#pollDue()} to read what was {@linkplain InMemoryChannel#inject injected} (the channel is
     * polled every 30 seconds of the test clock, its cursor kept in memory).
     *
     * @return the intake
     */
    public Intake intake() {
      return intake;
    }

    /** Closes the intake, the dispatcher, the channel and the engine. */
    @Override
    public void close() {
      intake.close();
      dispatcher.close();
      channels.close();
      crm.close();
    }
  }
}

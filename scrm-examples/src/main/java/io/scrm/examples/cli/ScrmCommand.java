package io.scrm.examples.cli;

import io.scrm.examples.demo.DemoScenario;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code scrm} command line: {@code scrm demo} runs the scripted demo on embedded defaults.
 *
 * @since 0.1.0
 */
@Command(name = "scrm", mixinStandardHelpOptions = true, version = "scrm 0.1.0-SNAPSHOT",
    description = "Social CRM for Java: hear, understand, resolve, inform, document.",
    subcommands = {ScrmCommand.Demo.class, NormalizeCommand.class})
public final class ScrmCommand implements Callable<Integer> {

  /** Creates the command. */
  public ScrmCommand() {}

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @return the exit status
   */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new ScrmCommand());
    // a failure while a command runs (no database, a refused connection) is one line, not a stack trace
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("scrm " + line.getCommandName() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return 1;
    });
    return cli.execute(args);
  }

  /**
   * Entry point of {@code java -jar scrm.jar}.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** {@code scrm demo}. */
  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Run the scripted German demo of the whole process on in-memory stores and the in-memory channel.")
  static final class Demo implements Callable<Integer> {
    @CommandLine.Option(names = "--jdbc-url", paramLabel = "URL",
        description = "Run on PostgreSQL instead of in-memory stores, e.g. jdbc:postgresql://localhost:5432/scrm "
            + "(use an empty database; the schema is created on start).")
    @org.jspecify.annotations.Nullable String jdbcUrl;

    @CommandLine.Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user.")
    @org.jspecify.annotations.Nullable String jdbcUser;

    @CommandLine.Option(names = "--jdbc-password", paramLabel = "PASSWORD", description = "Database password.",
        arity = "0..1", interactive = true)
    @org.jspecify.annotations.Nullable String jdbcPassword;

    @CommandLine.Option(names = "--adapter", paramLabel = "NAME",
        description = "Send on this adapter's channels through the real adapter (telegram, mastodon, meta, x, "
            + "email) instead of the in-memory channel, e.g. pointed at a local mock server with "
            + "--setting base-url=http://localhost:8089.")
    @org.jspecify.annotations.Nullable String adapter;

    @CommandLine.Option(names = "--setting", paramLabel = "KEY=VALUE",
        description = "A setting of the adapter (token, base-url, ...); repeatable.")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintStream out = new PrintStream(System.out, true,
          StandardCharsets.UTF_8);
      java.util.List<io.scrm.channels.ChannelAdapter> senders;
      if (adapter == null && !settings.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--setting needs --adapter NAME");
      }
      try {
        senders = adapter == null ? java.util.List.of()
            : java.util.List.of(io.scrm.channels.Channels.create(adapter, io.scrm.channels.ChannelConfig.of(settings)));
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("scrm demo: " + e.getMessage());
        return 2;
      }
      try {
        run(out, senders);
      } finally {
        senders.forEach(io.scrm.channels.ChannelAdapter::close);
      }
      out.flush();
      return 0;
    }

    private void run(PrintStream out, java.util.List<io.scrm.channels.ChannelAdapter> senders) {
      if (jdbcUrl == null) {
        new DemoScenario(out, io.scrm.core.store.Stores.inMemory(), senders).run();
      } else {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (jdbcUser != null) {
          config.setUsername(jdbcUser);
        }
        if (jdbcPassword != null) {
          config.setPassword(jdbcPassword);
        }
        config.setMaximumPoolSize(4);
        try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource(config)) {
          new DemoScenario(out, io.scrm.store.postgres.PostgresStores.builder().dataSource(ds).build(), senders).run();
        }
      }
    }
  }
}

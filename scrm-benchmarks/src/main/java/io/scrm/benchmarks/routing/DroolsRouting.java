package io.scrm.benchmarks.routing;

import io.scrm.benchmarks.routing.RoutingTable.TableMessage;
import io.scrm.benchmarks.routing.RoutingTable.TableRule;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The table as DRL generated from it: one rule per row with salience by rank and one activation group,
 * so only the first match fires. A stateful session is reused: insert, fire, delete. Not thread-safe.
 */
public final class DroolsRouting implements AutoCloseable {
  private final KieSession session;
  private final DroolsFact[] facts;

  /**
   * Generates and compiles the DRL.
   *
   * @param table the table
   */
  public DroolsRouting(RoutingTable table) {
    String drl = drl(table);
    KieServices ks = KieServices.Factory.get();
    KieFileSystem kfs = ks.newKieFileSystem();
    kfs.write("src/main/resources/io/scrm/benchmarks/routing/routing.drl", drl);
    KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
    if (builder.getResults().hasMessages(Message.Level.ERROR)) {
      throw new IllegalStateException("DRL does not compile: " + builder.getResults().getMessages());
    }
    KieContainer container = ks.newKieContainer(ks.getRepository().getDefaultReleaseId());
    session = container.newKieSession();
    facts = table.messages().stream().map(DroolsRouting::fact).toArray(DroolsFact[]::new);
  }

  private static DroolsFact fact(TableMessage m) {
    return new DroolsFact(m.channel(), m.language(), m.region(), m.padded());
  }

  /**
   * Generates the DRL of a table.
   *
   * @param table the table
   * @return DRL text
   */
  public static String drl(RoutingTable table) {
    StringBuilder s = new StringBuilder("package io.scrm.benchmarks.routing\n")
        .append("import ").append(DroolsFact.class.getName()).append(";\n\n");
    int n = table.rules().size();
    for (TableRule r : table.rules()) {
      s.append("rule \"").append(r.id()).append("\" salience ").append(n - r.index())
          .append(" activation-group \"route\"\nwhen\n  $m : DroolsFact(channel == \"").append(r.channel())
          .append("\", language == \"").append(r.language()).append("\", region == \"").append(r.region())
          .append("\", padded.contains(\" ").append(r.keyword()).append(" \"))\nthen\n  $m.setWinner(")
          .append(r.index()).append(");\nend\n\n");
    }
    return s.toString();
  }

  /**
   * Routes one message.
   *
   * @param message the message index
   * @return the winning rule index, or -1
   */
  public int route(int message) {
    DroolsFact fact = facts[message];
    fact.setWinner(-1);
    FactHandle handle = session.insert(fact);
    session.fireAllRules();
    session.delete(handle);
    return fact.getWinner();
  }

  @Override
  public void close() {
    session.dispose();
  }
}

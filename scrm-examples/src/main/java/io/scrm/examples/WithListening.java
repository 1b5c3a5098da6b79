package io.scrm.examples;

import io.scrm.core.SocialCrm;
import io.scrm.core.event.SpikeDetected;
import io.scrm.core.listening.Listening;
import io.scrm.core.listening.Monitor;
import io.scrm.core.model.Interaction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's listening example, compiled and tested: a monitor over public posts, and the early
 * warning of a storm.
 *
 * @since 0.1.0
 */
public final class WithListening {
  private WithListening() {}

  /**
   * Hears public posts.
   *
   * @param crm the engine
   * @param posts public posts from any channel
   * @return the early warnings raised
   */
  public static List<SpikeDetected> run(SocialCrm crm, List<Interaction> posts) {
    List<SpikeDetected> warnings = new CopyOnWriteArrayList<>();
    // listening:begin
    Listening listening = Listening.builder(crm)
        .monitor(Monitor.builder("stoerung").terms("Störung", "kein Internet", "#NetzDown")
            .exclude("Störungsstelle").tags("service").build())
        .crisisQueue("krisenstab")                             // a spike opens an urgent crisis case
        .build();
    crm.events().subscribe(SpikeDetected.class, warnings::add);
    posts.forEach(listening::hear);                            // matches become tagged mentions, routed as usual
    // listening:end
    return warnings;
  }
}

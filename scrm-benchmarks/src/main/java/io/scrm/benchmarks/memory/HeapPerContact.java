package io.scrm.benchmarks.memory;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.store.Stores;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap per contact with three identities (Telegram, Mastodon, e-mail) in the in-memory stores, as
 * the difference of the used heap after full GCs before and after loading, divided by the number of
 * contacts. The in-memory stores keep a contact and its identities packed in one byte array; JOL's
 * size of the records one read returns shows what they would take as objects. Run with a fixed
 * heap, e.g. {@code -Xms4g -Xmx4g}.
 *
 * <pre>
 * java -Xms4g -Xmx4g -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.memory.HeapPerContact 1000000
 * </pre>
 */
public final class HeapPerContact {
  private HeapPerContact() {}

  /**
   * Runs the measurement.
   *
   * @param args how many contacts (default 1,000,000)
   */
  public static void main(String[] args) {
    int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    run(contacts, System.out);
  }

  /**
   * Loads contacts and reports the heap each takes.
   *
   * @param contacts how many
   * @param out where the figure is printed
   * @return bytes per contact
   */
  public static double run(int contacts, PrintStream out) {
    // JOL cannot read field offsets of records on JDK 17 without this
    System.setProperty("jol.magicFieldOffset", "true");
    long before = usedAfterGc();
    Stores stores = Stores.inMemory();
    Instant at = Instant.parse("2026-03-02T09:00:00Z");
    for (int i = 0; i < contacts; i++) {
      ContactId id = ContactId.random();
      IdentityKey telegram = new IdentityKey(ChannelId.TELEGRAM, "kunde_" + i);
      IdentityKey mastodon = new IdentityKey(ChannelId.MASTODON, "kunde" + i + "@social.example");
      IdentityKey email = new IdentityKey(ChannelId.EMAIL, "kunde" + i + "@example.de");
      stores.identities().create(Identity.of(telegram, null, id, at));
      stores.identities().create(Identity.of(mastodon, null, id, at));
      stores.identities().create(Identity.of(email, null, id, at));
      stores.contacts().create(Contact.pseudonymous(id, telegram, at).withIdentity(mastodon).withIdentity(email));
    }
    long after = usedAfterGc();
    double perContact = (after - before) / (double) contacts;
    // the records of one contact as a read returns them
    ContactId sample = stores.identities().find(new IdentityKey(ChannelId.TELEGRAM, "kunde_0")).orElseThrow().contactId();
    long records = GraphLayout.parseInstance(stores.contacts().find(sample).orElseThrow(),
        stores.identities().find(new IdentityKey(ChannelId.TELEGRAM, "kunde_0")).orElseThrow(),
        stores.identities().find(new IdentityKey(ChannelId.MASTODON, "kunde0@social.example")).orElseThrow(),
        stores.identities().find(new IdentityKey(ChannelId.EMAIL, "kunde0@example.de")).orElseThrow()).totalSize();
    out.printf("contacts=%d  heap=%.1f MiB  per contact=%.0f bytes  (the same records as objects, JOL: %d bytes)%n",
        contacts, (after - before) / 1048576.0, perContact, records);
    Reference.reachabilityFence(stores); // the stores must not be collected before the measurement
    return perContact;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}

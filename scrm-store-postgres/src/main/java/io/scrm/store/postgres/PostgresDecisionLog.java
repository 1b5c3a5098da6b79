package io.scrm.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.consent.DecisionLog;
import io.scrm.consent.DecisionRecord;
import io.scrm.core.ScrmJson;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ContactId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The consent gate's decision log on PostgreSQL: one row per decision, shared by all instances. A
 * subject's entries come oldest first, those of one instant in the order they were appended.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class PostgresDecisionLog implements DecisionLog {
  private final Db db;
  private final ObjectMapper json = ScrmJson.newObjectMapper();

  /**
   * Creates the log, migrating the schema first.
   *
   * @param dataSource the host's pooled data source
   */
  public PostgresDecisionLog(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    SchemaMigrations.migrate(db);
  }

  private static String actorKey(Actor actor) {
    return actor.type().name() + ":" + actor.id();
  }

  @Override
  public void append(DecisionRecord entry) {
    Objects.requireNonNull(entry, "entry");
    db.tx("append decision", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_consent_decision (audit_id, subject, actor, at, "
          + "doc) VALUES (?, ?, ?, ?, CAST(? AS jsonb))")) {
        Db.bind(ps, entry.auditId(), entry.subject().value(), actorKey(entry.actor()), entry.at(), write(entry));
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<DecisionRecord> entries(ContactId subject) {
    return db.tx("read decisions", c -> {
      List<DecisionRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT doc FROM scrm_consent_decision WHERE subject = ? ORDER BY at, appended")) {
        Db.bind(ps, subject.value());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs.getString(1)));
          }
        }
      }
      return List.copyOf(out);
    });
  }

  @Override
  public long count() {
    return db.tx("count decisions", c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM scrm_consent_decision")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public int pseudonymise(ContactId subject, ContactId pseudonym) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(pseudonym, "pseudonym");
    String subjectAsActor = actorKey(Actor.customer(subject));
    return db.tx("pseudonymise decisions", c -> {
      List<DecisionRecord> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT doc FROM scrm_consent_decision WHERE subject = ? OR actor = ? FOR UPDATE")) {
        Db.bind(ps, subject.value(), subjectAsActor);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(read(rs.getString(1)));
          }
        }
      }
      for (DecisionRecord e : rows) {
        boolean actorIsSubject = e.actor().type() == ActorType.CUSTOMER && e.actor().id().equals(subject.value());
        DecisionRecord p = new DecisionRecord(e.auditId(), e.at(), e.subject().equals(subject) ? pseudonym : e.subject(),
            e.purpose(), e.channel(), e.action(), actorIsSubject ? Actor.customer(pseudonym) : e.actor(), e.allowed(),
            e.reason(), e.evidenceId());
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE scrm_consent_decision SET subject = ?, actor = ?, doc = CAST(? AS jsonb) WHERE audit_id = ?")) {
          Db.bind(ps, p.subject().value(), actorKey(p.actor()), write(p), p.auditId());
          ps.executeUpdate();
        }
      }
      return rows.size();
    });
  }

  private DecisionRecord read(String doc) {
    try {
      return json.readValue(doc, DecisionRecord.class);
    } catch (JsonProcessingException e) {
      throw new PostgresStoreException("decision entry unreadable", e);
    }
  }

  private String write(DecisionRecord r) {
    try {
      return json.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new PostgresStoreException("decision entry could not be serialised", e);
    }
  }
}

package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.channels.InboundDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broken updates are refused with the right reason and a text that names the field, never a value. */
final class TelegramMalformedUpdateTest {
  private static final String SECRET = "s3cr3t";
  private static final Map<String, List<String>> HEADERS = Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET));
  private static final String TEXT = "Geheimer Inhalt @GlasfaserNordBot";
  /** A valid update that uses every member the adapter reads; the cases below break one each. */
  private static final String VALID = "{\"update_id\":731840570,\"message\":{\"message_id\":4412,"
      + "\"from\":{\"id\":6120934471,\"first_name\":\"Vertrauliche\",\"last_name\":\"Person\"},"
      + "\"chat\":{\"id\":-1001847263519,\"type\":\"supergroup\",\"username\":\"bauherren_sh\"},"
      + "\"date\":1773482400,\"text\":\"" + TEXT + "\","
      + "\"entities\":[{\"offset\":16,\"length\":17,\"type\":\"mention\"}],"
      + "\"photo\":[{\"file_id\":\"p1\",\"width\":90,\"height\":67}],\"document\":{\"file_id\":\"d1\"},"
      + "\"reply_to_message\":{\"message_id\":4409},\"is_topic_message\":true,\"message_thread_id\":4400}}";

  private final TelegramAdapter adapter = TelegramAdapter.builder().token("1:t").secretToken(SECRET)
      .botUsername("GlasfaserNordBot").build();

  private record Case(String body, Reason reason, String detail) {}

  private static Case edit(String from, String to, Reason reason, String detail) {
    if (!VALID.contains(from)) {
      throw new IllegalArgumentException("not in the valid update: " + from);
    }
    return new Case(VALID.replace(from, to), reason, detail);
  }

  private static final List<Case> CASES = List.of(
      edit("\"update_id\":731840570,", "", Reason.MISSING_FIELD, "'update_id' is missing"),
      edit("731840570", "\"7318x\"", Reason.MALFORMED, "'update_id' is not an integer"),
      edit("731840570", "731840570.5", Reason.LOSSY_ID, "'update_id' is not an integer and cannot be kept exactly"),
      edit("731840570", "7.3184057e8", Reason.LOSSY_ID, "'update_id' is not an integer and cannot be kept exactly"),
      edit("\"message_id\":4412,", "", Reason.MISSING_FIELD, "'message_id' is missing"),
      edit("4412", "4412.0", Reason.LOSSY_ID, "'message_id' is not an integer and cannot be kept exactly"),
      edit("4412", "4412E0", Reason.LOSSY_ID, "'message_id' is not an integer and cannot be kept exactly"),
      edit("4412", "true", Reason.MISSING_FIELD, "'message_id' is not an id"),
      edit("4412", "\"  \"", Reason.MISSING_FIELD, "'message_id' is blank or too long"),
      edit("\"message\":{", "\"message\":[{", Reason.MALFORMED, "body is not valid JSON"),
      edit("\"chat\":{\"id\":-1001847263519,\"type\":\"supergroup\",\"username\":\"bauherren_sh\"},", "",
          Reason.MISSING_FIELD, "'chat' is missing or not an object"),
      edit("\"chat\":{\"id\":-1001847263519,\"type\":\"supergroup\",\"username\":\"bauherren_sh\"}", "\"chat\":7",
          Reason.MISSING_FIELD, "'chat' is missing or not an object"),
      edit("\"id\":-1001847263519,", "", Reason.MISSING_FIELD, "'id' is missing"),
      edit("-1001847263519", "-1.001847263519e12", Reason.LOSSY_ID, "'id' is not an integer and cannot be kept exactly"),
      edit("\"type\":\"supergroup\",", "", Reason.MISSING_FIELD, "'type' is missing"),
      edit("\"supergroup\"", "3", Reason.MISSING_FIELD, "'type' is not a string"),
      edit("\"date\":1773482400,", "", Reason.MISSING_FIELD, "'date' is missing"),
      edit("1773482400", "\"1773482400\"", Reason.MISSING_FIELD, "'date' is not an integer"),
      edit("1773482400", "1773482400.5", Reason.MISSING_FIELD, "'date' is not an integer"),
      edit("1773482400", "-1", Reason.MALFORMED, "'date' is out of range"),
      edit("1773482400", "253402300800", Reason.MALFORMED, "'date' is out of range"),
      edit("\"id\":6120934471,", "", Reason.MISSING_FIELD, "'id' is missing"),
      edit("6120934471", "6.120934471E9", Reason.LOSSY_ID, "'id' is not an integer and cannot be kept exactly"),
      edit("\"from\":{\"id\":6120934471,\"first_name\":\"Vertrauliche\",\"last_name\":\"Person\"},", "",
          Reason.MISSING_FIELD, "'from' is missing"),
      edit("\"from\":{\"id\":6120934471,\"first_name\":\"Vertrauliche\",\"last_name\":\"Person\"}",
          "\"from\":\"Vertrauliche Person\"", Reason.MISSING_FIELD, "'from' is not an object"),
      edit("\"Vertrauliche\"", "[\"Vertrauliche\"]", Reason.MISSING_FIELD, "'first_name' is not a string"),
      edit("\"text\":\"" + TEXT + "\"", "\"text\":{\"v\":\"" + TEXT + "\"}", Reason.MISSING_FIELD, "'text' is not a string"),
      edit("\"entities\":[", "\"entities\":{\"e\":[", Reason.MALFORMED, "body is not valid JSON"),
      edit("\"entities\":[{\"offset\":16,\"length\":17,\"type\":\"mention\"}]", "\"entities\":\"" + TEXT + "\"",
          Reason.MISSING_FIELD, "'entities' is not an array"),
      edit("\"length\":17", "\"length\":18", Reason.MALFORMED, "an entity lies outside the text"),
      edit("\"offset\":16,", "", Reason.MALFORMED, "an entity lies outside the text"),
      edit("\"offset\":16", "\"offset\":-16", Reason.MALFORMED, "'offset' is out of range"),
      edit("\"offset\":16", "\"offset\":16.0", Reason.MISSING_FIELD, "'offset' is not an integer"),
      edit("\"file_id\":\"p1\",", "", Reason.MISSING_FIELD, "'file_id' is missing"),
      edit("\"width\":90", "\"width\":\"90\"", Reason.MISSING_FIELD, "'width' is not an integer"),
      edit("\"photo\":[", "\"photo\":{\"p\":[", Reason.MALFORMED, "body is not valid JSON"),
      edit("{\"file_id\":\"d1\"}", "{\"file_name\":\"d1\"}", Reason.MISSING_FIELD, "'file_id' is missing"),
      edit("{\"message_id\":4409}", "{\"text\":\"" + TEXT + "\"}", Reason.MISSING_FIELD, "'message_id' is missing"),
      edit("{\"message_id\":4409}", "4409", Reason.MISSING_FIELD, "'reply_to_message' is not an object"),
      edit("\"message_thread_id\":4400", "\"message_thread_id\":\"Themen\"", Reason.MALFORMED,
          "'message_thread_id' is not an integer"),
      edit("\"message_thread_id\":4400", "\"message_thread_id\":4400.5", Reason.LOSSY_ID,
          "'message_thread_id' is not an integer and cannot be kept exactly"),
      edit("\"is_topic_message\":true", "\"is_topic_message\":\"true\"", Reason.MISSING_FIELD,
          "'is_topic_message' is not a boolean"),
      edit("\"message\":{", "\"message\":\"" + TEXT + "\",\"x\":{", Reason.MISSING_FIELD, "'message' is not an object"),
      new Case(VALID.substring(0, VALID.length() / 2), Reason.MALFORMED, "body is not valid JSON (line 1, column"),
      new Case(VALID.substring(0, VALID.length() - 1), Reason.MALFORMED, "body is not valid JSON (line 1, column"),
      new Case(VALID + " {}", Reason.MALFORMED, "body is not valid JSON (line 1, column " + (VALID.length() + 2) + ")"),
      new Case(VALID + "]", Reason.MALFORMED, "body is not valid JSON (line 1, column " + (VALID.length() + 1) + ")"),
      new Case(VALID + "\n\"" + TEXT + "\"", Reason.MALFORMED, "body is not valid JSON (line 2, column 1)"),
      new Case("", Reason.MALFORMED, "body is empty"),
      new Case(" \n ", Reason.MALFORMED, "body is empty"),
      new Case("[" + VALID + "]", Reason.MALFORMED, "an update must be a JSON object"),
      new Case("null", Reason.MALFORMED, "an update must be a JSON object"),
      new Case("{\"ok\":false,\"result\":[" + VALID + "]}", Reason.MALFORMED, "getUpdates response is not ok"),
      new Case("{\"ok\":\"true\",\"result\":[" + VALID + "]}", Reason.MALFORMED, "getUpdates response is not ok"),
      new Case("{\"ok\":true}", Reason.MISSING_FIELD, "'result' is missing or not an array"),
      new Case("{\"ok\":true,\"result\":" + VALID + "}", Reason.MISSING_FIELD, "'result' is missing or not an array"),
      new Case("{\"ok\":true,\"result\":[" + VALID + ",\"" + TEXT + "\"]}", Reason.MALFORMED,
          "an update must be a JSON object"));

  @Test
  void parse_validUpdate_isRead() {
    assertThat(parse(VALID).interactions()).hasSize(1);
  }

  @Test
  void parse_eachBrokenMember_isRefusedWithItsReasonAndField() {
    for (Case c : CASES) {
      assertThatThrownBy(() -> parse(c.body())).as(c.body()).isInstanceOfSatisfying(DeliveryRejectedException.class,
          e -> {
            assertThat(e.reason()).as(c.body()).isEqualTo(c.reason());
            assertThat(e.getMessage()).as(c.body()).contains(c.detail());
          });
    }
  }

  @Test
  void parse_anyRefusal_carriesNeitherTextNorName() {
    for (Case c : CASES) {
      assertThatThrownBy(() -> parse(c.body())).as(c.body()).isInstanceOfSatisfying(DeliveryRejectedException.class,
          e -> assertThat(e.getMessage()).doesNotContain("Geheimer", "Inhalt", "Vertrauliche", "Person", "GlasfaserNordBot"));
    }
  }

  private io.scrm.channels.ParsedDelivery parse(String body) {
    return adapter.parse(InboundDelivery.of(body.getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH));
  }
}

package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.Actor;
import org.junit.jupiter.api.Test;

final class CaseCommandTest {
  private static final Actor ANNA = Actor.agent("anna");

  @Test
  void escalateKind_withoutALevel_isRefusedNamingLevel() {
    assertThatThrownBy(() -> CaseCommand.of("e1", CommandKind.ESCALATE, ANNA, "Presse"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
    assertThatThrownBy(() -> new CaseCommand("e2", CommandKind.ESCALATE, ANNA, null, null, null, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
  }

  @Test
  void assignKind_withoutAnAgent_isRefusedNamingAssignee() {
    assertThatThrownBy(() -> CaseCommand.of("a1", CommandKind.ASSIGN, ANNA, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("assignee");
  }

  @Test
  void noteKind_withoutText_isRefusedNamingNote() {
    assertThatThrownBy(() -> CaseCommand.of("n1", CommandKind.NOTE, ANNA, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("note");
  }

  @Test
  void commandsOfTheFactories_andHostKinds_areAccepted() {
    assertThat(CaseCommand.escalate("e", ANNA, 1, null, null).level()).isEqualTo(1);
    assertThat(CaseCommand.assign("a", ANNA, "ben").assignee()).isEqualTo("ben");
    assertThat(CaseCommand.note("n", ANNA, "Rückruf").note()).isEqualTo("Rückruf");
    assertThat(CaseCommand.of("h", CommandKind.of("APPROVE"), ANNA, null).kind().name()).isEqualTo("APPROVE");
    assertThat(CaseCommand.resolve("r", ANNA, null).note()).isNull();
  }
}

package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class EscalationPolicyTest {

  @Test
  void onBreach_blankAgentToReassignTo_isRefusedAtOnce() {
    for (String blank : new String[] {"", " ", "\t"}) {
      assertThatThrownBy(() -> EscalationPolicy.onBreach(blank)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reassignTo");
    }
  }
}

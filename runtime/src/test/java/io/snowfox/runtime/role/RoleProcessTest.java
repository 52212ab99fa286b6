package io.snowfox.runtime.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleProcessTest {

  @ParameterizedTest(name = "Shutdown from {1} of {0}: accepted {2}")
  @CsvSource({
      "n1, ROLE_DAEMON,  true",
      "n2, ROLE_DAEMON,  false",
      "n1, ROLE_MANAGER, false",
      "n1, ROLE_SPAWNER, false",
      "n1, ROLE_API,     false",
      "'', ROLE_UNSPECIFIED, false",
  })
  void onlyTheNodesOwnDaemonMayStopAProcess(String node, Role role, boolean accepted) {
    Envelope envelope = Envelope.newBuilder()
        .setSource(Endpoint.newBuilder().setNodeId(node).setRole(role))
        .build();

    assertThat(RoleProcess.fromOwnDaemon(envelope, "n1")).isEqualTo(accepted);
  }
}

package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoresTest {

  /** A job offered to the leader becomes a job of the cluster: only a manager may offer one. */
  @ParameterizedTest(name = "offer from {0}: allowed = {1}")
  @CsvSource({
      "ROLE_MANAGER,     true",
      "ROLE_API,         false",
      "ROLE_SPAWNER,     false",
      "ROLE_DAEMON,      false",
      "ROLE_CLIENT,      false",
      "ROLE_UNSPECIFIED, false",
  })
  void onlyAManagerMayOfferJobsToRestore(Role role, boolean allowed) {
    Envelope envelope = Envelope.newBuilder()
        .setSource(Endpoint.newBuilder().setNodeId("a").setRole(role)).build();

    assertThat(Restores.mayOffer(envelope)).isEqualTo(allowed);
  }
}

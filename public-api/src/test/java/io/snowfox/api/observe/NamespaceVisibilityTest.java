package io.snowfox.api.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.auth.Access;
import io.snowfox.protocol.v1.LogEntry;
import io.snowfox.protocol.v1.TokenRole;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a token sees of events and traces: its namespace's, and nothing of another's. */
class NamespaceVisibilityTest {

  private static final Access TEAM_A = new Access("a1", "team-a", TokenRole.TOKEN_ROLE_SUBMIT);
  private static final Access OPERATOR = new Access("o1", "team-a", TokenRole.TOKEN_ROLE_OPERATE);
  private static final Access MANAGEMENT = new Access("m1", "*", TokenRole.TOKEN_ROLE_MANAGEMENT);

  private static JsonObject event(String namespace) {
    return new JsonObject().put("type", "job.state").put("namespace", namespace);
  }

  @Test
  void jobEventsAreSeenByTheirNamespaceAndNodeEventsByOperators() {
    assertThat(EventEndpoint.visible(TEAM_A, event("team-a"))).isTrue();
    assertThat(EventEndpoint.visible(TEAM_A, event("team-b"))).isFalse();
    assertThat(EventEndpoint.visible(TEAM_A, event(""))).isFalse();
    assertThat(EventEndpoint.visible(OPERATOR, event(""))).isTrue();
    assertThat(EventEndpoint.visible(MANAGEMENT, event("team-b"))).isTrue();
  }

  private static LogEntry line(long micros, String tenant) {
    return LogEntry.newBuilder().setTimeMicros(micros).setTenant(tenant).build();
  }

  @Test
  void aTraceBelongsToTheNamespaceOfItsFirstLineThatNamesOne() {
    assertThat(TraceEndpoint.owner(List.of(line(1, ""), line(2, "team-a"), line(3, "team-b"))))
        .isEqualTo("team-a");
    assertThat(TraceEndpoint.owner(List.of(line(1, ""), line(2, "")))).isEmpty();
  }
}

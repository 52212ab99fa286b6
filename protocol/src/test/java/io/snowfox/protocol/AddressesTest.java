package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.protocol.v1.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

  @ParameterizedTest(name = "{0} of {1} listens on {2}")
  @CsvSource(delimiter = '|', textBlock = """
      node-1 | ROLE_DAEMON  | snowfox.v1.node.node-1.daemon
      node-1 | ROLE_SPAWNER | snowfox.v1.node.node-1.spawner
      n_2    | ROLE_MANAGER | snowfox.v1.node.n_2.manager
      A9     | ROLE_API     | snowfox.v1.node.A9.api
      x      | ROLE_CLIENT  | snowfox.v1.node.x.client
      """)
  void addressNamesTheNodeAndTheRole(String nodeId, Role role, String address) {
    assertThat(Addresses.of(nodeId, role)).isEqualTo(address);
  }

  @Test
  void shortcutsNameTheRoleOfTheNode() {
    assertThat(Addresses.daemon("n1")).isEqualTo(Addresses.of("n1", Role.ROLE_DAEMON));
    assertThat(Addresses.spawner("n1")).isEqualTo(Addresses.of("n1", Role.ROLE_SPAWNER));
    assertThat(Addresses.manager("n1")).isEqualTo(Addresses.of("n1", Role.ROLE_MANAGER));
    assertThat(Addresses.api("n1")).isEqualTo(Addresses.of("n1", Role.ROLE_API));
    assertThat(Addresses.NODES_MAP).startsWith(Addresses.PREFIX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "node-1", "Node_1", "a-b_c",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"})
  void usableNodeIdsAreAccepted(String nodeId) {
    assertThat(Addresses.checkNodeId(nodeId)).isEqualTo(nodeId);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-node", "_node", "a.b", "bad..id", "a b", "a/b", "nœud", " a",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"})
  void unusableNodeIdsAreRejectedNamingTheRule(String nodeId) {
    assertThatThrownBy(() -> Addresses.checkNodeId(nodeId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid node id '" + nodeId
            + "': use 1-63 letters, digits, '-' or '_', starting with a letter or digit");
  }

  @Test
  void addressOfAnUnusableNodeIdIsRejected() {
    assertThatThrownBy(() -> Addresses.daemon("a.b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid node id 'a.b'");
  }

  @Test
  void addressOfNoConcreteRoleIsRejected() {
    assertThatThrownBy(() -> Addresses.of("n1", Role.ROLE_UNSPECIFIED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a concrete role: ROLE_UNSPECIFIED");
  }
}

package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.protocol.v1.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RolesTest {

  @ParameterizedTest(name = "{0} is called {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ROLE_DAEMON  | daemon
      ROLE_SPAWNER | spawner
      ROLE_MANAGER | manager
      ROLE_API     | api
      ROLE_CLIENT  | client
      """)
  void concreteRolesHaveShortLowerCaseNames(Role role, String name) {
    assertThat(Roles.name(role)).isEqualTo(name);
    assertThat(Roles.parse(name)).isEqualTo(role);
  }

  @ParameterizedTest
  @EnumSource(value = Role.class, names = {"ROLE_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyConcreteRoleRoundTripsThroughItsName(Role role) {
    assertThat(Roles.parse(Roles.name(role))).isEqualTo(role);
  }

  @Test
  void parsingIgnoresCase() {
    assertThat(Roles.parse("Spawner")).isEqualTo(Role.ROLE_SPAWNER);
    assertThat(Roles.parse("API")).isEqualTo(Role.ROLE_API);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"nobody", "unspecified", "unrecognized", "role_api", "ROLE_API",
      " api"})
  void unknownRoleIsRejectedListingTheKnownOnes(String name) {
    assertThatThrownBy(() -> Roles.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown role '" + name
            + "': expected daemon, spawner, manager, api or client");
  }

  @ParameterizedTest
  @EnumSource(value = Role.class, names = {"ROLE_UNSPECIFIED", "UNRECOGNIZED"})
  void noConcreteRoleHasNoName(Role role) {
    assertThatThrownBy(() -> Roles.name(role))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a concrete role: " + role);
  }

  @Test
  void nullRoleHasNoName() {
    assertThatThrownBy(() -> Roles.name(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a concrete role: null");
  }
}

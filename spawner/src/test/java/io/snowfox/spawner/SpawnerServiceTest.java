package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpawnerServiceTest {

  @Test
  void theJobOfARunIsItsIdWithoutIndexAndRestarts() {
    assertThat(SpawnerService.jobOf("web-1a2b3c4d.0.0")).isEqualTo("web-1a2b3c4d");
    assertThat(SpawnerService.jobOf("web-1a2b3c4d.12.3")).isEqualTo("web-1a2b3c4d");
    // Job names may contain dots: only the last two parts are the run's.
    assertThat(SpawnerService.jobOf("api.v2-1a2b3c4d.0.1")).isEqualTo("api.v2-1a2b3c4d");
    assertThat(SpawnerService.jobOf("no-dots")).isEqualTo("no-dots");
  }
}

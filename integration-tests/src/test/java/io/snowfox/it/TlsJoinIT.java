package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two machines from one CA, as an operator sets them up: the first node makes the cluster's
 * material at its first start; the second gets a certificate of that CA with
 * {@code snowfox tls init --ca} and joins. A node that joins with no material at all stops at
 * once and says what to do.
 */
class TlsJoinIT {

  @Test
  void secondNodeWithACertificateOfTheFirstNodesCaJoinsIt() throws Exception {
    TestNode first = TestNode.startAlone("tls-a", List.of());
    TestNode second = null;
    try {
      first.awaitGreen();
      Path secondTls = first.dataDir.resolveSibling("tls-b-material-" + System.nanoTime());
      Cli.Result issued = Cli.run("tls", "init", "--tls-dir", secondTls.toString(),
          "--node-id", "tls-b", "--host", "127.0.0.1",
          "--ca", first.dataDir.resolve("tls").toString());
      assertThat(issued.exitCode()).as(issued.err()).isZero();
      assertThat(secondTls.resolve("ca-key.pem")).doesNotExist();

      second = TestNode.startAlone("tls-b", List.of("--seed", first.seed(), "--no-api",
          "--tls-dir", secondTls.toString()));

      // GREEN seen through the first node's API: the two daemons talk over the TLS bus.
      assertThat(second.awaitStatus(first.apiUrl(), "GREEN").getString("node_id"))
          .isEqualTo("tls-b");
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  @Test
  void nodeThatJoinsWithoutMaterialStopsAndSaysHowToGetIt() throws Exception {
    try (TestNode lost = TestNode.startAlone("tls-lost", List.of("--seed", "127.0.0.1:"
        + Ports.free(), "--no-api"))) {
      assertThat(lost.daemonProcess().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(lost.daemonProcess().exitValue()).isNotZero();
      eventually(Duration.ofSeconds(10), () -> assertThat(
          Files.readString(lost.dataDir.resolve("console.out")))
          .contains("snowfox tls init").contains("--ca"));
      assertThat(lost.dataDir.resolve("tls").resolve("node.pem")).doesNotExist();
    }
  }
}

package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.runtime.security.TlsDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TlsInitCommandTest {

  @TempDir
  Path root;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SnowfoxMain.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void initMakesANewClusterInTheDataDirWhereTheDaemonLooks() {
    int code = run("tls", "init", "--data-dir", root.resolve("a").toString(), "--node-id", "a");

    assertThat(code).as(err.toString()).isZero();
    TlsDir dir = TlsDir.under(root.resolve("a"));
    assertThat(dir.complete()).isTrue();
    assertThat(dir.holdsCa()).isTrue();
    assertThat(out.toString()).contains("new cluster CA").contains("--ca " + dir);
  }

  @Test
  void initWithCaGivesASecondNodeTheSameCaAndClusterKey() throws Exception {
    run("tls", "init", "--data-dir", root.resolve("a").toString(), "--node-id", "a");
    TlsDir first = TlsDir.under(root.resolve("a"));

    int code = run("tls", "init", "--tls-dir", root.resolve("b-tls").toString(),
        "--node-id", "b", "--host", "10.0.0.2", "--ca", first.toString());

    assertThat(code).as(err.toString()).isZero();
    TlsDir second = new TlsDir(root.resolve("b-tls"));
    assertThat(second.complete()).isTrue();
    assertThat(second.holdsCa()).isFalse();
    assertThat(Files.readString(second.clusterKey()))
        .isEqualTo(Files.readString(first.clusterKey()));
  }

  @Test
  void initRefusesToOverwriteAndSaysSo() {
    run("tls", "init", "--data-dir", root.toString(), "--node-id", "a");

    int code = run("tls", "init", "--data-dir", root.toString(), "--node-id", "a");

    assertThat(code).isEqualTo(SnowfoxMain.EXIT_FAILURE);
    assertThat(err.toString()).contains("already holds TLS material");
  }
}

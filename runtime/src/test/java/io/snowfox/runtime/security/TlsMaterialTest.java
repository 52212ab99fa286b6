package io.snowfox.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

  @TempDir
  Path root;

  private static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static List<String> names(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .map(name -> String.valueOf(name.get(1))).toList();
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void newClusterHasACaANodeCertificateSignedByItAndAClusterKey() throws Exception {
    TlsDir dir = TlsMaterial.createCluster(new TlsDir(root.resolve("tls")), "n1",
        List.of("10.0.0.5"));

    assertThat(dir.complete()).isTrue();
    assertThat(dir.holdsCa()).isTrue();
    X509Certificate ca = certificate(dir.caCert());
    X509Certificate node = certificate(dir.nodeCert());
    node.verify(ca.getPublicKey());
    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(node.getBasicConstraints()).isEqualTo(-1);
    assertThat(node.getSubjectX500Principal().getName()).contains("n1");
    assertThat(node.getExtendedKeyUsage())
        .contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"); // server and client auth
    assertThat(names(node)).containsExactlyInAnyOrder("10.0.0.5", "localhost", "127.0.0.1");
    assertThat(node.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void secretsAreReadableByTheirOwnerOnly() throws Exception {
    TlsDir dir = TlsMaterial.createCluster(new TlsDir(root.resolve("tls")), "n1", List.of());

    assertThat(mode(dir.nodeKey())).isEqualTo("rw-------");
    assertThat(mode(dir.caKey())).isEqualTo("rw-------");
    assertThat(mode(dir.clusterKey())).isEqualTo("rw-------");
    assertThat(mode(dir.path())).isEqualTo("rwx------");
    assertThat(RecordSigner.load(dir)).isNotNull();
  }

  @Test
  void onlyTheTlsDirectoryIsClosedNotTheDataDirMadeForIt() throws Exception {
    TlsDir dir = TlsMaterial.createCluster(new TlsDir(root.resolve("new-data/tls")), "n1",
        List.of());

    assertThat(mode(dir.path())).isEqualTo("rwx------");
    assertThat(mode(root.resolve("new-data"))).isNotEqualTo("rwx------");
  }

  @Test
  void secondNodeGetsACertificateOfTheSameCaAndTheSameClusterKeyButNotTheCaKey()
      throws Exception {
    TlsDir first = TlsMaterial.createCluster(new TlsDir(root.resolve("a")), "a", List.of());

    TlsDir second = TlsMaterial.joinCluster(new TlsDir(root.resolve("b")), first, "b",
        List.of("b.example"));

    assertThat(second.complete()).isTrue();
    assertThat(second.holdsCa()).isFalse();
    assertThat(Files.readString(second.caCert())).isEqualTo(Files.readString(first.caCert()));
    assertThat(Files.readString(second.clusterKey()))
        .isEqualTo(Files.readString(first.clusterKey()));
    certificate(second.nodeCert()).verify(certificate(first.caCert()).getPublicKey());
    assertThat(names(certificate(second.nodeCert()))).contains("b.example");
    assertThat(mode(second.clusterKey())).isEqualTo("rw-------");
  }

  @Test
  void existingMaterialIsNeverOverwritten() {
    TlsDir dir = TlsMaterial.createCluster(new TlsDir(root.resolve("tls")), "n1", List.of());

    assertThatThrownBy(() -> TlsMaterial.createCluster(dir, "n1", List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds");
  }

  @Test
  void issuingNeedsTheCaKey() {
    TlsDir first = TlsMaterial.createCluster(new TlsDir(root.resolve("a")), "a", List.of());
    TlsDir second = TlsMaterial.joinCluster(new TlsDir(root.resolve("b")), first, "b", List.of());

    assertThatThrownBy(() -> TlsMaterial.joinCluster(new TlsDir(root.resolve("c")), second, "c",
        List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the directory of a cluster CA");
  }

  @Test
  void incompleteDirectoryNamesWhatIsMissingAndHowToMakeIt() {
    TlsDir empty = new TlsDir(root.resolve("none"));

    assertThat(empty.empty()).isTrue();
    assertThatThrownBy(empty::requireComplete).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node.pem").hasMessageContaining("snowfox tls init");
  }
}

package io.snowfox.runtime.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the TLS material of a cluster: a CA, node certificates signed by it, and the cluster
 * key. Keys are EC P-256; private keys and the cluster key are written readable by their owner
 * only. Existing material is never overwritten: a node that lost its certificate gets a new
 * directory.
 */
public final class TlsMaterial {

  /** A CA lives as long as the cluster; there is no rotation yet, so give it room. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  /** A node certificate: renewed by issuing a new one from the CA ({@code tls init --ca}). */
  public static final Duration NODE_VALIDITY = Duration.ofDays(1825);
  /** Bytes of the cluster key (HMAC-SHA256 key). */
  public static final int CLUSTER_KEY_BYTES = 32;
  /** Names every node certificate carries besides its bind host: local tools and tests. */
  public static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1");

  private static final String CURVE = "secp256r1";
  private static final String SIGNATURE = "SHA256withECDSA";
  /** Tolerates clocks of the cluster's machines a little apart. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private TlsMaterial() {}

  /**
   * Starts a new cluster in {@code dir}: a new CA (its key stays in {@code dir}), a certificate
   * for {@code nodeId} and a new cluster key.
   *
   * @param hosts names and addresses the node is reached at, added to {@link #LOCAL_NAMES}
   */
  public static TlsDir createCluster(TlsDir dir, String nodeId, Collection<String> hosts) {
    refuseExisting(dir);
    try {
      createDirectory(dir);
      KeyPair caKeys = newKeyPair();
      X500Name caName = new X500Name("CN=SnowFox cluster CA " + Long.toHexString(RANDOM.nextLong()));
      X509CertificateHolder ca = sign(caName, caKeys.getPrivate(),
          new JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(CA_VALIDITY),
              caName, caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(Extension.keyUsage, true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
      writePrivate(dir.caKey(), pem(new JcaPKCS8Generator(caKeys.getPrivate(), null)));
      Files.writeString(dir.caCert(), pem(ca));
      issueNode(dir, caName, caKeys.getPrivate(), nodeId, hosts);
      writePrivate(dir.clusterKey(), newClusterKey());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write TLS material in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not make TLS material: " + e.getMessage(), e);
    }
  }

  /**
   * Gives {@code nodeId} a certificate of an existing cluster: signed by the CA in
   * {@code caDir}, with that CA's certificate and cluster key copied to {@code dir}. The CA's
   * key is not copied.
   */
  public static TlsDir joinCluster(TlsDir dir, TlsDir caDir, String nodeId,
      Collection<String> hosts) {
    if (!caDir.holdsCa() || !Files.isRegularFile(caDir.clusterKey())) {
      throw new IllegalArgumentException(caDir + " is not the directory of a cluster CA: it needs "
          + TlsDir.CA_CERT + ", " + TlsDir.CA_KEY + " and " + TlsDir.CLUSTER_KEY);
    }
    refuseExisting(dir);
    try {
      createDirectory(dir);
      X509CertificateHolder ca = (X509CertificateHolder) readPem(caDir.caCert());
      PrivateKey caKey = new JcaPEMKeyConverter()
          .getPrivateKey((PrivateKeyInfo) readPem(caDir.caKey()));
      Files.copy(caDir.caCert(), dir.caCert(), StandardCopyOption.COPY_ATTRIBUTES);
      issueNode(dir, ca.getSubject(), caKey, nodeId, hosts);
      writePrivate(dir.clusterKey(), Files.readString(caDir.clusterKey()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write TLS material in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not issue a node certificate: " + e.getMessage(), e);
    }
  }

  /** The names a node certificate carries: {@code hosts} and the {@link #LOCAL_NAMES}. */
  static Set<String> subjectNames(Collection<String> hosts) {
    Set<String> names = new LinkedHashSet<>();
    for (String host : hosts) {
      if (host != null && !host.isBlank()) {
        names.add(host.trim());
      }
    }
    names.addAll(LOCAL_NAMES);
    return names;
  }

  private static void issueNode(TlsDir dir, X500Name caName, PrivateKey caKey, String nodeId,
      Collection<String> hosts) throws IOException, GeneralSecurityException,
      OperatorCreationException {
    KeyPair keys = newKeyPair();
    List<GeneralName> names = new ArrayList<>();
    for (String name : subjectNames(hosts)) {
      names.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName,
          name));
    }
    X509CertificateHolder node = sign(caName, caKey,
        new JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(NODE_VALIDITY),
            new X500Name("CN=snowfox node " + nodeId), keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            // Every member is both server and client of the bus: it accepts and opens connections.
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
            .addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new))));
    writePrivate(dir.nodeKey(), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
    Files.writeString(dir.nodeCert(), pem(node));
  }

  /**
   * The TLS directory, for its owner only. Only it: createDirectories would give its missing
   * parents (a new data dir, say) the same mode, and a job user could not reach what is theirs
   * below them.
   */
  private static void createDirectory(TlsDir dir) throws IOException {
    if (Files.isDirectory(dir.path())) {
      return;
    }
    Path parent = dir.path().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dir.path(), PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException raced) {
      // another process made it first: fine
    }
  }

  private static void refuseExisting(TlsDir dir) {
    if (!dir.empty()) {
      throw new IllegalStateException(dir + " already holds TLS material; "
          + "give this node another directory, or remove the old one first");
    }
  }

  private static X509CertificateHolder sign(X500Name issuer, PrivateKey issuerKey,
      X509v3CertificateBuilder builder) throws OperatorCreationException {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKey);
    return builder.build(signer);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
    return generator.generateKeyPair();
  }

  private static String newClusterKey() {
    byte[] key = new byte[CLUSTER_KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key) + "\n";
  }

  private static boolean isAddress(String name) {
    // Only literal addresses: InetAddress would resolve a host name.
    return name.matches("[0-9.]+") || name.contains(":");
  }

  private static BigInteger serial() {
    return new BigInteger(128, RANDOM);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(BACKDATE));
  }

  private static Date notAfter(Duration validity) {
    return Date.from(Instant.now().plus(validity));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object instanceof JcaPKCS8Generator generator
          ? generator.generate() : object);
    }
    return out.toString();
  }

  private static Object readPem(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      if (object == null) {
        throw new IOException("no PEM object in " + file);
      }
      return object;
    }
  }

  /** Writes a secret readable by its owner only, created so from the start (no window). */
  private static void writePrivate(Path file, String content) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(file + " already exists; not overwriting it", e);
    }
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }
}

package io.snowfox.runtime.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The node's private key and certificate chain, as the key store of the event bus's TLS.
 *
 * <p>Vert.x's own PEM options put the key into a PKCS#12 key store, whose key protection is
 * 10,000 rounds of PBKDF2, undone again every time a TLS context is built: measured, 45 to 200 ms
 * each time, several times in every JVM's start, for a store that never leaves memory. The key
 * is given to Vert.x in a JKS store instead, whose protection is cheap; a store that is never
 * written anywhere needs none.
 */
public final class NodeKey {

  private static final String ALIAS = "node";
  /** The store is never written to disk: its password protects nothing and is no secret. */
  public static final String PASSWORD = "in-memory";

  private NodeKey() {}

  /**
   * A JKS key store, serialized, holding {@code tls}'s node certificate with its key. Vert.x
   * takes the bytes (its options travel as JSON inside the event bus, so they cannot carry a
   * key manager object).
   */
  public static byte[] keyStore(TlsDir tls) throws IOException, GeneralSecurityException {
    Certificate[] chain;
    try (InputStream in = Files.newInputStream(tls.nodeCert())) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in)
          .toArray(new Certificate[0]);
    }
    if (chain.length == 0) {
      throw new GeneralSecurityException("no certificate in " + tls.nodeCert());
    }
    KeyStore store = KeyStore.getInstance("JKS");
    store.load(null, null);
    store.setKeyEntry(ALIAS, privateKey(tls), PASSWORD.toCharArray(), chain);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    store.store(bytes, PASSWORD.toCharArray());
    return bytes.toByteArray();
  }

  /** The unencrypted PKCS#8 key {@link TlsMaterial} writes ({@code BEGIN PRIVATE KEY}). */
  private static PrivateKey privateKey(TlsDir tls) throws IOException, GeneralSecurityException {
    String pem = Files.readString(tls.nodeKey(), StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException(tls.nodeKey() + " holds no PKCS#8 private key");
    }
    byte[] der = Base64.getMimeDecoder().decode(
        pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisOne) {
        last = notThisOne;
      }
    }
    throw new GeneralSecurityException("unreadable private key in " + tls.nodeKey(), last);
  }
}

package io.snowfox.runtime.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs and verifies the string values SnowFox keeps in Hazelcast maps. Hazelcast's open-source
 * edition lets any process that knows the cluster name join and write into any map; values are
 * therefore sealed with an HMAC-SHA256 made with the cluster key, which only holders of the
 * cluster's TLS material have, and readers ignore what does not verify.
 *
 * <p>The MAC covers the map's name and the entry's key as well as the value, so a signed value
 * cannot be moved to another entry or another map. It does not stop a stranger from putting back
 * an older value it saw, or from removing an entry: readers that care keep versions and a
 * durable copy. Thread-safe.
 *
 * <p>Signed form: {@code v1.<base64url MAC>.<value>}.
 */
public final class RecordSigner {

  /** Prefix of every signed value; the version lets the form change later. */
  public static final String FORMAT = "v1.";

  private static final Logger log = LoggerFactory.getLogger(RecordSigner.class);
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private static final Map<Path, RecordSigner> LOADED = new ConcurrentHashMap<>();

  private final SecretKeySpec key;

  /** A signer with the given cluster key (at least 16 bytes). */
  public RecordSigner(byte[] clusterKey) {
    if (clusterKey.length < 16) {
      throw new IllegalArgumentException("a cluster key needs at least 16 bytes, got "
          + clusterKey.length);
    }
    this.key = new SecretKeySpec(clusterKey.clone(), ALGORITHM);
  }

  /** The signer of the cluster whose material is in {@code dir}; reads the key file (blocking). */
  public static RecordSigner load(TlsDir dir) {
    return new RecordSigner(readKey(dir.clusterKey()));
  }

  /**
   * The signer of the cluster whose material is in {@code dir}, read once per process: a role
   * reads it before it joins (see {@code RoleProcess}), so later calls, on the event loop too,
   * do not touch the disk.
   */
  public static RecordSigner of(TlsDir dir) {
    return LOADED.computeIfAbsent(dir.path(), path -> load(dir));
  }

  /** The value as it goes into entry {@code key} of map {@code map}. */
  public String sign(String map, String key, String value) {
    return FORMAT + ENCODER.encodeToString(mac(map, key, value)) + "." + value;
  }

  /**
   * The value of a signed entry, or empty when it is not signed with this cluster's key for this
   * map and key. A refusal is logged with the map and the key: it means a stranger wrote there,
   * or a member with another cluster key.
   */
  public Optional<String> open(String map, String key, String signed) {
    String reason = check(map, key, signed);
    if (reason != null) {
      log.warn("refused entry '{}' of map {}: {}; ignoring it", key, map, reason);
      return Optional.empty();
    }
    return Optional.of(valueOf(signed));
  }

  /** True when {@code signed} is a value this cluster signed for that map and key. */
  public boolean verifies(String map, String key, String signed) {
    return check(map, key, signed) == null;
  }

  /** Why {@code signed} does not verify, or null when it does. */
  private String check(String map, String key, String signed) {
    if (signed == null || !signed.startsWith(FORMAT)) {
      return "not signed";
    }
    int dot = signed.indexOf('.', FORMAT.length());
    if (dot < 0) {
      return "malformed signature";
    }
    byte[] given;
    try {
      given = DECODER.decode(signed.substring(FORMAT.length(), dot));
    } catch (IllegalArgumentException e) {
      return "malformed signature";
    }
    byte[] expected = mac(map, key, signed.substring(dot + 1));
    // Constant time: how much of a guess matched must not show in the time taken.
    return given.length == MAC_BYTES && MessageDigest.isEqual(given, expected) ? null
        : "bad signature";
  }

  private static String valueOf(String signed) {
    return signed.substring(signed.indexOf('.', FORMAT.length()) + 1);
  }

  private byte[] mac(String map, String key, String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(this.key);
      // Each part length-prefixed: ("a", "bc") and ("ab", "c") must not sign alike.
      for (String part : new String[] {map, key, value}) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        mac.update(bytes);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static byte[] readKey(Path file) {
    try {
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the cluster key " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the cluster key " + file + " is not base64", e);
    }
  }
}

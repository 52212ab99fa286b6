package io.snowfox.runtime.security;

import io.snowfox.protocol.v1.TokenRecord;
import io.snowfox.protocol.v1.TokenRole;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bearer tokens of the public API: {@code sfx_<id>_<secret>}, a public id (the key of the
 * token's record) and a 256-bit random secret of which the cluster keeps only the SHA-256.
 * A random secret of that size needs no slow hash: nobody can guess it from its digest.
 */
public final class ApiTokens {

  /** Every token starts with this, so that a leaked one is easy to recognise and search for. */
  public static final String PREFIX = "sfx_";
  /** Hex digits of a token id. */
  public static final int ID_HEX = 16;
  /** Hex digits of a token secret (256 bits). */
  public static final int SECRET_HEX = 64;

  private static final Pattern FORM = Pattern.compile(
      PREFIX + "([0-9a-f]{" + ID_HEX + "})_([0-9a-f]{" + SECRET_HEX + "})");
  /** What a token id is. */
  private static final Pattern ID = Pattern.compile("[0-9a-f]{" + ID_HEX + "}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private ApiTokens() {}

  /** A token as given to its holder, and the record the cluster keeps of it. */
  public record Issued(String token, TokenRecord record) {}

  /** The two parts of a presented token. */
  public record Presented(String id, String secret) {}

  /** A new token with a fresh id and secret. */
  public static Issued issue(String namespace, TokenRole role, String description,
      long nowMicros) {
    String id = randomHex(ID_HEX);
    String secret = randomHex(SECRET_HEX);
    TokenRecord record = TokenRecord.newBuilder()
        .setId(id)
        .setNamespace(namespace)
        .setRole(role)
        .setSecretSha256(ByteString.copyFrom(sha256(secret)))
        .setCreatedAtMicros(nowMicros)
        .setDescription(description)
        .build();
    return new Issued(PREFIX + id + "_" + secret, record);
  }

  /** The record of an existing token whose text is known (read back from its file). */
  public static Optional<TokenRecord> recordOf(String token, String namespace, TokenRole role,
      String description, long nowMicros) {
    return parse(token).map(presented -> TokenRecord.newBuilder()
        .setId(presented.id())
        .setNamespace(namespace)
        .setRole(role)
        .setSecretSha256(ByteString.copyFrom(sha256(presented.secret())))
        .setCreatedAtMicros(nowMicros)
        .setDescription(description)
        .build());
  }

  /** The parts of a token, or empty when it does not have the form of one. */
  public static Optional<Presented> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Matcher form = FORM.matcher(token.strip());
    return form.matches() ? Optional.of(new Presented(form.group(1), form.group(2)))
        : Optional.empty();
  }

  /** True when {@code presented} is the token {@code record} describes and it still holds. */
  public static boolean verifies(TokenRecord record, Presented presented) {
    return !record.getRevoked() && record.getId().equals(presented.id())
        && MessageDigest.isEqual(record.getSecretSha256().toByteArray(),
            sha256(presented.secret()));
  }

  /** A short, safe form of a token id for logs and answers. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String randomHex(int digits) {
    byte[] bytes = new byte[digits / 2];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }
}

package io.snowfox.runtime.tracing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SnowFox's ids as OpenTelemetry's: a correlation id becomes a trace id (16 bytes), a span id
 * a span id (8 bytes), as lower-case hex. The mapping is a pure function of the id, so every
 * process on every node maps one id alike: all the hops of one user request land in one trace,
 * and a span's parent link names the parent's span whichever process sent it.
 *
 * <ul>
 *   <li>A correlation id that is a UUID (the ids SnowFox makes) is its own 32 hex digits, so
 *       {@code 0f8c…-…} is found in Jaeger or Tempo as trace {@code 0f8c…}. One that is already
 *       32 hex digits (a client's W3C trace id used as its correlation id) is kept as it is.
 *   <li>A span id that is a UUID (every SnowFox span id) is its last 16 hex digits, the two
 *       last groups: span {@code …-8f3a-1b2c3d4e5f60} is OTLP span {@code 8f3a1b2c3d4e5f60}.
 *   <li>Anything else (a client's own correlation id such as {@code order-42}) is hashed:
 *       the first bytes of its SHA-256.
 * </ul>
 *
 * <p>OpenTelemetry forbids all-zero ids; a UUID or hex id of zeros is hashed too.
 */
public final class TraceIds {

  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final HexFormat HEX = HexFormat.of();

  /** The length of a trace id in hex digits. */
  public static final int TRACE_ID_HEX_LENGTH = 32;
  /** The length of a span id in hex digits. */
  public static final int SPAN_ID_HEX_LENGTH = 16;

  private TraceIds() {}

  /** The trace id of every span caused by the request with this correlation id. */
  public static String traceId(String correlationId) {
    if (UUID.matcher(correlationId).matches()) {
      return nonZeroOrHash(correlationId.replace("-", ""), correlationId,
          TRACE_ID_HEX_LENGTH);
    }
    if (HEX32.matcher(correlationId).matches()) {
      return nonZeroOrHash(correlationId, correlationId, TRACE_ID_HEX_LENGTH);
    }
    return hash(correlationId, TRACE_ID_HEX_LENGTH);
  }

  /** The span id of a SnowFox span id; "" (no parent) stays "". */
  public static String spanId(String snowfoxSpanId) {
    if (snowfoxSpanId.isEmpty()) {
      return "";
    }
    if (UUID.matcher(snowfoxSpanId).matches()) {
      String lastGroups = snowfoxSpanId.substring(19).replace("-", "");
      return nonZeroOrHash(lastGroups, snowfoxSpanId, SPAN_ID_HEX_LENGTH);
    }
    return hash(snowfoxSpanId, SPAN_ID_HEX_LENGTH);
  }

  private static String nonZeroOrHash(String hex, String id, int length) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return hex.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return hash(id, length);
  }

  /** The first {@code length} hex digits of the id's SHA-256: never all zeros in practice. */
  private static String hash(String id, int length) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(id.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest, 0, length / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

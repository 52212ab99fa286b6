package io.snowfox.runtime.tracing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

  private static final HexFormat HEX = HexFormat.of();

  /** The length of a trace id in hex digits. */
  public static final int TRACE_ID_HEX_LENGTH = 32;
  /** The length of a span id in hex digits. */
  public static final int SPAN_ID_HEX_LENGTH = 16;
  /** Where the last two groups of a UUID ({@code 8-4-4-4-12}) start. */
  private static final int UUID_LAST_GROUPS = 19;

  private TraceIds() {}

  // Every exported span maps three ids on the thread that finished it, often an event loop:
  // checked and copied by hand, which is a few times cheaper than regular expressions on C1.

  /** The trace id of every span caused by the request with this correlation id. */
  public static String traceId(String correlationId) {
    if (isUuid(correlationId)) {
      return hexOrHash(correlationId, 0, correlationId, TRACE_ID_HEX_LENGTH);
    }
    if (correlationId.length() == TRACE_ID_HEX_LENGTH) {
      return hexOrHash(correlationId, 0, correlationId, TRACE_ID_HEX_LENGTH);
    }
    return hash(correlationId, TRACE_ID_HEX_LENGTH);
  }

  /** The span id of a SnowFox span id; "" (no parent) stays "". */
  public static String spanId(String snowfoxSpanId) {
    if (snowfoxSpanId.isEmpty()) {
      return "";
    }
    if (isUuid(snowfoxSpanId)) {
      return hexOrHash(snowfoxSpanId, UUID_LAST_GROUPS, snowfoxSpanId, SPAN_ID_HEX_LENGTH);
    }
    return hash(snowfoxSpanId, SPAN_ID_HEX_LENGTH);
  }

  /** True for {@code 8-4-4-4-12} hex digits, any case. */
  private static boolean isUuid(String id) {
    if (id.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : hexDigit(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of an ASCII hex digit, or -1 (also for the other scripts' digits). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /**
   * The {@code length} hex digits of {@code id} from {@code from} on, dashes left out, in lower
   * case; the hash of {@code id} when they are not all hex digits or are all zeros.
   */
  private static String hexOrHash(String id, int from, String whole, int length) {
    char[] out = new char[length];
    int n = 0;
    boolean zeros = true;
    for (int i = from; i < id.length() && n < length; i++) {
      char c = id.charAt(i);
      if (c == '-') {
        continue;
      }
      int digit = hexDigit(c);
      if (digit < 0) {
        return hash(whole, length);
      }
      zeros &= digit == 0;
      out[n++] = Character.forDigit(digit, 16);
    }
    return n == length && !zeros ? new String(out) : hash(whole, length);
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

package io.snowfox.protocol;

import java.time.Instant;

/** Times on the wire: microseconds since the Unix epoch, and their ISO-8601 form for people. */
public final class Micros {

  private Micros() {}

  /** Now. */
  public static long now() {
    return of(Instant.now());
  }

  /** {@code instant} in microseconds since the epoch. */
  public static long of(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
  }

  /** The instant of {@code micros}. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** ISO-8601 text of {@code micros}, for example {@code 2026-11-22T04:59:34.399455Z}. */
  public static String iso(long micros) {
    return instant(micros).toString();
  }
}

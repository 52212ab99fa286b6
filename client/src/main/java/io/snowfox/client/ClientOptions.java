package io.snowfox.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the API is, how long a call may take, and which token to present.
 *
 * @param url the API's base URL, such as {@code http://127.0.0.1:7070}; a path after the host
 *     is kept (the API may sit behind a proxy under a prefix)
 * @param timeout how long connecting, and each read of a timed call, may take
 * @param token the API token, sent as {@code Authorization: Bearer}; null for none (the API
 *     then answers 401)
 */
public record ClientOptions(String url, Duration timeout, String token) {

  /** Where the API is unless told otherwise: a node on this machine. */
  public static final String DEFAULT_URL = "http://127.0.0.1:7070";
  /** How long a call may take unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public ClientOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** The API of a node on this machine, the default timeout, no token. */
  public static ClientOptions defaults() {
    return new ClientOptions(DEFAULT_URL, DEFAULT_TIMEOUT, null);
  }

  public ClientOptions withUrl(String url) {
    return new ClientOptions(url, timeout, token);
  }

  public ClientOptions withTimeout(Duration timeout) {
    return new ClientOptions(url, timeout, token);
  }

  public ClientOptions withToken(String token) {
    return new ClientOptions(url, timeout, token);
  }

  /** Never shows the token itself. */
  @Override
  public String toString() {
    return "ClientOptions[url=" + url + ", timeout=" + timeout + ", token="
        + (token == null ? "none" : "(set)") + "]";
  }
}

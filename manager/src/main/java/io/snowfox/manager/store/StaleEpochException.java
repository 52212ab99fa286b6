package io.snowfox.manager.store;

/** A write of a deposed leader: its epoch is older than the newest the store has seen. */
public final class StaleEpochException extends IllegalStateException {

  public StaleEpochException(String message) {
    super(message);
  }
}

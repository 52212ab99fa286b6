package io.snowfox.it;

/** Traces and events on a single node. */
class ObservabilityOneNodeIT extends ObservabilityContract {
  @Override
  int nodeCount() {
    return 1;
  }
}

package io.snowfox.it;

/** Traces and events across two nodes: a trace spans both. */
class ObservabilityTwoNodesIT extends ObservabilityContract {
  @Override
  int nodeCount() {
    return 2;
  }
}

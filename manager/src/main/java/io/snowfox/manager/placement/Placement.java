package io.snowfox.manager.placement;

import io.snowfox.protocol.v1.JobSpec;
import java.util.List;
import java.util.Optional;

/** Chooses the node an instance runs on. Pure: same inputs, same choice. */
public interface Placement {

  /** The chosen node, or empty when none fits (then {@link #whyNot} says why). */
  Optional<String> place(JobSpec spec, List<NodeCandidate> nodes);

  /** Why no node fits. */
  String whyNot(JobSpec spec, List<NodeCandidate> nodes);
}

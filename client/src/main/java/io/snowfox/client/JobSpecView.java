package io.snowfox.client;

import java.util.List;
import java.util.Map;

/**
 * A job's spec as the API shows it, with every default filled in.
 *
 * @param name the job's name
 * @param command an absolute path, or a name looked up in the job's {@code PATH}
 * @param args its arguments
 * @param env the environment each run gets on top of the spawner's
 * @param workdir as given; empty when the spec gave none (the run starts in {@code /})
 * @param instances how many instances
 * @param restart when and how an ended instance is started again
 * @param killTimeout from SIGTERM to SIGKILL when stopped, such as {@code 10s}
 * @param resources what each instance reserves on its node
 * @param constraints what a node must offer to run an instance
 * @param user who the job runs as; empty when the spec named nobody
 * @param group its group; empty when the spec named none
 */
public record JobSpecView(String name, String command, List<String> args,
    Map<String, String> env, String workdir, int instances, Restart restart, String killTimeout,
    Resources resources, Constraints constraints, String user, String group) {

  /** The spec of a job whose answer has none. */
  static final JobSpecView NONE = new JobSpecView("", "", List.of(), Map.of(), "", 0, null, "",
      null, null, "", "");

  public JobSpecView {
    args = Json.list(args);
    env = Json.map(env);
    restart = restart == null ? Restart.NEVER : restart;
    resources = resources == null ? Resources.NONE : resources;
    constraints = constraints == null ? Constraints.NONE : constraints;
  }

  /**
   * When and how an ended instance is started again.
   *
   * @param policy {@code never}, {@code on-failure} (unless it exited 0) or {@code always}
   * @param backoff the first delay before a restart, doubling up to {@code maxBackoff}
   * @param maxBackoff the longest delay
   * @param maxRestarts restarts per instance; null when there is no limit
   */
  public record Restart(String policy, String backoff, String maxBackoff, Integer maxRestarts) {
    static final Restart NEVER = new Restart("never", "", "", null);
  }

  /**
   * What a node must offer to run an instance of the job.
   *
   * @param labels labels the node's daemon must all have
   */
  public record Constraints(Map<String, String> labels) {
    static final Constraints NONE = new Constraints(Map.of());

    public Constraints {
      labels = Json.map(labels);
    }
  }
}

package io.snowfox.runtime.identity;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Who jobs run as on a node. The daemon takes these options and hands them to its spawner (which
 * applies them to every start it receives) and its manager (which refuses root jobs early, at
 * submission).
 */
public final class JobIdentityOptions {

  @Option(names = "--job-user", paramLabel = "USER", defaultValue = JobUsers.DEFAULT_JOB_USER,
      description = "The user a job that names none runs as when the spawner runs as root "
          + "(default: ${DEFAULT-VALUE}). A spawner that is not root runs such jobs as its own "
          + "user.")
  String jobUser = JobUsers.DEFAULT_JOB_USER;

  @Option(names = "--allow-root-jobs",
      description = "Let jobs run as root (uid 0, by any name: root, 0, or another account "
          + "with uid 0). Without it they are refused with 403 FORBIDDEN.")
  boolean allowRootJobs;

  public String jobUser() {
    return jobUser;
  }

  public boolean allowRootJobs() {
    return allowRootJobs;
  }

  /** The rule these options make, looking accounts up on this machine. */
  public JobUsers users() {
    return new JobUsers(jobUser, allowRootJobs, new Accounts());
  }

  /**
   * Checks the options; on a root node also that the job user exists and is not root unless root
   * jobs are allowed: otherwise every job that names no user would be refused. The message names
   * the option.
   */
  public void validate(JobUsers.Lookup accounts, boolean root) {
    if (!JobUsers.isAccountName(jobUser)) {
      throw new IllegalArgumentException("invalid --job-user '" + jobUser + "': "
          + JobUsers.ACCOUNT_RULE);
    }
    if (!root) {
      return;
    }
    JobUsers.Account account = accounts.find(jobUser).orElseThrow(() ->
        new IllegalArgumentException("invalid --job-user '" + jobUser
            + "': no such user on this machine"));
    if (account.isRoot() && !allowRootJobs) {
      throw new IllegalArgumentException("--job-user '" + jobUser
          + "' is uid 0 (root): add --allow-root-jobs or name an unprivileged user");
    }
  }

  /** These options as a command line, for the children the daemon starts. */
  public List<String> asArgs() {
    List<String> args = new ArrayList<>(List.of("--job-user", jobUser));
    if (allowRootJobs) {
      args.add("--allow-root-jobs");
    }
    return args;
  }
}

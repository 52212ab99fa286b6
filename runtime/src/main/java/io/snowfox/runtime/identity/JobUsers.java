package io.snowfox.runtime.identity;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a job runs as, and whether it may: the one rule the manager (early refusal, HTTP 403 at
 * submission) and the spawner (the check that holds on each node, whoever sends the start) both
 * apply.
 *
 * <ul>
 *   <li>A job that names a user runs as that user. A job that names none runs as the job user
 *       ({@code --job-user}, {@code nobody} by default) when the spawner is root, and as the
 *       spawner's own user otherwise.
 *   <li>A user is looked up as {@code setpriv} does: an account name first, then a number. A name
 *       of digits only is therefore a uid ({@code useradd} refuses such names).
 *   <li>uid 0, by whatever name ({@code root}, {@code 0}, {@code 00}, another account with uid 0),
 *       is refused with FORBIDDEN unless root jobs are allowed ({@code --allow-root-jobs}).
 * </ul>
 *
 * <p>Pure but for the {@link Lookup} it is given; {@link Accounts} is the real one.
 */
public final class JobUsers {

  /** The user a job that names none runs as when the spawner is root. */
  public static final String DEFAULT_JOB_USER = "nobody";
  /** The rule of user and group names, as error messages state it. */
  public static final String ACCOUNT_RULE = "use 1-32 letters, digits, '_', '.' or '-', "
      + "starting with a letter, digit or '_'; a number must be a uid below 4294967295";

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");
  /**
   * (uid_t) -1: setreuid(2) reads it as "leave unchanged", so a root spawner's job would stay
   * root. It and every larger number (which setpriv truncates: 4294967296 is uid 0) are refused.
   */
  private static final long NO_ID = 4_294_967_295L;

  /** An account as {@code getpwnam(3)} gives it. */
  public record Account(String name, long uid, long gid, String home) {
    public Account {
      home = home == null ? "" : home;
    }

    /** An account whose home directory is not known. */
    public Account(String name, long uid, long gid) {
      this(name, uid, gid, "");
    }

    public boolean isRoot() {
      return uid == 0;
    }
  }

  /** Finds an account by name, or by uid for a name of digits; blocking. */
  @FunctionalInterface
  public interface Lookup {
    /**
     * The account, or empty when there is none.
     *
     * @throws java.io.UncheckedIOException when the accounts cannot be read now
     */
    Optional<Account> find(String user);

    /**
     * The gid of a group (a name, or a number as {@code setpriv} reads it), or empty when there
     * is none. Without a group database, only numbers are known.
     *
     * @throws java.io.UncheckedIOException when the groups cannot be read now
     */
    default Optional<Long> findGroup(String group) {
      return NUMBER.matcher(group).matches() ? Optional.of(Long.parseLong(group))
          : Optional.empty();
    }
  }

  private final String jobUser;
  private final boolean allowRoot;
  private final Lookup accounts;

  /**
   * @param jobUser who jobs that name no user run as under a root spawner
   * @param allowRoot true when jobs may run as uid 0
   */
  public JobUsers(String jobUser, boolean allowRoot, Lookup accounts) {
    if (!isAccountName(jobUser)) {
      throw new IllegalArgumentException("invalid job user '" + jobUser + "': " + ACCOUNT_RULE);
    }
    this.jobUser = jobUser;
    this.allowRoot = allowRoot;
    this.accounts = accounts;
  }

  public String jobUser() {
    return jobUser;
  }

  public boolean allowRoot() {
    return allowRoot;
  }

  /** True when {@code name} may name a user or a group. */
  public static boolean isAccountName(String name) {
    if (name == null || !ACCOUNT.matcher(name).matches()) {
      return false;
    }
    return !NUMBER.matcher(name).matches() || name.length() < 11 && Long.parseLong(name) < NO_ID;
  }

  /**
   * The user a job that asks for {@code requested} runs as on a spawner: the one it names; else
   * the job user when the spawner is root; else "" (the spawner's own user, no switch).
   */
  public String userOf(String requested, boolean spawnerIsRoot) {
    if (!requested.isEmpty()) {
      return requested;
    }
    return spawnerIsRoot ? jobUser : "";
  }

  /**
   * The account {@code user} runs as on this node, checked: what the spawner switches to.
   *
   * @throws StatusException BAD_REQUEST for a malformed or unknown user, FORBIDDEN for uid 0
   *     unless root jobs are allowed, UNAVAILABLE when the accounts cannot be read now
   */
  public Account account(String user) {
    if (!isAccountName(user)) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid user '" + user + "': " + ACCOUNT_RULE);
    }
    Account account;
    try {
      account = accounts.find(user).orElseThrow(() -> new StatusException(
          StatusCode.STATUS_CODE_BAD_REQUEST, "no user '" + user + "' on this node"));
    } catch (java.io.UncheckedIOException e) {
      throw new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
          "cannot look up user '" + user + "' now", String.valueOf(e.getMessage()), "", e);
    }
    if (NUMBER.matcher(user).matches() && account.uid() != Long.parseLong(user)) {
      // A lookup by number that found another uid: trust neither.
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "user '" + user + "' resolves to uid " + account.uid());
    }
    if (account.isRoot() && !allowRoot) {
      throw forbidden(user);
    }
    if (account.gid() == 0 && !allowRoot) {
      throw forbiddenGroup("the group of user '" + user + "'");
    }
    return account;
  }

  /**
   * The gid {@code group} runs as on this node, checked: what the spawner switches to.
   *
   * @throws StatusException BAD_REQUEST for a malformed or unknown group, FORBIDDEN for gid 0
   *     (root's group: files root's group may read) unless root jobs are allowed, UNAVAILABLE
   *     when the groups cannot be read now
   */
  public long groupId(String group) {
    if (!isAccountName(group)) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid group '" + group + "': " + ACCOUNT_RULE);
    }
    long gid;
    try {
      gid = accounts.findGroup(group).orElseThrow(() -> new StatusException(
          StatusCode.STATUS_CODE_BAD_REQUEST, "no group '" + group + "' on this node"));
    } catch (java.io.UncheckedIOException e) {
      throw new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
          "cannot look up group '" + group + "' now", String.valueOf(e.getMessage()), "", e);
    }
    if (gid == 0 && !allowRoot) {
      throw forbiddenGroup("group '" + group + "'");
    }
    return gid;
  }

  /**
   * The manager's early check of a submitted job's user: FORBIDDEN when it is uid 0 here and
   * root jobs are not allowed. A user this node does not know, or cannot look up now, passes:
   * it may exist on the node that runs the job, whose spawner decides.
   *
   * @throws StatusException FORBIDDEN naming the option that would allow it
   */
  public void checkSubmitted(String user, String group) {
    checkSubmittedGroup(group);
    checkSubmitted(user);
  }

  private void checkSubmittedGroup(String group) {
    if (group.isEmpty() || allowRoot || !isAccountName(group)) {
      return;
    }
    boolean root;
    try {
      root = group.equals("root") || accounts.findGroup(group).map(gid -> gid == 0)
          .orElse(false);
    } catch (java.io.UncheckedIOException e) {
      root = false; // the spawner decides
    }
    if (root) {
      throw forbiddenGroup("group '" + group + "'");
    }
  }

  /** The user part of {@link #checkSubmitted(String, String)}. */
  public void checkSubmitted(String user) {
    if (user.isEmpty() || allowRoot || !isAccountName(user)) {
      return; // malformed names are the spec rules' to report
    }
    boolean root;
    if (NUMBER.matcher(user).matches()) {
      root = Long.parseLong(user) == 0;
    } else {
      try {
        root = accounts.find(user).map(Account::isRoot).orElse(false);
      } catch (java.io.UncheckedIOException e) {
        root = false;
      }
    }
    if (root) {
      throw forbidden(user);
    }
  }

  /** True when {@link #checkSubmitted} may need a lookup (a blocking call). */
  public boolean checksSubmitted(String user, String group) {
    return (!user.isEmpty() || !group.isEmpty()) && !allowRoot;
  }

  private static StatusException forbiddenGroup(String what) {
    return new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
        "group: " + what + " is gid 0 (root); jobs run in root's group only on nodes started "
            + "with --allow-root-jobs");
  }

  private static StatusException forbidden(String user) {
    return new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
        "user: '" + user + "' is uid 0 (root); jobs run as root only on nodes started with "
            + "--allow-root-jobs");
  }
}

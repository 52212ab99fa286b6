package io.snowfox.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.runtime.identity.JobUsers.Account;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AccountsTest {

  @Test
  void aPasswdLineGivesNameUidGidAndHome() {
    assertThat(Accounts.parse("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"))
        .contains(new Account("nobody", 65534, 65534, "/nonexistent"));
    assertThat(Accounts.parseGroup("nogroup:x:65534:")).contains(65534L);
    assertThat(Accounts.parseGroup("root:x:zero:")).isEmpty();
    assertThat(Accounts.parse("")).isEmpty();
    assertThat(Accounts.parse("x:x:y:0:::")).isEmpty();
  }

  @Test
  void rootIsFoundByNameAndByNumberAndStrangersAreNot() {
    Accounts accounts = new Accounts();

    assertThat(accounts.find("root")).map(Account::uid).contains(0L);
    assertThat(accounts.find("0")).map(Account::name).contains("root");
    assertThat(accounts.find("no-such-user-here")).isEmpty();
    assertThat(accounts.find("--help")).isEmpty();
  }

  private static JobIdentityOptions parse(String... args) {
    JobIdentityOptions options = new JobIdentityOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void jobsRunAsNobodyAndNeverAsRootByDefault() {
    JobIdentityOptions options = parse();

    assertThat(options.jobUser()).isEqualTo("nobody");
    assertThat(options.allowRootJobs()).isFalse();
    assertThat(options.asArgs()).containsExactly("--job-user", "nobody");
  }

  @Test
  void theDaemonHandsTheOptionsOnAsTheyWereGiven() {
    JobIdentityOptions given = parse("--job-user", "daemon", "--allow-root-jobs");

    JobIdentityOptions child = parse(given.asArgs().toArray(String[]::new));

    assertThat(child.jobUser()).isEqualTo("daemon");
    assertThat(child.allowRootJobs()).isTrue();
  }

  @Test
  void aRootJobUserNeedsRootJobsAllowedAndMustExistOnARootNode() {
    JobUsers.Lookup passwd = user -> user.equals("root") || user.equals("0")
        ? Optional.of(new Account("root", 0, 0)) : Optional.empty();

    assertThatThrownBy(() -> parse("--job-user", "root").validate(passwd, true))
        .hasMessageContaining("--allow-root-jobs");
    parse("--job-user", "root", "--allow-root-jobs").validate(passwd, true);
    assertThatThrownBy(() -> parse("--job-user", "ghost").validate(passwd, true))
        .hasMessage("invalid --job-user 'ghost': no such user on this machine");
    // Not root: the job user is never switched to, so it need not exist.
    parse("--job-user", "ghost").validate(passwd, false);
    assertThatThrownBy(() -> parse("--job-user", "../x").validate(passwd, false))
        .hasMessageStartingWith("invalid --job-user '../x'");
  }
}

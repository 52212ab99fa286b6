package io.snowfox.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.identity.JobUsers.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The job user rule as tables: who a job runs as, and which users are refused. */
class JobUsersTest {

  /** A machine with two root accounts, as some systems have ({@code toor}). */
  private static final Map<String, Account> PASSWD = Map.of(
      "root", new Account("root", 0, 0),
      "toor", new Account("toor", 0, 0),
      "0", new Account("root", 0, 0),
      "nobody", new Account("nobody", 65534, 65534),
      "65534", new Account("nobody", 65534, 65534),
      "alice", new Account("alice", 1000, 1000),
      "1000", new Account("alice", 1000, 1000),
      "4242", new Account("liar", 0, 0));

  private static JobUsers users(String jobUser, boolean allowRoot) {
    return new JobUsers(jobUser, allowRoot, user -> Optional.ofNullable(PASSWD.get(user)));
  }

  private static JobUsers users(boolean allowRoot) {
    return users(JobUsers.DEFAULT_JOB_USER, allowRoot);
  }

  @ParameterizedTest(name = "asks ''{0}'', spawner root: {1}, --job-user {2}: runs as ''{3}''")
  @CsvSource(delimiter = '|', textBlock = """
      ''     | true  | nobody | nobody
      ''     | true  | alice  | alice
      ''     | false | nobody | ''
      alice  | true  | nobody | alice
      alice  | false | nobody | alice
      root   | true  | nobody | root
      """)
  void aJobRunsAsTheUserItNamesElseTheJobUserUnderRoot(String requested, boolean root,
      String jobUser, String runsAs) {
    assertThat(users(jobUser, false).userOf(requested, root)).isEqualTo(runsAs);
  }

  @ParameterizedTest(name = "''{0}'' with root jobs allowed: {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      nobody     | false | uid 65534
      65534      | false | uid 65534
      alice      | false | uid 1000
      1000       | false | uid 1000
      root       | false | FORBIDDEN
      0          | false | FORBIDDEN
      toor       | false | FORBIDDEN
      root       | true  | uid 0
      0          | true  | uid 0
      toor       | true  | uid 0
      bob        | false | BAD_REQUEST no user 'bob' on this node
      bob        | true  | BAD_REQUEST no user 'bob' on this node
      4242       | true  | BAD_REQUEST user '4242' resolves to uid 0
      -1         | true  | BAD_REQUEST invalid user '-1'
      4294967295 | true  | BAD_REQUEST invalid user '4294967295'
      4294967296 | true  | BAD_REQUEST invalid user '4294967296'
      ../x       | true  | BAD_REQUEST invalid user '../x'
      --help     | true  | BAD_REQUEST invalid user '--help'
      """)
  void theSpawnerSwitchesOnlyToKnownUsersAndToRootOnlyWhenAllowed(String user,
      boolean allowRoot, String outcome) {
    JobUsers rule = users(allowRoot);
    if (outcome.startsWith("uid ")) {
      assertThat(rule.account(user).uid()).isEqualTo(Long.parseLong(outcome.substring(4)));
      return;
    }
    StatusException refused = catchThrowableOfType(StatusException.class,
        () -> rule.account(user));
    assertThat(refused).as("refusal of %s", user).isNotNull();
    String code = outcome.split(" ", 2)[0];
    assertThat(refused.code()).isEqualTo(StatusCode.valueOf("STATUS_CODE_" + code));
    if (code.equals("FORBIDDEN")) {
      assertThat(refused).hasMessage("user: '" + user + "' is uid 0 (root); jobs run as root "
          + "only on nodes started with --allow-root-jobs");
    } else {
      assertThat(refused.getMessage()).startsWith(outcome.split(" ", 2)[1]);
    }
  }

  @ParameterizedTest(name = "submitted ''{0}'', root jobs allowed: {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ''        | false | accepted
      nobody    | false | accepted
      root      | false | FORBIDDEN
      0         | false | FORBIDDEN
      00        | false | FORBIDDEN
      toor      | false | FORBIDDEN
      root      | true  | accepted
      0         | true  | accepted
      bob       | false | accepted
      4294967296| false | accepted
      """)
  void theManagerRefusesRootJobsItCanRecogniseAndLeavesTheRestToTheSpawner(String user,
      boolean allowRoot, String outcome) {
    JobUsers rule = users(allowRoot);
    if (outcome.equals("accepted")) {
      // bob may exist on the node that runs the job; malformed names are the spec rules' to report
      assertThatCode(() -> rule.checkSubmitted(user)).doesNotThrowAnyException();
    } else {
      StatusException refused = catchThrowableOfType(StatusException.class,
          () -> rule.checkSubmitted(user));
      assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
      assertThat(refused.getMessage()).contains("--allow-root-jobs");
    }
  }

  @Test
  void aNumericUidIsRecognisedWithoutLookingItUp() {
    JobUsers rule = new JobUsers("nobody", false, user -> {
      throw new UncheckedIOException(new IOException("directory server down"));
    });

    StatusException refused = catchThrowableOfType(StatusException.class,
        () -> rule.checkSubmitted("0"));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    assertThatCode(() -> rule.checkSubmitted("root")).as("unknown here: the spawner decides")
        .doesNotThrowAnyException();
    assertThat(catchThrowableOfType(StatusException.class, () -> rule.account("root")).code())
        .as("a spawner that cannot look up now asks to be asked again")
        .isEqualTo(StatusCode.STATUS_CODE_UNAVAILABLE);
  }

  @Test
  void onlyUsersOtherThanTheDefaultNeedTheSubmissionLookup() {
    assertThat(users(false).checksSubmitted("", "")).isFalse();
    assertThat(users(false).checksSubmitted("root", "")).isTrue();
    assertThat(users(false).checksSubmitted("", "wheel")).isTrue();
    assertThat(users(true).checksSubmitted("root", "root")).isFalse();
  }

  /** Groups as {@code getent group} would answer: root is 0, staff 50. */
  private static JobUsers withGroups(boolean allowRoot) {
    return new JobUsers("nobody", allowRoot, new JobUsers.Lookup() {
      @Override
      public Optional<Account> find(String user) {
        return user.equals("rootish") ? Optional.of(new Account("rootish", 1000, 0))
            : Optional.empty();
      }

      @Override
      public Optional<Long> findGroup(String group) {
        switch (group) {
          case "root":
          case "0":
            return Optional.of(0L);
          case "staff":
            return Optional.of(50L);
          default:
            return Optional.empty();
        }
      }
    });
  }

  @ParameterizedTest(name = "group ''{0}'', root jobs allowed: {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      root   | false | FORBIDDEN
      0      | false | FORBIDDEN
      staff  | false | 50
      root   | true  | 0
      nosuch | false | BAD_REQUEST
      -x     | false | BAD_REQUEST
      """)
  void rootsGroupIsRefusedLikeRootUnlessAllowed(String group, boolean allowRoot,
      String outcome) {
    JobUsers rule = withGroups(allowRoot);
    if (outcome.matches("[0-9]+")) {
      assertThat(rule.groupId(group)).isEqualTo(Long.parseLong(outcome));
      assertThatCode(() -> rule.checkSubmitted("", group)).doesNotThrowAnyException();
    } else {
      StatusException refused = catchThrowableOfType(StatusException.class,
          () -> rule.groupId(group));
      assertThat(refused.code()).isEqualTo(StatusCode.valueOf("STATUS_CODE_" + outcome));
      if (outcome.equals("FORBIDDEN")) {
        assertThat(catchThrowableOfType(StatusException.class,
            () -> rule.checkSubmitted("", group)).getMessage()).contains("--allow-root-jobs");
      }
    }
  }

  @Test
  void aUserWhoseOwnGroupIsRootsIsRefusedUnlessAllowed() {
    assertThat(catchThrowableOfType(StatusException.class,
        () -> withGroups(false).account("rootish")).code())
        .isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    assertThat(withGroups(true).account("rootish").gid()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nobody", "_apt", "www-data", "a.b", "0", "65534", "4294967294",
      "abcdefghijklmnopqrstuvwxyzabcdef"})
  void accountNamesFollowTheRule(String name) {
    assertThat(JobUsers.isAccountName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", ".x", "a b", "a/b", "../root", "a:b", "4294967295",
      "99999999999", "abcdefghijklmnopqrstuvwxyzabcdefg"})
  void otherNamesAreRefused(String name) {
    assertThat(JobUsers.isAccountName(name)).isFalse();
  }
}

package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobPagesTest {

  private static Job job(String id, long submittedAtMicros) {
    return Job.newBuilder().setId(id).setSubmittedAtMicros(submittedAtMicros).build();
  }

  /** The page of a table that holds {@code jobs}, every state, every namespace. */
  private static JobPages.Page page(Collection<Job> jobs, int limit, String after,
      boolean newestFirst) {
    JobTable table = new JobTable();
    jobs.forEach(table::put);
    return JobPages.page(table, JobState.JOB_STATE_UNSPECIFIED, job -> true, limit, after,
        newestFirst);
  }

  private static List<String> ids(JobPages.Page page) {
    return page.jobs().stream().map(Job::getId).toList();
  }

  @Test
  void pagesFollowTheSubmissionOrderThenTheIdAndEndWithoutACursor() {
    List<Job> jobs = new ArrayList<>(List.of(job("c", 20), job("a", 30), job("b", 20),
        job("d", 10), job("e", 40)));
    Collections.shuffle(jobs);

    JobPages.Page first = page(jobs, 2, "", false);
    JobPages.Page second = page(jobs, 2, first.next(), false);
    JobPages.Page last = page(jobs, 2, second.next(), false);

    assertThat(ids(first)).containsExactly("d", "b");
    assertThat(ids(second)).containsExactly("c", "a");
    assertThat(ids(last)).containsExactly("e");
    assertThat(last.next()).isEmpty();
  }

  @Test
  void newestFirstPagesRunTheOtherWayFromTheSamePlaces() {
    List<Job> jobs = List.of(job("c", 20), job("a", 30), job("b", 20), job("d", 10),
        job("e", 40));

    JobPages.Page first = page(jobs, 2, "", true);
    JobPages.Page second = page(jobs, 2, first.next(), true);
    JobPages.Page last = page(jobs, 2, second.next(), true);

    assertThat(ids(first)).containsExactly("e", "a");
    assertThat(ids(second)).containsExactly("c", "b");
    assertThat(ids(last)).containsExactly("d");
    assertThat(last.next()).isEmpty();
    // The cursor after "a" (newest first) is the place after "a": oldest first, "e" follows.
    assertThat(ids(page(jobs, 2, first.next(), false))).containsExactly("e");
  }

  @Test
  void aPageThatHoldsTheLastJobExactlyHasNoNextPage() {
    List<Job> jobs = List.of(job("a", 1), job("b", 2));

    JobPages.Page page = page(jobs, 2, "", false);

    assertThat(ids(page)).containsExactly("a", "b");
    assertThat(page.next()).isEmpty();
  }

  @Test
  void withoutALimitAPageHoldsTheMostAllowed() {
    List<Job> jobs = IntStream.range(0, JobPages.MAX_LIMIT + 5)
        .mapToObj(i -> job(String.format("j%05d", i), i)).toList();

    JobPages.Page first = page(jobs, 0, "", false);
    JobPages.Page rest = page(jobs, 0, first.next(), false);

    assertThat(first.jobs()).hasSize(JobPages.MAX_LIMIT);
    assertThat(ids(rest)).containsExactly("j01000", "j01001", "j01002", "j01003", "j01004");
  }

  @Test
  void jobsSubmittedOrRemovedBetweenPagesNeitherShiftNorRepeatTheOthers() {
    List<Job> jobs = new ArrayList<>(List.of(job("a", 1), job("b", 2), job("c", 3),
        job("d", 4)));
    JobPages.Page first = page(jobs, 2, "", false);

    jobs.remove(1); // b, on the first page, is removed
    jobs.remove(0); // and a
    jobs.add(job("e", 5));
    JobPages.Page second = page(jobs, 2, first.next(), false);

    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(ids(second)).containsExactly("c", "d");
    assertThat(ids(page(jobs, 2, second.next(), false))).containsExactly("e");
  }

  @Test
  void aPageHoldsOnlyTheJobsOfItsStateThatTheSenderMaySeeAndItsCursorPassesOverTheOthers() {
    JobTable table = new JobTable();
    table.put(job("a", 1).toBuilder().setState(JobState.JOB_STATE_COMPLETE).build());
    table.put(job("b", 2).toBuilder().setState(JobState.JOB_STATE_RUNNING).build());
    table.put(job("c", 3).toBuilder().setState(JobState.JOB_STATE_COMPLETE)
        .setCorrelationId("hidden").build());
    table.put(job("d", 4).toBuilder().setState(JobState.JOB_STATE_COMPLETE).build());
    table.put(job("e", 5).toBuilder().setState(JobState.JOB_STATE_COMPLETE).build());

    JobPages.Page first = JobPages.page(table, JobState.JOB_STATE_COMPLETE,
        job -> !job.getCorrelationId().equals("hidden"), 2, "", false);
    JobPages.Page second = JobPages.page(table, JobState.JOB_STATE_COMPLETE,
        job -> !job.getCorrelationId().equals("hidden"), 2, first.next(), false);

    assertThat(ids(first)).containsExactly("a", "d");
    assertThat(ids(second)).containsExactly("e");
    assertThat(second.next()).isEmpty();
  }

  @Test
  void aLimitOutOfRangeOrACursorThisListingDidNotMakeIsRefused() {
    List<Job> jobs = List.of(job("a", 1));

    assertThatThrownBy(() -> page(jobs, JobPages.MAX_LIMIT + 1, "", false))
        .hasMessage("limit must be 1 to 1000, not 1001");
    assertThatThrownBy(() -> page(jobs, -1, "", false))
        .hasMessageContaining("limit must be 1 to 1000");
    for (String cursor : List.of("%%%", "bm9jb2xvbg", "OmE", "eDph", "MTo")) {
      assertThatThrownBy(() -> page(jobs, 1, cursor, false))
          .as(cursor).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a cursor of this listing");
    }
  }
}

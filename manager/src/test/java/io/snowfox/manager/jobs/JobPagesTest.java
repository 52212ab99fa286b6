package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.protocol.v1.Job;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobPagesTest {

  private static Job job(String id, long submittedAtMicros) {
    return Job.newBuilder().setId(id).setSubmittedAtMicros(submittedAtMicros).build();
  }

  private static List<String> ids(JobPages.Page page) {
    return page.jobs().stream().map(Job::getId).toList();
  }

  @Test
  void pagesFollowTheSubmissionOrderThenTheIdAndEndWithoutACursor() {
    List<Job> jobs = new ArrayList<>(List.of(job("c", 20), job("a", 30), job("b", 20),
        job("d", 10), job("e", 40)));
    Collections.shuffle(jobs);

    JobPages.Page first = JobPages.page(jobs, 2, "", false);
    JobPages.Page second = JobPages.page(jobs, 2, first.next(), false);
    JobPages.Page last = JobPages.page(jobs, 2, second.next(), false);

    assertThat(ids(first)).containsExactly("d", "b");
    assertThat(ids(second)).containsExactly("c", "a");
    assertThat(ids(last)).containsExactly("e");
    assertThat(last.next()).isEmpty();
  }

  @Test
  void newestFirstPagesRunTheOtherWayFromTheSamePlaces() {
    List<Job> jobs = List.of(job("c", 20), job("a", 30), job("b", 20), job("d", 10),
        job("e", 40));

    JobPages.Page first = JobPages.page(jobs, 2, "", true);
    JobPages.Page second = JobPages.page(jobs, 2, first.next(), true);
    JobPages.Page last = JobPages.page(jobs, 2, second.next(), true);

    assertThat(ids(first)).containsExactly("e", "a");
    assertThat(ids(second)).containsExactly("c", "b");
    assertThat(ids(last)).containsExactly("d");
    assertThat(last.next()).isEmpty();
    // The cursor after "a" (newest first) is the place after "a": oldest first, "e" follows.
    assertThat(ids(JobPages.page(jobs, 2, first.next(), false))).containsExactly("e");
  }

  @Test
  void aPageThatHoldsTheLastJobExactlyHasNoNextPage() {
    List<Job> jobs = List.of(job("a", 1), job("b", 2));

    JobPages.Page page = JobPages.page(jobs, 2, "", false);

    assertThat(ids(page)).containsExactly("a", "b");
    assertThat(page.next()).isEmpty();
  }

  @Test
  void withoutALimitAPageHoldsTheMostAllowed() {
    List<Job> jobs = IntStream.range(0, JobPages.MAX_LIMIT + 5)
        .mapToObj(i -> job(String.format("j%05d", i), i)).toList();

    JobPages.Page first = JobPages.page(jobs, 0, "", false);
    JobPages.Page rest = JobPages.page(jobs, 0, first.next(), false);

    assertThat(first.jobs()).hasSize(JobPages.MAX_LIMIT);
    assertThat(ids(rest)).containsExactly("j01000", "j01001", "j01002", "j01003", "j01004");
  }

  @Test
  void jobsSubmittedOrRemovedBetweenPagesNeitherShiftNorRepeatTheOthers() {
    List<Job> jobs = new ArrayList<>(List.of(job("a", 1), job("b", 2), job("c", 3),
        job("d", 4)));
    JobPages.Page first = JobPages.page(jobs, 2, "", false);

    jobs.remove(1); // b, on the first page, is removed
    jobs.remove(0); // and a
    jobs.add(job("e", 5));
    JobPages.Page second = JobPages.page(jobs, 2, first.next(), false);

    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(ids(second)).containsExactly("c", "d");
    assertThat(ids(JobPages.page(jobs, 2, second.next(), false))).containsExactly("e");
  }

  @Test
  void aLimitOutOfRangeOrACursorThisListingDidNotMakeIsRefused() {
    List<Job> jobs = List.of(job("a", 1));

    assertThatThrownBy(() -> JobPages.page(jobs, JobPages.MAX_LIMIT + 1, "", false))
        .hasMessage("limit must be 1 to 1000, not 1001");
    assertThatThrownBy(() -> JobPages.page(jobs, -1, "", false))
        .hasMessageContaining("limit must be 1 to 1000");
    for (String cursor : List.of("%%%", "bm9jb2xvbg", "OmE", "eDph", "MTo")) {
      assertThatThrownBy(() -> JobPages.page(jobs, 1, cursor, false))
          .as(cursor).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a cursor of this listing");
    }
  }
}

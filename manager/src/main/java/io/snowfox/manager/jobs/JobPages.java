package io.snowfox.manager.jobs;

import io.snowfox.manager.jobs.JobTable.Place;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * The pages of a job listing. Jobs are listed in the order they were submitted, then by id,
 * which never changes for a job (oldest first, or newest first); a page's cursor names the last
 * job it holds, and the next page starts after it. A job submitted or removed between two pages
 * therefore neither shifts nor repeats the others: it appears if it sorts after the cursor, and
 * the rest keep their place.
 *
 * <p>The cursor is opaque to clients (base64url of the last job's submission time and id), and
 * checked here: a cursor that does not decode is the client's error, not an empty page.
 */
public final class JobPages {

  /** The most jobs a page holds, and the size of a page asked without a limit. */
  public static final int MAX_LIMIT = 1000;

  /** One page: its jobs, and the cursor of the next page (empty when none follows). */
  public record Page(List<Job> jobs, String next) {}

  private JobPages() {}

  /**
   * The page of the jobs of {@code table} in {@code state} (any for {@code
   * JOB_STATE_UNSPECIFIED}) that {@code visible} accepts, starting after {@code after} (empty:
   * the first), of at most {@code limit} jobs (0: {@link #MAX_LIMIT}), oldest first or, with
   * {@code newestFirst}, newest first. A cursor of one order names the same place in the other.
   *
   * @throws IllegalArgumentException when the limit is above {@link #MAX_LIMIT} or the cursor
   *     is not one this class made
   */
  public static Page page(JobTable table, JobState state, Predicate<Job> visible, int limit,
      String after, boolean newestFirst) {
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
    }
    int size = limit == 0 ? MAX_LIMIT : limit;
    Place from = after.isEmpty() ? null : Cursor.parse(after);
    List<Job> following = table.listed(state, visible, from, newestFirst, size + 1);
    if (following.size() <= size) {
      return new Page(following, "");
    }
    List<Job> page = following.subList(0, size);
    return new Page(List.copyOf(page), Cursor.after(page.get(size - 1)));
  }

  /** A place in the listing: just after one job. */
  private static final class Cursor {

    private Cursor() {}

    static String after(Job job) {
      String position = job.getSubmittedAtMicros() + ":" + job.getId();
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static Place parse(String cursor) {
      String position;
      try {
        position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw bad(cursor);
      }
      int colon = position.indexOf(':');
      if (colon <= 0 || colon == position.length() - 1) {
        throw bad(cursor);
      }
      try {
        return new Place(Long.parseLong(position.substring(0, colon)),
            position.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw bad(cursor);
      }
    }

    private static IllegalArgumentException bad(String cursor) {
      String shown = cursor.length() > 40 ? cursor.substring(0, 40) + "..." : cursor;
      return new IllegalArgumentException("after: \"" + shown + "\" is not a cursor of this "
          + "listing; use the \"next\" of an earlier answer");
    }
  }
}

package io.snowfox.runtime.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Event;
import io.snowfox.protocol.v1.RecentEventsRequest;
import org.junit.jupiter.api.Test;

/** What a process says of the events it published: the newest ones, filtered as asked. */
class RecentEventsTest {

  @Test
  void keepsTheNewestOnesOldestFirst() {
    RecentEvents recent = new RecentEvents(3);
    for (int i = 1; i <= 5; i++) {
      recent.add(event("job.state", "j-" + i));
    }

    assertThat(recent.matching(RecentEventsRequest.getDefaultInstance()))
        .extracting(Event::getJobId).containsExactly("j-3", "j-4", "j-5");
  }

  @Test
  void answersOnlyTheTypesAndTheJobAskedFor() {
    RecentEvents recent = new RecentEvents();
    recent.add(event("job.state", "j-1"));
    recent.add(event("instance.started", "j-1"));
    recent.add(event("instance.exited", "j-1"));
    recent.add(event("job.state", "j-2"));
    recent.add(event("node.joined", ""));

    assertThat(recent.matching(RecentEventsRequest.newBuilder().addTypes("instance.started")
        .addTypes("instance.exited").setJobId("j-1").build()))
        .extracting(Event::getType).containsExactly("instance.started", "instance.exited");
    assertThat(recent.matching(RecentEventsRequest.newBuilder().addTypes("job.state").build()))
        .extracting(Event::getJobId).containsExactly("j-1", "j-2");
  }

  private static Event event(String type, String jobId) {
    return Event.newBuilder().setType(type).setJobId(jobId).build();
  }
}

package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The node maps as the leader follows them for placement ({@link NodeCatalog.Mirror}): what the
 * map events say, what a whole read says, and which wins when they cross. An entry counts when
 * it is "signed" (here: its value starts with "ok"), as the cluster's signature decides in a
 * node.
 */
class NodeCatalogTest {

  private final NodeCatalog.Mirror mirror = new NodeCatalog.Mirror(
      (id, value) -> value.startsWith("ok")
          ? Optional.of(new NodeCatalog.Node(id, Map.of("v", value), 2, 1024)) : Optional.empty(),
      (id, value) -> value.startsWith("ok"));

  @Test
  void eventsAddChangeAndRemoveNodesAndDrains() {
    mirror.nodeChanged("a", "ok-1");
    mirror.nodeChanged("b", "ok-1");
    mirror.drainChanged("b", "ok");
    assertThat(mirror.registered()).containsOnlyKeys("a", "b");
    assertThat(mirror.draining()).containsExactly("b");

    mirror.nodeChanged("a", "ok-2");
    mirror.nodeChanged("b", null);
    mirror.drainChanged("b", null);
    assertThat(mirror.registered()).containsOnlyKeys("a");
    assertThat(mirror.registered().get("a").labels()).containsEntry("v", "ok-2");
    assertThat(mirror.draining()).isEmpty();
  }

  @Test
  void anEntryTheClusterDidNotSignCountsAsNone() {
    mirror.nodeChanged("a", "ok-1");
    mirror.drainChanged("a", "ok");
    // A stranger overwrites both entries: the node is no longer offered, nor drained by it.
    mirror.nodeChanged("a", "forged");
    mirror.drainChanged("a", "forged");
    assertThat(mirror.registered()).isEmpty();
    assertThat(mirror.draining()).isEmpty();

    mirror.apply(mirror.mark(), Map.of("b", "forged"), Map.of("b", "forged"));
    assertThat(mirror.registered()).isEmpty();
    assertThat(mirror.draining()).isEmpty();
  }

  @Test
  void aWholeReadReplacesWhatNoEventTouched() {
    mirror.nodeChanged("gone", "ok-1");
    mirror.drainChanged("gone", "ok");
    mirror.nodeChanged("kept", "ok-1");
    // Events were lost (a merge): the read is the truth for every key.
    mirror.apply(mirror.mark(), Map.of("kept", "ok-2", "new", "ok-1"), Map.of("new", "ok"));
    assertThat(mirror.registered()).containsOnlyKeys("kept", "new");
    assertThat(mirror.registered().get("kept").labels()).containsEntry("v", "ok-2");
    assertThat(mirror.draining()).containsExactly("new");
  }

  @Test
  void aChangeMadeWhileTheMapsWereReadWinsOverTheRead() {
    mirror.nodeChanged("a", "ok-1");
    mirror.nodeChanged("b", "ok-1");
    long begun = mirror.mark();
    // While the read runs: a's entry is updated, b is forgotten, c joins and is drained by
    // this manager; the read saw none of it.
    mirror.nodeChanged("a", "ok-2");
    mirror.nodeChanged("b", null);
    mirror.nodeChanged("c", "ok-1");
    mirror.drainWritten("c", true);
    mirror.apply(begun, Map.of("a", "ok-1", "b", "ok-1"), Map.of());
    assertThat(mirror.registered()).containsOnlyKeys("a", "c");
    assertThat(mirror.registered().get("a").labels()).containsEntry("v", "ok-2");
    assertThat(mirror.draining()).containsExactly("c");

    // The next read, begun after them, is taken whole again.
    mirror.apply(mirror.mark(), Map.of("a", "ok-3"), Map.of());
    assertThat(mirror.registered()).containsOnlyKeys("a");
    assertThat(mirror.draining()).isEmpty();
  }

  @Test
  void aDrainThisManagerWroteCountsAtOnceAndItsEndToo() {
    mirror.nodeChanged("a", "ok-1");
    mirror.drainWritten("a", true);
    assertThat(mirror.draining()).containsExactly("a");
    mirror.drainWritten("a", false);
    assertThat(mirror.draining()).isEmpty();
  }
}

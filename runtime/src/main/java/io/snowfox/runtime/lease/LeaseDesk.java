package io.snowfox.runtime.lease;

import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.LeaseRelease;
import io.snowfox.protocol.v1.LeaseRequest;
import io.snowfox.protocol.v1.LeaseResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.runtime.bus.Bus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a daemon answers the managers' lease requests on its own address: its {@link LeaderVote},
 * saved in its {@link VoteFile} before any answer that changed it is sent.
 *
 * <p>Only a manager may ask, and only for itself (the envelope's source is the node it names).
 * The bus is mutual TLS, so the asker is a member holding the cluster's certificate; the check
 * keeps other roles, whatever they send, from taking or giving back a vote.
 */
public final class LeaseDesk {

  private static final Logger log = LoggerFactory.getLogger(LeaseDesk.class);

  private final Vertx vertx;
  private final Bus bus;
  private final VoteFile file;
  private final LeaderVote vote;
  private final Predicate<String> inView;
  /** The member of this node's manager, as last seen asking; "" before it asked. */
  private volatile String ownManager = "";

  private LeaseDesk(Vertx vertx, Bus bus, VoteFile file, LeaderVote vote,
      Predicate<String> inView) {
    this.vertx = vertx;
    this.bus = bus;
    this.file = file;
    this.vote = vote;
    this.inView = inView;
  }

  /**
   * The desk of the daemon whose data dir is {@code dataDir}, from its saved vote; {@code bus}
   * is the daemon's own, and {@code inView} tells whether a cluster member id is in this
   * daemon's view of the cluster now.
   */
  public static LeaseDesk open(Vertx vertx, Bus bus, Path dataDir, Predicate<String> inView) {
    VoteFile file = new VoteFile(dataDir);
    LeaderVote.State saved = file.load();
    if (saved.held()) {
      log.info("this daemon voted for the manager of node {} before it stopped; it votes for "
          + "no other for {} ms", saved.holderNode(), saved.durationMillis());
    }
    return new LeaseDesk(vertx, bus, file, new LeaderVote(saved, System.nanoTime()), inView);
  }

  public void register(Routes routes) {
    routes.on(LeaseRequest.class, this::ask);
    routes.on(LeaseRelease.class, this::release);
  }

  private Future<LeaseResponse> ask(LeaseRequest request, Envelope envelope) {
    if (!fromManagerOf(envelope, request.getManagerNode())) {
      return refuse("LeaseRequest", envelope);
    }
    if (request.getManagerNode().equals(bus.self().getNodeId())) {
      ownManager = request.getManagerMember();
    }
    if (!inView.test(request.getManagerMember())) {
      // A manager this daemon's cluster does not count as a member (it was cut off, or froze
      // and was dropped) reads its jobs from another copy of the cluster's maps: leading, it
      // would act on what may be stale. Only the side holding most daemons may lead.
      return Future.succeededFuture(LeaseResponse.newBuilder().setGranted(false)
          .setNewestEpoch(vote.state().newestEpoch())
          .setReason("the manager of node " + request.getManagerNode() + " is not a member of "
              + "this daemon's cluster: it leads only from the side most daemons are on")
          .build());
    }
    String before = vote.state().holderMember();
    LeaderVote.Answer answer = vote.ask(request, System.nanoTime());
    if (answer.response().getGranted() && !before.equals(request.getManagerMember())) {
      log.info("votes for the manager of node {} (member {}) to lead", request.getManagerNode(),
          request.getManagerMember());
    } else if (!answer.response().getGranted()) {
      log.debug("refused the lease of the manager of node {}: {}", request.getManagerNode(),
          answer.response().getReason());
    }
    return saved(answer.save()).map(answer.response());
  }

  /**
   * This node's manager process is gone (this daemon reaped it): its lease is given back here
   * and on every daemon in {@code daemons}, so that the next leader need not wait for it to run
   * out. A dead process sends nothing more.
   */
  public void ownManagerExited(Set<String> daemons) {
    String member = ownManager;
    if (member.isEmpty()) {
      return;
    }
    ownManager = "";
    if (vote.release(member)) {
      log.info("this node's manager, which led, is gone: its lease is given back");
      saved(true);
    }
    LeaseRelease release = LeaseRelease.newBuilder().setManagerMember(member).build();
    for (String node : daemons) {
      if (!node.equals(bus.self().getNodeId())) {
        bus.ask(Endpoint.newBuilder().setNodeId(node).setRole(Role.ROLE_DAEMON).build(),
            release, Ack.class, Duration.ofSeconds(2));
      }
    }
  }

  private Future<Ack> release(LeaseRelease request, Envelope envelope) {
    // A manager gives back its own lease; a daemon, the lease of its node's manager, once it
    // has reaped it.
    Role from = envelope.getSource().getRole();
    LeaderVote.State now = vote.state();
    boolean mayRelease = from == Role.ROLE_MANAGER || from == Role.ROLE_DAEMON
        && (!now.held() || now.holderNode().equals(envelope.getSource().getNodeId()));
    if (!mayRelease) {
      return refuse("LeaseRelease", envelope);
    }
    String holder = vote.state().holderNode();
    boolean released = vote.release(request.getManagerMember());
    if (released) {
      log.info("the lease of the manager of node {} was given back by {} of node {}", holder,
          Roles.name(envelope.getSource().getRole()), envelope.getSource().getNodeId());
    }
    return saved(released).map(Ack.newBuilder().setNote(released ? "released" : "not held")
        .build());
  }

  private Future<Void> saved(boolean changed) {
    if (!changed) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      file.save(vote.state());
      return null;
    }, true);
  }

  private static boolean fromManagerOf(Envelope envelope, String node) {
    return envelope.getSource().getRole() == Role.ROLE_MANAGER
        && envelope.getSource().getNodeId().equals(node);
  }

  private static <T> Future<T> refuse(String what, Envelope envelope) {
    log.warn("refused {} from {} of node {}: only a manager may ask for its own lease (or the "
        + "daemon of its node give it back)", what,
        Roles.name(envelope.getSource().getRole()), envelope.getSource().getNodeId());
    return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
        "only a manager may ask for its own lease, or the daemon of its node give it back"));
  }
}

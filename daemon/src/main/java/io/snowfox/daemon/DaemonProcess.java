package io.snowfox.daemon;

import io.snowfox.protocol.StatusNames;
import io.snowfox.runtime.security.ManagementToken;
import com.hazelcast.cluster.Member;
import io.snowfox.api.ApiOptions;
import io.snowfox.manager.ManagerOptions;
import io.snowfox.daemon.status.NodeStatus;
import io.snowfox.daemon.trace.LogSearch;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.v1.TraceRequest;
import io.snowfox.protocol.v1.TraceResponse;
import io.snowfox.runtime.bus.Events;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusColour;
import io.snowfox.protocol.v1.SubsystemStatus;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.lease.LeaseDesk;
import io.snowfox.protocol.Roles;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.security.TlsDir;
import io.snowfox.runtime.security.TlsMaterial;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon of a node: a data member of the cluster (it outlives its children, so the bus's
 * registry stays alive), the parent of the spawner, the manager and the API server, and the
 * owner of the node's status and of its graceful shutdown.
 */
public final class DaemonProcess extends RoleProcess {

  /** Version reported in node status. */
  public static final String VERSION = versionOf(DaemonProcess.class);

  private static final Logger log = LoggerFactory.getLogger(DaemonProcess.class);

  private final DaemonOptions options;
  private final ApiOptions api;
  private final ManagerOptions manager;
  private final JobIdentityOptions identity;
  private final long startedAtMicros = Envelopes.nowMicros();

  private volatile RoleContext context;
  /** This daemon's vote for the leading manager. */
  private volatile LeaseDesk leases;
  private volatile Events events;
  private volatile List<ChildSupervisor> children = List.of();
  private NodeStatus.Summary lastSummary;

  public DaemonProcess(DaemonOptions options, ApiOptions api, ManagerOptions manager,
      JobIdentityOptions identity) {
    this.options = options;
    this.api = api;
    this.manager = manager;
    this.identity = identity;
  }

  @Override
  protected Role role() {
    return Role.ROLE_DAEMON;
  }

  @Override
  protected boolean liteMember() {
    return false;
  }

  /**
   * A daemon without TLS material that starts a new cluster (no seeds) makes it: a CA of its
   * own, its certificate and a cluster key, so that {@code snowfox} alone keeps working. One that
   * joins others must not: a CA of its own would never be trusted by them.
   */
  @Override
  protected void prepareTls(ClusterOptions cluster, TlsDir tls) {
    if (tls.complete() || !tls.empty()) {
      tls.requireComplete();
      return;
    }
    if (!cluster.seeds().isEmpty()) {
      throw new IllegalStateException("no cluster TLS material in " + tls + ", and this node "
          + "joins a cluster (--seed): it needs a certificate of that cluster's CA. On the "
          + "machine holding the CA (ca-key.pem, in the tls dir of the cluster's first node), run "
          + "'snowfox tls init --tls-dir <new dir> --node-id " + cluster.nodeId() + " --host "
          + cluster.bindHost() + " --ca <that tls dir>', copy <new dir> here as " + tls
          + " (mode 0700), then start again");
    }
    TlsMaterial.createCluster(tls, cluster.nodeId(), List.of(cluster.bindHost()));
    log.info("first start of a new cluster: made its CA, this node's certificate and the "
        + "cluster key in {}; give other nodes certificates with 'snowfox tls init --ca {}'",
        tls, tls);
  }

  @Override
  protected Duration stopBound() {
    Duration perChild = options.policy().shutdownGrace().plus(options.policy().terminateGrace())
        .plusSeconds(2);
    return perChild.multipliedBy(ChildSpec.SUPERVISED.size()).plusSeconds(5);
  }

  @Override
  protected void addControlRoutes(Routes routes, RoleContext context) {
    routes.on(TraceRequest.class, (request, envelope) -> trace(request, context));
    // A small file read once at start: the vote this daemon gave before it stopped.
    leases = LeaseDesk.open(context.vertx(), context.bus(), context.dataDir(),
        member -> context.hazelcast().getCluster().getMembers().stream()
            .anyMatch(seen -> seen.getUuid().toString().equals(member)));
    leases.register(routes);
    routes.on(NodeInfoRequest.class, (request, envelope) -> {
      NodeInfoResponse info = nodeInfo();
      log.info("node info asked by {}: {}{}", envelope.getSource().getRole(),
          StatusNames.of(info.getStatus()),
          info.getReason().isEmpty() ? "" : " (" + info.getReason() + ")");
      return Future.succeededFuture(info);
    });
  }

  @Override
  protected Future<Void> start(RoleContext started) {
    context = started;
    events = new Events(started.bus(), started.recentEvents());
    Context daemonContext = started.vertx().getOrCreateContext();
    ChildLauncher launcher = new ChildLauncher(started.cluster(), started.dataDir(),
        roleOptions().toChildArgs());
    List<ChildSupervisor> supervisors = new ArrayList<>();
    for (Role role : ChildSpec.SUPERVISED) {
      if (role == Role.ROLE_API && !options.apiEnabled()) {
        continue;
      }
      ChildSpec spec = new ChildSpec(role, options.jvmOptions(role), childArgs(role));
      ChildSupervisor supervisor = new ChildSupervisor(daemonContext, started.bus(), spec,
          launcher, options.policy(), options.startTimeout(), this::statusChanged, events);
      if (role == Role.ROLE_MANAGER) {
        supervisor.whenExited(() -> leases.ownManagerExited(liveDaemons(started)));
      }
      supervisors.add(supervisor);
    }
    children = List.copyOf(supervisors);
    NodeMetrics.register(started.metrics().registry(), children, started.hazelcast());

    // The node's management token exists before its API does, so the operator can use it as
    // soon as the API answers.
    Future<Void> chain = started.vertx().executeBlocking(() -> ManagementToken.ensure(
            started.dataDir(), started.nodeId()))
        .compose(token -> register(started)).onSuccess(v -> {
      events.publish(EventTypes.NODE_JOINED, "", java.util.Map.of("node", started.nodeId(),
          "version", VERSION));
      started.hazelcast().getCluster().addMembershipListener(new DaemonDepartures(started,
          events));
    });
    // The children start together once the daemon's member is up. None needs another to
    // start: a manager re-sends StartProcess until a spawner answers, and the API answers 503
    // until a manager does. Started one after the other, each waiting for the last to be
    // healthy, they took three JVM starts and three cluster joins end to end.
    chain = chain.compose(v -> Future.join(supervisors.stream().map(ChildSupervisor::start)
        .toList()).mapEmpty());
    return chain.onSuccess(v -> {
      NodeInfoResponse info = nodeInfo();
      log.info("node {} started: {}{}", started.nodeId(), StatusNames.of(info.getStatus()),
          info.getReason().isEmpty() ? "" : " (" + info.getReason() + ")");
      if (options.apiEnabled()) {
        String url = "http://" + api.httpHost() + ":" + api.httpPort();
        java.nio.file.Path token = ManagementToken.file(started.dataDir());
        log.info("SnowFox is up: API at {}; state and logs in {}; management token in {}"
            + " (readable by this user only; the CLI on this machine finds it). Try:\n"
            + "  snowfox job run examples/hello.yaml --api {} --data-dir {}\n"
            + "  curl -H \"Authorization: Bearer $(cat {})\" -H 'Content-Type: application/json'"
            + " -d '{\"name\":\"hi\",\"command\":\"/bin/echo\",\"args\":[\"hello\"]}' {}/v1/jobs",
            url, started.dataDir(), token, url, started.dataDir(), token, url);
      }
    });
  }

  @Override
  protected Future<Void> stop(RoleContext started) {
    List<ChildSupervisor> reversed = new ArrayList<>(children);
    java.util.Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (ChildSupervisor child : reversed) {
      chain = chain.compose(v -> child.stop());
    }
    return chain
        .compose(v -> started.vertx().sharedData()
            .<String, String>getClusterWideMap(Addresses.NODES_MAP)
            .compose(nodes -> nodes.remove(started.nodeId())))
        .onSuccess(v -> log.info("node {} stopped; every child is gone", started.nodeId()))
        .mapEmpty();
  }

  /** Every log line of this node's processes that carries the requested correlation id. */
  private Future<TraceResponse> trace(TraceRequest request, RoleContext started) {
    if (!io.snowfox.runtime.bus.Correlation.isValid(request.getCorrelationId())) {
      return Future.failedFuture(new io.snowfox.protocol.StatusException(
          io.snowfox.protocol.v1.StatusCode.STATUS_CODE_BAD_REQUEST,
          "not a correlation id: '" + request.getCorrelationId() + "'"));
    }
    java.nio.file.Path logs = io.snowfox.runtime.logging.Logging.logDir(started.dataDir());
    return started.vertx().executeBlocking(() -> LogSearch.search(logs,
            request.getCorrelationId(), request.getMaxEntries()), false)
        .map(found -> {
          log.debug("trace of {}: {} line(s) in {} bytes", request.getCorrelationId(),
              found.entries().size(), found.bytesScanned());
          return TraceResponse.newBuilder()
              .setNodeId(started.nodeId())
              .addAllEntries(found.entries())
              .setTruncated(found.truncated())
              .setBytesScanned(found.bytesScanned())
              .build();
        });
  }

  private List<String> childArgs(Role role) {
    if (role == Role.ROLE_SPAWNER) {
      return identity.asArgs();
    }
    if (role == Role.ROLE_MANAGER) {
      // The manager refuses root jobs at submission (403): it needs --allow-root-jobs too.
      List<String> args = new ArrayList<>(manager.asArgs());
      args.addAll(identity.asArgs());
      return args;
    }
    if (role != Role.ROLE_API) {
      return List.of();
    }
    return api.toChildArgs();
  }

  private Future<Void> register(RoleContext started) {
    JsonObject entry = nodeEntry(started.nodeId());
    log.info("node {} offers jobs {} cpu and {} MiB of memory ({})", started.nodeId(),
        entry.getValue("cpu"), entry.getValue("memory_mb"), options.capacitySources());
    return started.vertx().sharedData().<String, String>getClusterWideMap(Addresses.NODES_MAP)
        .compose(nodes -> nodes.put(started.nodeId(), started.signer()
            .sign(Addresses.NODES_MAP, started.nodeId(), entry.encode())));
  }

  /**
   * This node's entry in the node map: it makes the node known to every API server, and the
   * leading manager places instances by its labels and its capacity.
   */
  JsonObject nodeEntry(String nodeId) {
    NodeCapacity capacity = options.capacity();
    return new JsonObject()
        .put("node_id", nodeId)
        .put("version", VERSION)
        .put("started_at_micros", startedAtMicros)
        .put("labels", new JsonObject(new java.util.HashMap<>(options.labels())))
        .put("cpu", capacity.cpu())
        .put("memory_mb", capacity.memoryMb())
        .put("api", options.apiEnabled()
            ? "http://" + api.httpHost() + ":" + api.httpPort() : "");
  }

  private static Set<String> liveDaemons(RoleContext started) {
    return Clusters.liveNodes(started.hazelcast(), Roles.name(Role.ROLE_DAEMON));
  }

  /** The node's status now: its own, its children's and the cluster's. */
  NodeInfoResponse nodeInfo() {
    List<SubsystemStatus> parts = new ArrayList<>();
    parts.add(SubsystemStatus.newBuilder()
        .setName("daemon").setRole(Role.ROLE_DAEMON)
        .setStatus(StatusColour.STATUS_COLOUR_GREEN).setState("RUNNING")
        .setPid(ProcessHandle.current().pid())
        .build());
    for (ChildSupervisor child : children) {
      parts.add(child.status());
    }
    if (!options.apiEnabled()) {
      parts.add(SubsystemStatus.newBuilder()
          .setName("api").setRole(Role.ROLE_API)
          .setStatus(StatusColour.STATUS_COLOUR_GREEN).setState("DISABLED")
          .setReason("")
          .build());
    }
    int members = 0;
    Set<String> nodes = new HashSet<>();
    RoleContext started = context;
    if (started != null) {
      for (Member member : started.hazelcast().getCluster().getMembers()) {
        members++;
        String node = member.getAttribute(Clusters.NODE_ATTRIBUTE);
        if (node != null) {
          nodes.add(node);
        }
      }
    }
    parts.add(SubsystemStatus.newBuilder()
        .setName("cluster")
        .setStatus(StatusColour.STATUS_COLOUR_GREEN)
        .setState(members + " members on " + nodes.size() + " node(s)")
        .build());
    NodeStatus.Summary summary = NodeStatus.of(parts);
    return NodeInfoResponse.newBuilder()
        .setNodeId(started == null ? "" : started.nodeId())
        .setStatus(summary.colour())
        .setReason(summary.reason())
        .addAllSubsystems(parts)
        .setStartedAtMicros(startedAtMicros)
        .setVersion(VERSION)
        .setClusterMembers(members)
        .build();
  }

  private synchronized void statusChanged() {
    NodeStatus.Summary summary = NodeStatus.of(nodeInfo().getSubsystemsList());
    if (summary.equals(lastSummary)) {
      return;
    }
    lastSummary = summary;
    Events publisher = events;
    if (publisher != null) {
      publisher.publish(EventTypes.NODE_STATUS, "", java.util.Map.of(
          "status", StatusNames.of(summary.colour()), "reason", summary.reason()));
    }
    if (summary.colour() == StatusColour.STATUS_COLOUR_RED) {
      log.warn("node status {}: {}", StatusNames.of(summary.colour()), summary.reason());
    } else {
      log.info("node status {}{}", StatusNames.of(summary.colour()),
          summary.reason().isEmpty() ? "" : ": " + summary.reason());
    }
  }

  private static String versionOf(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

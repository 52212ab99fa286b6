package io.snowfox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in API: a real HTTP server on 127.0.0.1. */
class SnowfoxClientTest {

  /** A job as {@code GET /v1/jobs/{id}} writes it: one instance running, one killed. */
  static final String JOB = """
      {"id":"web-1a2b3c4d","name":"web","namespace":"default","state":"running","reason":"",
       "submitted_at":"2030-01-01T10:00:00.123456Z","ended_at":null,
       "submitted_with_correlation_id":"c-42",
       "spec":{"name":"web","command":"/bin/sh","args":["-c","sleep 60"],"env":{"B":"2","A":"1"},
         "workdir":"","instances":2,
         "restart":{"policy":"on-failure","backoff":"1s","max_backoff":"1m","max_restarts":3},
         "kill_timeout":"10s","resources":{"cpu":0.5,"memory_mb":128},
         "constraints":{"labels":{"zone":"a"}}},
       "instances":[
         {"index":0,"state":"running","node":"n1","pid":4242,"run_id":"web-1a2b3c4d.0.0",
          "restarts":0,"started_at":"2030-01-01T10:00:01.5Z","ended_at":null,"last_error":""},
         {"index":1,"state":"killed","node":"n2","pid":0,"run_id":"web-1a2b3c4d.1.2",
          "restarts":2,"started_at":"2030-01-01T10:00:02Z","ended_at":"2030-01-01T10:00:03Z",
          "last_error":"killed by signal 9","exit_code":null,"signal":9}]}""";

  private StandInApi api;
  private SnowfoxClient client;

  @BeforeEach
  void start() throws IOException {
    api = new StandInApi();
    client = new SnowfoxClient(api.url(), Duration.ofSeconds(5), "sfx_token");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void getJobReadsEveryFieldOfTheJobAndItsInstances() {
    api.answer(200, "{\"correlation_id\":\"c-4\",\"job\":" + JOB + "}");

    JobAnswer answer = client.getJob("web-1a2b3c4d");

    assertThat(api.seen).extracting(StandInApi.Seen::method, StandInApi.Seen::uri)
        .containsExactly(tuple("GET", "/v1/jobs/web-1a2b3c4d"));
    assertThat(api.seen.get(0).header("Authorization")).isEqualTo("Bearer sfx_token");
    assertThat(answer.correlationId()).isEqualTo("c-4");
    Job job = answer.job();
    assertThat(job.id()).isEqualTo("web-1a2b3c4d");
    assertThat(job.state()).isEqualTo(Job.RUNNING);
    assertThat(job.ended()).isFalse();
    assertThat(job.submittedAt()).isEqualTo(Instant.parse("2030-01-01T10:00:00.123456Z"));
    assertThat(job.endedAt()).isNull();
    assertThat(job.submittedWithCorrelationId()).isEqualTo("c-42");
    assertThat(job.spec().args()).containsExactly("-c", "sleep 60");
    assertThat(job.spec().env()).containsExactly(Map.entry("B", "2"), Map.entry("A", "1"));
    assertThat(job.spec().restart())
        .isEqualTo(new JobSpecView.Restart("on-failure", "1s", "1m", 3));
    assertThat(job.spec().resources()).isEqualTo(new Resources(0.5, 128));
    assertThat(job.spec().constraints().labels()).containsEntry("zone", "a");
    assertThat(job.spec().user()).isEmpty();
    assertThat(job.instances()).containsExactly(
        new Instance(0, Instance.RUNNING, "n1", 4242, "web-1a2b3c4d.0.0", 0,
            Instant.parse("2030-01-01T10:00:01.5Z"), null, "", null, null),
        new Instance(1, Instance.KILLED, "n2", 0, "web-1a2b3c4d.1.2", 2,
            Instant.parse("2030-01-01T10:00:02Z"), Instant.parse("2030-01-01T10:00:03Z"),
            "killed by signal 9", null, 9));
  }

  @Test
  void fieldsANewerApiAddsAreIgnoredAtEveryLevel() {
    String newer = JOB.replace("\"id\":\"web-1a2b3c4d\",",
            "\"id\":\"web-1a2b3c4d\",\"priority\":7,\"meta\":{\"team\":[\"a\"]},")
        .replace("\"index\":0,", "\"index\":0,\"cgroup\":{\"path\":\"/x\"},")
        .replace("\"workdir\":\"\",", "\"workdir\":\"\",\"secrets\":[],");
    api.answer(200, "{\"correlation_id\":\"c-4\",\"job\":" + newer
        + ",\"trace\":{\"spans\":[]},\"next_page\":null}");

    JobAnswer answer = client.getJob("web-1a2b3c4d");

    assertThat(answer).isEqualTo(ApiJson.read("{\"correlation_id\":\"c-4\",\"job\":" + JOB
        + "}", JobAnswer.class));
  }

  @Test
  void fieldsAnOlderApiLacksAreEmptyNotNull() {
    api.answer(200,
        "{\"correlation_id\":\"c-5\",\"jobs\":[{\"id\":\"j-1\",\"state\":\"pending\"}]}");

    Job job = client.listJobs(null).jobs().get(0);

    assertThat(job.name()).isEmpty();
    assertThat(job.reason()).isEmpty();
    assertThat(job.instances()).isEmpty();
    assertThat(job.spec().command()).isEmpty();
    assertThat(job.spec().args()).isEmpty();
    assertThat(job.spec().resources()).isEqualTo(Resources.NONE);
    assertThat(job.submittedAt()).isNull();
  }

  @Test
  void answersCannotBeChanged() {
    api.answer(200, "{\"correlation_id\":\"c-5\",\"jobs\":[" + JOB + "]}");

    JobList list = client.listJobs(null);

    assertThatThrownBy(() -> list.jobs().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.jobs().get(0).instances().remove(0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.jobs().get(0).spec().env().put("C", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void listJobsFollowsEveryPageAndKeepsTheFirstPagesCorrelationId() {
    api.first.add(StandInApi.Reply.json(200, "{\"correlation_id\":\"c-1\",\"jobs\":["
        + "{\"id\":\"j-1\"},{\"id\":\"j-2\"}],\"next\":\"Mjpq\"}"));
    api.first.add(StandInApi.Reply.json(200, "{\"correlation_id\":\"c-2\",\"jobs\":["
        + "{\"id\":\"j-3\"}],\"next\":\"Mzpq+/\"}"));
    api.answer(200, "{\"correlation_id\":\"c-3\",\"jobs\":[{\"id\":\"j-4\"}]}");

    JobList every = client.listJobs(Job.COMPLETE);

    assertThat(every.jobs()).extracting(Job::id).containsExactly("j-1", "j-2", "j-3", "j-4");
    assertThat(every.correlationId()).isEqualTo("c-1");
    assertThat(every.hasNext()).isFalse();
    assertThat(api.seen).extracting(StandInApi.Seen::uri).containsExactly(
        "/v1/jobs?state=complete", "/v1/jobs?state=complete&after=Mjpq",
        "/v1/jobs?state=complete&after=Mzpq%2B%2F");
  }

  @Test
  void onePageIsAskedWithItsLimitAndCursor() {
    api.answer(200, "{\"correlation_id\":\"c-1\",\"jobs\":[{\"id\":\"j-1\"}],"
        + "\"next\":\"MTpqLTE\"}");

    JobList page = client.listJobs(null, 1, "MDpqLTA");

    assertThat(page.jobs()).extracting(Job::id).containsExactly("j-1");
    assertThat(page.next()).isEqualTo("MTpqLTE");
    assertThat(api.seen).extracting(StandInApi.Seen::uri)
        .containsExactly("/v1/jobs?limit=1&after=MDpqLTA");
  }

  @Test
  void listJobsAsksForOneStateOnlyWhenGivenOne() {
    api.answer(200, "{\"correlation_id\":\"c-3\",\"jobs\":[]}");

    client.listJobs(null);
    JobList running = client.listJobs(Job.RUNNING);

    assertThat(running.jobs()).isEmpty();
    assertThat(api.seen).extracting(StandInApi.Seen::uri)
        .containsExactly("/v1/jobs", "/v1/jobs?state=running");
  }

  @Test
  void submitPostsTheSpecWithItsMediaTypeAndACorrelationId() {
    api.answer(201, "{\"id\":\"hello-1\",\"correlation_id\":\"c-1\"}");

    SubmitAnswer answer = client.submitJob("name: hello\n".getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.YAML);

    assertThat(answer).isEqualTo(new SubmitAnswer("c-1", "hello-1"));
    StandInApi.Seen sent = api.seen.get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.uri()).isEqualTo("/v1/jobs");
    assertThat(sent.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(sent.body()).isEqualTo("name: hello\n");
    assertThat(sent.header(SnowfoxClient.CORRELATION_HEADER)).isNotBlank();
  }

  @Test
  void aSubmitAnswered503IsSentAgainWithTheSameCorrelationIdSoItMakesOneJob() {
    api.first.add(busy());
    api.first.add(busy());
    api.answer(201, "{\"id\":\"hello-1\",\"correlation_id\":\"c-1\"}");

    SubmitAnswer answer = client.submitJob("{}".getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.JSON);

    assertThat(answer.id()).isEqualTo("hello-1");
    assertThat(correlationIds()).hasSize(3).doesNotContainNull();
    assertThat(correlationIds().stream().distinct()).hasSize(1);
  }

  @Test
  void aSubmitStill503AfterEveryAttemptFailsWithTheApisErrorAndItsRetryAfter() {
    for (int i = 0; i < ApiCall.SUBMIT_ATTEMPTS; i++) {
      api.first.add(busy());
    }

    assertThatThrownBy(() -> client.submitJob("{}".getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.JSON))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("UNAVAILABLE");
          assertThat(e.retryAfter()).contains(Duration.ZERO);
        });
    assertThat(api.seen).hasSize(ApiCall.SUBMIT_ATTEMPTS);
  }

  @Test
  void aCallOfOneAttemptIsSentOnceWithTheCallersCorrelationId() {
    api.first.add(busy());

    ApiCall<SubmitAnswer> once = ApiCall.submitJob(new byte[0], SnowfoxClient.JSON)
        .withCorrelationId("burst-1").withAttempts(1);

    assertThatThrownBy(() -> client.send(once)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.httpStatus()).isEqualTo(503));
    assertThat(correlationIds()).containsExactly("burst-1");
  }

  @Test
  void aRefusedSpecCarriesEveryFieldProblemAndTheCorrelationId() {
    api.answer(400, "{\"error\":\"BAD_REQUEST\",\"message\":\"invalid job spec: command: "
        + "required\",\"fields\":[\"command: required\"],\"correlation_id\":\"c-2\"}");

    assertThatThrownBy(() -> client.submitJob(new byte[0], SnowfoxClient.JSON))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("BAD_REQUEST");
          assertThat(e.getMessage()).isEqualTo("invalid job spec: command: required");
          assertThat(e.correlationId()).isEqualTo("c-2");
          assertThat(e.fields()).containsExactly("command: required");
          assertThat(e.retryAfter()).isEmpty();
        });
  }

  @Test
  void anUnknownJobIsNotFoundWithTheCorrelationIdOfTheAnswer() {
    api.answer(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no job 'x'\","
        + "\"correlation_id\":\"c-6\"}");

    assertThatThrownBy(() -> client.getJob("x"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.code()).isEqualTo("NOT_FOUND");
          assertThat(e.getMessage()).isEqualTo("no job 'x'");
          assertThat(e.correlationId()).isEqualTo("c-6");
          assertThat(e.fields()).isEmpty();
        });
  }

  @Test
  void aForbiddenCallSaysWhyWithTheCorrelationId() {
    api.answer(403, "{\"error\":\"FORBIDDEN\",\"message\":\"a read token may not POST "
        + "/v1/nodes/n1/drain (needs operate)\",\"correlation_id\":\"c-10\",\"hint\":\"new\"}");

    assertThatThrownBy(() -> client.drainNode("n1"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(403);
          assertThat(e.code()).isEqualTo("FORBIDDEN");
          assertThat(e.getMessage()).contains("needs operate");
          assertThat(e.correlationId()).isEqualTo("c-10");
        });
  }

  @Test
  void anErrorWithoutJsonStillSaysWhatTheStatusWasAndTheHeadersCorrelationId() {
    api.reply = new StandInApi.Reply(502, List.of("<html>bad gateway</html>"),
        Map.of("Content-Type", "text/html"));

    assertThatThrownBy(() -> client.listJobs(null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("HTTP_502");
          assertThat(e.getMessage()).contains("HTTP 502");
          assertThat(e.correlationId()).isEqualTo("c-header");
        });
  }

  @Test
  void aSuccessThatIsNotTheExpectedJsonIsABadResponse() {
    api.answer(200, "not json");
    assertThatThrownBy(() -> client.listJobs(null)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.code()).isEqualTo(ApiException.BAD_RESPONSE));

    api.answer(200, "{\"correlation_id\":\"c-1\",\"jobs\":{\"not\":\"a list\"}}");
    assertThatThrownBy(() -> client.listJobs(null)).isInstanceOfSatisfying(ApiException.class,
        e -> {
          assertThat(e.code()).isEqualTo(ApiException.BAD_RESPONSE);
          assertThat(e.getMessage()).contains("JobList");
          assertThat(e.correlationId()).isEqualTo("c-header");
        });
  }

  @Test
  void theHeadersCorrelationIdStandsInForOneTheBodyLacks() {
    api.answer(200, "{\"jobs\":[]}");

    assertThat(client.listJobs(null).correlationId()).isEqualTo("c-header");
  }

  @Test
  void exchangeGivesTheAnswerAlsoAsTheApiWroteIt() {
    String body = "{\"correlation_id\":\"c-3\",\"jobs\":[],\"future\":1}";
    api.answer(200, body);

    Answer<JobList> answer = client.exchange(ApiCall.listJobs(null));

    assertThat(answer.value()).isEqualTo(new JobList("c-3", List.of(), null));
    assertThat(answer.json()).isEqualTo(body);
  }

  @Test
  void nodesCarryTheLeadersSchedulingWhenItKnowsThem() {
    api.answer(200, """
        {"correlation_id":"c-1","partial":true,
         "scheduling":{"available":true,"leader_node_id":"n1","epoch":7},
         "nodes":[
          {"node_id":"n1","reachable":true,"status":"GREEN","reason":"","version":"0.1.0",
           "started_at":"2030-01-01T00:00:00Z","cluster_members":4,
           "subsystems":[{"name":"spawner","status":"GREEN","state":"RUNNING","reason":"",
             "pid":4242,"restarts":0}],
           "leader":true,"epoch":7,"capacity":{"cpu":4,"memory_mb":8192},
           "allocated":{"cpu":1.5,"memory_mb":768},"instances":3,"draining":false,
           "schedulable":true},
          {"node_id":"n3","reachable":false,"status":"UNREACHABLE",
           "reason":"no answer within 2000 ms","version":"","started_at":"",
           "cluster_members":0,"subsystems":[]}]}""");

    NodeList nodes = client.listNodes();

    assertThat(nodes.partial()).isTrue();
    assertThat(nodes.scheduling()).isEqualTo(new Scheduling(true, "n1", 7, "", ""));
    Node n1 = nodes.nodes().get(0);
    assertThat(n1.startedAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(n1.subsystems()).containsExactly(
        new Subsystem("spawner", "GREEN", "RUNNING", "", 4242, 0));
    assertThat(n1.scheduling()).isEqualTo(new NodeScheduling(true, 7, new Allocation("n1",
        new Resources(4, 8192), new Resources(1.5, 768), 3, false, true)));
    Node n3 = nodes.nodes().get(1);
    assertThat(n3.status()).isEqualTo(Node.UNREACHABLE);
    assertThat(n3.startedAt()).isNull();
    assertThat(n3.scheduling()).isNull();
  }

  @Test
  void aListingOfAnOlderApiWithoutSchedulingSaysItIsNotAvailable() {
    api.answer(200, "{\"correlation_id\":\"c-1\",\"partial\":false,\"nodes\":[]}");

    assertThat(client.listNodes().scheduling().available()).isFalse();
  }

  @Test
  void drainPostsAndUndrainDeletesTheNodesDrainWithItsIdEscaped() {
    api.answer(200, "{\"correlation_id\":\"c-7\",\"allocation\":{\"node_id\":\"n 1\","
        + "\"capacity\":{\"cpu\":2,\"memory_mb\":4096},\"allocated\":{\"cpu\":0.5,"
        + "\"memory_mb\":128},\"instances\":1,\"draining\":true,\"schedulable\":true}}");

    DrainAnswer drained = client.drainNode("n 1");
    client.undrainNode("n 1");

    assertThat(drained).isEqualTo(new DrainAnswer("c-7", new Allocation("n 1",
        new Resources(2, 4096), new Resources(0.5, 128), 1, true, true)));
    assertThat(api.seen).extracting(StandInApi.Seen::method, StandInApi.Seen::uri)
        .containsExactly(tuple("POST", "/v1/nodes/n%201/drain"),
            tuple("DELETE", "/v1/nodes/n%201/drain"));
  }

  @Test
  void aCreatedTokenCarriesItsSecretOnceBesideItsRecord() {
    api.answer(201, "{\"id\":\"0123456789abcdef\",\"namespace\":\"team-a\",\"role\":\"submit\","
        + "\"description\":\"ci\",\"created_at\":\"2030-01-01T00:00:00Z\",\"revoked\":false,"
        + "\"token\":\"sfx_0123456789abcdef_00\",\"correlation_id\":\"c-8\"}");

    CreatedToken created = client.createToken("team-a", Token.SUBMIT, "ci");

    assertThat(created.correlationId()).isEqualTo("c-8");
    assertThat(created.secret()).isEqualTo("sfx_0123456789abcdef_00");
    assertThat(created.token()).isEqualTo(new Token("0123456789abcdef", "team-a", Token.SUBMIT,
        "ci", Instant.parse("2030-01-01T00:00:00Z"), false, null));
    assertThat(api.seen.get(0).body())
        .isEqualTo("{\"role\":\"submit\",\"namespace\":\"team-a\",\"description\":\"ci\"}");
  }

  @Test
  void aRevokedTokenSaysWhen() {
    api.answer(200, "{\"id\":\"0123456789abcdef\",\"namespace\":\"*\",\"role\":\"management\","
        + "\"description\":\"\",\"created_at\":\"2030-01-01T00:00:00Z\",\"revoked\":true,"
        + "\"revoked_at\":\"2030-01-02T00:00:00Z\",\"correlation_id\":\"c-9\"}");

    RevokedToken revoked = client.revokeToken("0123456789abcdef");

    assertThat(revoked.correlationId()).isEqualTo("c-9");
    assertThat(revoked.token().revokedAt()).isEqualTo(Instant.parse("2030-01-02T00:00:00Z"));
    assertThat(api.seen).extracting(StandInApi.Seen::method, StandInApi.Seen::uri)
        .containsExactly(tuple("DELETE", "/v1/tokens/0123456789abcdef"));
  }

  @Test
  void aTraceHasItsNodesLinesAndHops() {
    api.answer(200, """
        {"correlation_id":"c-1","partial":true,"truncated":false,
         "nodes":[{"node_id":"n1","answered":true,"entries":1,"truncated":false,
                   "bytes_scanned":2048},
                  {"node_id":"n2","answered":false,"error":"TIMEOUT: no answer"}],
         "entries":[{"time":"2030-01-01T10:00:00.000100Z","node":"n1","role":"api",
                     "level":"INFO","kind":"HTTP","message":"POST /v1/jobs","logger":"a.B"}],
         "spans":[{"span_id":"s1","parent_span_id":"","name":"POST /v1/jobs","node":"n1",
                   "role":"api","start":"2030-01-01T10:00:00Z","duration_us":1500,
                   "status":"OK"}]}""");

    Trace trace = client.getTrace("c-1");

    assertThat(trace.nodes()).containsExactly(new TraceNode("n1", true, 1, false, 2048, ""),
        new TraceNode("n2", false, 0, false, 0, "TIMEOUT: no answer"));
    assertThat(trace.entries().get(0).time())
        .isEqualTo(Instant.parse("2030-01-01T10:00:00.000100Z"));
    assertThat(trace.spans()).containsExactly(new Span("s1", "", "POST /v1/jobs", "n1", "api",
        Instant.parse("2030-01-01T10:00:00Z"), 1500, "OK"));
    assertThat(api.seen.get(0).uri()).isEqualTo("/v1/traces/c-1");
  }

  private static final String EVENT = "{\"type\":\"instance.exited\",\"time\":"
      + "\"2030-01-01T10:00:00Z\",\"source\":{\"node\":\"n1\",\"role\":\"manager\"},"
      + "\"correlation_id\":\"c-1\",\"job_id\":\"j-1\",\"node_id\":\"n1\","
      + "\"namespace\":\"default\",\"data\":{\"exit_code\":\"0\",\"index\":\"0\"}}";

  @Test
  void recentEventsAreFilteredByTypeAndJob() {
    api.answer(200, "{\"correlation_id\":\"c-2\",\"events\":[" + EVENT + "],"
        + "\"unanswered\":[\"manager@n3\"]}");

    EventList events = client.recentEvents(
        EventFilter.ofTypes(Event.INSTANCE_EXITED, Event.JOB_STATE).forJob("j-1"));

    assertThat(api.seen.get(0).uri())
        .isEqualTo("/v1/events?follow=false&type=instance.exited&type=job.state&job=j-1");
    Event event = events.events().get(0);
    assertThat(event.source()).isEqualTo(new Event.Source("n1", "manager"));
    assertThat(event.data()).containsExactly(Map.entry("exit_code", "0"), Map.entry("index", "0"));
    assertThat(events.unanswered()).containsExactly("manager@n3");
  }

  @Test
  void followedEventsReachTheHandlerOneByOneAsTheyArrive() {
    api.reply = new StandInApi.Reply(200, List.of(EVENT + "\n", "\n",
        EVENT.replace("instance.exited", "job.state").replace(",\"future\":1", "") + "\n"),
        Map.of("Content-Type", "application/x-ndjson"));
    List<Event> seen = new ArrayList<>();

    client.followEvents(EventFilter.ALL, seen::add);

    assertThat(seen).extracting(Event::type).containsExactly("instance.exited", "job.state");
    assertThat(api.seen.get(0).uri()).isEqualTo("/v1/events?follow=true");
  }

  @Test
  void logsCopyEveryChunkToTheSink() {
    api.reply = new StandInApi.Reply(200, List.of("line 1\n", "line 2\n", "line 3\n"),
        Map.of("Content-Type", "text/plain; charset=utf-8"));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    client.jobLogs("web-1", "stderr", 2, 10, true, sink);

    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\nline 3\n");
    assertThat(api.seen).extracting(StandInApi.Seen::uri)
        .containsExactly("/v1/jobs/web-1/logs?stream=stderr&instance=2&tail=10&follow=true");
  }

  @Test
  void logsOfAMissingInstanceFailWithTheApisErrorAndWriteNothing() {
    api.answer(404, "{\"error\":\"NOT_FOUND\",\"message\":\"job web-1 has no instance 4 (it "
        + "has 1)\",\"correlation_id\":\"c-7\"}");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    assertThatThrownBy(() -> client.jobLogs("web-1", "stdout", 4, 0, false, sink))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.correlationId()).isEqualTo("c-7");
        });
    assertThat(sink.size()).isZero();
  }

  @Test
  void anApiThatIsNotThereHasNoStatus() {
    api.close();

    assertThatThrownBy(() -> client.listJobs(null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isZero();
          assertThat(e.code()).isEqualTo(ApiException.UNREACHABLE);
          assertThat(e.getMessage()).startsWith("cannot reach the SnowFox API at " + api.url());
        });
  }

  @Test
  void anApiThatDoesNotAnswerInTimeIsATimeout() {
    api.delayMillis = 2_000;
    SnowfoxClient impatient = new SnowfoxClient(api.url(), Duration.ofMillis(200), null);

    assertThatThrownBy(() -> impatient.listJobs(null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isZero();
          assertThat(e.code()).isEqualTo(ApiException.TIMEOUT);
        });
    assertThat(api.seen.get(0).header("Authorization")).isNull();
  }

  private List<String> correlationIds() {
    return api.seen.stream().map(s -> s.header(SnowfoxClient.CORRELATION_HEADER)).toList();
  }

  private static StandInApi.Reply busy() {
    return new StandInApi.Reply(503, List.of("{\"error\":\"UNAVAILABLE\",\"message\":\"busy\","
        + "\"correlation_id\":\"c-busy\"}"), Map.of("Retry-After", "0",
        "Content-Type", "application/json"));
  }
}

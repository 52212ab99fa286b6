package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs through one node's HTTP API, as a test submits and watches them: every job it submits is
 * remembered, and {@link #stopAll()} stops them.
 */
final class JobApi {

  static final String JSON = "application/json";
  static final Duration WAIT = Duration.ofSeconds(60);

  private final String apiUrl;
  private final List<String> submitted = new ArrayList<>();

  JobApi(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /** Submits a spec; the answer, whatever its status. */
  Http.Answer post(JsonObject spec) throws Exception {
    Http.Answer answer = Http.post(apiUrl + "/v1/jobs", JSON, spec.encode());
    if (answer.status() == 201) {
      submitted.add(answer.json().getString("id"));
    }
    return answer;
  }

  /** Submits a spec that must be accepted; its job id. */
  String submit(JsonObject spec) throws Exception {
    Http.Answer answer = post(spec);
    assertThat(answer.status()).as("submit answer %s", answer.body()).isEqualTo(201);
    JsonObject body = answer.json();
    assertThat(body.getString("correlation_id")).isEqualTo(answer.correlationId());
    return body.getString("id");
  }

  JsonObject job(String id) throws Exception {
    Http.Answer answer = Http.get(apiUrl + "/v1/jobs/" + id);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().getJsonObject("job");
  }

  /** Waits until the job is in {@code state}; its last answer. */
  JsonObject awaitState(String id, String state) {
    JsonObject[] last = new JsonObject[1];
    eventually(WAIT, () -> {
      last[0] = job(id);
      assertThat(last[0].getString("state")).as("job %s", last[0].encodePrettily())
          .isEqualTo(state);
    });
    return last[0];
  }

  /** The job's output ({@code query} picks the stream, tail...). */
  String logs(String id, String query) throws Exception {
    Http.Answer answer = Http.get(apiUrl + "/v1/jobs/" + id + "/logs?" + query);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  /** Remembers a job submitted otherwise, to stop it with the others. */
  void remember(String id) {
    submitted.add(id);
  }

  /** Stops every job submitted through this helper. */
  void stopAll() throws Exception {
    for (String id : submitted) {
      Http.delete(apiUrl + "/v1/jobs/" + id);
    }
    submitted.clear();
  }
}

package io.snowfox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web console in a real browser: headless Chromium, driven over the DevTools protocol as a
 * user would (mouse clicks, typed text), against a real node. It enters the token, runs a job
 * from the form, watches it complete with its output, opens the trace of its submission, sees
 * events arrive live, and stops a running job; the page reports no script error, no policy
 * violation and no failed load, and the token appears in no URL.
 *
 * <p>The screenshots it takes go to {@code -Dsnowfox.screenshots.dir} (the build's test
 * directory by default; {@code docs/images} to refresh the docs'). Without Chromium on the
 * {@code PATH} it is skipped, except in CI ({@code CI} set), where {@code .ci/run} installs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

  private static final int WIDTH = 1280;
  private static final int HEIGHT = 860;
  private static final Duration SHOWN = Duration.ofSeconds(20);
  private static final int SEEDED_JOBS = 1001;

  private static TestNode node;
  private static Chromium chromium;
  private static DevTools page;
  private static String jobId;

  @BeforeAll
  static void startNodeAndBrowser() throws Exception {
    Optional<Path> binary = Chromium.find();
    if (binary.isEmpty()) {
      assertThat(System.getenv("CI")).as("chromium is on the PATH in CI (.ci/run installs it)")
          .isNull();
      Assumptions.abort("chromium is not installed (apt-get install chromium)");
    }
    // More jobs than a page of the list holds: the console shows the newest page.
    Path dataDir = TestNode.newDataDir("console");
    SeededJobs.seed(dataDir, "console", SEEDED_JOBS);
    node = TestNode.startIn(dataDir, "console", List.of());
    Path logs = Files.createDirectories(node.dataDir.resolve("chromium"));
    chromium = Chromium.start(binary.get(), logs.resolve("chromium.log"), WIDTH, HEIGHT);
    page = chromium.page();
    page.viewport(WIDTH, HEIGHT);
    node.awaitGreen();
  }

  @AfterAll
  static void stopBrowserAndNode() throws Exception {
    try {
      if (page != null) {
        page.close();
      }
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  @AfterEach
  void thePageReportedNoProblemAndSentTheTokenInNoUrl() {
    assertThat(page.takeProblems()).as("script errors, failed loads, policy violations").isEmpty();
    assertThat(page.requested()).as("every request the page made").isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(node.apiUrl() + "/")
            .doesNotContain(node.token()));
  }

  @Test
  @Order(1)
  void theConsoleAsksForTheTokenOnceAndShowsTheNodeWithItsProcesses() throws Exception {
    page.navigate(node.apiUrl() + "/");
    page.waitForElement("#token-form", SHOWN);
    screenshot("login");

    page.type("#token-input", node.token());
    page.click("#token-submit");

    String card = "#nodes article[data-node='console']";
    page.waitFor("document.querySelector(\"" + card + " header .badge\")?.textContent"
        + " === 'GREEN'", SHOWN);
    for (String role : List.of("daemon", "spawner", "manager", "api", "cluster")) {
      page.waitForElement(card + " tr[data-subsystem='" + role + "'] .st-green", SHOWN);
    }
    assertThat(page.eval("sessionStorage.getItem('snowfox.token')")).isEqualTo(node.token());
    assertThat(page.eval("document.querySelector('#token-input').value")).isEqualTo("");
    screenshot("nodes");

    page.reload();
    page.waitForElement(card, SHOWN);
    assertThat(page.eval("document.querySelector('#login').hidden")).isEqualTo(true);
  }

  @Test
  @Order(2)
  void aJobRunFromTheFormCompletesAndItsOutputIsShown() throws Exception {
    page.click("#nav a[data-nav='jobs']");
    page.waitForElement("#job-form", SHOWN);
    page.type("#job-name", "hello-console");
    page.type("#job-command", "/bin/sh");
    page.type("#job-args", "-c\nfor i in 1 2 3; do echo \"line $i from the console\";"
        + " sleep 0.3; done");
    page.click("#job-submit");

    page.waitFor("location.hash.startsWith('#/jobs/') && document.querySelector('#job-id')",
        SHOWN);
    jobId = page.text("#job-id");
    assertThat(jobId).startsWith("hello-console");
    page.waitFor("document.querySelector('#job-state .badge')?.textContent === 'complete'",
        SHOWN);
    page.waitFor("document.querySelector('#output').dataset.ended === 'true'", SHOWN);
    assertThat(page.text("#output")).isEqualTo(
        "line 1 from the console\nline 2 from the console\nline 3 from the console\n");
    assertThat(page.text("#job-instances tr[data-instance='0']")).contains("exited");
    screenshot("job");

    page.click("#nav a[data-nav='jobs']");
    page.waitFor("document.querySelector(\"#jobs-rows tr[data-job='" + jobId + "'] .badge\")"
        + "?.textContent === 'complete'", SHOWN);
    // Newest first: the job just run heads the list, the oldest seeded job is left out.
    assertThat(page.eval("document.querySelector('#jobs-rows tr').dataset.job"))
        .isEqualTo(jobId);
    assertThat(page.eval("document.querySelectorAll('#jobs-rows tr').length")).isEqualTo(1000);
    assertThat(page.eval("!!document.querySelector(\"#jobs-rows tr[data-job='ended-00000000']\")"))
        .isEqualTo(false);
    assertThat(page.eval("document.querySelector('#jobs-more').hidden")).isEqualTo(false);
    assertThat(page.text("#jobs-more")).startsWith("The newest 1000 jobs; older ones are not "
        + "shown");
    screenshot("jobs");
  }

  @Test
  @Order(3)
  void theTraceOfItsSubmissionShowsItsHopsAndTimeline() throws Exception {
    page.click("#jobs-rows tr[data-job='" + jobId + "'] a");
    page.click("#job-trace");

    page.waitFor("[...document.querySelectorAll('#trace-spans tbody tr')]"
        + ".some(row => row.textContent.includes('api POST /v1/jobs'))", SHOWN);
    assertThat(page.eval("document.querySelectorAll('#trace-spans tbody tr').length"))
        .as("hops").isInstanceOf(Integer.class).matches(rows -> (Integer) rows >= 2);
    assertThat(page.eval("document.querySelectorAll('#trace-timeline tbody tr').length"))
        .as("log lines").isInstanceOf(Integer.class).matches(rows -> (Integer) rows >= 2);
    assertThat(page.text("#trace-timeline")).contains("console");
    screenshot("trace");
  }

  @Test
  @Order(4)
  void theEventStreamShowsTheJobsEventsAndNewOnesAsTheyHappen() throws Exception {
    page.click("#nav a[data-nav='events']");
    page.waitForElement("#events-rows tr[data-job='" + jobId + "']", SHOWN);
    page.waitFor("document.querySelector('#events-status')?.textContent.includes('live')",
        SHOWN);

    Http.Answer submitted = Http.post(node.apiUrl() + "/v1/jobs", "application/json",
        "{\"name\": \"live-event\", \"command\": \"/bin/true\"}");
    assertThat(submitted.status()).isEqualTo(201);
    String liveJob = submitted.json().getString("id");

    page.waitForElement("#events-rows tr[data-job='" + liveJob + "'][data-type='job.state']",
        SHOWN);
    page.waitForElement("#events-rows tr[data-job='" + liveJob + "'][data-type='instance.exited']",
        SHOWN);
    screenshot("events");
  }

  @Test
  @Order(5)
  void aRunningJobIsStoppedFromItsPage() {
    page.click("#nav a[data-nav='jobs']");
    page.type("#job-name", "sleeper");
    page.type("#job-command", "/bin/sleep");
    page.type("#job-args", "300");
    page.click("#job-submit");
    page.waitFor("document.querySelector('#job-state .badge')?.textContent === 'running'"
        + " && document.querySelector(\"#job-instances tr[data-instance='0'] .badge\")"
        + "?.textContent === 'running'", SHOWN);

    page.click("#job-stop");
    assertThat(page.text("#job-stop")).isEqualTo("Really stop?");
    page.click("#job-stop");

    page.waitFor("document.querySelector('#job-state .badge')?.textContent === 'stopped'",
        SHOWN);
    assertThat(page.eval("document.querySelector('#job-stop').hidden")).isEqualTo(true);
  }

  private static void screenshot(String name) throws Exception {
    Path dir = Path.of(System.getProperty("snowfox.screenshots.dir",
        Path.of(System.getProperty("snowfox.test.dir", "target/it"), "screenshots").toString()));
    page.screenshot(dir.resolve("console-" + name + ".png"));
  }
}

package io.snowfox.runtime.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exporter whose failures reach the process's log, once in a while ({@link ExportFailures}):
 * a collector that is down fails every batch, and the log says so once a minute, counting
 * the spans lost meanwhile, then once more when spans get through again.
 */
final class LoggedSpanExporter implements SpanExporter {

  private static final Logger log = LoggerFactory.getLogger(OtlpExport.class);

  private final SpanExporter target;
  private final ExportFailures exports;
  private final ExportFailures builds;

  LoggedSpanExporter(SpanExporter target, String url) {
    this.target = target;
    this.exports = new ExportFailures(url, ExportFailures.DEFAULT_INTERVAL);
    this.builds = new ExportFailures(url + " (building spans)", ExportFailures.DEFAULT_INTERVAL);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = target.export(spans);
    } catch (RuntimeException e) {
      result = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode done = result;
    return done.whenComplete(() -> {
      long now = System.nanoTime();
      if (done.isSuccess()) {
        String line = exports.succeeded(now);
        if (line != null) {
          log.info("{}", line);
        }
      } else {
        String line = exports.failed(now, count, cause(done.getFailureThrowable()));
        if (line != null) {
          log.warn("{}", line);
        }
      }
    });
  }

  /** Spans that never reached the queue, lost because they could not be built. */
  void lost(int count, String why) {
    String line = builds.failed(System.nanoTime(), count, why);
    if (line != null) {
      log.warn("{}", line);
    }
  }

  /** The failure as one line: the exporter's message and its deepest cause. */
  static String cause(Throwable failure) {
    if (failure == null) {
      return "the collector refused the spans or did not answer in time";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(failure.getMessage());
    return root == failure ? message
        : message + " (" + root.getClass().getSimpleName()
            + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
  }

  @Override
  public CompletableResultCode flush() {
    return target.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return target.shutdown();
  }
}

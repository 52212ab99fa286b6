package io.snowfox.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.LoggerFactory;

/** Configures the logs of a server process: console text plus JSON lines per role on disk. */
public final class Logging {

  /** Rotate a role's JSON log when it reaches this size. */
  public static final String DEFAULT_MAX_FILE_SIZE = "100MB";
  /** Rotated files kept per role, besides the live one. */
  public static final int DEFAULT_MAX_FILES = 5;
  /** Level of SnowFox's own loggers unless {@code snowfox.log.level} says otherwise. */
  public static final String DEFAULT_LEVEL = "INFO";

  private Logging() {}

  /** The directory of a node's logs under its data dir. */
  public static Path logDir(Path dataDir) {
    return dataDir.resolve("logs");
  }

  /**
   * Switches logging to console text plus {@code <logDir>/<role>.log} JSON lines tagged with the
   * node and the role. Call once, early in {@code main}, before anything interesting is logged.
   */
  public static void configure(String role, String nodeId, Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log directory " + logDir, e);
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("role", role);
    context.putProperty("node", nodeId);
    context.putProperty("logDir", logDir.toAbsolutePath().toString());
    context.putProperty("logLevel", System.getProperty("snowfox.log.level", DEFAULT_LEVEL));
    context.putProperty("maxFileSize",
        System.getProperty("snowfox.log.maxFileSize", DEFAULT_MAX_FILE_SIZE));
    context.putProperty("maxFiles",
        System.getProperty("snowfox.log.maxFiles", Integer.toString(DEFAULT_MAX_FILES)));
    URL config = Logging.class.getResource("/snowfox-logback.xml");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("invalid logging configuration " + config, e);
    }
  }
}

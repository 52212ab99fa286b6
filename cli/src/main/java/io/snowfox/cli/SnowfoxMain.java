package io.snowfox.cli;

import io.snowfox.api.ApiCommand;
import io.snowfox.daemon.DaemonCommand;
import io.snowfox.manager.ManagerCommand;
import io.snowfox.runtime.config.Settings;
import io.snowfox.spawner.SpawnerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code snowfox} command. Server roles ({@code daemon}, {@code api}, and the children the
 * daemon starts) run until stopped; every other command is one HTTP call to the public API.
 * Without arguments it runs a single-node SnowFox ({@code snowfox daemon}).
 */
@Command(name = "snowfox", mixinStandardHelpOptions = true,
    versionProvider = SnowfoxMain.Version.class,
    description = "SnowFox: run processes across your machines.",
    subcommands = {
        DaemonCommand.class,
        ApiCommand.class,
        NodeCommand.class,
        NodesCommand.class,
        JobCommand.class,
        TraceCommand.class,
        EventsCommand.class,
        TokenCommand.class,
        TlsCommand.class,
        SpawnerCommand.class,
        ManagerCommand.class,
    })
public final class SnowfoxMain {

  /** Exit code of a command that failed: an error answer, no answer, an unreadable file. */
  public static final int EXIT_FAILURE = 1;
  /** Exit code of a command whose arguments were wrong. */
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(execute(args.length == 0 ? new String[] {"daemon"} : args));
  }

  /** Runs a command line and returns its exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The whole command tree, ready to execute. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SnowfoxMain())
        .setDefaultValueProvider(new Settings())
        .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
          if (failure instanceof IllegalArgumentException) {
            commandLine.getErr().println("error: " + failure.getMessage());
            return EXIT_USAGE;
          }
          throw failure;
        });
    cli.getSubcommands().get("spawner").getCommandSpec().usageMessage().hidden(true);
    cli.getSubcommands().get("manager").getCommandSpec().usageMessage().hidden(true);
    return cli;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SnowfoxMain.class.getPackage().getImplementationVersion();
      return new String[] {"snowfox " + (version == null ? "dev" : version)};
    }
  }
}

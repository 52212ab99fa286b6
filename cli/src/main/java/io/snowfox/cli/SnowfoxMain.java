package io.snowfox.cli;

import io.snowfox.api.ApiCommand;
import io.snowfox.daemon.DaemonCommand;
import io.snowfox.manager.ManagerCommand;
import io.snowfox.runtime.config.Settings;
import io.snowfox.spawner.SpawnerCommand;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code snowfox} command. Server roles ({@code daemon}, {@code api}, and the children the
 * daemon starts) run until stopped; every other command is one HTTP call to the public API.
 * Without a command it runs a single-node SnowFox: {@code snowfox} and
 * {@code snowfox --data-dir DIR --http-port 8080} are {@code snowfox daemon ...}.
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
        AutoComplete.GenerateCompletion.class,
    })
public final class SnowfoxMain {

  /** Exit code of a command that failed: an error answer, no answer, an unreadable file. */
  public static final int EXIT_FAILURE = 1;
  /** Exit code of a command whose arguments were wrong. */
  public static final int EXIT_USAGE = 2;

  /** Options of {@code snowfox} itself rather than of the daemon it starts by default. */
  private static final Set<String> TOP_OPTIONS = Set.of("-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    System.exit(execute(withDefaultCommand(args)));
  }

  /**
   * The arguments with {@code daemon} in front when they name no command: none at all, or
   * options only ({@code --data-dir DIR}). Help and version stay the top command's own.
   */
  static String[] withDefaultCommand(String[] args) {
    if (args.length > 0 && (!args[0].startsWith("-") || TOP_OPTIONS.contains(args[0]))) {
      return args;
    }
    String[] daemon = new String[args.length + 1];
    daemon[0] = "daemon";
    System.arraycopy(args, 0, daemon, 1, args.length);
    return daemon;
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

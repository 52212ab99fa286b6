package io.snowfox.cli;

import picocli.CommandLine.Command;

/** {@code snowfox tls ...}: the cluster's TLS material. */
@Command(name = "tls", mixinStandardHelpOptions = true,
    description = "Make the TLS material that lets a node into the cluster.",
    subcommands = {TlsInitCommand.class})
final class TlsCommand {}

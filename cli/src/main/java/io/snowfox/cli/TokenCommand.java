package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.CreatedToken;
import io.snowfox.client.SnowfoxClient;
import io.snowfox.client.Token;
import io.snowfox.client.TokenList;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snowfox token create|list|revoke}: API tokens (a management token is needed). */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create, list and revoke API tokens (needs a management token).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class,
        TokenCommand.Revoke.class})
final class TokenCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token; its secret is printed once and never shown again.")
  static final class Create extends ClientCommand {
    @Option(names = "--namespace", paramLabel = "NAME",
        description = "The namespace it acts in (required unless --role management).")
    String namespace;

    @Option(names = "--role", paramLabel = "ROLE", required = true,
        description = "read, submit, operate or management.")
    String role;

    @Option(names = "--description", paramLabel = "TEXT",
        description = "Who or what the token is for.")
    String description;

    @Override
    int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
      Answer<CreatedToken> answer = client.exchange(
          ApiCall.createToken(namespace, role, description));
      if (json()) {
        printJson(answer.json());
        return 0;
      }
      CreatedToken created = answer.value();
      out.println(created.secret());
      err().println("token " + created.token().id() + ": " + created.token().role() + " in "
          + created.token().namespace() + " (the secret above is shown once)");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List tokens: ids, namespaces and roles, never secrets.")
  static final class ListTokens extends ClientCommand {
    @Override
    int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
      Answer<TokenList> answer = client.exchange(ApiCall.listTokens());
      if (json()) {
        printJson(answer.json());
        return 0;
      }
      Table table = new Table("ID", "NAMESPACE", "ROLE", "CREATED", "DESCRIPTION");
      for (Token token : answer.value().tokens()) {
        table.add(token.id(), token.namespace(), token.role(),
            token.createdAt() == null ? "" : token.createdAt().toString(), token.description());
      }
      table.lines(terminal).forEach(out::println);
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token on every node at once.")
  static final class Revoke extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The token's id (from token list).")
    String id;

    @Override
    int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
      String revoked = client.exchange(ApiCall.revokeToken(id)).json();
      if (json()) {
        printJson(revoked);
        return 0;
      }
      out.println("token " + id + " revoked");
      return 0;
    }
  }
}

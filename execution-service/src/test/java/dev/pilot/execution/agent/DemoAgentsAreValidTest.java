package dev.pilot.execution.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The local stack seeds its demo agents through this API: each one must be accepted as it is. */
class DemoAgentsAreValidTest extends ServiceTest {

  private static final Path DEMO_AGENTS = Path.of("../local-stack/src/main/resources/demo-agents");

  @Test
  void everyDemoAgentOfTheLocalStackIsAValidAgent() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(DEMO_AGENTS)) {
      files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();

    for (Path file : files) {
      Api.Response created = api.post("alice", "/api/agents", Files.readString(file));

      assertThat(created.status()).as("%s: %s", file, created.body()).isEqualTo(201);
    }
  }
}

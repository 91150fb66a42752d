package dev.pilot.localstack.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.localstack.ports.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

  @TempDir Path dir;

  @Test
  void startsAJarWithItsEnvironmentAndStopsItGracefully() throws Exception {
    ServiceSpec spec = spec(FakeServiceJar.buildIn(dir));

    ServiceProcess service = ServiceProcess.start(spec);
    service.awaitHealthy(Duration.ofSeconds(20));

    assertThat(HealthProbe.isUp(spec.baseUri())).isTrue();
    assertThat(Files.readString(spec.logFile())).contains("GREETING=hello");
    service.stop(Duration.ofSeconds(10));
    assertThat(service.isAlive()).isFalse();
    assertThat(FreePorts.isFree(spec.port())).isTrue();
  }

  @Test
  void killLeavesThePortFreeForARestart() throws Exception {
    ServiceSpec spec = spec(FakeServiceJar.buildIn(dir));
    ServiceProcess first = ServiceProcess.start(spec);
    first.awaitHealthy(Duration.ofSeconds(20));

    first.kill();
    ServiceProcess second = ServiceProcess.start(spec);
    second.awaitHealthy(Duration.ofSeconds(20));

    assertThat(first.isAlive()).isFalse();
    assertThat(second.pid()).isNotEqualTo(first.pid());
    second.stop(Duration.ofSeconds(10));
  }

  @Test
  void namesTheServiceAndItsLogWhenItDiesWhileStarting() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.jar"), "not a jar");
    ServiceSpec spec = spec(broken);

    ServiceProcess service = ServiceProcess.start(spec);

    assertThatThrownBy(() -> service.awaitHealthy(Duration.ofSeconds(20)))
        .isInstanceOf(ServiceStartupException.class)
        .hasMessageContaining("fake-service exited")
        .hasMessageContaining(spec.logFile().toString());
    assertThat(Files.readString(spec.logFile())).containsIgnoringCase("jarfile");
  }

  @Test
  void refusesAMissingJarSayingToBuildIt() {
    ServiceSpec spec = spec(dir.resolve("missing.jar"));

    assertThatThrownBy(() -> ServiceProcess.start(spec))
        .isInstanceOf(ServiceStartupException.class)
        .hasMessageContaining("missing.jar is missing (build it first)");
  }

  private ServiceSpec spec(Path jar) {
    return new ServiceSpec(
        "fake-service",
        jar,
        FreePorts.pick(),
        List.of("-Xmx32m"),
        List.of(),
        Map.of("GREETING", "hello"),
        dir.resolve("logs/fake-service.log"));
  }
}

package dev.pilot.localstack.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void namesTheTakenPortAndWhatNeedsIt() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0)) {
      int taken = squatter.getLocalPort();
      List<RequiredPort> ports =
          List.of(
              new RequiredPort(FreePorts.pick(), "the Kafka broker"),
              new RequiredPort(taken, "dashboard-service"));

      assertThatThrownBy(() -> FreePorts.require(ports))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Port " + taken)
          .hasMessageContaining("dashboard-service");
    }
  }

  @Test
  void neverPicksTheSamePortTwice() {
    assertThat(IntStream.range(0, 20).map(i -> FreePorts.pick()).distinct()).hasSize(20);
  }

  @Test
  void acceptsPortsNothingListensOn() {
    int free = FreePorts.pick();

    FreePorts.require(List.of(new RequiredPort(free, "PostgreSQL")));

    assertThat(FreePorts.isFree(free)).isTrue();
  }
}

package dev.pilot.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The images' health check: healthy exactly when the service's readiness answers 200. */
class HealthProbeTest {

  private HttpServer service;
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private volatile int status;

  @BeforeEach
  void startService() throws IOException {
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    service.createContext(
        "/",
        exchange -> {
          asked.add(exchange.getRequestURI().getPath());
          byte[] body = "{\"status\":\"UP\"}".getBytes();
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    service.start();
  }

  @AfterEach
  void stopService() {
    service.stop(0);
  }

  @Test
  void isHealthyWhenReadinessAnswers200() {
    status = 200;

    assertThat(HealthProbe.check(new String[] {port()})).isZero();
    assertThat(asked).containsExactly("/actuator/health/readiness");
  }

  @Test
  void asksAnotherPathWhenGivenOne() {
    status = 200;

    assertThat(HealthProbe.check(new String[] {port(), "/actuator/health/liveness"})).isZero();
    assertThat(asked).containsExactly("/actuator/health/liveness");
  }

  @Test
  void isUnhealthyWhileTheServiceIsNotReady() {
    status = 503;

    assertThat(HealthProbe.check(new String[] {port()})).isEqualTo(1);
  }

  @Test
  void isUnhealthyWhenNothingListens() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    assertThat(HealthProbe.check(new String[] {String.valueOf(closed)})).isEqualTo(1);
  }

  @Test
  void refusesAWrongCall() {
    assertThat(HealthProbe.check(new String[] {})).isEqualTo(2);
    assertThat(HealthProbe.check(new String[] {"http"})).isEqualTo(2);
    assertThat(HealthProbe.check(new String[] {"70000"})).isEqualTo(2);
    assertThat(HealthProbe.check(new String[] {port(), "actuator"})).isEqualTo(2);
    assertThat(asked).isEmpty();
  }

  private String port() {
    return String.valueOf(service.getAddress().getPort());
  }
}

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Stands in for a Spring Boot service in tests: answers /actuator/health on --server.port. */
public class FakeService {
  public static void main(String[] args) throws Exception {
    int port = 0;
    for (String arg : args) {
      if (arg.startsWith("--server.port=")) {
        port = Integer.parseInt(arg.substring("--server.port=".length()));
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/actuator/health",
        exchange -> {
          exchange.sendResponseHeaders(200, up.length);
          exchange.getResponseBody().write(up);
          exchange.close();
        });
    server.start();
    System.out.println("fake service up on " + port + " with GREETING=" + System.getenv("GREETING"));
  }
}

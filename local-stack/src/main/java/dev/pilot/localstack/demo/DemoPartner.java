package dev.pilot.localstack.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The systems the demo agents talk to, served by the local stack on the loopback address: an
 * accounting system listing this week's invoices ({@code GET /demo/invoices}, already shaped as a
 * payment proposal), a bank that takes payments ({@code POST /demo/payments}) and lists every
 * request it received ({@code GET /demo/payments}), so anyone can check that exactly the approved
 * payments were made, and a mailbox that does the same for messages ({@code /demo/messages}).
 */
public final class DemoPartner implements AutoCloseable {

  public static final int PORT = 8090;

  static final String INVOICES =
      """
      {"currency": "EUR",
       "payments": [
         {"invoice": "INV-2026-0311", "supplier": "Acme Paper", "amount": 1200.50},
         {"invoice": "INV-2026-0312", "supplier": "Northwind Freight", "amount": 8900.00},
         {"invoice": "INV-2026-0313", "supplier": "Globex Cleaning", "amount": 640.00}
       ],
       "total": 10740.50}""";

  private final HttpServer server;
  private final List<String> payments = new CopyOnWriteArrayList<>();
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private DemoPartner(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code port} of the loopback address until closed. */
  public static DemoPartner start(int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      DemoPartner partner = new DemoPartner(server);
      server.createContext("/demo/invoices", partner::invoices);
      server.createContext("/demo/payments", exchange -> partner.keep(exchange, partner.payments));
      server.createContext("/demo/messages", exchange -> partner.keep(exchange, partner.messages));
      server.start();
      return partner;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve the demo partner on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void invoices(HttpExchange exchange) throws IOException {
    answer(exchange, 200, INVOICES);
  }

  /** POST: keeps the request as received; GET: lists every request kept so far. */
  private void keep(HttpExchange exchange, List<String> received) throws IOException {
    if ("POST".equals(exchange.getRequestMethod())) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      // one record per request, as received: the list shows exactly what the agent paid
      received.add(
          "{\"received_at\": \"%s\", \"idempotency_key\": %s, \"body\": %s}"
              .formatted(
                  Instant.now(),
                  key == null ? "null" : "\"" + key.replace("\"", "") + "\"",
                  body.isBlank() ? "null" : body));
      answer(exchange, 200, "{\"accepted\": true}");
    } else {
      answer(exchange, 200, "[" + String.join(",", received) + "]");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

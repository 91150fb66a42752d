package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopbackHttpTest {

  @Test
  void readsSizedAndChunkedAnswersOverOneKeptAliveConnection() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    List<String> received = new CopyOnWriteArrayList<>();
    server.createContext(
        "/",
        exchange -> {
          clientPorts.add(exchange.getRemoteAddress().getPort());
          received.add(
              exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body =
              ("{\"path\":\"" + exchange.getRequestURI() + "\"}").getBytes(StandardCharsets.UTF_8);
          boolean chunked = exchange.getRequestURI().getPath().endsWith("chunked");
          exchange.sendResponseHeaders(chunked ? 200 : 202, chunked ? 0 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      LoopbackHttp http = new LoopbackHttp();
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      String auth = LoopbackHttp.basicAuthorization("alice");

      LoopbackHttp.Response sized = http.post(base.resolve("/sized"), auth, "{}").join();
      LoopbackHttp.Response chunked = http.postNow(base.resolve("/chunked"), auth, "{\"a\":1}");
      LoopbackHttp.Response again = http.postNow(base.resolve("/sized?x=1"), auth, "{}");

      assertThat(sized).isEqualTo(new LoopbackHttp.Response(202, "{\"path\":\"/sized\"}"));
      assertThat(chunked).isEqualTo(new LoopbackHttp.Response(200, "{\"path\":\"/chunked\"}"));
      assertThat(again.body()).isEqualTo("{\"path\":\"/sized?x=1\"}");
      assertThat(received).containsExactly(auth + " {}", auth + " {\"a\":1}", auth + " {}");
      assertThat(clientPorts).hasSize(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRequestOnAConnectionTheServerClosedMeanwhileIsSentOnceOnANewOne() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accepting =
          new Thread(
              () -> {
                // Answers one request per connection, then closes it without saying so, as a
                // server does with a kept-alive connection that stayed idle too long.
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                      if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                      }
                    }
                    in.skip(length);
                    int n = answered.incrementAndGet();
                    s.getOutputStream()
                        .write(
                            ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + n)
                                .getBytes(StandardCharsets.ISO_8859_1));
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      accepting.setDaemon(true);
      accepting.start();
      LoopbackHttp http = new LoopbackHttp();
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/answers");
      String auth = LoopbackHttp.basicAuthorization("bob");

      assertThat(http.postNow(uri, auth, "{}")).isEqualTo(new LoopbackHttp.Response(200, "1"));
      assertThat(http.postNow(uri, auth, "{}")).isEqualTo(new LoopbackHttp.Response(200, "2"));
      assertThat(answered).hasValue(2);
    }
  }
}

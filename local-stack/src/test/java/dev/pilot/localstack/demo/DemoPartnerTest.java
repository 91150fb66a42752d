package dev.pilot.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoPartnerTest {

  private final DemoPartner partner = DemoPartner.start(0);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    partner.close();
  }

  @Test
  void listsThisWeeksInvoicesAsAPaymentProposal() throws Exception {
    HttpResponse<String> invoices = send(HttpRequest.newBuilder(uri("/demo/invoices")).GET());

    assertThat(invoices.statusCode()).isEqualTo(200);
    assertThat(invoices.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(invoices.body())
        .contains("\"payments\"", "\"supplier\": \"Acme Paper\"", "\"total\": 10740.50");
  }

  @Test
  void keepsEveryPaymentRequestAsReceivedAndListsThem() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/demo/payments")).GET()).body()).isEqualTo("[]");

    HttpResponse<String> paid =
        send(
            HttpRequest.newBuilder(uri("/demo/payments"))
                .header("Idempotency-Key", "run-1:pay")
                .POST(HttpRequest.BodyPublishers.ofString("{\"total\": 1200.5}")));

    assertThat(paid.statusCode()).isEqualTo(200);
    String listed = send(HttpRequest.newBuilder(uri("/demo/payments")).GET()).body();
    assertThat(listed)
        .startsWith("[{")
        .contains("\"idempotency_key\": \"run-1:pay\"", "\"body\": {\"total\": 1200.5}");
  }

  @Test
  void keepsMessagesApartFromPayments() throws Exception {
    send(
        HttpRequest.newBuilder(uri("/demo/messages"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"Acme Paper\"}")));

    assertThat(send(HttpRequest.newBuilder(uri("/demo/messages")).GET()).body())
        .contains("\"to\": \"Acme Paper\"");
    assertThat(send(HttpRequest.newBuilder(uri("/demo/payments")).GET()).body()).isEqualTo("[]");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + partner.port() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.pilot.execution.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy and redirect rules on their own: fake names, a connector that sends nothing. */
class EgressClientTest {

  private static final Map<String, String> NAMES =
      Map.of(
          "public.test", "93.184.216.34",
          "metadata.test", "169.254.169.254",
          "aws6.test", "fd00:ec2::254",
          "cgnat.test", "100.64.0.1",
          "corp.test", "10.20.0.5",
          "api.corp.test", "10.20.0.6");

  private final List<URI> sent = new CopyOnWriteArrayList<>();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://metadata.test/, cloud metadata",
    "http://aws6.test/, cloud metadata",
    "http://cgnat.test/, reserved",
    "http://corp.test/, private",
    "http://127.0.0.1/, loopback",
    "http://[::1]/, loopback",
    "http://0.0.0.0/, unspecified",
    "http://2130706433/, not a dotted-quad"
  })
  void refusesInternalTargetsByDefault(String url, String why) {
    EgressClient client = client(List.of(), false);

    assertThatThrownBy(() -> client.send(get(url)))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining(why);
    assertThat(sent).isEmpty();
  }

  @Test
  void letsPublicAddressesAndWhatTheOperatorAllowedThrough() throws Exception {
    EgressClient client = client(List.of("10.20.0.0/16", "*.corp.test:8443"), false);

    client.send(get("http://public.test/"));
    client.send(get("http://corp.test/"));
    client.send(get("https://api.corp.test:8443/"));

    assertThat(sent).hasSize(3);
  }

  @Test
  void aHostPatternWithAPortOpensOnlyThatPort() {
    EgressClient client = client(List.of("localhost:8080"), false);

    assertThatThrownBy(() -> client.send(get("http://localhost:5432/")))
        .isInstanceOf(EgressRefusedException.class);
    assertThat(sent).isEmpty();
  }

  @Test
  void checksEveryRedirectAgainWhenRedirectsAreFollowed() {
    EgressClient client =
        new EgressClient(
            new EgressPolicy(List.of(), resolver()),
            request -> {
              sent.add(request.uri());
              return redirect("http://metadata.test/latest/meta-data");
            },
            new EgressProperties(List.of(), true, 3));

    assertThatThrownBy(() -> client.send(get("http://public.test/start")))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessageContaining("cloud metadata");
    assertThat(sent).containsExactly(URI.create("http://public.test/start"));
  }

  @Test
  void showsUrlsWithoutCredentialsOrQuery() {
    assertThat(EgressClient.display(URI.create("https://bob:pw@api.test:8443/a/b?key=k")))
        .isEqualTo("https://api.test:8443/a/b");
  }

  private EgressClient client(List<String> allowed, boolean follow) {
    return new EgressClient(
        new EgressPolicy(allowed, resolver()),
        request -> {
          sent.add(request.uri());
          return ok();
        },
        new EgressProperties(allowed, follow, 3));
  }

  private static HostResolver resolver() {
    return host -> {
      String address = NAMES.get(host);
      if (address == null) {
        throw new UnknownHostException(host);
      }
      return List.of(InetAddress.getByName(address));
    };
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).GET().build();
  }

  private static HttpResponse<InputStream> ok() {
    return response(200, Map.of());
  }

  private static HttpResponse<InputStream> redirect(String location) {
    return response(302, Map.of("Location", List.of(location)));
  }

  private static HttpResponse<InputStream> response(int status, Map<String, List<String>> headers) {
    return new HttpResponse<>() {
      public int statusCode() {
        return status;
      }

      public HttpRequest request() {
        return null;
      }

      public Optional<HttpResponse<InputStream>> previousResponse() {
        return Optional.empty();
      }

      public HttpHeaders headers() {
        return HttpHeaders.of(headers, (a, b) -> true);
      }

      public InputStream body() {
        return InputStream.nullInputStream();
      }

      public Optional<SSLSession> sslSession() {
        return Optional.empty();
      }

      public URI uri() {
        return null;
      }

      public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
      }
    };
  }
}

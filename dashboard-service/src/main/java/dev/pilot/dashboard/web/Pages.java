package dev.pilot.dashboard.web;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The four pages; their scripts and styles are static resources under {@code /static}. */
@Configuration(proxyBeanMethods = false)
class Pages {

  private static final Resource DASHBOARD = new ClassPathResource("static/dashboard.html");
  private static final Resource APPROVAL = new ClassPathResource("static/approval.html");
  private static final Resource EXECUTION = new ClassPathResource("static/execution.html");
  private static final Resource INBOX = new ClassPathResource("static/inbox.html");

  @Bean
  RouterFunction<ServerResponse> pageRouter() {
    return route()
        .GET("/", r -> page(DASHBOARD))
        .GET("/dashboard", r -> page(DASHBOARD))
        .GET("/approvals/{id}", r -> page(APPROVAL))
        .GET("/executions/{id}", r -> page(EXECUTION))
        .GET("/inbox", r -> page(INBOX))
        .build();
  }

  private static reactor.core.publisher.Mono<ServerResponse> page(Resource html) {
    return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(html);
  }
}

package dev.pilot.dashboard.gateway;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

  /** Where notifications' approve/reject links point (approval-service's link pages). */
  static final String APPROVAL_LINKS = "/approval-links";

  @Bean
  RouterFunction<ServerResponse> gatewayRouter(Gateway gateway) {
    return route(path("/api/agents/**").or(path("/api/executions/**")), gateway::toExecutions)
        .andRoute(path("/api/approvals/**"), gateway::toApprovals)
        // Signed approve/reject links from notifications: pages, public, served by approvals.
        .andRoute(path(APPROVAL_LINKS).or(path(APPROVAL_LINKS + "/**")), gateway::toApprovals);
  }
}

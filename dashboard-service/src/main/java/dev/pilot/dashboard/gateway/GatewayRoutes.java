package dev.pilot.dashboard.gateway;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

  @Bean
  RouterFunction<ServerResponse> gatewayRouter(Gateway gateway) {
    return route(path("/api/agents/**").or(path("/api/executions/**")), gateway::toExecutions)
        .andRoute(path("/api/approvals/**"), gateway::toApprovals);
  }
}

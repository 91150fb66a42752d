package dev.pilot.platform.apidocs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The parts of every service's OpenAPI document that the platform decides: its title, one relative
 * server (so the document is the same wherever it is served and can be committed), the two ways to
 * authenticate, and the problem+json answers.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
@ConditionalOnWebApplication
public class ApiDocsAutoConfiguration {

  static final String BASIC = "basic";
  static final String BEARER = "bearer";

  @Bean
  OpenAPI pilotApi(
      @Value("${spring.application.name:pilot}") String service,
      @Value("${pilot.api-docs.description:}") String description) {
    Components components =
        new Components()
            .addSecuritySchemes(
                BASIC,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("basic")
                    .description("Profile `local`: the demo users (password `demo`)"))
            .addSecuritySchemes(
                BEARER,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT")
                    .description(
                        "Profile `prod`: an OAuth2 access token from `JWT_ISSUER_URI`; the user is"
                            + " its `preferred_username`"));
    ProblemDocumentation.schemas().forEach(components::addSchemas);
    return new OpenAPI()
        .info(new Info().title("Pilot " + service).version("v1").description(description))
        .servers(List.of(new Server().url("/").description("this instance")))
        .components(components)
        .security(
            List.of(
                new SecurityRequirement().addList(BASIC),
                new SecurityRequirement().addList(BEARER)));
  }

  /**
   * The services write snake_case (Jackson 3's naming strategy, which the describing Jackson 2
   * model resolver cannot see): describe the properties by the names they are written with.
   */
  @Bean
  @ConditionalOnProperty(
      name = "spring.jackson.property-naming-strategy",
      havingValue = "SNAKE_CASE")
  ModelResolver snakeCaseModels() {
    return new ModelResolver(
            Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
        .openapi31(true);
  }

  @Bean
  ProblemDocumentation problemDocumentation() {
    return new ProblemDocumentation();
  }

  @Bean
  NullableOptionals nullableOptionals() {
    return new NullableOptionals();
  }

  @Bean
  StoredExamples storedExamples() {
    return new StoredExamples();
  }
}

package dev.pilot.dashboard.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the pages are showing: they mark what the caller may approve. */
@Tag(name = "dashboard")
@RestController
class MeController {

  @Operation(operationId = "me", summary = "Who the caller is")
  @GetMapping("/api/me")
  Map<String, String> me(Principal principal) {
    return Map.of("name", principal.getName());
  }
}

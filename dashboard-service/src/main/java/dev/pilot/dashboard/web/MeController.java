package dev.pilot.dashboard.web;

import java.security.Principal;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the pages are showing: they mark what the caller may approve. */
@RestController
class MeController {

  @GetMapping("/api/me")
  Map<String, String> me(Principal principal) {
    return Map.of("name", principal.getName());
  }
}

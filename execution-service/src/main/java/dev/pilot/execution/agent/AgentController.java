package dev.pilot.execution.agent;

import dev.pilot.platform.apidocs.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "agents")
@RestController
@RequestMapping("/api/agents")
class AgentController {

  private final AgentCatalog catalog;
  private final AgentStats stats;

  AgentController(AgentCatalog catalog, AgentStats stats) {
    this.catalog = catalog;
    this.stats = stats;
  }

  @Operation(operationId = "createAgent", summary = "Create an agent owned by the caller")
  @ProblemResponses({400, 413})
  @PostMapping
  @ApiResponse(
      responseCode = "201",
      description = "Created; `Location` names the agent",
      useReturnTypeSchema = true)
  ResponseEntity<AgentView> create(@RequestBody AgentRequest request, Principal user) {
    Agent agent = catalog.create(user.getName(), request);
    return ResponseEntity.created(URI.create("/api/agents/" + agent.id()))
        .body(AgentView.of(agent, AgentStats.Stats.NONE));
  }

  @Operation(operationId = "listAgents", summary = "The caller's agents with their run statistics")
  @GetMapping
  List<AgentView> list(Principal user) {
    List<Agent> agents = catalog.ownedBy(user.getName());
    Map<UUID, AgentStats.Stats> byAgent = stats.of(agents.stream().map(Agent::id).toList());
    return agents.stream()
        .map(a -> AgentView.of(a, byAgent.getOrDefault(a.id(), AgentStats.Stats.NONE)))
        .toList();
  }

  @Operation(operationId = "getAgent", summary = "One of the caller's agents")
  @ProblemResponses({400, 404})
  @GetMapping("/{id}")
  AgentView get(@PathVariable UUID id, Principal user) {
    return AgentView.of(catalog.ownedAgent(user.getName(), id), stats.of(id));
  }

  @Operation(
      operationId = "getAgentStats",
      summary = "Run statistics of one of the caller's agents")
  @ProblemResponses({400, 404})
  @GetMapping("/{id}/stats")
  AgentStats.Stats stats(@PathVariable UUID id, Principal user) {
    catalog.ownedAgent(user.getName(), id);
    return stats.of(id);
  }

  @Operation(operationId = "updateAgent", summary = "Replace an agent's definition")
  @ProblemResponses({400, 403, 404, 413})
  @PutMapping("/{id}")
  AgentView update(@PathVariable UUID id, @RequestBody AgentRequest request, Principal user) {
    return AgentView.of(catalog.update(user.getName(), id, request), stats.of(id));
  }

  @Operation(operationId = "deleteAgent", summary = "Delete an agent")
  @ProblemResponses({400, 403, 404})
  @DeleteMapping("/{id}")
  @ApiResponse(responseCode = "204", description = "Deleted")
  ResponseEntity<Void> delete(@PathVariable UUID id, Principal user) {
    catalog.delete(user.getName(), id);
    return ResponseEntity.noContent().build();
  }
}

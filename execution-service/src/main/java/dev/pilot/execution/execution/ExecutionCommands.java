package dev.pilot.execution.execution;

import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.Transition;
import dev.pilot.platform.web.ForbiddenException;
import dev.pilot.platform.web.NotFoundException;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people do to a run: pause, resume, cancel. Only the owner may; approvers, who can read the
 * run, get 403; anyone else 404. A command the run's state does not allow throws {@link
 * dev.pilot.execution.execution.model.TransitionRefused} and changes nothing.
 */
@Service
class ExecutionCommands {

  private final Executions executions;
  private final Clock clock;

  ExecutionCommands(Executions executions, Clock clock) {
    this.executions = executions;
    this.clock = clock;
  }

  @Transactional
  Execution pause(String user, UUID id) {
    return change(user, id, (e, u) -> e.pause(u, clock.instant()));
  }

  @Transactional
  Execution resume(String user, UUID id) {
    return change(user, id, (e, u) -> e.resume(u, clock.instant()));
  }

  @Transactional
  Execution cancel(String user, UUID id) {
    return change(user, id, (e, u) -> e.cancel(u, clock.instant()));
  }

  private Execution change(
      String user, UUID id, BiFunction<Execution, String, Transition> command) {
    Execution e = executions.lock(id).orElseThrow(() -> notFound(id));
    if (!e.owner().equals(user)) {
      if (e.plan().approvers().contains(user)) {
        throw new ForbiddenException("Only the owner of execution " + id + " may do this");
      }
      throw notFound(id);
    }
    executions.save(e, command.apply(e, user));
    return e;
  }

  static NotFoundException notFound(UUID id) {
    return new NotFoundException("No execution " + id);
  }
}

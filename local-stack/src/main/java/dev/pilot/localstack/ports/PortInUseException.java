package dev.pilot.localstack.ports;

/** A port the stack needs is already taken: says which one and what needed it. */
public final class PortInUseException extends IllegalStateException {

  private final RequiredPort port;

  PortInUseException(RequiredPort port) {
    super(
        "Port "
            + port.port()
            + " is already in use, and "
            + port.neededBy()
            + " needs it. Stop whatever listens on it (another local stack still running? `ss"
            + " -ltnp 'sport = :"
            + port.port()
            + "'` shows which process) and try again.");
    this.port = port;
  }

  public RequiredPort port() {
    return port;
  }
}

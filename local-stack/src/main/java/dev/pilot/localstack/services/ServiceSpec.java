package dev.pilot.localstack.services;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run one service jar.
 *
 * @param name the service's name, used in messages
 * @param jar the Spring Boot jar
 * @param port its HTTP port (passed as {@code --server.port})
 * @param jvmFlags flags for the child JVM
 * @param arguments application arguments after the port
 * @param environment variables added to this process's environment
 * @param logFile where its standard output and error are appended
 */
public record ServiceSpec(
    String name,
    Path jar,
    int port,
    List<String> jvmFlags,
    List<String> arguments,
    Map<String, String> environment,
    Path logFile) {

  public ServiceSpec {
    jvmFlags = List.copyOf(jvmFlags);
    arguments = List.copyOf(arguments);
    environment = Map.copyOf(environment);
  }

  public URI baseUri() {
    return URI.create("http://localhost:" + port);
  }

  /** The same service on another port (for a second instance in system tests). */
  public ServiceSpec onPort(int otherPort, Path otherLogFile) {
    return new ServiceSpec(name, jar, otherPort, jvmFlags, arguments, environment, otherLogFile);
  }
}

package dev.pilot.localstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the command line asked for.
 *
 * @param root the repository root: the service jars are found under it
 * @param dataDir where Kafka, PostgreSQL and the logs keep their files ({@code <root>/.local-data})
 * @param infraOnly start Kafka and PostgreSQL only
 * @param demoData seed the demo agents
 * @param oneByOne start each service only once the previous one is healthy
 */
record StackOptions(
    Path root, Path dataDir, boolean infraOnly, boolean demoData, boolean oneByOne) {

  static final String USAGE =
      """
      Usage: java -jar local-stack/target/local-stack.jar [options]
        --infra-only        start Kafka (9092, 9093) and PostgreSQL (5432) only
        --no-demo-data      do not seed the demo agents
        --one-by-one        start each service once the previous one is healthy (default: all at once)
        --root=DIR          repository root holding the service jars (default: found from this jar)
        --data-dir=DIR      data and logs (default: <root>/.local-data)
      """;

  static StackOptions parse(String... args) {
    Path root = null;
    Path dataDir = null;
    boolean infraOnly = false;
    boolean demoData = true;
    boolean oneByOne = false;
    for (String arg : args) {
      if (arg.equals("--infra-only")) {
        infraOnly = true;
      } else if (arg.equals("--no-demo-data")) {
        demoData = false;
      } else if (arg.equals("--one-by-one")) {
        oneByOne = true;
      } else if (arg.startsWith("--root=")) {
        root = Path.of(arg.substring("--root=".length()));
      } else if (arg.startsWith("--data-dir=")) {
        dataDir = Path.of(arg.substring("--data-dir=".length()));
      } else {
        throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
      }
    }
    Path resolvedRoot = (root != null ? root : defaultRoot()).toAbsolutePath().normalize();
    Path resolvedData = dataDir != null ? dataDir : resolvedRoot.resolve(".local-data");
    return new StackOptions(
        resolvedRoot, resolvedData.toAbsolutePath(), infraOnly, demoData, oneByOne);
  }

  Path logsDir() {
    return dataDir.resolve("logs");
  }

  /** {@code <root>/local-stack/target/local-stack.jar} when run from the built jar, else here. */
  private static Path defaultRoot() {
    Path workingDir = Path.of("").toAbsolutePath();
    try {
      Path code =
          Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate = code.getParent().getParent().getParent();
      return Files.isDirectory(candidate.resolve("local-stack")) ? candidate : workingDir;
    } catch (URISyntaxException | NullPointerException | SecurityException e) {
      return workingDir;
    }
  }
}

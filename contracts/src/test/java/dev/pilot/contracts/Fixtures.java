package dev.pilot.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Stored examples of each event as published in a version: {@code fixtures/v1/<EventType>.json}.
 */
final class Fixtures {

  static final String FOLDER = "fixtures/v1";

  private Fixtures() {}

  static byte[] bytes(String eventType) {
    try (InputStream in = ContractSchemas.resource(FOLDER + "/" + eventType + ".json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> fileNames() {
    return ContractSchemas.listClasspathFolder(FOLDER);
  }
}

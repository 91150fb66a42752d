package dev.pilot.localstack.services;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/** Builds a tiny executable jar that answers {@code /actuator/health} like a service would. */
final class FakeServiceJar {

  private FakeServiceJar() {}

  static Path buildIn(Path dir) throws IOException {
    Path source = dir.resolve("FakeService.java");
    try (var in = FakeServiceJar.class.getResourceAsStream("/fake-service/FakeService.java")) {
      Files.copy(in, source);
    }
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", dir.toString(), source.toString());
    if (compiled != 0) {
      throw new IllegalStateException("FakeService.java did not compile");
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeService");
    Path jar = dir.resolve("fake-service.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.putNextEntry(new JarEntry("FakeService.class"));
      jarOut.write(Files.readAllBytes(dir.resolve("FakeService.class")));
      jarOut.closeEntry();
    }
    return jar;
  }
}

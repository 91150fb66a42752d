package dev.pilot.execution.directory;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configured group membership: {@code pilot.directory.groups.<group>} lists the users of each group
 * (YAML), and {@code pilot.directory.spec} ({@code DIRECTORY_GROUPS}) does the same in one line for
 * an environment variable: {@code finance=bob;release-managers=bob,carol,dave}. Both add up.
 */
@ConfigurationProperties("pilot.directory")
record DirectoryProperties(Map<String, List<String>> groups, String spec) {

  DirectoryProperties {
    groups = groups == null ? Map.of() : Map.copyOf(groups);
  }
}

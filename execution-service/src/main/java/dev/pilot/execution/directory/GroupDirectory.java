package dev.pilot.execution.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Resolves an approver group to its members at the moment an approval is requested; the approval
 * then keeps that set for its whole life, so a later change here changes no pending approval.
 *
 * <p>Membership is configured (see {@link DirectoryProperties}), because a JWT's {@code groups}
 * claim is seen only when its user signs in — too late to know who may answer a request made while
 * they are away. An identity provider's groups therefore have to be mirrored into the configuration
 * (README, "Approver groups"). A group nobody configured has no members.
 */
@Component
@EnableConfigurationProperties(DirectoryProperties.class)
public class GroupDirectory {

  private final Map<String, List<String>> members;

  GroupDirectory(DirectoryProperties properties) {
    Map<String, Set<String>> all = new LinkedHashMap<>();
    properties.groups().forEach((group, users) -> add(all, group, users));
    parse(properties.spec()).forEach((group, users) -> add(all, group, users));
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    all.forEach((group, users) -> frozen.put(group, List.copyOf(users)));
    this.members = Map.copyOf(frozen);
  }

  /** The group's members in configured order; empty for a group nobody configured. */
  public List<String> membersOf(String group) {
    return members.getOrDefault(group, List.of());
  }

  private static void add(Map<String, Set<String>> all, String group, List<String> users) {
    Set<String> members = all.computeIfAbsent(group.strip(), g -> new LinkedHashSet<>());
    users.stream().map(String::strip).filter(u -> !u.isEmpty()).forEach(members::add);
  }

  /** {@code group=user,user;group=user}; blanks ignored; a part without '=' is refused. */
  static Map<String, List<String>> parse(String spec) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return groups;
    }
    for (String part : spec.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "DIRECTORY_GROUPS: '" + part.strip() + "' is not group=user,user");
      }
      List<String> users = new ArrayList<>();
      for (String user : part.substring(eq + 1).split(",")) {
        if (!user.isBlank()) {
          users.add(user.strip());
        }
      }
      groups.computeIfAbsent(part.substring(0, eq).strip(), g -> new ArrayList<>()).addAll(users);
    }
    return groups;
  }
}

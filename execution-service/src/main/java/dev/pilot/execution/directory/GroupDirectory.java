package dev.pilot.execution.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolves an approver group to its members at the moment an approval is requested; the approval
 * then keeps that set for its whole life, so a later change here changes no pending approval.
 *
 * <p>Two sources add up. Configured membership (see {@link DirectoryProperties}) always applies. A
 * JWT's {@code groups} claim is seen only when its user makes a request, so it cannot by itself say
 * who may answer a request made while they are away; what the claims said is therefore kept ({@link
 * #learn}, table {@code learned_group_members}) as of each user's latest request. A group nobody
 * configured and no token named has no members.
 */
@Component
@EnableConfigurationProperties(DirectoryProperties.class)
public class GroupDirectory {

  private final Map<String, List<String>> members;
  private final JdbcClient jdbc;

  GroupDirectory(DirectoryProperties properties, JdbcClient jdbc) {
    this.jdbc = jdbc;
    Map<String, Set<String>> all = new LinkedHashMap<>();
    properties.groups().forEach((group, users) -> add(all, group, users));
    parse(properties.spec()).forEach((group, users) -> add(all, group, users));
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    all.forEach((group, users) -> frozen.put(group, List.copyOf(users)));
    this.members = Map.copyOf(frozen);
  }

  /** A directory without configured groups: only what tokens' claims taught it. */
  public static GroupDirectory learnedOnly(JdbcClient jdbc) {
    return new GroupDirectory(new DirectoryProperties(Map.of(), null), jdbc);
  }

  /** The group's members now: configured ones in their order, then learned ones by name. */
  public List<String> membersOf(String group) {
    Set<String> all = new LinkedHashSet<>(members.getOrDefault(group, List.of()));
    all.addAll(
        jdbc.sql(
                "select user_name from learned_group_members where group_name = ?"
                    + " order by user_name")
            .param(group)
            .query(String.class)
            .list());
    return List.copyOf(all);
  }

  /**
   * Records that {@code user}'s identity now says they belong to exactly {@code groups}: groups the
   * claim no longer names are forgotten. Approvals already requested keep the members they had.
   */
  @Transactional
  public void learn(String user, Collection<String> groups) {
    jdbc.sql(
            "delete from learned_group_members where user_name = ?"
                + " and not (group_name = any(cast(? as text[])))")
        .params(user, groups.toArray(String[]::new))
        .update();
    for (String group : groups) {
      jdbc.sql(
              """
              insert into learned_group_members (user_name, group_name) values (?, ?)
              on conflict (group_name, user_name) do update set seen_at = now()""")
          .params(user, group)
          .update();
    }
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

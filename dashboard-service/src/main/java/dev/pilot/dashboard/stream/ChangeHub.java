package dev.pilot.dashboard.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** This instance's SSE subscribers, by user; every committed change is offered to its users. */
@Component
class ChangeHub {

  private final ConcurrentHashMap<String, Set<Subscription>> byUser = new ConcurrentHashMap<>();
  private final Set<Subscription> all = ConcurrentHashMap.newKeySet();

  Subscription subscribe(String user, int capacity) {
    Subscription subscription = new Subscription(user, capacity);
    byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(subscription);
    all.add(subscription);
    return subscription;
  }

  void unsubscribe(Subscription subscription) {
    all.remove(subscription);
    byUser.computeIfPresent(
        subscription.user(),
        (u, subs) -> subs.remove(subscription) && subs.isEmpty() ? null : subs);
  }

  /** Never blocks: a slow subscriber only grows its own buffer. */
  void publish(Change change) {
    if (change.isReset()) {
      all.forEach(s -> s.resnapshot(change.id()));
      return;
    }
    offer(change, change.viewers());
    offer(change, change.dropped());
  }

  int subscribers() {
    return all.size();
  }

  private void offer(Change change, Iterable<String> users) {
    for (String user : users) {
      Set<Subscription> subs = byUser.get(user);
      if (subs != null) {
        subs.forEach(s -> s.offer(change));
      }
    }
  }
}

package dev.pilot.dashboard.stream;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.springframework.stereotype.Component;

/** This instance's SSE subscribers, by user; every committed change is offered to its users. */
@Component
class ChangeHub {

  private final ConcurrentHashMap<String, Set<Subscription>> byUser = new ConcurrentHashMap<>();
  private final Set<Subscription> all = ConcurrentHashMap.newKeySet();

  /**
   * @param writer the thread the subscriber's writes run on (its connection's event loop)
   */
  Subscription subscribe(String user, int capacity, Executor writer) {
    Subscription subscription = new Subscription(user, capacity, writer);
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

  /**
   * Offers a burst of committed changes (in feed order) to the subscribers they concern, each
   * subscriber getting its share in one batch. Never blocks: a slow subscriber only grows its own
   * buffer.
   */
  void publish(List<Change> changes) {
    Map<Subscription, List<Change>> shares = new IdentityHashMap<>();
    for (Change change : changes) {
      if (change.isReset()) {
        all.forEach(s -> share(shares, s, change));
        continue;
      }
      offer(shares, change, change.viewers());
      offer(shares, change, change.dropped());
    }
    shares.forEach(Subscription::offer);
  }

  int subscribers() {
    return all.size();
  }

  private void offer(
      Map<Subscription, List<Change>> shares, Change change, Iterable<String> users) {
    for (String user : users) {
      Set<Subscription> subs = byUser.get(user);
      if (subs != null) {
        subs.forEach(s -> share(shares, s, change));
      }
    }
  }

  private static void share(Map<Subscription, List<Change>> shares, Subscription s, Change change) {
    List<Change> share = shares.computeIfAbsent(s, k -> new ArrayList<>());
    if (share.isEmpty() || share.get(share.size() - 1) != change) {
      share.add(change);
    }
  }
}

package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * This instance's SSE subscribers, by user; every committed change is offered to its users.
 *
 * <p>A burst of changes is turned into each concerned user's share once (its frames, in feed
 * order), and that same list is offered to every stream the user has open: the per-client work of a
 * change is handing over shared frames. A client that keeps up gets every change; one that is
 * behind gets the latest state of each execution ({@link Subscription}). One timer writes the
 * heartbeat of every stream.
 */
@Component
class ChangeHub implements DisposableBean {

  private final ConcurrentHashMap<String, Set<Subscription>> byUser = new ConcurrentHashMap<>();
  private final Set<Subscription> all = ConcurrentHashMap.newKeySet();
  private final Disposable heartbeats;

  ChangeHub(DashboardProperties properties) {
    long every = properties.heartbeat().toMillis();
    this.heartbeats =
        Schedulers.parallel()
            .schedulePeriodically(
                () -> all.forEach(Subscription::heartbeat), every, every, TimeUnit.MILLISECONDS);
  }

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

  /**
   * Offers a burst of committed changes (in feed order) to the subscribers they concern. Never
   * blocks: a slow subscriber only grows its own bounded buffer.
   */
  void publish(List<Change> changes) {
    Map<String, List<Subscription.Item>> shares = new HashMap<>();
    for (Change change : changes) {
      if (change.isReset()) {
        // Everyone takes a fresh snapshot; what came before it in the burst is covered by it.
        for (String user : byUser.keySet()) {
          List<Subscription.Item> share = shares.computeIfAbsent(user, u -> new ArrayList<>());
          share.clear();
          share.add(Subscription.Item.snapshot(change.id()));
        }
        continue;
      }
      share(shares, change, change.viewers());
      share(shares, change, change.dropped());
    }
    shares.forEach(
        (user, share) -> {
          Set<Subscription> subs = byUser.get(user);
          if (subs != null) {
            List<Subscription.Item> items = List.copyOf(share);
            subs.forEach(s -> s.offer(items));
          }
        });
  }

  int subscribers() {
    return all.size();
  }

  @Override
  public void destroy() {
    heartbeats.dispose();
  }

  private void share(
      Map<String, List<Subscription.Item>> shares, Change change, Iterable<String> users) {
    for (String user : users) {
      if (!byUser.containsKey(user)) {
        continue;
      }
      List<Subscription.Item> share = shares.computeIfAbsent(user, u -> new ArrayList<>());
      Optional<Frame> frame = change.frameFor(user);
      if (frame.isPresent()
          && (share.isEmpty() || share.get(share.size() - 1).id() != change.id())) {
        share.add(new Subscription.Item(change.id(), change.executionId(), frame.get()));
      }
    }
  }
}

package io.setuprunner.module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Orders modules so that each comes after everything in its {@code <sequence>}, ties broken by name. */
final class DependencyOrder {
  private DependencyOrder() {}

  /**
   * Returns the names in dependency order; every dependency must be a key of {@code dependencies}.
   *
   * @throws IllegalStateException naming one cycle, as {@code A -> B -> A}, when there is one
   */
  static List<String> of(Map<String, List<String>> dependencies) {
    Map<String, Integer> waitingOn = new TreeMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    dependencies.forEach(
        (module, needs) -> {
          waitingOn.put(module, new HashSet<>(needs).size());
          for (String need : new HashSet<>(needs)) {
            dependents.computeIfAbsent(need, k -> new ArrayList<>()).add(module);
          }
        });
    TreeSet<String> ready = new TreeSet<>();
    waitingOn.forEach((module, count) -> {
      if (count == 0) {
        ready.add(module);
      }
    });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String next = ready.pollFirst();
      order.add(next);
      for (String dependent : dependents.getOrDefault(next, List.of())) {
        if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    if (order.size() < dependencies.size()) {
      throw new IllegalStateException(describeCycle(dependencies, new HashSet<>(order)));
    }
    return order;
  }

  private static String describeCycle(Map<String, List<String>> dependencies, Set<String> ordered) {
    // Every module left over waits on another left-over module, so walking "first unordered
    // dependency" from any of them must revisit a module: that loop is the cycle to name.
    String start = new TreeSet<>(dependencies.keySet()).stream()
        .filter(m -> !ordered.contains(m)).findFirst().orElseThrow();
    List<String> path = new ArrayList<>();
    String current = start;
    while (!path.contains(current)) {
      path.add(current);
      current = new TreeSet<>(dependencies.get(current)).stream()
          .filter(m -> !ordered.contains(m)).findFirst().orElseThrow();
    }
    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
    cycle.add(current);
    return String.join(" -> ", cycle);
  }
}

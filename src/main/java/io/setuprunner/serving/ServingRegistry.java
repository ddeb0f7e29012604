package io.setuprunner.serving;

import java.util.List;

/** Where serving nodes announce the code they serve, so that a contract phase can see who still needs old schema. */
public interface ServingRegistry {
  /** Without ZooKeeper nothing registers, and nothing is known to be served. */
  ServingRegistry NONE = new ServingRegistry() {
    @Override
    public Registration register(ServingNode node) {
      return () -> {};
    }

    @Override
    public List<ServingNode> nodes() {
      return List.of();
    }
  };

  /** Announces {@code node} until the registration is closed or the process dies. */
  Registration register(ServingNode node);

  List<ServingNode> nodes();

  /** A node's presence in the registry; closing it withdraws the node. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}

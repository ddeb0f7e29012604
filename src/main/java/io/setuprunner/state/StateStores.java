package io.setuprunner.state;

import javax.sql.DataSource;

/** The runner's state tables, each behind its own store, over one data source. */
public record StateStores(Fence fence, RunHistory runs, ModuleVersions modules, Resolutions resolutions,
    RunConnections connections, ServerActivity server) {
  public static StateStores of(DataSource dataSource) {
    return new StateStores(new Fence(dataSource), new RunHistory(dataSource), new ModuleVersions(dataSource),
        new Resolutions(dataSource), new RunConnections(dataSource), new ServerActivity(dataSource));
  }
}

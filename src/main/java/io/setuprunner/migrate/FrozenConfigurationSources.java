package io.setuprunner.migrate;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import liquibase.Scope;
import liquibase.configuration.ConfigurationValueProvider;
import liquibase.configuration.LiquibaseConfiguration;
import liquibase.configuration.core.EnvironmentValueProvider;
import liquibase.configuration.core.SystemPropertyValueProvider;

/**
 * Makes Liquibase read its settings from the environment and the system properties as they were when the
 * runner started. Liquibase checks on every setting it reads whether either changed: it copies the system
 * properties and hashes the whole environment, thousands of times per changeset-heavy run (a third of the
 * runner's CPU before this, docs/performance.md). Neither changes under a runner, so the answers are the
 * same; only the checks go.
 */
final class FrozenConfigurationSources {
  private FrozenConfigurationSources() {}

  /** Replaces Liquibase's two providers in the current scope's configuration; harmless when done already. */
  static void install() {
    LiquibaseConfiguration configuration = Scope.getCurrentScope().getSingleton(LiquibaseConfiguration.class);
    for (ConfigurationValueProvider provider : List.copyOf(configuration.getProviders())) {
      if (provider.getClass() == SystemPropertyValueProvider.class) {
        configuration.unregisterProvider(provider);
        configuration.registerProvider(new FrozenSystemProperties());
      } else if (provider.getClass() == EnvironmentValueProvider.class) {
        configuration.unregisterProvider(provider);
        configuration.registerProvider(new FrozenEnvironment());
      }
    }
  }

  /** The system properties as they were. */
  private static final class FrozenSystemProperties extends SystemPropertyValueProvider {
    private final Properties properties = (Properties) System.getProperties().clone();
    private final int hash = properties.hashCode();

    @Override
    protected Map<?, ?> getMap() {
      return properties;
    }

    @Override
    protected int getMapHash() {
      return hash;
    }
  }

  /** The environment, which cannot change under a running process anyway. */
  private static final class FrozenEnvironment extends EnvironmentValueProvider {
    private final int hash = System.getenv().hashCode();

    @Override
    protected int getMapHash() {
      return hash;
    }
  }
}

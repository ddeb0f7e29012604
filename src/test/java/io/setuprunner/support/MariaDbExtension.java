package io.setuprunner.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a test method (or constructor) a fresh {@link TestDatabase} on the run's one MariaDB. */
public final class MariaDbExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class
        || parameter.getParameter().getType() == MariaDb.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MariaDb server = MariaDb.get(context);
    return parameter.getParameter().getType() == MariaDb.class ? server : server.createDatabase();
  }
}

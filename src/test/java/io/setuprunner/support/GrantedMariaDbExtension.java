package io.setuprunner.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method (or constructor) the JVM's {@link GrantedMariaDb}, the server that enforces privileges,
 * started on the first such parameter. Only that type: a {@link TestDatabase} parameter stays
 * {@link MariaDbExtension}'s, so a class may use both; call {@link GrantedMariaDb#createDatabase()} for a
 * database on this server.
 */
public final class GrantedMariaDbExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == GrantedMariaDb.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return GrantedMariaDb.get(context);
  }
}

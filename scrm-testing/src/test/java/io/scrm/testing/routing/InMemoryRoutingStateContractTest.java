package io.scrm.testing.routing;

import io.scrm.core.routing.RoutingState;

final class InMemoryRoutingStateContractTest extends RoutingStateContract {
  private RoutingState state = RoutingState.inMemory();

  @Override
  protected RoutingState newState() {
    state = RoutingState.inMemory();
    return state;
  }

  @Override
  protected RoutingState otherInstance() {
    return state;
  }
}

package io.scrm.testing.store;

import io.scrm.core.store.PollCursorStore;

final class InMemoryPollCursorStoreContractTest extends PollCursorStoreContract {
  private PollCursorStore store = PollCursorStore.inMemory();

  @Override
  protected PollCursorStore newStore() {
    store = PollCursorStore.inMemory();
    return store;
  }

  @Override
  protected PollCursorStore otherInstance() {
    return store;
  }
}

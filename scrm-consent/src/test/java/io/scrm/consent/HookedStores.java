package io.scrm.consent;

import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores that run a hook once, before the first call of one store method: a test puts another
 * thread's work (an erasure, a send record, a message) at an exact point of the call it races.
 */
final class HookedStores {
  private final Stores real;
  private final Stores hooked;
  /** Keyed "store.method/arity", e.g. "cases.create/1". */
  private final Map<String, Runnable> before = new ConcurrentHashMap<>();

  HookedStores(Stores real) {
    this.real = real;
    this.hooked = (Stores) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Stores.class},
        (p, m, a) -> {
          Object store = call(m, real, a);
          if (!m.getReturnType().isInterface() || store == null) {
            return store;
          }
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {m.getReturnType()},
              (p2, m2, a2) -> {
                Runnable r = before.remove(m.getName() + "." + m2.getName() + "/" + (a2 == null ? 0 : a2.length));
                if (r != null) {
                  r.run();
                }
                return call(m2, store, a2);
              });
        });
  }

  /** The stores the engine under test is given. */
  Stores stores() {
    return hooked;
  }

  /** The stores themselves, to look at without running hooks. */
  Stores real() {
    return real;
  }

  /** Runs {@code hook} once, before the next call of {@code storeMethod} ("store.method/arity"). */
  void before(String storeMethod, Runnable hook) {
    before.put(storeMethod, hook);
  }

  private static Object call(Method m, Object target, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

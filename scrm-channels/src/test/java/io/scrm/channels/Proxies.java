package io.scrm.channels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Interface proxies that let a test fail chosen calls of a real store. */
final class Proxies {
  private Proxies() {}

  /** The real call. */
  interface Call {
    Object get() throws Throwable;
  }

  /** What happens around each call, by method name and arguments. */
  interface Around {
    Object invoke(String method, Object[] args, Call call) throws Throwable;
  }

  static <T> T proxy(Class<T> type, T real, Around around) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (p, m, args) -> around.invoke(m.getName(), args == null ? new Object[0] : args, () -> {
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        })));
  }
}

package io.scrm.benchmarks.memory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects per class, from HotSpot's {@code GC.class_histogram} diagnostic command (which
 * collects the heap first), read in-process through its management bean.
 */
final class ClassHistogram {
  private static final String BEAN = "com.sun.management:type=DiagnosticCommand";

  private ClassHistogram() {}

  /**
   * Takes a histogram.
   *
   * @return instances and bytes per class name, or an empty map on a JVM without the command
   */
  static Map<String, long[]> take() {
    String text;
    try {
      text = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(BEAN), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (JMException | RuntimeException e) {
      return Map.of();
    }
    return parse(text);
  }

  /** Parses the command's table: {@code num: instances bytes class-name [(module)]}. */
  static Map<String, long[]> parse(String text) {
    Map<String, long[]> classes = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        classes.merge(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    return classes;
  }

  /** Live objects in {@code after} less those in {@code before}, over all classes (net of classes that shrank). */
  static long added(Map<String, long[]> after, Map<String, long[]> before) {
    return objects(after) - objects(before);
  }

  private static long objects(Map<String, long[]> classes) {
    long total = 0;
    for (long[] row : classes.values()) {
      total += row[0];
    }
    return total;
  }

  /** The {@code limit} classes with the most objects added, as "name: objects/event, bytes/event". */
  static List<String> top(Map<String, long[]> after, Map<String, long[]> before, int events, int limit) {
    List<Map.Entry<String, long[]>> added = new ArrayList<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] was = before.getOrDefault(e.getKey(), new long[2]);
      long[] delta = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
      if (delta[0] > 0) {
        added.add(Map.entry(e.getKey(), delta));
      }
    }
    added.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, long[]> e : added.subList(0, Math.min(limit, added.size()))) {
      lines.add(String.format("%-60s %6.2f objects  %6.0f bytes per event", e.getKey(),
          e.getValue()[0] / (double) events, e.getValue()[1] / (double) events));
    }
    return lines;
  }
}

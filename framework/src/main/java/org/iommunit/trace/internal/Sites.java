package org.iommunit.trace.internal;

import java.util.Arrays;

/*
 * The tape keeps a call's method as a number, not as two references (name and descriptor): a
 * reference costs a GC write barrier per event, a number nothing. The generated advice passes
 * the name and descriptor as constants of its code, the same String objects on every call, so a
 * lookup is the two strings' cached hash codes, one slot of a small open-addressing table and two
 * identity comparisons. The numbers are the JVM's, shared by every recorder: they hold no test
 * state and never appear in a trace. Entries are immutable records; the tables are replaced, not
 * grown in place, under the lock, so a lookup needs no lock.
 */

/** Numbers for the call sites and instance names the tape records. */
final class Sites {
  /**
   * A method of a recorded call, or an IOMMU instance name (with an empty descriptor).
   *
   * @param name the Java method name or the instance name
   * @param descriptor the JVM method descriptor, whose last letter {@code V} means void
   * @param id the number
   */
  record Site(String name, String descriptor, int id) {
    /** Returns true if the method returns nothing. */
    boolean isVoid() {
      return descriptor.endsWith(")V");
    }
  }

  private static final Object LOCK = new Object();
  private static volatile Site[] table = new Site[256];
  private static volatile Site[] byId = new Site[128];
  private static int count; // guarded by LOCK

  private Sites() {}

  private static int hash(String name, String descriptor) {
    int h = name.hashCode() * 31 + descriptor.hashCode();
    return h ^ (h >>> 16);
  }

  /** Returns the number of {@code name} and {@code descriptor}, made on first use. */
  static int id(String name, String descriptor) {
    Site[] t = table;
    int mask = t.length - 1;
    for (int i = hash(name, descriptor) & mask; ; i = (i + 1) & mask) {
      Site s = t[i];
      if (s == null) {
        return add(name, descriptor);
      }
      if ((s.name == name && s.descriptor == descriptor)
          || (s.name.equals(name) && s.descriptor.equals(descriptor))) {
        return s.id;
      }
    }
  }

  private static int add(String name, String descriptor) {
    synchronized (LOCK) {
      Site[] t = table;
      int mask = t.length - 1;
      int i = hash(name, descriptor) & mask;
      for (Site s = t[i]; s != null; i = (i + 1) & mask, s = t[i]) {
        if (s.name.equals(name) && s.descriptor.equals(descriptor)) {
          return s.id;
        }
      }
      Site site = new Site(name, descriptor, count);
      Site[] ids = byId;
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count] = site;
      byId = ids;
      count++;
      if (count * 2 > t.length) { // keep the table at most half full: a new, larger one
        Site[] bigger = new Site[t.length * 2];
        for (int k = 0; k < count; k++) {
          Site s = ids[k];
          int m = bigger.length - 1;
          int j = hash(s.name, s.descriptor) & m;
          while (bigger[j] != null) {
            j = (j + 1) & m;
          }
          bigger[j] = s;
        }
        table = bigger;
      } else {
        t[i] = site;
      }
      return site.id;
    }
  }

  /** Returns the site numbered {@code id}. */
  static Site site(int id) {
    return byId[id];
  }
}

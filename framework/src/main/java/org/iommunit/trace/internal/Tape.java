package org.iommunit.trace.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import org.iommunit.base.IommuException;
import org.iommunit.base.IotlbGather;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.DomainType;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.StateChange;
import org.iommunit.device.Device;
import org.iommunit.device.PciAddress;
import org.iommunit.dma.DmaResult;
import org.iommunit.iotlb.Invalidation;
import org.iommunit.iotlb.InvalidationKind;
import org.iommunit.trace.TraceEvent;
import org.jspecify.annotations.Nullable;

/*
 * Recording is cheap because an event is kept as the parts it is made of, appended to a tape,
 * and written as text only when somebody reads the trace (decode, from TraceRecorder.slice).
 * Appending allocates nothing and stores few references: the tape is a growable long[] holding
 * each event's kind, its call site (a small number for the method name and descriptor, see
 * Sites), its primitive arguments and its domains (a domain's text "D<id>:<TYPE>" is its id and
 * type, kept as they are at the event; a group's text "G<id>" is its id; a PCI device's text is
 * its address), and a chunked Object[] holding only the objects that are no number: devices
 * that are no PCI function, a user DMA owner the first time it appears, state changes other than
 * domain and owner changes, DMA results, the device of an ATS invalidation. A store of a
 * reference is what costs (a GC write barrier; the references go to fresh chunks, whose stores
 * are G1's cheap case, a young card), a store of a long costs nothing more than itself.
 *
 * The text must be what it would have been at the moment of the event, so only objects whose
 * text cannot change are kept as they are: numbers, booleans, enums, strings, devices (final
 * names), DMA owners (records of strings); a domain is kept as its id and its type at the moment;
 * anything else is written at once. The frequent events reach the recorder as their parts
 * (StateListener's and IotlbListener's typed methods, advice of the busy calls' own argument
 * types), so the recorder makes no object per event; any other state change (a PASID slot, a
 * device joining or leaving a group) is kept as itself: its text cannot change.
 *
 * One tape is written by one thread only. The recorder's owner tape is read by other threads up
 * to its committed position (a release store after the events it covers), so a reader that read
 * the position sees the chunks and longs it covers filled. The writer keeps its longs in a plain
 * field and, when it replaces them by a larger copy, also in a volatile one that readers read
 * after the position, so the writer's own appends read no volatile field.
 */

/** An append-only record of events as their parts, written by one thread. */
final class Tape {
  // event kinds, the low byte of an event's first long; the call site follows in the high bits
  private static final int API_START = 1;
  private static final int API_END = 2;
  private static final int OPS = 3;
  private static final int STATE = 4;
  private static final int IOTLB_PARTS = 5; // an invalidation as its parts, see iotlb(...)
  private static final int IOTLB_SYNC = 6;
  private static final int TRANSFER = 7;
  private static final int EVENT = 8;
  private static final int STATE_DOMAIN = 9; // which domain << 8, the group id << 32
  private static final int STATE_OWNER = 10; // the owners' kinds << 8, << 10, group id << 32
  private static final int IOCTL_START = 11; // an ioctl's line; the events it caused follow
  private static final int IOCTL_END = 12; // then its name and arguments (two references)
  // value kinds, the low byte of a value's long; a payload follows in the high bits
  private static final int V_REF = 16; // the object is the next reference
  private static final int V_NULL = 17;
  private static final int V_LONG = 18; // the value is the next long
  private static final int V_INT = 19; // the int in the high bits
  private static final int V_DOMAIN = 20; // id << 16 | type ordinal << 8
  private static final int V_END = 21; // the end of a call's arguments; its result follows
  private static final int V_END_VOID = 29; // the end of a void call's arguments: it returned
  private static final int V_FAIL = 22; // the errno or exception text is the next reference
  private static final int V_OK = 23; // an op's returned object: "ok"
  private static final int V_GATHER = 24; // an IOTLB gather, whose text is "gather"
  private static final int V_GROUP = 25; // a group: its id in the high bits
  private static final int V_PCI = 26; // a PCI device, named by its address: segment, bus, devfn
  private static final int V_USER = 27; // a user DMA owner, the next reference
  private static final int V_LAST_USER = 28; // the user DMA owner written last

  // which domain of a group a STATE_DOMAIN event changed, and its text
  static final int DOMAIN = 0;
  static final int DEFAULT_DOMAIN = 1;
  static final int BLOCKING_DOMAIN = 2;
  private static final String[] DOMAIN_FIELDS = {".domain ", ".default_domain ",
      ".blocking_domain "};
  // the kinds of DMA owner of a STATE_OWNER event; a user is the next reference, or the user
  // written last (the same cookie again: the usual case, written with no reference)
  private static final int OWNER_NONE = 0;
  private static final int OWNER_KERNEL = 1;
  private static final int OWNER_USER = 2;
  private static final int OWNER_LAST_USER = 3;

  private static final DomainType[] TYPES = DomainType.values();
  private static final InvalidationKind[] KINDS = InvalidationKind.values();
  private static final IotlbGather GATHER = new IotlbGather();

  /** References per chunk; the last slot links the next chunk. */
  private static final int CHUNK = 256;
  private static final int LINK = CHUNK - 1;

  // What the writing thread is doing in the recorded core (see ApiCalls).
  /** True while the writer is inside an outermost core call. */
  boolean inCore;
  /** True while that call's API line is open on the tape. */
  boolean apiLine;
  /** How many ioctls the writer is inside (see PlatformListeners.IoctlEvents). */
  int ioctlDepth;
  /** True while the outermost ioctl's line is open on the tape. */
  boolean ioctlLine;

  /** The user DMA owner written last, or null; see {@link #user}. */
  private DmaOwner.@Nullable User lastUser;

  private volatile Object[] head = new Object[CHUNK];
  private Object[] chunk = head;
  private int off;
  /**
   * The writer's longs; replaced by a larger copy when full. A recorder is made per test, whose
   * trace is usually short: a small start is cheaper to allocate than copies are to make.
   */
  private long[] longs = new long[256];
  /** The longs as readers see them: set whenever {@link #longs} is replaced, before a commit. */
  private volatile long[] shared = longs;
  private int longCount;
  /**
   * How far readers may decode: a position in the longs, always at the end of an event, written
   * after the events it covers (a release store: no fence on x86).
   */
  private volatile int committed;
  /** Events appended, and committed: written by the writer only, and read by it only. */
  private int events;
  private int committedEvents;

  private static final VarHandle COMMITTED;


  static {
    try {
      COMMITTED = MethodHandles.lookup().findVarHandle(Tape.class, "committed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // ---- writing (the writing thread only) ----

  // The appends are inlined into the recorded code, which the JIT inlines into its callers only
  // while its compiled size stays small; so what is rare (a new chunk, a larger array) is done by
  // methods of their own, too large (over 35 bytecodes) for the JIT to inline at a cold call.

  private void ref(@Nullable Object o) {
    int n = off;
    if (n == LINK) {
      refInNewChunk(o);
      return;
    }
    chunk[n] = o;
    off = n + 1;
  }

  private void refInNewChunk(@Nullable Object o) {
    Object[] next = new Object[CHUNK];
    next[0] = o;
    Object[] full = chunk;
    full[LINK] = next;
    chunk = next;
    off = 1;
  }

  private void lng(long v) {
    long[] l = room(1);
    int n = longCount;
    l[n] = v;
    longCount = n + 1;
  }

  private static long domain(IommuDomain d) {
    return V_DOMAIN | (long) d.id() << 16 | (long) d.type().ordinal() << 8;
  }

  // The typed words: what put writes for an argument of that type, with no type test (the busy
  // calls have advice of their argument types, see RecordingAdvice).

  private static long word(@Nullable IommuDomain d) {
    return d == null ? V_NULL : domain(d);
  }

  private static long word(@Nullable Group g) {
    return g == null ? V_NULL : V_GROUP | (long) g.id() << 8;
  }

  /** Writes a device: a PCI function as its address (its name), any other as a reference. */
  private int put(long[] l, int n, @Nullable Device dev) {
    PciAddress a = dev == null ? null : dev.pciAddress();
    if (a != null) {
      l[n] = V_PCI | (long) a.segment() << 24 | a.bus() << 16 | a.devfn() << 8;
    } else if (dev != null) {
      l[n] = V_REF;
      ref(dev);
    } else {
      l[n] = V_NULL;
    }
    return n + 1;
  }

  // An event is written with the array and the count in locals, stored back once: the append
  // of each part is then a plain store, not a load and a store of the tape's fields. room(k)
  // makes room for k longs (a value takes at most two).

  private long[] room(int k) {
    long[] l = longs;
    return longCount + k <= l.length ? l : grow(k);
  }

  /** Replaces the longs by a copy with room for {@code k} more, at least twice as large. */
  private long[] grow(int k) {
    long[] old = longs;
    int size = Math.max(old.length * 2, longCount + k);
    if (size < 0) {
      throw new IllegalStateException("a trace tape holds " + longCount + " longs: the most it"
          + " can; clear the recorder between runs");
    }
    long[] l = Arrays.copyOf(old, size);
    longs = l;
    shared = l;
    return l;
  }

  /** Writes a value, frozen: its text later is its text now. */
  private int put(long[] l, int n, @Nullable Object v) {
    if (v instanceof IommuDomain) {
      l[n] = domain((IommuDomain) v);
      return n + 1;
    }
    if (v == null) {
      l[n] = V_NULL;
      return n + 1;
    }
    if (v instanceof Group) {
      l[n] = V_GROUP | (long) ((Group) v).id() << 8;
      return n + 1;
    }
    if (v instanceof Integer) {
      return put(l, n, ((Integer) v).intValue());
    }
    if (v instanceof Long) {
      return put(l, n, ((Long) v).longValue());
    }
    if (v instanceof IotlbGather) {
      l[n] = V_GATHER;
      return n + 1;
    }
    l[n] = V_REF;
    ref(v instanceof Device || v instanceof String
        || v instanceof Boolean || v instanceof Enum || v instanceof DmaOwner ? v
        : CallText.value(v)); // no stable text known: write it now
    return n + 1;
  }

  private static int put(long[] l, int n, long v) {
    l[n] = V_LONG;
    l[n + 1] = v;
    return n + 2;
  }

  private static int put(long[] l, int n, int v) {
    l[n] = V_INT | (long) v << 8;
    return n + 1;
  }

  /** Writes the END of the arguments and an API call's result or failure. */
  private int apiResult(long[] l, int n, @Nullable Object result, @Nullable Throwable thrown) {
    l[n] = V_END;
    return thrown != null ? fail(l, n + 1, thrown) : put(l, n + 1, result);
  }

  /** Writes the END of the arguments and an op's result or failure. */
  private int opResult(long[] l, int n, @Nullable Object result, @Nullable Throwable thrown) {
    l[n] = V_END;
    if (thrown != null) {
      return fail(l, n + 1, thrown);
    }
    if (result == null || result instanceof Number || result instanceof Boolean) {
      return put(l, n + 1, result); // an op's result prints as 0, NULL, ok or a number
    }
    l[n + 1] = V_OK;
    return n + 2;
  }

  /** Writes the END of the arguments and a long result or failure. */
  private int longResult(long[] l, int n, long result, @Nullable Throwable thrown) {
    l[n] = V_END;
    return thrown != null ? fail(l, n + 1, thrown) : put(l, n + 1, result);
  }

  private int fail(long[] l, int n, Throwable thrown) {
    l[n] = V_FAIL;
    ref(thrown instanceof IommuException ? ((IommuException) thrown).errno().asReturnValue()
        : "!" + thrown.getClass().getSimpleName());
    return n + 1;
  }

  /** Starts an API call's line; it ends with one of the {@code apiEnd} methods. */
  void apiStart() {
    long[] l = room(1);
    l[longCount++] = API_START;
    events++;
  }

  /** Ends the API call started last, of call {@code site} (a {@link Sites} number). */
  void apiEnd(int site, @Nullable Object result, @Nullable Throwable thrown) {
    long[] l = room(4);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    longCount = apiResult(l, n + 1, result, thrown);
  }

  /** Ends the API call started last: one argument. */
  void apiEnd(int site, @Nullable Object a0, @Nullable Object result,
      @Nullable Throwable thrown) {
    long[] l = room(6);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    n = put(l, n + 1, a0);
    longCount = apiResult(l, n, result, thrown);
  }

  /** Ends the API call started last: two arguments. */
  void apiEnd(int site, @Nullable Object a0, @Nullable Object a1, @Nullable Object result,
      @Nullable Throwable thrown) {
    long[] l = room(8);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    n = put(l, n + 1, a0);
    n = put(l, n, a1);
    longCount = apiResult(l, n, result, thrown);
  }

  /** Ends the API call started last: three arguments. */
  void apiEnd(int site, @Nullable Object a0, @Nullable Object a1, @Nullable Object a2,
      @Nullable Object result, @Nullable Throwable thrown) {
    long[] l = room(10);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    n = put(l, n + 1, a0);
    n = put(l, n, a1);
    n = put(l, n, a2);
    longCount = apiResult(l, n, result, thrown);
  }

  /** Ends the API call started last: a domain and a group, no result. */
  void apiEnd(int site, @Nullable IommuDomain domain, @Nullable Group group,
      @Nullable Throwable thrown) {
    long[] l = room(5);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    l[n + 1] = word(domain);
    l[n + 2] = word(group);
    longCount = voidResult(l, n + 3, thrown);
  }

  /** Ends the API call started last: a group and a user DMA owner, no result. */
  void apiEnd(int site, @Nullable Group group, DmaOwner.@Nullable User owner,
      @Nullable Throwable thrown) {
    long[] l = room(5);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    l[n + 1] = word(group);
    l[n + 2] = owner == null ? V_NULL : user(owner) == OWNER_LAST_USER ? V_LAST_USER : V_USER;
    longCount = voidResult(l, n + 3, thrown);
  }

  /** Ends the API call started last: a group, no result. */
  void apiEnd(int site, @Nullable Group group, @Nullable Throwable thrown) {
    long[] l = room(4);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    l[n + 1] = word(group);
    longCount = voidResult(l, n + 2, thrown);
  }

  /** Writes the end of a void call's arguments: it returned (one long), or its failure. */
  private int voidResult(long[] l, int n, @Nullable Throwable thrown) {
    if (thrown != null) {
      l[n] = V_END;
      return fail(l, n + 1, thrown);
    }
    l[n] = V_END_VOID;
    return n + 1;
  }

  /** Ends the API call started last: {@code map(domain, iova, paddr, size, prot)}, void. */
  void apiEndMap(int site, @Nullable IommuDomain domain, long iova, long paddr, long size,
      int prot, @Nullable Throwable thrown) {
    long[] l = room(14);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    l[n + 1] = word(domain);
    n = put(l, n + 2, iova);
    n = put(l, n, paddr);
    n = put(l, n, size);
    n = put(l, n, prot);
    longCount = voidResult(l, n, thrown);
  }

  /** Ends the API call started last: {@code unmap(domain, iova, size)}, a long result. */
  void apiEndUnmap(int site, @Nullable IommuDomain domain, long iova, long size, long result,
      @Nullable Throwable thrown) {
    long[] l = room(10);
    int n = longCount;
    l[n] = API_END | (long) site << 8;
    l[n + 1] = word(domain);
    n = put(l, n + 2, iova);
    n = put(l, n, size);
    longCount = longResult(l, n, result, thrown);
  }

  /** Ends the API call started last: any arguments, as an array (null: none). */
  void apiEndArgs(int site, @Nullable Object @Nullable [] args, @Nullable Object result,
      @Nullable Throwable thrown) {
    long[] l = room(4 + (args == null ? 0 : 2 * args.length));
    int n = longCount;
    l[n++] = API_END | (long) site << 8;
    if (args != null) {
      for (Object a : args) {
        n = put(l, n, a);
      }
    }
    longCount = apiResult(l, n, result, thrown);
  }

  /** Starts an ioctl's line; it ends with {@link #ioctlEnd}. */
  void ioctlStart() {
    long[] l = room(1);
    l[longCount++] = IOCTL_START;
    events++;
  }

  /**
   * Ends the ioctl started last: its name, its arguments as text and its result ({@code null}:
   * it returned 0) or failure.
   */
  void ioctlEnd(String name, String arguments, @Nullable Object result,
      @Nullable Throwable thrown) {
    long[] l = room(4);
    int n = longCount;
    l[n] = IOCTL_END;
    ref(name);
    ref(arguments);
    longCount = result == null ? voidResult(l, n + 1, thrown)
        : apiResult(l, n + 1, result, thrown);
  }

  private int opsStart(long[] l, int n, int iommu, int site) {
    l[n] = OPS | (long) site << 8 | (long) iommu << 36;
    events++;
    return n + 1;
  }

  /**
   * Appends a driver op of instance {@code iommu} and call {@code site} (both {@link Sites}
   * numbers): one argument.
   */
  void ops(int iommu, int site, @Nullable Object a0, @Nullable Object result,
      @Nullable Throwable thrown) {
    long[] l = room(6);
    int n = opsStart(l, longCount, iommu, site);
    n = put(l, n, a0);
    longCount = opResult(l, n, result, thrown);
  }

  /** Appends a driver op: two arguments. */
  void ops(int iommu, int site, @Nullable Object a0, @Nullable Object a1,
      @Nullable Object result, @Nullable Throwable thrown) {
    long[] l = room(8);
    int n = opsStart(l, longCount, iommu, site);
    n = put(l, n, a0);
    n = put(l, n, a1);
    longCount = opResult(l, n, result, thrown);
  }

  /** Appends a driver op: three arguments. */
  void ops(int iommu, int site, @Nullable Object a0, @Nullable Object a1, @Nullable Object a2,
      @Nullable Object result, @Nullable Throwable thrown) {
    long[] l = room(10);
    int n = opsStart(l, longCount, iommu, site);
    n = put(l, n, a0);
    n = put(l, n, a1);
    n = put(l, n, a2);
    longCount = opResult(l, n, result, thrown);
  }

  /** Appends a driver op of a domain and two longs, no result: {@code iotlb_sync_map}. */
  void opsDomainLongs(int iommu, int site, @Nullable IommuDomain domain, long a1, long a2,
      @Nullable Throwable thrown) {
    long[] l = room(10);
    int n = opsStart(l, longCount, iommu, site);
    l[n] = word(domain);
    n = put(l, n + 1, a1);
    n = put(l, n, a2);
    longCount = voidResult(l, n, thrown);
  }

  /** Appends a driver op of a domain and a gather, no result: {@code iotlb_sync}. */
  void opsDomainGather(int iommu, int site, @Nullable IommuDomain domain,
      @Nullable IotlbGather gather, @Nullable Throwable thrown) {
    long[] l = room(6);
    int n = opsStart(l, longCount, iommu, site);
    l[n] = word(domain);
    l[n + 1] = gather == null ? V_NULL : V_GATHER;
    longCount = voidResult(l, n + 2, thrown);
  }

  /** Appends a {@code map_pages}. */
  void opsMapPages(int iommu, int site, @Nullable IommuDomain domain, long iova, long paddr,
      long pgsize, long pgcount, int prot, long result, @Nullable Throwable thrown) {
    long[] l = room(16);
    int n = opsStart(l, longCount, iommu, site);
    l[n++] = word(domain);
    n = put(l, n, iova);
    n = put(l, n, paddr);
    n = put(l, n, pgsize);
    n = put(l, n, pgcount);
    n = put(l, n, prot);
    longCount = longResult(l, n, result, thrown);
  }

  /** Appends an {@code unmap_pages}. */
  void opsUnmapPages(int iommu, int site, @Nullable IommuDomain domain, long iova, long pgsize,
      long pgcount, @Nullable IotlbGather gather, long result, @Nullable Throwable thrown) {
    long[] l = room(14);
    int n = opsStart(l, longCount, iommu, site);
    l[n++] = word(domain);
    n = put(l, n, iova);
    n = put(l, n, pgsize);
    n = put(l, n, pgcount);
    l[n++] = gather == null ? V_NULL : V_GATHER;
    longCount = longResult(l, n, result, thrown);
  }

  /** Appends a driver op: any arguments, as an array (null: none). */
  void opsArgs(int iommu, int site, @Nullable Object @Nullable [] args, @Nullable Object result,
      @Nullable Throwable thrown) {
    long[] l = room(4 + (args == null ? 0 : 2 * args.length));
    int n = opsStart(l, longCount, iommu, site);
    if (args != null) {
      for (Object a : args) {
        n = put(l, n, a);
      }
    }
    longCount = opResult(l, n, result, thrown);
  }

  /** Appends an {@code attach_dev(domain, dev, old)}, which returns nothing. */
  void opsAttachDev(int iommu, int site, @Nullable IommuDomain domain, @Nullable Device dev,
      @Nullable IommuDomain old, @Nullable Throwable thrown) {
    long[] l = room(6);
    int n = longCount;
    l[n] = OPS | (long) site << 8 | (long) iommu << 36;
    events++;
    l[n + 1] = word(domain);
    put(l, n + 2, dev);
    l[n + 3] = word(old);
    longCount = voidResult(l, n + 4, thrown);
  }

  /**
   * Appends a change of the {@code which} domain of group {@code group} ({@link #DOMAIN}, {@link
   * #DEFAULT_DOMAIN}, {@link #BLOCKING_DOMAIN}); the domains keep the types they have now.
   */
  void stateDomain(int which, Group group, @Nullable IommuDomain from,
      @Nullable IommuDomain to) {
    long[] l = room(3);
    int n = longCount;
    l[n] = STATE_DOMAIN | which << 8 | (long) group.id() << 32;
    events++;
    l[n + 1] = word(from);
    l[n + 2] = word(to);
    longCount = n + 3;
  }

  /** Appends a change of a group's DMA owner or owner count. */
  void stateOwner(Group group, DmaOwner from, int fromCount, DmaOwner to, int toCount) {
    long[] l = room(2);
    int n = longCount;
    int fromKind = owner(from); // from before to: readers take their users in this order
    l[n] = STATE_OWNER | fromKind << 8 | owner(to) << 10 | (long) group.id() << 32;
    events++;
    l[n + 1] = (long) fromCount << 32 | (toCount & 0xffff_ffffL);
    longCount = n + 2;
  }

  /** Returns the kind of {@code o}; a user is written as {@link #user} writes it. */
  private int owner(DmaOwner o) {
    return o instanceof DmaOwner.User ? user((DmaOwner.User) o)
        : o instanceof DmaOwner.Kernel ? OWNER_KERNEL : OWNER_NONE;
  }

  /**
   * Writes a user owner: nothing if it is the user written last ({@link #OWNER_LAST_USER}), else
   * its reference ({@link #OWNER_USER}). Readers follow the same users in the same order.
   */
  private int user(DmaOwner.User u) {
    if (u == lastUser) {
      return OWNER_LAST_USER;
    }
    ref(u);
    lastUser = u;
    return OWNER_USER;
  }

  /**
   * Appends a group state change whose text cannot change later: a PASID slot (its entries
   * already written as text) or a device joining or leaving. Domain and owner changes name
   * domains whose type may change, so they go through {@link #stateDomain} and {@link
   * #stateOwner}.
   */
  void state(StateChange change) {
    lng(STATE);
    events++;
    ref(change);
  }

  /**
   * Appends an IOTLB invalidation command of instance {@code iommu}, as the parts of its {@link
   * Invalidation}; a device name (only ATS invalidations have one) is a reference.
   */
  void iotlb(int iommu, InvalidationKind kind, int tag, int pasid, long address, long size,
      boolean leaf, String device) {
    long[] l = room(4);
    int n = longCount;
    boolean named = !device.isEmpty();
    events++;
    l[n] = IOTLB_PARTS | kind.ordinal() << 8 | (leaf ? 1 : 0) << 14 | (named ? 1 : 0) << 15
        | (long) iommu << 32;
    l[n + 1] = (long) tag << 32 | (pasid & 0xffff_ffffL);
    l[n + 2] = address;
    l[n + 3] = size;
    longCount = n + 4;
    if (named) {
      ref(device);
    }
  }

  /** Appends a completion wait of IOTLB instance {@code iommu}. */
  void iotlbSync(int iommu) {
    lng(IOTLB_SYNC | (long) iommu << 8);
    events++;
  }

  /** Appends a DMA transfer; its text reads only final fields and the fault's reason. */
  void transfer(DmaResult result) {
    lng(TRANSFER);
    events++;
    ref(result);
  }

  /** Appends an event already written. */
  void event(TraceEvent event) {
    lng(EVENT);
    events++;
    ref(event);
  }

  /** Lets readers decode every event appended so far. */
  void commit() {
    committedEvents = events;
    COMMITTED.setRelease(this, longCount);
  }

  /**
   * Returns the number of events committed so far (each decodes to one {@link TraceEvent}); for
   * the writing thread only, which counts them without decoding.
   */
  int committedEvents() {
    return committedEvents;
  }

  /** Returns how far readers may decode: a position to pass to {@link #decode}. */
  int committed() {
    return committed;
  }

  /** Returns true if nothing was appended since the last {@link #reset}. */
  boolean isEmpty() {
    return longCount == 0;
  }

  /** Forgets everything; only while nothing is being appended. */
  void reset() {
    Object[] c = new Object[CHUNK];
    chunk = c;
    off = 0;
    longCount = 0;
    lastUser = null;
    committed = 0;
    events = 0;
    committedEvents = 0;
    head = c;
  }

  // ---- reading ----

  /** Where a reader is in a tape; starts at its head. */
  static final class Cursor {
    private Object @Nullable [] chunk;
    private int off;
    private int lng;
    private @Nullable Object lastUser;

    void reset() {
      chunk = null;
      off = 0;
      lng = 0;
      lastUser = null;
    }

    private @Nullable Object next() {
      Object[] c = chunk;
      if (off == LINK) {
        c = (Object[]) c[LINK];
        chunk = c;
        off = 0;
      }
      return c[off++];
    }
  }

  /**
   * Decodes the events from {@code c} on up to position {@code until}, the end of an event.
   * After {@link #committed()} was read, any position up to it that ends an event is complete.
   */
  void decode(Cursor c, int until, List<TraceEvent> out) {
    if (c.chunk == null) {
      c.chunk = head;
    }
    long[] l = shared;
    while (c.lng < until) {
      decodeOne(l, c, out);
    }
  }

  /** Decodes every event appended, for the tape's own writer. */
  void decodeAll(List<TraceEvent> out) {
    decode(new Cursor(), longCount, out);
  }

  private static void decodeOne(long[] l, Cursor c, List<TraceEvent> out) {
    long h = l[c.lng++];
    switch ((int) (h & 0xff)) {
      case API_START: {
        int at = out.size();
        out.add(null); // the line, written when its end is read
        while ((l[c.lng] & 0xff) != API_END) {
          decodeOne(l, c, out);
        }
        long end = l[c.lng++];
        Sites.Site site = Sites.site((int) (end >>> 8));
        String args = arguments(l, c);
        String result = result(l, c, site.isVoid());
        out.set(at, new TraceEvent.Api(ApiCalls.kernelName(site.name()), args, result));
        return;
      }
      case IOCTL_START: {
        int at = out.size();
        out.add(null); // the line, written when its end is read
        while ((l[c.lng] & 0xff) != IOCTL_END) {
          decodeOne(l, c, out);
        }
        c.lng += 2; // the end and the end of the (absent) arguments, which says void or not
        String name = (String) c.next();
        String args = (String) c.next();
        out.set(at, new TraceEvent.Api(name, args, result(l, c, false)));
        return;
      }
      case OPS: {
        Sites.Site site = Sites.site((int) (h >>> 8 & 0xfffffff));
        String iommu = Sites.site((int) (h >>> 36)).name();
        String args = arguments(l, c);
        String result = result(l, c, site.isVoid());
        out.add(new TraceEvent.Ops(iommu, CallText.kernelName(site.name()), args, result));
        return;
      }
      case STATE: {
        out.add(new TraceEvent.State(c.next().toString()));
        return;
      }
      case STATE_DOMAIN: {
        String from = domainOrDash(l, c);
        String to = domainOrDash(l, c);
        out.add(new TraceEvent.State("G" + (int) (h >>> 32) + DOMAIN_FIELDS[(int) (h >>> 8 & 3)]
            + from + " -> " + to));
        return;
      }
      case STATE_OWNER: {
        long counts = l[c.lng++];
        String from = owner((int) (h >>> 8 & 3), c);
        String to = owner((int) (h >>> 10 & 3), c);
        out.add(new TraceEvent.State("G" + (int) (h >>> 32) + ".owner " + from + "/"
            + (int) (counts >>> 32) + " -> " + to + "/" + (int) counts));
        return;
      }
      case IOTLB_PARTS: {
        long ids = l[c.lng];
        Invalidation inv = new Invalidation(KINDS[(int) (h >>> 8 & 0x3f)], (int) (ids >>> 32),
            (int) ids, l[c.lng + 1], l[c.lng + 2], (h >>> 14 & 1) != 0,
            (h >>> 15 & 1) != 0 ? (String) c.next() : "");
        c.lng += 3;
        out.add(new TraceEvent.Iotlb(HardwareText.invalidation(
            Sites.site((int) (h >>> 32)).name(), inv)));
        return;
      }
      case IOTLB_SYNC:
        out.add(new TraceEvent.Iotlb(HardwareText.sync(Sites.site((int) (h >>> 8)).name())));
        return;
      case TRANSFER:
        out.add(new TraceEvent.Dma(HardwareText.transfer((DmaResult) c.next())));
        return;
      case EVENT:
        out.add((TraceEvent) c.next());
        return;
      default:
        throw new IllegalStateException("a trace tape is corrupt: " + h + " starts no event");
    }
  }

  /** A state change's domain: {@code -} for none, as {@link StateChange} writes it. */
  private static String domainOrDash(long[] l, Cursor c) {
    if (l[c.lng] == V_NULL) {
      c.lng++;
      return "-";
    }
    return value(l, c);
  }

  private static String owner(int kind, Cursor c) {
    switch (kind) {
      case OWNER_USER:
        c.lastUser = c.next();
        return String.valueOf(c.lastUser);
      case OWNER_LAST_USER:
        return String.valueOf(c.lastUser);
      case OWNER_KERNEL:
        return DmaOwner.KERNEL.toString();
      default:
        return DmaOwner.NONE.toString();
    }
  }

  /** The arguments up to END, joined by {@code ", "}. */
  private static String arguments(long[] l, Cursor c) {
    if (isEnd(l[c.lng])) {
      c.lng++;
      return "";
    }
    StringBuilder sb = new StringBuilder(48);
    sb.append(value(l, c));
    while (!isEnd(l[c.lng])) {
      sb.append(", ").append(value(l, c));
    }
    c.lng++;
    return sb.toString();
  }

  private static boolean isEnd(long v) {
    return v == V_END || v == V_END_VOID;
  }

  /**
   * A result: the failure text, {@code 0} for void, else the value ({@code ok} for an op's
   * returned object).
   */
  private static String result(long[] l, Cursor c, boolean isVoid) {
    if (l[c.lng - 1] == V_END_VOID) { // the end of the arguments just read: nothing follows
      return "0";
    }
    long v = l[c.lng];
    if (v == V_FAIL) {
      c.lng++;
      return (String) c.next();
    }
    if (v == V_OK) {
      c.lng++;
      return isVoid ? "0" : "ok";
    }
    String value = value(l, c);
    return isVoid ? "0" : value;
  }

  private static String value(long[] l, Cursor c) {
    long v = l[c.lng++];
    switch ((int) (v & 0xff)) {
      case V_LONG:
        return "0x" + Long.toHexString(l[c.lng++]);
      case V_INT:
        return Integer.toString((int) (v >> 8));
      case V_DOMAIN:
        return "D" + (int) (v >>> 16) + ":" + TYPES[(int) (v >>> 8 & 0xff)].name();
      case V_NULL:
        return "NULL";
      case V_GROUP:
        return "G" + (int) (v >>> 8);
      case V_USER:
        c.lastUser = c.next();
        return String.valueOf(c.lastUser);
      case V_LAST_USER:
        return String.valueOf(c.lastUser);
      case V_PCI: {
        int devfn = (int) (v >>> 8 & 0xff);
        return new PciAddress((int) (v >>> 24 & 0xffff), (int) (v >>> 16 & 0xff), devfn >> 3,
            devfn & 7).toString(); // a PCI device's name is its address
      }
      case V_GATHER:
        return CallText.value(GATHER);
      case V_REF:
        return CallText.value(c.next());
      default:
        throw new IllegalStateException("a trace tape is corrupt: " + v + " is no value");
    }
  }
}

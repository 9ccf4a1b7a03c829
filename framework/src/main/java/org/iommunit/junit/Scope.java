package org.iommunit.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.iommunit.base.IommuException;
import org.iommunit.core.DevIommu;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuInstance;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.dma.DmaApi;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.report.PlatformSnapshot;
import org.iommunit.sva.SvaHandle;
import org.iommunit.vfio.Vfio;
import org.iommunit.trace.Trace;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the extension injected for one test (or, with a per-class lifecycle, for one class): the
 * declarations it serves, the objects it resolved for them, what it made for them (domains,
 * processes, SVA binds), in order, and the test's fault plan. Kept in the store of the context it
 * serves; released in {@code afterEach}/{@code afterAll}, and by the store if those never run
 * (as an {@link AutoCloseable} from JUnit 5.13 on, as a {@code CloseableResource} on 5.10 to
 * 5.12).
 *
 * <p>A field and a parameter with the same declaration get the same object; two {@link Domain}
 * declarations get two domains. Devices, groups and spies are resolved when the scope opens, so a
 * bad name fails before the test runs; domains, processes and binds are made when their field or
 * parameter is filled, after the test's {@code @BeforeEach} methods for a parameter.
 */
@SuppressWarnings("deprecation") // Store.CloseableResource: the JUnit 5.10-5.12 close contract
final class Scope implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private final String ownerId;
  private final PlatformHandle handle;
  private final @Nullable Scope parent;
  private final List<InjectionPoint> points;
  private final List<FieldTarget> fields;
  private final FaultPlan faults;
  private final int firstLogSequence;
  private final int traceStart;
  private volatile int traceEnd = -1; // the mark when the test method returned; -1 before
  private final PlatformSnapshot before;
  private final Map<AnnotatedElement, Object> resolved = new HashMap<>(); // guarded by this
  private final List<Owned> owned = new ArrayList<>(); // guarded by this; oldest first
  private final Map<String, Mm> processes = new LinkedHashMap<>(); // guarded by this
  private @Nullable Iommufd iommufd; // guarded by this
  private @Nullable Vfio vfio; // guarded by this
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Settings settings;

  /** A field to fill, on {@code instance}, or statically when {@code instance} is null. */
  record FieldTarget(InjectionPoint point, Field field, @Nullable Object instance) {}

  /** Something the extension made, undone at teardown in reverse order. */
  private interface Owned {
    /** Undoes it; returns why it could not be undone, or null. */
    @Nullable String release(Platform platform);
  }

  /** A domain the extension allocated, and the group it attached it to. */
  private record OwnedDomain(IommuDomain domain, @Nullable Group attachedTo,
      InjectionPoint point) implements Owned {
    @Override
    public @Nullable String release(Platform platform) {
      if (domain.isFreed()) {
        return null; // the test freed it itself
      }
      if (attachedTo != null && attachedTo.domain() == domain) {
        platform.iommu().detachGroup(domain, attachedTo);
      }
      List<String> still = Teardown.attachments(platform, domain);
      if (!still.isEmpty()) {
        return "domain " + domain + " from " + point.label() + " is still attached to "
            + String.join(", ", still) + ", so it cannot be freed; detach it in the test";
      }
      platform.iommu().domainFree(domain);
      return null;
    }
  }

  /** An SVA bind the extension made; it holds one of the handle's references. */
  private record OwnedBind(SvaHandle handle) implements Owned {
    @Override
    public @Nullable String release(Platform platform) {
      if (handle.users() > 0) { // else the test unbound it itself
        platform.sva().unbindDevice(handle);
      }
      return null;
    }
  }

  /** A process the extension created; it ends at teardown. */
  private record OwnedMm(Mm mm) implements Owned {
    @Override
    public @Nullable String release(Platform platform) {
      mm.exit();
      return null;
    }
  }

  /**
   * The iommufd context the extension opened: closed at teardown, as the process's exit closes
   * the file; what a kernel caller still holds is reported.
   */
  private record OwnedIommufd(Iommufd fd) implements Owned {
    @Override
    public @Nullable String release(Platform platform) {
      fd.close();
      if (fd.objects().isEmpty()) {
        return null;
      }
      return "iommufd context " + fd.owner().name() + " still holds " + fd.objects()
          + " after close: unbind the devices and destroy the accesses the test made through"
          + " deviceBind and accessCreate";
    }
  }

  /**
   * Opens a scope.
   *
   * @param ownerId the unique id of the context it serves
   * @param handle the platform it injects from
   * @param parent the class scope whose platform a test shares; null otherwise
   * @param points every declaration it serves: fields and parameters
   * @param fields the fields among them, with the instance each belongs to
   * @param faults the test's faults; {@link FaultPlan#NONE} for a class
   * @param settings the run's configuration parameters
   */
  Scope(String ownerId, PlatformHandle handle, @Nullable Scope parent,
      List<InjectionPoint> points, List<FieldTarget> fields, FaultPlan faults,
      Settings settings) {
    this.settings = settings;
    this.ownerId = ownerId;
    this.handle = handle;
    this.parent = parent;
    this.points = List.copyOf(points);
    this.fields = List.copyOf(fields);
    this.faults = faults;
    this.firstLogSequence = handle.lastLogSequence();
    this.traceStart = handle.recorder().mark();
    this.before = PlatformSnapshot.capture(handle.platform());
  }

  /** Returns the run's configuration parameters. */
  Settings settings() {
    return settings;
  }

  /** Returns the picture of the platform when the scope opened, before the test. */
  PlatformSnapshot before() {
    return before;
  }

  /** Returns the live trace of this scope, at every level: from its opening on. */
  Trace trace() {
    return handle.recorder().trace(handle.traceHeader(), traceStart);
  }

  /** Marks the end of the test method: teardown's events are left out of {@link #recorded}. */
  void endTrace() {
    traceEnd = handle.recorder().mark();
  }

  /** Returns the fixed trace from the scope's opening to the end of the test method. */
  Trace recorded() {
    int end = traceEnd;
    // written as text only if read: a passing test that keeps no files reads it never
    return handle.recorder().traceWhenRead(handle.traceHeader(), traceStart,
        end < 0 ? handle.recorder().mark() : end);
  }

  String ownerId() {
    return ownerId;
  }

  PlatformHandle handle() {
    return handle;
  }

  Platform platform() {
    return handle.platform();
  }

  /** Returns the sequence number of the last log entry written before the scope opened. */
  int firstLogSequence() {
    return firstLogSequence;
  }

  /**
   * Resolves every declaration that needs no allocation and checks the domain declarations, then
   * fills the fields.
   *
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a declaration
   *     the platform cannot satisfy
   */
  void open() {
    for (InjectionPoint p : points) {
      if (p.kind() == Injectable.DOMAIN) {
        domainDevice(p);
      } else if (p.kind() == Injectable.SVA_HANDLE) {
        bindableDevice(p);
      } else if (p.kind() != Injectable.MM) {
        resolve(p);
      }
    }
    for (FieldTarget t : fields) {
      Object value = resolve(t.point());
      try {
        t.field().setAccessible(true);
        t.field().set(t.instance(), value);
      } catch (IllegalAccessException | RuntimeException e) {
        throw Misdeclared.of(t.point().label(), "the field cannot be written (" + e + ")",
            "make it a non-final field the test class can reach", e);
      }
    }
  }

  /** Returns the object {@code point} declares, making it on first use. */
  Object resolve(InjectionPoint point) {
    synchronized (this) {
      Object known = resolved.get(point.element());
      if (known != null) {
        return known;
      }
    }
    Object value = point.kind().inject(point, this);
    synchronized (this) {
      Object raced = resolved.putIfAbsent(point.element(), value);
      return raced != null ? raced : value;
    }
  }

  /** Returns the device a {@link DeviceAt} declaration names. */
  Device device(InjectionPoint point) {
    return device(((DeviceAt) point.declaration()).value(), point);
  }

  /** Returns the kernel DMA API of the device a {@link DmaApiFor} declaration names. */
  DmaApi dmaApi(InjectionPoint point) {
    return platform().dmaApi(device(((DmaApiFor) point.declaration()).value(), point));
  }

  private Device device(String name, InjectionPoint point) {
    Platform p = platform();
    return p.topology().device(name).orElseThrow(() -> Misdeclared.of(point.label(), "device "
        + name + " is not on the platform (it has " + p.devices().stream()
            .map(d -> d.label() == null ? d.name() : d.name() + " (" + d.label() + ")")
            .collect(Collectors.joining(", ")) + ")",
        "fix the name or add the device to the platform"));
  }

  /** Returns the group the devices of an {@link IommuGroup} declaration share. */
  Group group(InjectionPoint point) {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (String name : ((IommuGroup) point.declaration()).devices()) {
      Device d = device(name, point);
      Group g = Group.of(d);
      if (g == null) {
        throw Misdeclared.of(point.label(), "device " + name + " is not behind an IOMMU, so it"
            + " has no group", "name devices behind an IOMMU");
      }
      groups.put(name, g);
    }
    List<Group> distinct = groups.values().stream().distinct().collect(Collectors.toList());
    if (distinct.size() > 1) {
      throw Misdeclared.of(point.label(), "the devices are in different groups on this platform ("
          + groups.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue())
              .collect(Collectors.joining(", ")) + ")",
          "name devices of one group, or change the topology");
    }
    return distinct.get(0);
  }

  /** Allocates the domain a {@link Domain} declaration asks for, attaching it if asked. */
  IommuDomain domain(InjectionPoint point) {
    Domain declared = (Domain) point.declaration();
    Device dev = domainDevice(point);
    IommuCore core = platform().iommu();
    IommuDomain domain;
    try {
      domain = core.pagingDomainAllocFlags(dev, declared.flags());
    } catch (IommuException e) {
      throw Misdeclared.of(point.label(), "the driver cannot allocate it for " + dev + ": "
          + e.getMessage(), "declare a domain the driver can allocate", e);
    }
    Group target = declared.attachTo().isEmpty() ? null : Group.of(dev);
    if (target != null) {
      try {
        core.attachGroup(domain, target);
      } catch (IommuException e) {
        core.domainFree(domain);
        throw Misdeclared.of(point.label(), "attaching it to group " + target + " failed: "
            + e.getMessage(), "attach at most one domain to a group by declaration, and attach"
                + " further ones in the test body", e);
      }
    }
    synchronized (this) {
      owned.add(new OwnedDomain(domain, target, point));
    }
    handle.adopt(domain);
    return domain;
  }

  /** Returns the process named {@code name}, creating it on first use. */
  Mm mm(String name) {
    if (parent != null) {
      Mm inherited = parent.knownMm(name);
      if (inherited != null) {
        return inherited;
      }
    }
    synchronized (this) {
      Mm mm = processes.get(name);
      if (mm == null) {
        mm = platform().sva().mmAlloc(name);
        processes.put(name, mm);
        owned.add(new OwnedMm(mm));
      }
      return mm;
    }
  }

  private synchronized @Nullable Mm knownMm(String name) {
    return processes.get(name);
  }

  /**
   * Returns the test's iommufd context, opened on first use by the process {@code vmm} (the
   * same process an {@code @AddressSpace("vmm")} declaration names).
   */
  Iommufd iommufd() {
    if (parent != null) {
      Iommufd inherited = parent.knownIommufd();
      if (inherited != null) {
        return inherited;
      }
    }
    Mm vmm = mm("vmm");
    synchronized (this) {
      if (iommufd == null) {
        iommufd = Iommufd.open(platform(), vmm, "iommufd#1");
        owned.add(new OwnedIommufd(iommufd));
      }
      return iommufd;
    }
  }

  private synchronized @Nullable Iommufd knownIommufd() {
    return iommufd;
  }

  /**
   * The VFIO files the extension's process opened: closed at teardown in number order, as the
   * process's exit closes them, so what they claimed is released before the leak checks.
   */
  private record OwnedVfio(Vfio vfio) implements Owned {
    @Override
    public @Nullable String release(Platform platform) {
      vfio.closeAll();
      return null;
    }
  }

  /** Returns the test's VFIO, made on first use for the process {@code vmm}. */
  Vfio vfio() {
    if (parent != null) {
      Vfio inherited = parent.knownVfio();
      if (inherited != null) {
        return inherited;
      }
    }
    Mm vmm = mm("vmm");
    synchronized (this) {
      if (vfio == null) {
        vfio = new Vfio(platform(), vmm);
        owned.add(new OwnedVfio(vfio));
      }
      return vfio;
    }
  }

  private synchronized @Nullable Vfio knownVfio() {
    return vfio;
  }

  /** Binds the device an {@link SvaBind} declaration names to its process. */
  SvaHandle svaHandle(InjectionPoint point) {
    Device dev = bindableDevice(point);
    Mm mm = mm(((SvaBind) point.declaration()).mm());
    SvaHandle bound;
    try {
      bound = platform().sva().bindDevice(dev, mm);
    } catch (IommuException e) {
      throw Misdeclared.of(point.label(), "binding " + dev + " to " + mm + " failed: "
          + e.getMessage(), "bind a device whose IOMMU driver supports SVA", e);
    }
    synchronized (this) {
      owned.add(new OwnedBind(bound));
    }
    return bound;
  }

  // SVA needs PASIDs on the device and on its IOMMU
  private Device bindableDevice(InjectionPoint point) {
    Device dev = device(((SvaBind) point.declaration()).device(), point);
    if (DevIommu.of(dev) == null || DevIommu.of(dev).maxPasids() == 0) {
      throw Misdeclared.of(point.label(), "device " + dev + " supports no PASIDs (its PASID"
          + " capability is " + dev.pasidCapability() + (DevIommu.of(dev) == null ? " and it is not"
              + " behind an IOMMU)" : ")") + ", so it cannot be bound to an address space",
          "name a device with PASIDs, e.g. one built with pasids(1 << 20)");
    }
    return dev;
  }

  // "the first device of the test's group": attachTo's device, else the one group the test's
  // @IommuGroup and @DeviceAt declarations name, else the platform's only group
  private Device domainDevice(InjectionPoint point) {
    Domain declared = (Domain) point.declaration();
    if (!declared.attachTo().isEmpty()) {
      return device(declared.attachTo(), point);
    }
    Map<Group, Device> named = namedGroups(point);
    if (named.isEmpty() && parent != null) {
      named = parent.namedGroups(point);
    }
    if (named.size() > 1) {
      throw Misdeclared.of(point.label(), "the test names devices in " + named.size()
          + " groups (" + named.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
              .collect(Collectors.joining(", ")) + "), so it is not clear which device to"
          + " allocate the domain for", "set attachTo, or name devices of one group only");
    }
    if (named.size() == 1) {
      return named.keySet().iterator().next().devices().get(0);
    }
    List<Group> groups = platform().groups().stream().filter(g -> !g.devices().isEmpty())
        .collect(Collectors.toList());
    if (groups.size() != 1) {
      throw Misdeclared.of(point.label(), "the test names no device and the platform has "
          + groups.size() + " groups, so it is not clear which device to allocate the domain"
          + " for", "declare the device with @DeviceAt or @IommuGroup, or set attachTo");
    }
    return groups.get(0).devices().get(0);
  }

  private Map<Group, Device> namedGroups(InjectionPoint asker) {
    Map<Group, Device> named = new LinkedHashMap<>();
    for (InjectionPoint p : points) {
      if (p.kind() == Injectable.DEVICE || p.kind() == Injectable.GROUP) {
        Group g = p.kind() == Injectable.GROUP ? (Group) resolve(p)
            : Group.of((Device) resolve(p));
        if (g != null && !g.devices().isEmpty()) {
          named.putIfAbsent(g, g.devices().get(0));
        }
      }
    }
    return named;
  }

  /** Returns the spy on the driver ops a {@link VendorOps} declaration names. */
  IommuOps vendorOps(InjectionPoint point) {
    OpsInstrumentation ops = handle.instrumentation();
    if (ops == null || !ops.hasSpies()) {
      throw Misdeclared.of(point.label(), handle.origin() + " was booted without spies",
          "declare @VendorOps where the platform's declarations are (fields, or the tests of"
              + " the class that owns it)");
    }
    List<String> names = platform().iommus().stream().map(IommuInstance::name)
        .collect(Collectors.toList());
    String name = ((VendorOps) point.declaration()).value();
    if (name.isEmpty()) {
      if (names.size() != 1) {
        throw Misdeclared.of(point.label(), "the platform has " + names.size() + " IOMMUs ("
            + String.join(", ", names) + ")", "name one, e.g. @VendorOps(\"" + names.get(0)
                + "\")");
      }
      name = names.get(0);
    }
    IommuOps spy = ops.spy(name);
    if (spy == null) {
      throw Misdeclared.of(point.label(), "the platform has no IOMMU named " + name + " (it has "
          + String.join(", ", names) + ")", "name one of those");
    }
    return spy;
  }

  /** Applies the test's faults to driver calls; called just before the test method runs. */
  void armFaults() {
    OpsInstrumentation ops = handle.instrumentation();
    if (ops != null && !faults.isEmpty()) {
      ops.arm(faults);
    }
  }

  /** Stops applying the test's faults; called when the test method returns or throws. */
  void disarmFaults() {
    OpsInstrumentation ops = handle.instrumentation();
    if (ops != null && !faults.isEmpty()) {
      ops.disarm();
    }
  }

  /**
   * Undoes what the scope made, newest first: unbinds its SVA binds, ends its processes, and
   * detaches each domain from the group it attached it to (if it is still there) and frees it. A
   * domain the test left attached elsewhere is not freed and is reported.
   *
   * @return one text per object that could not be released
   */
  List<String> release() {
    List<Owned> made;
    synchronized (this) {
      made = new ArrayList<>(owned);
      owned.clear();
    }
    List<String> problems = new ArrayList<>();
    for (int i = made.size() - 1; i >= 0; i--) {
      Owned o = made.get(i);
      try {
        String problem = o.release(platform());
        if (problem != null) {
          problems.add(problem);
        }
      } catch (RuntimeException e) {
        problems.add("releasing " + o + " failed: " + e);
      }
    }
    return problems;
  }

  /** Releases what the scope still holds, without reporting; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      disarmFaults();
      release();
    }
  }
}

package org.iommunit.trace.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import org.iommunit.base.IotlbGather;
import org.iommunit.core.DmaOwner;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.device.Device;
import org.jspecify.annotations.Nullable;

/*
 * Advice that ByteBuddy copies into the generated recording classes around a direct call of the
 * real method: no reflection, no Callable, no Method object per call. The method is a constant of
 * the generated code: its Sites number (@Site), found once when the class is made, not per
 * call; everything else is handed to the class's ApiCalls or OpsSink field, which decide
 * whether and what to record. Each shape of
 * arguments the busy calls have (up to three references; the map and unmap calls with their
 * longs) has its own advice, so those calls pass their arguments as they are: no argument array
 * (@AllArguments), no boxed long. Any other method gets the advice with the array.
 */

/** The advice woven into the generated core and domain-ops classes. */
final class RecordingAdvice {
  private RecordingAdvice() {}

  /** Returns the advice of {@code type}, its {@link Site} parameters bound. */
  static Advice to(Class<?> type) {
    return Advice.withCustomMapping().bind(Site.class, new SiteMapping()).to(type);
  }

  /**
   * Returns the advice around a core API call: {@link ApiEnter} on entry, {@code exit} (one of
   * the {@code Api*} shapes) on exit, its {@link Site} parameters bound.
   */
  static Advice api(Class<?> exit) {
    return Advice.withCustomMapping().bind(Site.class, new SiteMapping())
        .to(ApiEnter.class, exit);
  }

  /** Entered by every recorded public method of the generated {@code IommuCore} subclass. */
  static final class ApiEnter {
    private ApiEnter() {}

    /** Returns the call's token: null for a call from inside the core. */
    @Advice.OnMethodEnter
    static @Nullable Tape enter(@Advice.FieldValue("api") ApiCalls api) {
      return api.enter();
    }
  }

  /** An advice parameter that receives the instrumented method's {@link Sites} number. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Site {}

  /** Binds {@link Site}: the number of the method's name and descriptor, an int constant. */
  private static final class SiteMapping implements Advice.OffsetMapping {
    @Override
    public Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
        Assigner assigner, Advice.ArgumentHandler argumentHandler, Sort sort) {
      return new Target.ForStackManipulation(IntegerConstant.forValue(
          Sites.id(instrumentedMethod.getInternalName(), instrumentedMethod.getDescriptor())));
    }
  }

  /** Around the other recorded public methods of the core subclass: the arguments as an array. */
  static final class Api {
    private Api() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.AllArguments @Nullable Object[] args,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitArgs(token, site, args, result, thrown);
      }
    }
  }

  /** Around a recorded method of no arguments of the generated {@code IommuCore} subclass. */
  static final class Api0 {
    private Api0() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exit0(token, site, result, thrown);
      }
    }
  }

  /**
   * Around a recorded method of one reference argument of the generated {@code IommuCore} subclass.
   */
  static final class Api1 {
    private Api1() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) @Nullable Object a0,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exit1(token, site, a0, result, thrown);
      }
    }
  }

  /**
   * Around a recorded method of two reference arguments of the generated {@code IommuCore}
   * subclass.
   */
  static final class Api2 {
    private Api2() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) @Nullable Object a0,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) @Nullable Object a1,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exit2(token, site, a0, a1, result, thrown);
      }
    }
  }

  /**
   * Around a recorded method of three reference arguments of the generated {@code IommuCore}
   * subclass.
   */
  static final class Api3 {
    private Api3() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) @Nullable Object a0,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) @Nullable Object a1,
        @Advice.Argument(value = 2, typing = Assigner.Typing.DYNAMIC) @Nullable Object a2,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exit3(token, site, a0, a1, a2, result, thrown);
      }
    }
  }

  /**
   * Around a void method of a domain and a group ({@code iommu_attach_group}, {@code
   * iommu_detach_group}) of the generated {@code IommuCore} subclass.
   */
  static final class ApiDomainGroup {
    private ApiDomainGroup() {}

    /** Completes the call's line with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site, @Advice.Argument(0) @Nullable IommuDomain domain,
        @Advice.Argument(1) @Nullable Group group, @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitDomainGroup(token, site, domain, group, thrown);
      }
    }
  }

  /**
   * Around a void method of a group and a user owner ({@code iommu_group_claim_dma_owner}) of the
   * generated {@code IommuCore} subclass.
   */
  static final class ApiGroupOwner {
    private ApiGroupOwner() {}

    /** Completes the call's line with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site, @Advice.Argument(0) @Nullable Group group,
        @Advice.Argument(1) DmaOwner.@Nullable User owner,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitGroupOwner(token, site, group, owner, thrown);
      }
    }
  }

  /**
   * Around a void method of a group ({@code iommu_group_release_dma_owner}) of the generated
   * {@code IommuCore} subclass.
   */
  static final class ApiGroup {
    private ApiGroup() {}

    /** Completes the call's line with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site, @Advice.Argument(0) @Nullable Group group,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitGroup(token, site, group, thrown);
      }
    }
  }

  /**
   * Around {@code map(domain, iova, paddr, size, prot)} of the generated {@code IommuCore}
   * subclass.
   */
  static final class ApiMap {
    private ApiMap() {}

    /** Completes the call's line with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site, @Advice.Argument(0) @Nullable IommuDomain domain,
        @Advice.Argument(1) long iova, @Advice.Argument(2) long paddr,
        @Advice.Argument(3) long size, @Advice.Argument(4) int prot,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitMap(token, site, domain, iova, paddr, size, prot, thrown);
      }
    }
  }

  /**
   * Around {@code unmap(domain, iova, size)}, which returns a long of the generated {@code
   * IommuCore} subclass.
   */
  static final class ApiUnmap {
    private ApiUnmap() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.Argument(0) @Nullable IommuDomain a0,
        @Advice.Argument(1) long iova, @Advice.Argument(2) long size,
        @Advice.Return long result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitUnmap(token, site, a0, iova, size, result, thrown);
      }
    }
  }

  /**
   * Around {@code iovaToPhys(IommuDomain, long)} of the generated {@code IommuCore} subclass: the
   * boot and the DMA layers call it per page, so nothing is boxed unless the call is recorded.
   */
  static final class ApiIovaToPhys {
    private ApiIovaToPhys() {}

    /** Completes the call's line with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("api") ApiCalls api, @Advice.Enter @Nullable Object token,
        @Site int site,
        @Advice.Argument(0) @Nullable IommuDomain a0, @Advice.Argument(1) long iova,
        @Advice.Return long result,
        @Advice.Thrown @Nullable Throwable thrown) {
      if (token != null) {
        api.exitIovaToPhys(token, site, a0, iova, result, thrown);
      }
    }
  }

  /**
   * Around a recorded method of the generated {@code IommuOps} wrapper that returns a value (the
   * allocations and the static domains): records it, and returns what the sink gives back in
   * place of the driver's result (a domain's recording wrapper).
   */
  static final class IommuOp {
    private IommuOp() {}

    /** Records the op; replaces the result with the sink's. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") IommuOpsSink sink,
        @Site int site,
        @Advice.AllArguments @Nullable Object[] args,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      result = sink.exit(site, args, result, thrown);
    }
  }

  /** Around a recorded void method of the generated {@code IommuOps} wrapper (the probe). */
  static final class IommuOpVoid {
    private IommuOpVoid() {}

    /** Records the op with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") IommuOpsSink sink,
        @Site int site,
        @Advice.AllArguments @Nullable Object[] args,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.exit(site, args, null, thrown);
    }
  }

  /** Around every other recorded method of a generated {@code DomainOps} wrapper. */
  static final class Ops {
    private Ops() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.AllArguments @Nullable Object[] args,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.opArgs(site, args, result, thrown);
    }
  }

  /**
   * Around a recorded method of one reference argument of a generated {@code DomainOps} wrapper.
   */
  static final class Ops1 {
    private Ops1() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) @Nullable Object a0,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.op1(site, a0, result, thrown);
    }
  }

  /**
   * Around a recorded method of two reference arguments of a generated {@code DomainOps} wrapper.
   */
  static final class Ops2 {
    private Ops2() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) @Nullable Object a0,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) @Nullable Object a1,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.op2(site, a0, a1, result, thrown);
    }
  }

  /**
   * Around a recorded method of three reference arguments ({@code attach_dev}, one per device at
   * every domain change) of a generated {@code DomainOps} wrapper.
   */
  static final class Ops3 {
    private Ops3() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) @Nullable Object a0,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) @Nullable Object a1,
        @Advice.Argument(value = 2, typing = Assigner.Typing.DYNAMIC) @Nullable Object a2,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) @Nullable Object result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.op3(site, a0, a1, a2, result, thrown);
    }
  }

  /** Around {@code attach_dev(domain, dev, old)} of a generated {@code DomainOps} wrapper. */
  static final class OpsAttachDev {
    private OpsAttachDev() {}

    /** Records the op with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.Argument(0) @Nullable IommuDomain domain,
        @Advice.Argument(1) @Nullable Device dev,
        @Advice.Argument(2) @Nullable IommuDomain old,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.attachDev(site, domain, dev, old, thrown);
    }
  }

  /** Around {@code iotlb_sync_map(domain, iova, size)} of a generated {@code DomainOps} wrapper. */
  static final class OpsDomainLongs {
    private OpsDomainLongs() {}

    /** Records the op with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site, @Advice.Argument(0) @Nullable IommuDomain domain,
        @Advice.Argument(1) long a1, @Advice.Argument(2) long a2,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.opDomainLongs(site, domain, a1, a2, thrown);
    }
  }

  /** Around {@code iotlb_sync(domain, gather)} of a generated {@code DomainOps} wrapper. */
  static final class OpsDomainGather {
    private OpsDomainGather() {}

    /** Records the op with its arguments and exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site, @Advice.Argument(0) @Nullable IommuDomain domain,
        @Advice.Argument(1) @Nullable IotlbGather gather,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.opDomainGather(site, domain, gather, thrown);
    }
  }

  /** Around {@code map_pages} of a generated {@code DomainOps} wrapper. */
  static final class OpsMapPages {
    private OpsMapPages() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.Argument(0) @Nullable IommuDomain a0,
        @Advice.Argument(1) long iova, @Advice.Argument(2) long paddr,
        @Advice.Argument(3) long pgsize, @Advice.Argument(4) long pgcount,
        @Advice.Argument(5) int prot, @Advice.Return long result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.mapPages(site, a0, iova, paddr, pgsize, pgcount, prot, result, thrown);
    }
  }

  /** Around {@code unmap_pages} of a generated {@code DomainOps} wrapper. */
  static final class OpsUnmapPages {
    private OpsUnmapPages() {}

    /** Records the op with its arguments and result or exception. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.FieldValue("sink") OpsSink sink,
        @Site int site,
        @Advice.Argument(0) @Nullable IommuDomain a0,
        @Advice.Argument(1) long iova, @Advice.Argument(2) long pgsize,
        @Advice.Argument(3) long pgcount,
        @Advice.Argument(4) @Nullable IotlbGather gather,
        @Advice.Return long result,
        @Advice.Thrown @Nullable Throwable thrown) {
      sink.unmapPages(site, a0, iova, pgsize, pgcount, gather, result, thrown);
    }
  }
}

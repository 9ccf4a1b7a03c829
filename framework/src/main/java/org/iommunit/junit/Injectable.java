package org.iommunit.junit;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.iommunit.core.Group;
import org.iommunit.core.IommuCore;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.dma.DmaApi;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.sva.Sva;
import org.iommunit.sva.SvaHandle;
import org.iommunit.trace.Trace;
import org.iommunit.vfio.Vfio;
import org.jspecify.annotations.Nullable;

/**
 * The registry of types the extension injects, keyed by type: each entry names the annotation
 * that declares which object is meant (none for the one-per-platform objects) and how a {@link
 * Scope} produces it. A new injectable type is one more constant here plus its method on
 * {@code Scope}; docs/guide.md's table of injectable types must list it (DocTablesTest).
 */
enum Injectable {
  /** The machine. */
  PLATFORM(Platform.class, null) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.platform();
    }
  },
  /** The IOMMU core of the machine. */
  CORE(IommuCore.class, null) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.platform().iommu();
    }
  },
  /** A device, named by {@link DeviceAt}. */
  DEVICE(Device.class, DeviceAt.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.device(point);
    }
  },
  /** A group, named by {@link IommuGroup}. */
  GROUP(Group.class, IommuGroup.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.group(point);
    }
  },
  /** A domain the extension allocates, declared by {@link Domain}. */
  DOMAIN(IommuDomain.class, Domain.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.domain(point);
    }
  },
  /** The Mockito spy on an IOMMU's driver ops, declared by {@link VendorOps}. */
  VENDOR_OPS(IommuOps.class, VendorOps.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.vendorOps(point);
    }
  },
  /** The SVA API of the machine. */
  SVA(Sva.class, null) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.platform().sva();
    }
  },
  /** A process address space, named by {@link AddressSpace}. */
  MM(Mm.class, AddressSpace.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.mm(((AddressSpace) point.declaration()).value());
    }
  },
  /** An SVA bind the extension makes, declared by {@link SvaBind}. */
  SVA_HANDLE(SvaHandle.class, SvaBind.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.svaHandle(point);
    }
  },
  /** The kernel DMA API of a device, named by {@link DmaApiFor}. */
  DMA_API(DmaApi.class, DmaApiFor.class) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.dmaApi(point);
    }
  },
  /** The live trace of the test (of the class, for a per-class field). */
  TRACE(Trace.class, null) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.trace();
    }
  },
  /** An iommufd context opened by the process {@code vmm}, closed at teardown. */
  IOMMUFD(Iommufd.class, null) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.iommufd();
    }
  },
  /** VFIO for the process {@code vmm}; its files are closed at teardown. */
  VFIO(Vfio.class, null) {
    @Override
    Object inject(InjectionPoint point, Scope scope) {
      return scope.vfio();
    }
  };

  private final Class<?> type;
  private final @Nullable Class<? extends Annotation> declaration;

  Injectable(Class<?> type, @Nullable Class<? extends Annotation> declaration) {
    this.type = type;
    this.declaration = declaration;
  }

  /** Returns the object {@code point} asks for, made or found in {@code scope}. */
  abstract Object inject(InjectionPoint point, Scope scope);

  /** Returns the injected type. */
  Class<?> type() {
    return type;
  }

  /** Returns the annotation that says which object is meant; null if there is one per platform. */
  @Nullable Class<? extends Annotation> declaration() {
    return declaration;
  }

  /** Returns the entry for exactly {@code type}, or null if the extension does not inject it. */
  static @Nullable Injectable forType(Class<?> type) {
    for (Injectable i : values()) {
      if (i.type == type) {
        return i;
      }
    }
    return null;
  }

  /** Returns the entry declared by annotation type {@code annotation}, or null. */
  static @Nullable Injectable forDeclaration(Class<? extends Annotation> annotation) {
    for (Injectable i : values()) {
      if (i.declaration == annotation) {
        return i;
      }
    }
    return null;
  }

  /** Lists what the extension injects, for messages: {@code ..., IommuOps (@VendorOps)}. */
  static String catalogue() {
    List<String> out = new ArrayList<>();
    for (Injectable i : values()) {
      out.add(i.type.getSimpleName()
          + (i.declaration == null ? "" : " (@" + i.declaration.getSimpleName() + ")"));
    }
    return String.join(", ", out);
  }
}

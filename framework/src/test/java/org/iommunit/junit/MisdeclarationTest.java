package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iommunit.base.Errno.ENOMEM;
import static org.iommunit.core.DomainType.IDENTITY;

import java.util.stream.Stream;
import org.iommunit.core.Group;
import org.iommunit.core.IommuDomain;
import org.iommunit.core.IommuOps;
import org.iommunit.device.Device;
import org.iommunit.dma.DmaApi;
import org.iommunit.driver.ReferenceIommuOps;
import org.iommunit.driver.Vendor;
import org.iommunit.mm.Mm;
import org.iommunit.platform.Platform;
import org.iommunit.platform.PlatformBuilder;
import org.iommunit.platform.Platforms;
import org.iommunit.semantics.Semantics;
import org.iommunit.sva.SvaHandle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad declaration fails before the test body runs with an {@code
 * ExtensionConfigurationException} naming the annotation, the value and the fix.
 */
class MisdeclarationTest {
  /** The profiles every unknown-semantics message lists: each Semantics constant, in order. */
  private static final String PROFILES = String.join(", ", Semantics.names())
      + ", or the binary name of a class implementing Supplier<Semantics>";

  static final String MFC = "multifunction-card-without-acs";
  static final String CATALOGUE = "Platform, IommuCore, Device (@DeviceAt), Group (@IommuGroup),"
      + " IommuDomain (@Domain), IommuOps (@VendorOps), Sva, Mm (@AddressSpace), SvaHandle"
      + " (@SvaBind), DmaApi (@DmaApiFor), Trace, Iommufd, Vfio";
  static final String MFC_DEVICES = "0000:00:1d.0, 0000:03:00.0 (fn0), 0000:03:00.1 (fn1),"
      + " 0000:03:00.2 (fn2)";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void beforeEach_badDeclaration_failsWithExtensionConfigurationException(Class<?> kit,
      String message) {
    Throwable failure = Kit.onlyFailure(Kit.run(kit));

    Throwable error = failure instanceof ParameterResolutionException ? failure.getCause()
        : failure;
    assertThat(error).isInstanceOf(ExtensionConfigurationException.class).hasMessage(message);
  }

  @Test
  void settings_badConfigurationParameters_failWithExtensionConfigurationException() {
    assertThat(Kit.onlyFailure(Kit.run(Fine.class, "iommunit.vendor=intel")))
        .isInstanceOf(ExtensionConfigurationException.class).hasMessage("configuration parameter"
            + " iommunit.vendor=intel: IOMMUnit has no vendor driver \"intel\"; use one of:"
            + " INTEL_VTD, AMD_VI, ARM_SMMU_V3, ARM_SMMU, APPLE_DART, VIRTIO_IOMMU, TEGRA_SMMU,"
            + " QCOM_IOMMU, REFERENCE, IOMMUFD_MOCK");
    assertThat(Kit.onlyMessage(Kit.run(Fine.class, "iommunit.semantics=v2"))).isEqualTo(
        "configuration parameter iommunit.semantics=v2: there is no semantics profile \"v2\";"
            + " use one of: " + PROFILES);
    assertThat(Kit.onlyMessage(Kit.run(Fine.class, "iommunit.defaultDomain=lazy"))).isEqualTo(
        "configuration parameter iommunit.defaultDomain=lazy: it is not a default domain type;"
            + " use IDENTITY, DMA or DMA_FQ");
    assertThat(Kit.onlyMessage(Kit.run(Fine.class, "iommunit.leaks=ignore"))).isEqualTo(
        "configuration parameter iommunit.leaks=ignore: it is neither fail nor warn; use fail"
            + " (the default) or warn");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(UnknownDevice.class, "@DeviceAt(\"0000:03:00.7\") on parameter 0 (Device)"
            + " of test(): device 0000:03:00.7 is not on the platform (it has " + MFC_DEVICES
            + "); fix the name or add the device to the platform"),
        Arguments.of(UnknownDmaApiDevice.class, "@DmaApiFor(\"0000:03:00.7\") on parameter 0"
            + " (DmaApi) of test(): device 0000:03:00.7 is not on the platform (it has "
            + MFC_DEVICES + "); fix the name or add the device to the platform"),
        Arguments.of(MalformedAddress.class, "@DeviceAt(\"0000:3:00.0\") on parameter 0 (Device)"
            + " of test(): \"0000:3:00.0\" is not a PCI address; write SSSS:BB:DD.F in hex as"
            + " lspci -D prints it, e.g. 0000:03:00.0"),
        Arguments.of(LabelOnBuiltIn.class, "@DeviceAt(\"acc0\") on parameter 0 (Device) of"
            + " test(): the built-in platform creates PCI functions from their addresses and"
            + " knows no device \"acc0\"; name a PCI address such as 0000:03:00.0, or choose a"
            + " platform with platform = or factory ="),
        Arguments.of(RootBusOnBuiltIn.class, "@DeviceAt(\"0000:00:02.0\") on parameter 0"
            + " (Device) of test(): the built-in platform puts its root ports on bus 00; put"
            + " endpoints on bus 01 or above, e.g. 0000:01:00.0"),
        Arguments.of(UnallocatableType.class, "@Domain(IDENTITY) on parameter 0 (IommuDomain) of"
            + " test(): a test can only be given UNMANAGED domains:"
            + " iommu_paging_domain_alloc_flags() allocates them, while IDENTITY domains belong"
            + " to the core and the driver; declare @Domain(UNMANAGED), or read the group's"
            + " default or blocking domain from an injected Group"),
        Arguments.of(UnsupportedFlags.class, "@Domain(value = UNMANAGED, flags = 2) on field"
            + " domain (IommuDomain) of MisdeclarationTest.UnsupportedFlags: the driver cannot"
            + " allocate it for 0000:01:00.0: iommu_paging_domain_alloc_flags() = -EOPNOTSUPP:"
            + " domain_alloc_paging_flags() = -EOPNOTSUPP: reference driver supports only"
            + " IOMMU_HWPT_ALLOC_PASID, got flags 0x2; declare a domain the driver can allocate"),
        Arguments.of(UnsupportedFlagsParameter.class, "@Domain(value = UNMANAGED, flags = 2) on"
            + " parameter 1 (IommuDomain) of test(): the driver cannot allocate it for"
            + " 0000:01:00.0: iommu_paging_domain_alloc_flags() = -EOPNOTSUPP:"
            + " domain_alloc_paging_flags() = -EOPNOTSUPP: reference driver supports only"
            + " IOMMU_HWPT_ALLOC_PASID, got flags 0x2; declare a domain the driver can allocate"),
        Arguments.of(AmbiguousDomain.class, "@Domain on parameter 2 (IommuDomain) of test(): the"
            + " test names devices in 2 groups (G0: 0000:01:00.0, G1: 0000:02:00.0), so it is not"
            + " clear which device to allocate the domain for; set attachTo, or name devices of"
            + " one group only"),
        Arguments.of(DomainWithoutDevice.class, "@Domain on parameter 0 (IommuDomain) of test():"
            + " the test names no device and the platform has 0 groups, so it is not clear which"
            + " device to allocate the domain for; declare the device with @DeviceAt or"
            + " @IommuGroup, or set attachTo"),
        Arguments.of(TwoAttachedDomains.class, "@Domain(value = UNMANAGED, attachTo ="
            + " \"0000:01:00.0\") on parameter 1 (IommuDomain) of test(): attaching it to group G0"
            + " failed: iommu_attach_group() = -EBUSY: group G0 is attached to D2:UNMANAGED,"
            + " which is neither its default domain D1:DMA nor its blocking domain; detach it"
            + " first or use a replace call; attach at most one domain to a group by"
            + " declaration, and attach further ones in the test body"),
        Arguments.of(TwoDeclarations.class, "@DeviceAt(\"0000:01:00.0\") and @IommuGroup(devices"
            + " = {\"0000:01:00.0\"}) on parameter 0 (Device) of test(): they contradict each"
            + " other, one element receives one object; keep the one that matches its type"),
        Arguments.of(OverlappingGroups.class, "@IommuGroup(devices = {\"0000:03:00.0\","
            + " \"0000:03:00.1\"}) on parameter 0 (Group) of test() and @IommuGroup(devices ="
            + " {\"0000:03:00.1\", \"0000:03:00.2\"}) on parameter 1 (Group) of test(): they"
            + " contradict each other: 0000:03:00.1 cannot be in two different groups; declare"
            + " the same devices in both, or devices that do not overlap"),
        Arguments.of(TwoGroupsInOneSlot.class, "@IommuGroup(devices = {\"0000:03:00.0\","
            + " \"0000:03:00.1\"}) on parameter 0 (Group) of test() and @IommuGroup(devices ="
            + " {\"0000:03:00.2\", \"0000:03:00.3\"}) on parameter 1 (Group) of test(): they"
            + " contradict each other: functions of one card without ACS form one group, so"
            + " 0000:03:00.0 and 0000:03:00.2 cannot be in different groups; put the second group"
            + " in another slot"),
        Arguments.of(GroupAcrossSlots.class, "@IommuGroup(devices = {\"0000:03:00.0\","
            + " \"0000:04:00.0\"}) on parameter 0 (Group) of test(): the built-in platform makes a"
            + " group from the functions of one multifunction card, but 0000:03:00.0 and"
            + " 0000:04:00.0 are in different slots; name functions of one slot, or build the"
            + " topology with factory ="),
        Arguments.of(IsolatedDevices.class, "@IommuGroup(devices = {\"nic\", \"acc0\"}) on"
            + " parameter 0 (Group) of test(): the devices are in different groups on this"
            + " platform (nic in G3, acc0 in G2); name devices of one group, or change the"
            + " topology"),
        Arguments.of(EmptyGroup.class, "@IommuGroup(devices = {}) on parameter 0 (Group) of"
            + " test(): it names no device; name the devices of the group, e.g. devices ="
            + " {\"0000:03:00.0\", \"0000:03:00.1\"}"),
        Arguments.of(UnknownType.class, "@DeviceAt(\"0000:01:00.0\") on parameter 0 (String) of"
            + " test(): IOMMUnit cannot inject a String; it injects " + CATALOGUE),
        Arguments.of(ConcreteOpsType.class, "@VendorOps on parameter 0 (ReferenceIommuOps) of"
            + " test(): IOMMUnit cannot inject a ReferenceIommuOps; it injects " + CATALOGUE),
        Arguments.of(WrongAnnotation.class, "@DeviceAt(\"0000:01:00.0\") on parameter 0 (Group)"
            + " of test(): @DeviceAt injects a Device, not a Group; declare it as"
            + " @IommuGroup(devices = {...}) Group"),
        Arguments.of(MissingAnnotation.class, "@Simulated on field device (Device) of"
            + " MisdeclarationTest.MissingAnnotation: a Device needs @DeviceAt to say which one;"
            + " declare it as @DeviceAt(\"0000:03:00.0\") Device"),
        Arguments.of(FinalField.class, "@Simulated on field platform (Platform) of"
            + " MisdeclarationTest.FinalField: the field is final, so it cannot be injected;"
            + " remove final"),
        Arguments.of(StaticFieldPerMethod.class, "@Simulated on static field platform (Platform)"
            + " of MisdeclarationTest.StaticFieldPerMethod: a static field lives as long as the"
            + " class, but this class boots one platform per test; make it an instance field, or"
            + " give the class @TestInstance(PER_CLASS)"),
        Arguments.of(BeforeAllPerMethod.class, "parameter 0 (Platform) of setUp(): no platform"
            + " exists yet when it is resolved: this class boots one platform per test; inject"
            + " into @BeforeEach or test methods, or give the class @TestInstance(PER_CLASS)"),
        Arguments.of(ConstructorParameter.class, "parameter 0 (Platform) of constructor"
            + " MisdeclarationTest.ConstructorParameter(): the platform boots after the test"
            + " instance is created; inject into a field or a method parameter instead"),
        Arguments.of(UnknownVendorOps.class, "@VendorOps(\"smmu9\") on parameter 0 (IommuOps) of"
            + " test(): the platform has no IOMMU named smmu9 (it has iommu0); name one of"
            + " those"),
        Arguments.of(UnknownPlatform.class, "@SimulatedIommu(platform = \"laptop\") on class"
            + " MisdeclarationTest.UnknownPlatform: there is no ready-made platform \"laptop\";"
            + " use one of desktop, server-switch-without-acs, multifunction-card-without-acs,"
            + " accelerator, or build your own with factory ="),
        Arguments.of(PlatformAndFactory.class, "@SimulatedIommu(platform = \"desktop\") and"
            + " @SimulatedIommu(factory = \"machine\") on class"
            + " MisdeclarationTest.PlatformAndFactory: they contradict each other, a test boots"
            + " one platform; keep one of them"),
        Arguments.of(MissingFactory.class, "@SimulatedIommu(factory = \"nowhere\") on class"
            + " MisdeclarationTest.MissingFactory: there is no method nowhere() in"
            + " MisdeclarationTest.MissingFactory or its superclasses; declare a static method"
            + " nowhere() returning Platform or PlatformBuilder, or name one in another class as"
            + " \"fully.qualified.Class#method\""),
        Arguments.of(MissingFactoryClass.class, "@SimulatedIommu(factory ="
            + " \"com.example.Nowhere#machine\") on class MisdeclarationTest.MissingFactoryClass:"
            + " class com.example.Nowhere cannot be loaded; write the class's fully qualified"
            + " name, e.g. \"com.example.Machines#twoCards\""),
        Arguments.of(WrongReturnType.class, "@SimulatedIommu(factory = \"machine\") on class"
            + " MisdeclarationTest.WrongReturnType: method machine() in"
            + " MisdeclarationTest.WrongReturnType returns String; a platform factory returns"
            + " Platform or PlatformBuilder"),
        Arguments.of(InstanceFactory.class, "@SimulatedIommu(factory = \"machine\") on class"
            + " MisdeclarationTest.InstanceFactory: method machine() in"
            + " MisdeclarationTest.InstanceFactory is not static; make it static"),
        Arguments.of(FactoryWithParameters.class, "@SimulatedIommu(factory = \"machine\") on"
            + " class MisdeclarationTest.FactoryWithParameters: method machine() in"
            + " MisdeclarationTest.FactoryWithParameters takes parameters; a platform factory"
            + " takes none"),
        Arguments.of(SpyOnBootedPlatform.class, "@VendorOps on parameter 0 (IommuOps) of test():"
            + " factory machine() returns a Platform that has already booted, so no spy can be"
            + " installed before the driver's first call; return a PlatformBuilder from"
            + " machine()"),
        Arguments.of(FaultOnBootedPlatform.class, "@InjectFault(op = \"attach_dev\", errno ="
            + " ENOMEM, times = 1, after = 0) on method test(): factory machine() returns a"
            + " Platform that has already booted, so no spy can be installed before the driver's"
            + " first call; return a PlatformBuilder from machine()"),
        Arguments.of(BootOptionOnBootedPlatform.class, "@SimulatedIommu(defaultDomain ="
            + " IDENTITY) on class MisdeclarationTest.BootOptionOnBootedPlatform: factory"
            + " machine() returns a Platform that has already booted, so its default domain type"
            + " cannot change; return a PlatformBuilder from machine(), or remove defaultDomain"),
        Arguments.of(SemanticsOnBootedPlatform.class, "@SimulatedIommu(semantics ="
            + " \"SVA_DOMAIN_USERS\"): factory machine() returns a Platform that has already booted"
            + " with MAINLINE, so it cannot follow SVA_DOMAIN_USERS; call"
            + " .semantics(Semantics.SVA_DOMAIN_USERS) in machine(), or return a"
            + " PlatformBuilder"),
        Arguments.of(TwoVendors.class, "@SimulatedIommu(vendor = [INTEL_VTD, AMD_VI]) on class"
            + " MisdeclarationTest.TwoVendors: a platform boots one vendor driver; name one vendor,"
            + " or build a multi-vendor platform with factory ="),
        Arguments.of(VendorWithFactory.class, "@SimulatedIommu(vendor = REFERENCE) on class"
            + " MisdeclarationTest.VendorWithFactory and @SimulatedIommu(factory = \"machine\") on"
            + " class MisdeclarationTest.VendorWithFactory: they contradict each other, a"
            + " factory's platform brings its own IOMMU driver; remove vendor"),
        Arguments.of(UnknownSemantics.class, "@SimulatedIommu(semantics = \"SVA_REFCOUNT\") on"
            + " class MisdeclarationTest.UnknownSemantics: there is no semantics profile"
            + " \"SVA_REFCOUNT\"; use one of: " + PROFILES),
        Arguments.of(UnknownOp.class, "@InjectFault(op = \"attach_device\", errno = ENOMEM,"
            + " times = 1, after = 0) on method test(): attach_device is not a driver op; name"
            + " one in the kernel's words: probe_device, device_group, domain_alloc_paging,"
            + " domain_alloc_paging_flags, domain_alloc_identity, domain_alloc_sva, attach_dev,"
            + " set_dev_pasid, map_pages, iotlb_sync_map"),
        Arguments.of(OpThatCannotFail.class, "@InjectFault(op = \"unmap_pages\", errno = ENOMEM,"
            + " times = 1, after = 0) on method test(): unmap_pages cannot fail in the kernel,"
            + " so it has no errno to return; inject into one of: probe_device, device_group,"
            + " domain_alloc_paging, domain_alloc_paging_flags, domain_alloc_identity,"
            + " domain_alloc_sva, attach_dev, set_dev_pasid, map_pages, iotlb_sync_map"),
        Arguments.of(NoTimes.class, "@InjectFault(op = \"map_pages\", errno = ENOMEM, times = 0,"
            + " after = 0) on class MisdeclarationTest.NoTimes: times must be at least 1 and"
            + " after at least 0; e.g. times = 1, after = 0 fails the first call"),
        Arguments.of(SvaWithoutPasids.class, "@SvaBind(device = \"nic\", mm = \"proc1\") on"
            + " parameter 0 (SvaHandle) of test(): device 0000:02:00.0 supports no PASIDs (its"
            + " PASID capability is 0), so it cannot be bound to an address space; name a device"
            + " with PASIDs, e.g. one built with pasids(1 << 20)"),
        Arguments.of(SvaDisabled.class, "@SvaBind(device = \"acc0\", mm = \"proc1\") on"
            + " parameter 0 (SvaHandle) of test(): binding 0000:01:00.0 to mm1(proc1) failed:"
            + " iommu_sva_bind_device() = -EOPNOTSUPP: SVA is disabled on x86 in this kernel;"
            + " bind a device whose IOMMU driver supports SVA"),
        Arguments.of(SvaBlankProcess.class, "@AddressSpace(\" \") on parameter 0 (Mm) of test():"
            + " the process name is blank; name the process, e.g. \"proc1\""),
        Arguments.of(BlankReason.class, "@AllowLeaks(reason = \" \") on method test(): the reason"
            + " is blank; say why the test may end that way, e.g. reason = \"shows the leak the"
            + " thread reported\""),
        Arguments.of(BlankWarningReason.class, "@AllowWarnings(reason = \"\") on class"
            + " MisdeclarationTest.BlankWarningReason: the reason is blank; say why the test may"
            + " end that way, e.g. reason = \"shows the leak the thread reported\""));
  }

  @TestKitOnly
  @SimulatedIommu
  static class Fine {
    @Test
    void test(Platform platform) {}
  }

  @TestKitOnly
  @SimulatedIommu(platform = MFC)
  static class UnknownDevice {
    @Test
    void test(@DeviceAt("0000:03:00.7") Device d) {}
  }

  @TestKitOnly
  @SimulatedIommu(platform = MFC)
  static class UnknownDmaApiDevice {
    @Test
    void test(@DmaApiFor("0000:03:00.7") DmaApi dma) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class MalformedAddress {
    @Test
    void test(@DeviceAt("0000:3:00.0") Device d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class LabelOnBuiltIn {
    @Test
    void test(@DeviceAt("acc0") Device d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class RootBusOnBuiltIn {
    @Test
    void test(@DeviceAt("0000:00:02.0") Device d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnallocatableType {
    @Test
    void test(@Domain(IDENTITY) IommuDomain d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnsupportedFlags {
    @DeviceAt("0000:01:00.0") Device nic;
    @Domain(flags = IommuOps.ALLOC_DIRTY_TRACKING) IommuDomain domain;

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnsupportedFlagsParameter {
    @Test
    void test(@DeviceAt("0000:01:00.0") Device nic,
        @Domain(flags = IommuOps.ALLOC_DIRTY_TRACKING) IommuDomain domain) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class AmbiguousDomain {
    @Test
    void test(@DeviceAt("0000:01:00.0") Device a, @DeviceAt("0000:02:00.0") Device b,
        @Domain IommuDomain d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class DomainWithoutDevice {
    @Test
    void test(@Domain IommuDomain d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class TwoAttachedDomains {
    @Test
    void test(@Domain(attachTo = "0000:01:00.0") IommuDomain first,
        @Domain(attachTo = "0000:01:00.0") IommuDomain second) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class TwoDeclarations {
    @Test
    void test(@DeviceAt("0000:01:00.0") @IommuGroup(devices = "0000:01:00.0") Device d) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class OverlappingGroups {
    @Test
    void test(@IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1"}) Group a,
        @IommuGroup(devices = {"0000:03:00.1", "0000:03:00.2"}) Group b) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class TwoGroupsInOneSlot {
    @Test
    void test(@IommuGroup(devices = {"0000:03:00.0", "0000:03:00.1"}) Group a,
        @IommuGroup(devices = {"0000:03:00.2", "0000:03:00.3"}) Group b) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class GroupAcrossSlots {
    @Test
    void test(@IommuGroup(devices = {"0000:03:00.0", "0000:04:00.0"}) Group g) {}
  }

  @TestKitOnly
  @SimulatedIommu(platform = "accelerator")
  static class IsolatedDevices {
    @Test
    void test(@IommuGroup(devices = {"nic", "acc0"}) Group g) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class EmptyGroup {
    @Test
    void test(@IommuGroup(devices = {}) Group g) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnknownType {
    @Test
    void test(@DeviceAt("0000:01:00.0") String name) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class ConcreteOpsType {
    @Test
    void test(@VendorOps ReferenceIommuOps ops) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class WrongAnnotation {
    @Test
    void test(@DeviceAt("0000:01:00.0") Group g) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class MissingAnnotation {
    @Simulated Device device;

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class FinalField {
    @Simulated final Platform platform = null;

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class StaticFieldPerMethod {
    @Simulated static Platform platform;

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class BeforeAllPerMethod {
    @BeforeAll
    static void setUp(Platform platform) {}

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class ConstructorParameter {
    ConstructorParameter(Platform platform) {}

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnknownVendorOps {
    @Test
    void test(@VendorOps("smmu9") IommuOps ops) {}
  }

  @TestKitOnly
  @SimulatedIommu(platform = "laptop")
  static class UnknownPlatform {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(platform = "desktop", factory = "machine")
  static class PlatformAndFactory {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "nowhere")
  static class MissingFactory {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "com.example.Nowhere#machine")
  static class MissingFactoryClass {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine")
  static class WrongReturnType {
    static String machine() {
      return "desktop";
    }

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine")
  static class InstanceFactory {
    Platform machine() {
      return Platforms.desktop().build();
    }

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine")
  static class FactoryWithParameters {
    static Platform machine(String name) {
      return Platforms.named(name).build();
    }

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine")
  static class SpyOnBootedPlatform {
    static Platform machine() {
      return Platforms.desktop().build();
    }

    @Test
    void test(@VendorOps IommuOps ops) {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine")
  static class FaultOnBootedPlatform {
    static Platform machine() {
      return Platforms.desktop().build();
    }

    @Test
    @InjectFault(op = "attach_dev", errno = ENOMEM)
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine", defaultDomain = DefaultDomain.IDENTITY)
  static class BootOptionOnBootedPlatform {
    static Platform machine() {
      return Platforms.desktop().build();
    }

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "machine", semantics = "SVA_DOMAIN_USERS")
  static class SemanticsOnBootedPlatform {
    static Platform machine() {
      return Platforms.accelerator().build();
    }

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(vendor = {Vendor.INTEL_VTD, Vendor.AMD_VI})
  static class TwoVendors {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(vendor = Vendor.REFERENCE, factory = "machine")
  static class VendorWithFactory {
    static Platform machine() {
      return Platforms.desktop().build();
    }

    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(semantics = "SVA_REFCOUNT")
  static class UnknownSemantics {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class UnknownOp {
    @Test
    @InjectFault(op = "attach_device", errno = ENOMEM)
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class OpThatCannotFail {
    @Test
    @InjectFault(op = "unmap_pages", errno = ENOMEM)
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  @InjectFault(op = "map_pages", errno = ENOMEM, times = 0)
  static class NoTimes {
    @Test
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu(platform = "accelerator")
  static class SvaWithoutPasids {
    @Test
    void test(@SvaBind(device = "nic", mm = "proc1") SvaHandle handle) {}
  }

  @TestKitOnly
  @SimulatedIommu(factory = "x86Accelerator")
  static class SvaDisabled {
    static PlatformBuilder x86Accelerator() {
      return Platforms.accelerator().svaDisabledOnX86(true);
    }

    @Test
    void test(@SvaBind(device = "acc0", mm = "proc1") SvaHandle handle) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class SvaBlankProcess {
    @Test
    void test(@AddressSpace(" ") Mm mm) {}
  }

  @TestKitOnly
  @SimulatedIommu
  static class BlankReason {
    @Test
    @AllowLeaks(reason = " ")
    void test() {}
  }

  @TestKitOnly
  @SimulatedIommu
  @AllowWarnings(reason = "")
  static class BlankWarningReason {
    @Test
    void test() {}
  }
}

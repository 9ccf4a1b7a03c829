package org.iommunit.samples.cookbook;

import java.util.function.Supplier;
import org.iommunit.semantics.IommuSvaBindDevice;
import org.iommunit.semantics.Semantics;

/**
 * A reviewer's proposal written as a rule: "[PATCH v2] iommu: Fix iommu_sva_bind_device to the
 * same domain" (Feb 2024). A second bind of the same device and mm gets a fresh handle and counts
 * one more user of the SVA domain; unbind detaches only when the domain's last user goes. This is
 * the whole proposal: the core does the rest, and the recipe in {@link TryYourOwnProposalTest}
 * runs it.
 */
public final class DomainUsersProposal implements IommuSvaBindDevice, Supplier<Semantics> {
  /** The name the trace header prints. */
  public static final String NAME = "domain-users-proposal";

  @Override
  public ExistingBond existingBond() {
    return ExistingBond.NEW_HANDLE; // the patch: the occupied PASID "attaches" again, users++
  }

  @Override
  public boolean detachPerHandle() {
    return false; // the patch: detach only when --domain->users reaches 0
  }

  /** Returns mainline with this rule for {@code iommu_sva_bind_device()}. */
  @Override
  public Semantics get() {
    return Semantics.mainline().with(this).withName(NAME);
  }
}

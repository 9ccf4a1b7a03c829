package org.iommunit.assertj;

import static org.iommunit.assertj.error.ShouldHaveArea.shouldHaveArea;
import static org.iommunit.assertj.error.ShouldHaveObjectUsers.shouldHaveObjectUsers;
import static org.iommunit.assertj.error.ShouldHavePinnedPages.shouldHavePinnedPages;
import static org.iommunit.assertj.error.ShouldHoldIommufdObject.shouldHoldObject;
import static org.iommunit.assertj.error.ShouldHoldIommufdObject.shouldNotHoldObject;

import java.util.List;
import java.util.Objects;
import org.iommunit.iommufd.Ioas;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IommufdObject;
import org.iommunit.iommufd.IovaRange;
import org.iommunit.iommufd.ObjectType;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an iommufd context: its object table (ids, types, users) and what its IOASes map
 * and pin.
 *
 * <pre>{@code
 * int ioas = fd.ioasAlloc();
 * int hwpt = fd.deviceAttach(fd.deviceBind(dev), Iommufd.NO_PASID, ioas);
 * assertThat(fd).holdsObject(hwpt, ObjectType.HWPT_PAGING).hasObjectUsers(ioas, 2);
 * }</pre>
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractIommufdAssert<SELF extends AbstractIommufdAssert<SELF>>
    extends AbstractIommuAssert<SELF, Iommufd> {

  /**
   * Creates an assertion on an iommufd context.
   *
   * @param actual the context; null fails every check
   * @param selfType the concrete assertion class
   */
  protected AbstractIommufdAssert(@Nullable Iommufd actual, Class<?> selfType) {
    super(actual, selfType);
  }

  private @Nullable IommufdObject find(int id) {
    for (IommufdObject o : actual.objects()) {
      if (o.id() == id) {
        return o;
      }
    }
    return null;
  }

  /** Verifies that the table holds an object of {@code type} under {@code id}. */
  public SELF holdsObject(int id, ObjectType type) {
    Objects.requireNonNull(type, "type");
    return check(() -> {
      isNotNull();
      IommufdObject o = find(id);
      if (o != null && o.type() == type) {
        return;
      }
      throw failure(shouldHoldObject(actual, id, type, o));
    });
  }

  /** Verifies that the table holds nothing under {@code id} (destroyed, or never made). */
  public SELF holdsNoObject(int id) {
    return check(() -> {
      isNotNull();
      IommufdObject o = find(id);
      if (o == null) {
        return;
      }
      throw failure(shouldNotHoldObject(actual, id, o));
    });
  }

  /** Verifies the users count of object {@code id}: the table's one plus one per holder. */
  public SELF hasObjectUsers(int id, int expected) {
    return check(() -> {
      isNotNull();
      IommufdObject o = find(id);
      if (o == null) {
        throw failure(shouldHoldObject(actual, id, ObjectType.IOAS, null));
      }
      if (o.users() == expected) {
        return;
      }
      throw failureComparing(shouldHaveObjectUsers(actual, o, expected, o.users()), expected,
          o.users());
    });
  }

  /** Verifies how many pages the context's IOASes and accesses keep pinned. */
  public SELF hasPinnedPages(long expected) {
    return check(() -> {
      isNotNull();
      long pinned = actual.pinnedPages();
      if (pinned == expected) {
        return;
      }
      throw failureComparing(shouldHavePinnedPages(actual, expected, pinned), expected, pinned);
    });
  }

  /** Verifies that IOAS {@code ioasId} has an area of exactly {@code [iova, iova + length)}. */
  public SELF hasArea(int ioasId, long iova, long length) {
    IovaRange want = new IovaRange(iova, iova + length - 1);
    return check(() -> {
      isNotNull();
      IommufdObject o = find(ioasId);
      if (!(o instanceof Ioas)) {
        throw failure(shouldHoldObject(actual, ioasId, ObjectType.IOAS, o));
      }
      List<IovaRange> areas = ((Ioas) o).areas();
      if (areas.contains(want)) {
        return;
      }
      throw failure(shouldHaveArea(actual, ioasId, want, areas));
    });
  }
}

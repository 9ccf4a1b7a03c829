package org.iommunit.assertj.error;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;
import org.iommunit.iommufd.Iommufd;
import org.iommunit.iommufd.IovaRange;

/** An IOAS lacks an area it should have. */
public final class ShouldHaveArea extends IommuMessageFactory {

  /**
   * Returns the message for an IOAS without the expected area.
   *
   * @param fd the context
   * @param ioasId the IOAS
   * @param expected the area wanted
   * @param areas the IOAS's areas
   */
  public static ErrorMessageFactory shouldHaveArea(Iommufd fd, int ioasId, IovaRange expected,
      List<IovaRange> areas) {
    return new ShouldHaveArea(fd, ioasId, expected, areas);
  }

  private ShouldHaveArea(Iommufd fd, int ioasId, IovaRange expected, List<IovaRange> areas) {
    super("%nExpecting IOAS %s of iommufd context %s to have the area %s%nbut its areas are"
        + " %s.%nIOMMU_IOAS_MAP and IOMMU_IOAS_COPY make one area per call; IOMMU_IOAS_UNMAP"
        + " removes whole areas only.", ioasId, fd, text(expected.toString()),
        text(areas.toString()));
  }
}

package org.iommunit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iommunit.trace.TraceDiff;
import org.junit.jupiter.api.Test;

/** Diff tables mark the changed words and offer a view with object ids renumbered. */
class DiffTablesTest {
  @Test
  void table_errnoChanged_marksOnlyTheChangedWords() {
    List<String> golden = List.of("api iommu_attach_group(D2:UNMANAGED, G0) = 0");
    List<String> actual = List.of("api iommu_attach_group(D2:UNMANAGED, G0) = -EBUSY");

    String html = DiffTables.table("golden", "actual", golden, actual);

    assertThat(html).contains("<tr class=\"changed\"><td>api iommu_attach_group(D2:UNMANAGED,"
        + " G0) = <del>0</del></td>")
        .contains("<td>api iommu_attach_group(D2:UNMANAGED, G0) = <ins>-EBUSY</ins></td></tr>");
  }

  @Test
  void table_markupInLines_isEscaped() {
    String html = DiffTables.table("golden", "actual", List.of("state G1 x -> y"),
        List.of("state G1 x -> <z>"));

    assertThat(html).contains("<td>state G1 x -&gt; <ins>&lt;z&gt;</ins></td>")
        .doesNotContain("<z>");
  }

  @Test
  void html_onlyIdsRenumbered_rawViewMarksIdsAndRenumberedViewSaysEqual() {
    TraceDiff diff = TraceDiff.between("MAINLINE", List.of("api iommu_paging_domain_alloc("
        + "0000:01:00.0) = D6:UNMANAGED", "state G2.domain D1:DMA -> D6:UNMANAGED"),
        "OTHER", List.of("api iommu_paging_domain_alloc(0000:01:00.0) = D7:UNMANAGED",
            "state G2.domain D1:DMA -> D7:UNMANAGED"));

    String html = DiffTables.html(diff);

    assertThat(html).startsWith("<div class=\"diff-raw\">")
        .contains("= <del>D6</del>:UNMANAGED", "= <ins>D7</ins>:UNMANAGED",
            "<div class=\"diff-renumbered\">\n<p class=\"renumber-note\">");
  }

  @Test
  void html_renumberedStillDiffer_renumberedViewShowsTheRealChange() {
    TraceDiff diff = TraceDiff.between("a", List.of("api f(D6:DMA) = 0"), "b",
        List.of("api f(D7:DMA) = -EINVAL"));

    String html = DiffTables.html(diff);

    assertThat(html.substring(html.indexOf("diff-renumbered")))
        .contains("<td>api f(D#1:DMA) = <del>0</del></td>",
            "<td>api f(D#1:DMA) = <ins>-EINVAL</ins></td>");
  }

  @Test
  void html_noIdsInLines_rendersOneTableForBothViews() {
    TraceDiff diff = TraceDiff.between("a", List.of("warn x: y"), "b", List.of("warn x: z"));

    String html = DiffTables.html(diff);

    assertThat(html).startsWith("<table class=\"diff\">").doesNotContain("diff-raw");
  }

  @Test
  void renumber_domainsGroupsAndMms_numberedByFirstAppearancePerKind() {
    List<String> lines = List.of("api iommu_sva_bind_device(0000:01:00.0, mm3(proc)) = sva",
        "state G4.pasid 1 NULL -> D9:SVA", "state G4.domain D2:DMA -> D9:SVA",
        "ops iommu0.attach_dev(D2:DMA, 0xD1, GPU1) = 0");

    List<String> renumbered = IdRenumbering.renumber(lines);

    assertThat(renumbered).containsExactly(
        "api iommu_sva_bind_device(0000:01:00.0, mm#1(proc)) = sva",
        "state G#1.pasid 1 NULL -> D#1:SVA", "state G#1.domain D#2:DMA -> D#1:SVA",
        "ops iommu0.attach_dev(D#2:DMA, 0xD1, GPU1) = 0");
  }
}

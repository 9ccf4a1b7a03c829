package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Keeps the documented setup the tested one: the snippets in README.md and docs/*.md marked
 * {@code <!-- snippet: PATH -->} are the files they name, character for character (consumer/,
 * which CI builds against the published jars, and sample-tests), and consumer/'s versions are
 * those of this build.
 */
class QuickStartDocsTest {
  private static final String POM = "consumer/pom.xml";
  private static final String GRADLE = "consumer/build.gradle.kts";
  private static final String FIRST_TEST =
      "consumer/src/test/java/com/example/MultiDeviceGroupTest.java";

  @Test
  void readme_quickStart_showsTheConsumerFilesAsTheyAre() {
    Map<String, String> snippets = MarkdownDocs.snippets(MarkdownDocs.read("README.md"));

    assertThat(snippets).containsKeys(POM, GRADLE, FIRST_TEST,
        "consumer/src/test/java/com/example/FixturesAloneTest.java");
    snippets.forEach((path, text) -> assertThat(text).as(path).isEqualTo(
        MarkdownDocs.read(path)));
  }

  @Test
  void guide_setup_showsTheConsumerFilesAsTheyAre() {
    Map<String, String> snippets = MarkdownDocs.snippets(MarkdownDocs.read("docs/guide.md"));

    assertThat(snippets).containsKeys(POM, GRADLE, FIRST_TEST,
        "consumer/src/test/java/com/example/TwoDeviceGroupTest.java");
    snippets.forEach((path, text) -> assertThat(text).as(path).isEqualTo(
        MarkdownDocs.read(path)));
  }

  @Test
  void consumerPom_versions_areThoseOfThisBuild() {
    Document parent = xml(MarkdownDocs.read("pom.xml"));
    Document consumer = xml(MarkdownDocs.read(POM));

    assertThat(property(consumer, "iommunit.version")).isEqualTo(projectVersion(parent));
    assertThat(property(consumer, "junit.version")).isEqualTo(property(parent, "junit.version"));
    Map<String, String> managed = pluginVersions(parent);
    Map<String, String> used = pluginVersions(consumer);
    assertThat(used).isNotEmpty();
    used.forEach((plugin, version) -> assertThat(version).as(plugin)
        .isEqualTo(managed.get(plugin)));
  }

  @Test
  void consumerGradleBuild_versions_areThoseOfThisBuild() {
    Document parent = xml(MarkdownDocs.read("pom.xml"));
    String gradle = MarkdownDocs.read(GRADLE);

    assertThat(gradleValue(gradle, "iommunitVersion")).isEqualTo(projectVersion(parent));
    assertThat(gradleValue(gradle, "junitVersion")).isEqualTo(property(parent, "junit.version"));
    assertThat(gradleValue(gradle, "mockitoVersion"))
        .isEqualTo(property(parent, "mockito.version"));
  }

  private static Document xml(String text) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new InputSource(new StringReader(text)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalStateException("cannot parse a POM", e);
    }
  }

  private static String projectVersion(Document pom) {
    return child(pom.getDocumentElement(), "version");
  }

  private static String property(Document pom, String name) {
    Element properties = (Element) pom.getDocumentElement().getElementsByTagName("properties")
        .item(0);
    return child(properties, name);
  }

  // groupId:artifactId -> version of every <plugin> that names a version
  private static Map<String, String> pluginVersions(Document pom) {
    Map<String, String> out = new LinkedHashMap<>();
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      String version = child(plugin, "version");
      if (!version.isEmpty()) {
        out.put(child(plugin, "groupId") + ":" + child(plugin, "artifactId"), version);
      }
    }
    return out;
  }

  // the text of the direct child element named name; "" if there is none
  private static String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
        return n.getTextContent().trim();
      }
    }
    return "";
  }

  private static String gradleValue(String gradle, String name) {
    Matcher m = Pattern.compile("val " + name + " = \"([^\"]*)\"").matcher(gradle);
    assertThat(m.find()).as("val " + name + " in " + GRADLE).isTrue();
    return m.group(1);
  }
}

package org.iommunit.architecture;

import java.util.List;

/**
 * One layer of a module's package graph: a name, its job, and its packages. A layer may use every
 * layer below it and none above; packages of one layer may use each other as long as no cycle
 * forms.
 */
record Layer(String name, String job, List<String> packages) {
  Layer {
    packages = List.copyOf(packages);
  }

  /** Returns the layer's packages without the common {@code org.iommunit.} prefix. */
  List<String> shortPackages() {
    return packages.stream().map(p -> p.substring("org.iommunit.".length())).toList();
  }
}

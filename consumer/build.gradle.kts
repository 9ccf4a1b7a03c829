// The Gradle equivalent of pom.xml beside it (Gradle 8 or newer).
plugins {
    java
}

group = "com.example"
version = "1.0-SNAPSHOT"

repositories {
    mavenCentral()
}

val iommunitVersion = "0.1.0-SNAPSHOT"
// Any JUnit from 5.10 on, 6.x included.
val junitVersion = "5.14.4"
// The Mockito version IOMMUnit depends on, loaded as an agent below.
val mockitoVersion = "5.24.0"
val mockitoAgent = configurations.create("mockitoAgent")

dependencies {
    testImplementation(platform("org.junit:junit-bom:$junitVersion"))
    testImplementation("org.iommunit:iommunit-framework:$iommunitVersion")
    testImplementation("org.junit.jupiter:junit-jupiter")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
    mockitoAgent("org.mockito:mockito-core:$mockitoVersion") { isTransitive = false }
}

tasks.withType<JavaCompile>().configureEach {
    options.release.set(17)
    options.encoding = "UTF-8"
}

tasks.test {
    useJUnitPlatform()
    jvmArgs("-Xshare:off", "-Dnet.bytebuddy.safe=true", "-javaagent:${mockitoAgent.asPath}")
    // IOMMUnit's report under build/ rather than its Maven default, target/
    systemProperty("iommunit.report.dir", "build/iommunit-report")
}

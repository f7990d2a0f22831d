package io.github.jcoro.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classes of a set of jars, for the agent's start-up cost ({@link AgentStartup}) and its
 * pre-check ({@link AgentPrecheck}): every {@code .class} entry but {@code module-info} and the
 * versioned ones under {@code META-INF/}.
 */
final class ClassCorpus {
    /** The default jar set: Maven's own libraries, as Debian installs them. */
    static final String DEFAULT_JARS = "/usr/share/maven/lib";

    private ClassCorpus() {}

    /**
     * The jars named by {@code paths}: each a jar, or a directory whose {@code *.jar} files are taken
     * (symbolic links followed), in name order.
     */
    static List<Path> jars(String[] paths) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String name : paths.length == 0 ? new String[] {DEFAULT_JARS} : paths) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                try (var listing = Files.list(path)) {
                    listing.filter(file -> file.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .forEach(jars::add);
                }
            } else if (Files.isRegularFile(path)) {
                jars.add(path);
            } else {
                throw new IOException("not a jar or a directory of jars: " + path);
            }
        }
        if (jars.isEmpty()) {
            throw new IOException("no jars found in " + String.join(", ", paths));
        }
        return jars;
    }

    /** The binary names of the classes in {@code jars}. */
    static List<String> classNames(List<Path> jars) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    String entry = entries.nextElement().getName();
                    if (isClass(entry)) {
                        names.add(entry.substring(0, entry.length() - ".class".length())
                                .replace('/', '.'));
                    }
                }
            }
        }
        return names;
    }

    /**
     * The bytes of the class files of the jar set named by {@code paths} (as {@link #jars}); with no
     * paths, of Maven's libraries, or, where they are not installed, of the JDK's {@code java.base}
     * (from the {@code jrt:} file system).
     */
    static List<byte[]> classFiles(String[] paths) throws IOException {
        if (paths.length == 0 && !Files.isDirectory(Path.of(DEFAULT_JARS))) {
            List<byte[]> files = new ArrayList<>();
            Path base = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", "java.base");
            try (var walk = Files.walk(base)) {
                for (Path file : (Iterable<Path>) walk::iterator) {
                    if (isClass(base.relativize(file).toString())) {
                        files.add(Files.readAllBytes(file));
                    }
                }
            }
            return files;
        }
        return classFiles(jars(paths));
    }

    /** The bytes of the class files in {@code jars}. */
    static List<byte[]> classFiles(List<Path> jars) throws IOException {
        List<byte[]> files = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (isClass(entry.getName())) {
                        try (InputStream in = file.getInputStream(entry)) {
                            files.add(in.readAllBytes());
                        }
                    }
                }
            }
        }
        return files;
    }

    private static boolean isClass(String entry) {
        return entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class");
    }
}

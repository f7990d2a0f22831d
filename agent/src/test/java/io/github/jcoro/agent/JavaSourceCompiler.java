package io.github.jcoro.agent;

import io.github.jcoro.Co;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources given as strings, in memory, against jcoro's runtime classes: the test
 * programs of the agent's tests.
 */
public final class JavaSourceCompiler {
    private JavaSourceCompiler() {}

    /**
     * @return the directory or jar holding jcoro's runtime classes ({@code io.github.jcoro.Co})
     */
    public static Path runtimeClassPath() {
        try {
            return Path.of(
                    Co.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the location of the runtime classes is not a file: " + e.getMessage(), e);
        }
    }

    /**
     * Compiles sources with {@code --release 17}.
     *
     * @param sources the source of each top-level class, by binary name ({@code demo.Main})
     * @return every class file written, by binary name ({@code demo.Main$1} included)
     * @throws AssertionError with javac's diagnostics when the sources do not compile
     */
    public static Map<String, byte[]> compile(Map<String, String> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new AssertionError("expected a JDK with javax.tools' system compiler, found a runtime without one");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard =
                compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        JavaFileManager fileManager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                URI uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
                return new SimpleJavaFileObject(uri, kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream output = new ByteArrayOutputStream();
                        outputs.put(className, output);
                        return output;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((className, source) -> units.add(new SourceFile(className, source)));
        List<String> options = List.of(
                "--release",
                "17",
                "-proc:none",
                "-classpath",
                runtimeClassPath().toString());
        boolean compiled = compiler.getTask(null, fileManager, diagnostics, options, null, units)
                .call();
        if (!compiled) {
            StringBuilder report = new StringBuilder("expected the test sources to compile, found errors:");
            diagnostics.getDiagnostics().forEach(d -> report.append('\n').append(d));
            throw new AssertionError(report.toString());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((className, output) -> classes.put(className, output.toByteArray()));
        return classes;
    }

    /**
     * Writes class files under a class-path directory ({@code demo.Main} to {@code demo/Main.class}).
     *
     * @param classes class files by binary name
     * @param directory the class-path root
     */
    public static void write(Map<String, byte[]> classes, Path directory) {
        try {
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                Path file = directory.resolve(entry.getKey().replace('.', '/') + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String source;

        SourceFile(String className, String source) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }
    }
}

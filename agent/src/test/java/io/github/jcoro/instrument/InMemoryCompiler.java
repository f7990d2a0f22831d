package io.github.jcoro.instrument;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/** Compiles one Java source file in memory with the JDK's compiler, for a given {@code --release}. */
final class InMemoryCompiler {
    private static final JavaCompiler COMPILER = ToolProvider.getSystemJavaCompiler();

    private InMemoryCompiler() {}

    /**
     * @param release a {@code --release} value
     * @return whether the running JDK's compiler can compile for it
     */
    static boolean supportsRelease(int release) {
        if (COMPILER == null) {
            return false;
        }
        return COMPILER.getSourceVersions().stream().anyMatch(v -> v.name().equals("RELEASE_" + release));
    }

    /** @return the newest {@code --release} the running JDK's compiler supports */
    static int newestRelease() {
        return SourceVersion.latestSupported().ordinal();
    }

    /**
     * Compiles {@code source} as the compilation unit of top-level class {@code className}.
     *
     * @param className the binary name of the top-level class ({@code fixtures.Foo})
     * @param source its source text
     * @param release the {@code --release} to compile for
     * @param classpath where the classes the source refers to are
     * @return every class file written, by binary name ({@code fixtures.Foo$Bar})
     * @throws IllegalStateException with javac's diagnostics when the source does not compile
     */
    static Map<String, byte[]> compile(String className, String source, int release, List<Path> classpath) {
        return compile(className, source, release, classpath, List.of("-g"));
    }

    /**
     * @param debug javac's debug-information options, e.g. {@code -g} or {@code -g:none}, and any other
     *     options to add
     * @see #compile(String, String, int, List)
     */
    static Map<String, byte[]> compile(
            String className, String source, int release, List<Path> classpath, List<String> debug) {
        if (COMPILER == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        try (StandardJavaFileManager standard =
                COMPILER.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            standard.setLocation(
                    StandardLocation.CLASS_PATH,
                    classpath.stream().map(Path::toFile).collect(Collectors.toList()));
            // An empty source path: javac must not pick up other fixture sources from the class path.
            standard.setLocation(StandardLocation.SOURCE_PATH, List.<File>of());
            JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
                @Override
                public JavaFileObject getJavaFileForOutput(
                        Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                    return new SimpleJavaFileObject(
                            URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            outputs.put(name, out);
                            return out;
                        }
                    };
                }
            };
            JavaFileObject unit =
                    new SimpleJavaFileObject(
                            URI.create("string:///" + className.replace('.', '/') + ".java"),
                            JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    };
            List<String> options = new ArrayList<>(
                    List.of("--release", Integer.toString(release), "-proc:none", "-implicit:none", "-Xlint:-options"));
            options.addAll(debug);
            Boolean ok = COMPILER.getTask(null, files, diagnostics, options, null, List.of(unit))
                    .call();
            if (!ok) {
                String errors = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
                throw new IllegalStateException(
                        className + " does not compile with --release " + release + ":\n" + errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, out) -> classes.put(name, out.toByteArray()));
        return classes;
    }
}

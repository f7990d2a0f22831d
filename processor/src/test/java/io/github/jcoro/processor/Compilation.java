package io.github.jcoro.processor;

import io.github.jcoro.Co;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** One run of javac on real files in a directory, with jcoro's processor unless told otherwise. */
final class Compilation {
    private static final Pattern TAG = Pattern.compile("\\[jcoro:([a-z-]+)]");

    /** A diagnostic as the tests compare it. */
    record Reported(Diagnostic.Kind kind, String tag, String file, long line) {
        @Override
        public String toString() {
            return kind + " [jcoro:" + tag + "] " + file + ":" + line;
        }
    }

    final boolean success;
    final List<Diagnostic<? extends JavaFileObject>> diagnostics;
    final Path output;

    private Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path output) {
        this.success = success;
        this.diagnostics = diagnostics;
        this.output = output;
    }

    /** The runtime jar (or classes directory) the fixtures compile against. */
    static Path runtime() {
        try {
            return Paths.get(
                    Co.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test resource directory of that name. */
    static Path resource(String name) {
        try {
            return Paths.get(Compilation.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code .java} file under a directory, sorted by path. */
    static List<Path> sourcesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the sources, in the given order, into {@code output}.
     *
     * @param processors the processors to run; none with {@code -proc:none}
     * @param options more javac options
     */
    static Compilation compile(
            List<Path> sources, Path output, List<String> classPath, List<Processor> processors, String... options)
            throws IOException {
        List<String> arguments = new ArrayList<>();
        if (processors.isEmpty()) {
            arguments.add("-proc:none");
        }
        arguments.addAll(Arrays.asList(options));
        return run(sources, output, classPath, processors, files -> files, arguments);
    }

    /**
     * Compiles with jcoro's processor, javac's file manager seen through {@code fileManager} (a
     * wrapper that changes or breaks what the processor reads and writes).
     */
    static Compilation withFileManager(
            List<Path> sources, Path output, Function<StandardJavaFileManager, JavaFileManager> fileManager)
            throws IOException {
        return run(sources, output, classPath(output), List.of(new CoroutineProcessor()), fileManager, List.of());
    }

    /**
     * Compiles with the processors javac finds itself, through the service loader, on {@code
     * processorPath} ({@code -processorpath}), as a build tool runs them.
     */
    static Compilation withProcessorPath(
            List<Path> sources, Path output, List<String> classPath, List<Path> processorPath) throws IOException {
        String path =
                processorPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        return run(sources, output, classPath, null, files -> files, List.of("-processorpath", path));
    }

    /** @param processors the processors to set, or {@code null} for those javac finds on its processor path */
    private static Compilation run(
            List<Path> sources,
            Path output,
            List<String> classPath,
            List<Processor> processors,
            Function<StandardJavaFileManager, JavaFileManager> fileManager,
            List<String> options)
            throws IOException {
        Files.createDirectories(output);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> arguments = new ArrayList<>(
                    List.of("-d", output.toString(), "-classpath", String.join(java.io.File.pathSeparator, classPath)));
            arguments.addAll(options);
            JavaCompiler.CompilationTask task = javac.getTask(
                    null,
                    fileManager.apply(files),
                    collector,
                    arguments,
                    null,
                    files.getJavaFileObjectsFromPaths(sources));
            if (processors != null && !processors.isEmpty()) {
                task.setProcessors(processors);
            }
            boolean success = task.call();
            return new Compilation(success, List.copyOf(collector.getDiagnostics()), output);
        }
    }

    /** Compiles with jcoro's processor against the runtime. */
    static Compilation withProcessor(List<Path> sources, Path output, String... options) throws IOException {
        return compile(sources, output, classPath(output), List.of(new CoroutineProcessor()), options);
    }

    /** Compiles with no processor at all ({@code -proc:none}), for the agent route. */
    static Compilation plain(List<Path> sources, Path output) throws IOException {
        return compile(sources, output, classPath(output), List.of());
    }

    static List<String> classPath(Path output) {
        return List.of(runtime().toString(), output.toString());
    }

    /** The diagnostics that carry a jcoro tag. */
    List<Reported> jcoro() {
        List<Reported> reported = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
            Matcher tag = TAG.matcher(diagnostic.getMessage(Locale.ROOT));
            if (tag.find()) {
                String file = diagnostic.getSource() == null
                        ? null
                        : Paths.get(diagnostic.getSource().toUri())
                                .getFileName()
                                .toString();
                reported.add(new Reported(kind(diagnostic.getKind()), tag.group(1), file, diagnostic.getLineNumber()));
            }
        }
        return reported;
    }

    /** Mandatory warnings count as warnings. */
    static Diagnostic.Kind kind(Diagnostic.Kind kind) {
        return kind == Diagnostic.Kind.MANDATORY_WARNING ? Diagnostic.Kind.WARNING : kind;
    }

    /** Every message, for failure texts. */
    String messages() {
        return diagnostics.stream().map(d -> d.toString()).collect(Collectors.joining("\n"));
    }

    /** The class files written, by internal name. */
    Map<String, byte[]> classFiles() throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = output.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
            }
        }
        return classes;
    }
}

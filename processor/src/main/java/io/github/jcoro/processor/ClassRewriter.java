package io.github.jcoro.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import io.github.jcoro.instrument.ClassFileHelperResolver;
import io.github.jcoro.instrument.ClassFilePrecheck;
import io.github.jcoro.instrument.CoroutineInstrumenter;
import io.github.jcoro.instrument.InstrumentationException;
import io.github.jcoro.instrument.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Rewrites the class files javac writes, through the agent's {@link CoroutineInstrumenter}.
 *
 * <p>javac writes one class file per GENERATE step, in an order of its own, and a coroutine may
 * call a helper of a class that is written later. So each written class is only noted; when the
 * whole compilation has finished, every class file is read first, and then each one that may hold
 * coroutines is instrumented, its helper calls resolved against those original bytes (then the
 * output directory of earlier builds, then the class path). A class the instrumenter refuses is
 * reported and its class file deleted, so that no un-rewritten class is ever left behind.
 */
final class ClassRewriter {
    /** A class whose source holds coroutine code, and the first tree of each of its lines. */
    static final class CoroutineClass {
        final TypeElement type;
        final CompilationUnitTree unit;
        private final TreeMap<Integer, Tree> lines = new TreeMap<>();

        CoroutineClass(TypeElement type, CompilationUnitTree unit) {
            this.type = type;
            this.unit = unit;
        }

        void firstTreeAt(int line, Tree tree) {
            lines.putIfAbsent(line, tree);
        }

        Tree treeAt(int line) {
            return lines.get(line);
        }

        /** The first tree of its coroutine code, by line; {@code null} when none was noted. */
        Tree firstTree() {
            return lines.isEmpty() ? null : lines.firstEntry().getValue();
        }
    }

    /** A class file javac wrote. */
    private static final class Written {
        final String binaryName;
        final TypeElement type;
        final JavaFileObject source;

        Written(String binaryName, TypeElement type, JavaFileObject source) {
            this.binaryName = binaryName;
            this.type = type;
            this.source = source;
        }
    }

    private final Filer filer;
    private final Elements elements;
    private final Reporter reporter;
    private final Map<String, CoroutineClass> coroutineClasses = new HashMap<>();
    private final Map<String, Written> written = new LinkedHashMap<>();

    ClassRewriter(Filer filer, Elements elements, Reporter reporter) {
        this.filer = filer;
        this.elements = elements;
        this.reporter = reporter;
    }

    /** Notes that a class (by binary name) holds coroutine code. */
    CoroutineClass coroutineClass(String binaryName, TypeElement type, CompilationUnitTree unit) {
        return coroutineClasses.computeIfAbsent(binaryName, name -> new CoroutineClass(type, unit));
    }

    /** Notes a class file javac has just written. */
    void generated(TypeElement type, JavaFileObject source) {
        if (type == null) {
            return;
        }
        String binaryName = elements.getBinaryName(type).toString();
        written.put(binaryName, new Written(binaryName, type, source));
    }

    /** Rewrites every class file of the compilation that holds coroutines. */
    void rewriteAll() {
        Map<String, byte[]> originals = new HashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        for (Written entry : written.values()) {
            Path file = classFile(entry);
            CoroutineClass coroutineClass = coroutineClasses.get(entry.binaryName);
            if (file == null || !Files.isRegularFile(file)) {
                if (coroutineClass != null) {
                    reportOnClass(
                            Reporter.Tag.CANNOT_REWRITE,
                            entry.binaryName,
                            "cannot find the class file javac wrote for " + entry.binaryName
                                    + (file == null ? "" : " at " + file) + ", so its coroutines cannot be rewritten");
                }
                continue;
            }
            try {
                byte[] bytes = Files.readAllBytes(file);
                String internalName = entry.binaryName.replace('.', '/');
                originals.put(internalName, bytes);
                files.put(internalName, file);
            } catch (IOException e) {
                if (coroutineClass != null) {
                    reportOnClass(Reporter.Tag.CANNOT_REWRITE, entry.binaryName, "cannot read " + file + ": " + e);
                }
            }
        }
        written.clear();
        ClassFileHelperResolver helpers = new ClassFileHelperResolver(owner -> {
            byte[] bytes = originals.get(owner);
            return bytes != null ? bytes : readElsewhere(owner);
        });
        CoroutineInstrumenter instrumenter = new CoroutineInstrumenter(helpers);
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            String internalName = entry.getKey();
            byte[] bytes = originals.get(internalName);
            if (!ClassFilePrecheck.mayNeedInstrumentation(bytes)) {
                continue;
            }
            Path file = entry.getValue();
            try {
                byte[] rewritten = instrumenter.instrument(bytes);
                if (rewritten != null) {
                    Files.write(file, rewritten);
                }
            } catch (InstrumentationException e) {
                for (Problem problem : e.problems()) {
                    report(internalName, problem);
                }
                delete(internalName, file);
            } catch (IOException e) {
                reportOnClass(
                        Reporter.Tag.CANNOT_REWRITE,
                        internalName.replace('/', '.'),
                        "cannot write the rewritten class file " + file + ": " + e);
                delete(internalName, file);
            }
        }
    }

    private void report(String internalName, Problem problem) {
        CoroutineClass coroutineClass = coroutineClasses.get(internalName.replace('/', '.'));
        String text = "cannot rewrite " + problem;
        if (coroutineClass != null && problem.line() > 0) {
            Tree tree = coroutineClass.treeAt(problem.line());
            if (tree != null) {
                reporter.at(Reporter.Tag.CANNOT_INSTRUMENT, tree, coroutineClass.unit, text);
                return;
            }
        }
        reportOnClass(Reporter.Tag.CANNOT_INSTRUMENT, internalName.replace('/', '.'), text);
    }

    /**
     * Reports on a class: at the first line of its coroutine code while its tree is still known (the
     * element alone has lost its source position once javac has generated the class), else at the
     * class's element, else without a position.
     */
    private void reportOnClass(Reporter.Tag tag, String binaryName, String text) {
        CoroutineClass coroutineClass = coroutineClasses.get(binaryName);
        Tree tree = coroutineClass == null ? null : coroutineClass.firstTree();
        if (tree != null) {
            reporter.at(tag, tree, coroutineClass.unit, text);
        } else {
            reporter.at(tag, coroutineClass == null ? null : coroutineClass.type, text);
        }
    }

    private void delete(String internalName, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            reportOnClass(
                    Reporter.Tag.CANNOT_REWRITE,
                    internalName.replace('/', '.'),
                    "cannot delete the un-rewritten class file " + file + " (" + e
                            + "); delete it by hand, it must not be run");
        }
    }

    /** Where javac wrote the class: the class output directory, or beside the source without one. */
    private Path classFile(Written entry) {
        String packageName =
                elements.getPackageOf(entry.type).getQualifiedName().toString();
        String relative =
                (packageName.isEmpty() ? entry.binaryName : entry.binaryName.substring(packageName.length() + 1))
                        + ".class";
        Path file = null;
        try {
            FileObject output = filer.getResource(StandardLocation.CLASS_OUTPUT, packageName, relative);
            file = toPath(output.toUri());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // no class output location: javac writes beside the source
        }
        if ((file == null || !Files.isRegularFile(file)) && entry.source != null) {
            Path source = toPath(entry.source.toUri());
            if (source != null) {
                file = source.resolveSibling(relative);
            }
        }
        return file;
    }

    private static Path toPath(URI uri) {
        try {
            return "file".equals(uri.getScheme()) ? Paths.get(uri) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The class file of a class outside this compilation, from earlier builds or the class path. */
    private byte[] readElsewhere(String internalName) {
        int slash = internalName.lastIndexOf('/');
        String packageName = slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
        String relative = internalName.substring(slash + 1) + ".class";
        for (JavaFileManager.Location location :
                new JavaFileManager.Location[] {StandardLocation.CLASS_OUTPUT, StandardLocation.CLASS_PATH}) {
            try {
                FileObject file = filer.getResource(location, packageName, relative);
                try (InputStream in = file.openInputStream()) {
                    return in.readAllBytes();
                }
            } catch (IOException | RuntimeException e) {
                // not there: try the next location
            }
        }
        return null;
    }
}

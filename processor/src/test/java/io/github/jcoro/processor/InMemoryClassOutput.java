package io.github.jcoro.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;

/**
 * A file manager that keeps the class output in memory, as some tools and test harnesses do: javac
 * writes each class file to a {@code memory:} URI, and the processor's {@code Filer} finds it there,
 * but it is no file the processor could rewrite in place.
 */
final class InMemoryClassOutput extends ForwardingJavaFileManager<JavaFileManager> {
    private final Map<String, byte[]> classes = new HashMap<>();

    InMemoryClassOutput(JavaFileManager files) {
        super(files);
    }

    /** The class files written, by path relative to the output (e.g. {@code demo/Countdown.class}). */
    Map<String, byte[]> classes() {
        return classes;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
            Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        if (location != StandardLocation.CLASS_OUTPUT) {
            throw new IllegalArgumentException("only the class output is in memory, not " + location);
        }
        return new Entry(className.replace('.', '/') + kind.extension, kind);
    }

    @Override
    public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling) {
        if (location != StandardLocation.CLASS_OUTPUT) {
            throw new IllegalArgumentException("only the class output is in memory, not " + location);
        }
        String path = (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + relativeName;
        return new Entry(path, JavaFileObject.Kind.OTHER);
    }

    /** One class output file, by its path. */
    private final class Entry extends SimpleJavaFileObject {
        private final String path;

        Entry(String path, Kind kind) {
            super(URI.create("memory:///" + path), kind);
            this.path = path;
        }

        @Override
        public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    classes.put(path, toByteArray());
                }
            };
        }

        @Override
        public InputStream openInputStream() {
            byte[] bytes = classes.get(path);
            if (bytes == null) {
                throw new IllegalStateException(path + " was not written");
            }
            return new ByteArrayInputStream(bytes);
        }
    }
}

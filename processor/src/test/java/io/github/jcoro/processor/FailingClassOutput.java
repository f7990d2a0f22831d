package io.github.jcoro.processor;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * A file manager with a bug: javac writes its class files as usual, but asking it for a class
 * output file by name (what the processor's {@code Filer.getResource} does to find the class files
 * to rewrite) throws an unchecked exception no caller expects.
 */
final class FailingClassOutput extends ForwardingJavaFileManager<JavaFileManager> {
    /** The message of the exception it throws. */
    static final String FAILURE = "injected failure of FailingClassOutput.getFileForOutput";

    FailingClassOutput(JavaFileManager files) {
        super(files);
    }

    @Override
    public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling) {
        if (location == StandardLocation.CLASS_OUTPUT) {
            throw new UnsupportedOperationException(FAILURE + " (" + packageName + ", " + relativeName + ")");
        }
        throw new IllegalArgumentException("not used by these tests: " + location);
    }
}

package io.github.jcoro.agent;

import io.github.jcoro.instrument.ClassFileHelperResolver;
import io.github.jcoro.instrument.HelperResolver;
import java.io.IOException;
import java.io.InputStream;

/**
 * Finds the suspendable helpers of other classes by reading their class files through the class
 * loader of the class being transformed, without loading them. Asked only for the calls a
 * coroutine body makes to classes outside the JDK. One instance per transformed class.
 */
final class ClassLoaderHelperResolver implements HelperResolver {
    private final HelperResolver classFiles;

    /**
     * @param loader the loader of the class being transformed; {@code null} for the bootstrap loader
     */
    ClassLoaderHelperResolver(ClassLoader loader) {
        this.classFiles = new ClassFileHelperResolver(owner -> read(loader, owner + ".class"));
    }

    @Override
    public int helperAccess(String owner, String name, String descriptor) {
        return classFiles.helperAccess(owner, name, descriptor);
    }

    @Override
    public String declaringClass(String owner, String name, String descriptor) {
        return classFiles.declaringClass(owner, name, descriptor);
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader != null
                ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}

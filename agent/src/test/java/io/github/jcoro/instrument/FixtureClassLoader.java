package io.github.jcoro.instrument;

import java.util.Map;

/**
 * Defines the given classes itself (child first) and delegates every other class to its parent. A
 * fresh loader per run, so that the JVM loads, links and verifies the fixture's bytes anew.
 */
final class FixtureClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    /**
     * @param name a name for the loader, shown in stack traces
     * @param parent the loader of everything not in {@code classes} (the test's, which sees the runtime)
     * @param classes class files by binary name
     */
    FixtureClassLoader(String name, ClassLoader parent, Map<String, byte[]> classes) {
        super(name, parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}

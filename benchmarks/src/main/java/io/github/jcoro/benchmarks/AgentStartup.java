package io.github.jcoro.benchmarks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's start-up cost (issue #11): loads and initializes every class of a jar set that has no
 * coroutine, through {@code Class.forName}, and prints how long that took. {@code
 * benchmarks/agent-startup.sh} runs it in fresh JVMs with and without {@code -javaagent} and
 * compares.
 *
 * <p>Usage: {@code AgentStartup [jar-or-directory...]}, by default Maven's own libraries ({@value
 * ClassCorpus#DEFAULT_JARS}). Prints one line: {@code startup classes=N loaded=L failed=F
 * load-ms=T}. A class whose initialization fails (an optional dependency missing, say) counts as
 * failed; it was still read and defined, so the transformer saw it.
 */
public final class AgentStartup {
    private AgentStartup() {}

    /**
     * Loads the classes and prints the line.
     *
     * @param args the jars, or directories of jars
     * @throws Exception when the jars cannot be read
     */
    public static void main(String[] args) throws Exception {
        List<Path> jars = ClassCorpus.jars(args);
        List<String> names = ClassCorpus.classNames(jars);
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        int loaded = 0;
        int failed = 0;
        long start = System.nanoTime();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                try {
                    Class.forName(name, true, loader);
                    loaded++;
                } catch (Throwable e) { // LinkageError, ExceptionInInitializerError, ...: counted
                    failed++;
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        System.out.printf(
                "startup classes=%d loaded=%d failed=%d load-ms=%.1f%n", names.size(), loaded, failed, elapsed / 1e6);
    }
}

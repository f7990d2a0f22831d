package io.github.jcoro.internal;

/**
 * The JMX view of debug mode, registered as {@code io.github.jcoro:type=Debug} when debug mode is
 * on; so JConsole, JDK Mission Control or any JMX client can take a dump of a running JVM.
 */
public interface DebugMXBean {
    /**
     * @return the live coroutines, as {@code io.github.jcoro.Debug.dump()}
     */
    String dump();

    /**
     * @return the number of live coroutines debug mode knows of
     */
    int getLiveCount();
}

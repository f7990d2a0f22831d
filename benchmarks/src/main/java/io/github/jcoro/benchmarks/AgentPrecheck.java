package io.github.jcoro.benchmarks;

import io.github.jcoro.instrument.ClassFilePrecheck;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The agent's pre-check of one class file (issue #11's "ns per class"): {@link
 * ClassFilePrecheck#mayNeedInstrumentation} over the class files of a real jar set with no
 * coroutine (Maven's libraries, else the JDK's {@code java.base}, or {@code
 * -Djcoro.corpus=<jar-or-dir>[,...]}), one class per
 * operation, in turn. The pre-check is the agent's whole cost for such a class beyond a name test.
 * It is called directly: the agent jar, which the run puts on {@code -javaagent}, is on the class
 * path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentPrecheck {
    private byte[][] classFiles;
    private int next;

    /** Creates the benchmark state. */
    public AgentPrecheck() {}

    /**
     * Reads the class files.
     *
     * @throws IOException when the jars cannot be read
     */
    @Setup
    public void setUp() throws IOException {
        String corpus = System.getProperty("jcoro.corpus", "");
        List<byte[]> files = ClassCorpus.classFiles(corpus.isEmpty() ? new String[0] : corpus.split(","));
        classFiles = files.toArray(new byte[0][]);
        for (byte[] file : classFiles) {
            if (ClassFilePrecheck.mayNeedInstrumentation(file)) {
                throw new IllegalStateException("the corpus is meant to have no coroutine, but a class"
                        + " passes the pre-check; choose other jars with -Djcoro.corpus");
            }
        }
    }

    /**
     * The pre-check of the next class file.
     *
     * @return its answer (always {@code false} here)
     */
    @Benchmark
    public boolean precheck() {
        byte[] file = classFiles[next];
        next = next + 1 == classFiles.length ? 0 : next + 1;
        return ClassFilePrecheck.mayNeedInstrumentation(file);
    }
}

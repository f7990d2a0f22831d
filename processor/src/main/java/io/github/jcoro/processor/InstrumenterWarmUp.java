package io.github.jcoro.processor;

import io.github.jcoro.instrument.ClassFileHelperResolver;
import io.github.jcoro.instrument.CoroutineInstrumenter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Loads and warms up the instrumenter on a daemon thread while javac parses and attributes, so
 * that rewriting the class files at the end of the compilation does not start cold: most of the
 * processor's cost on a small project is loading ASM and the instrumenter and running them
 * interpreted for the first classes. It instruments {@link WarmUpShapes} (read as bytes, never
 * loaded) a few times and drops the result.
 *
 * <p>It only ever uses a second core: the rewriting never waits for it, and nothing it does can
 * fail the compilation (a failure only leaves the instrumenter cold). {@code
 * -Djcoro.processor.warmUp=false} turns it off.
 */
final class InstrumenterWarmUp implements Runnable {
    private static final int ROUNDS = 3;

    private InstrumenterWarmUp() {}

    /** Starts the warm-up, unless turned off or the machine has one core. */
    static void start() {
        if (!Boolean.parseBoolean(System.getProperty("jcoro.processor.warmUp", "true"))
                || Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread thread = new Thread(new InstrumenterWarmUp(), "jcoro-processor-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Override
    public void run() {
        try {
            byte[] bytes = shapes();
            for (int i = 0; i < ROUNDS; i++) {
                instrument(bytes);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // The rewriting will start cold; it reports its own problems.
        }
    }

    /** @return the class file of {@link WarmUpShapes} */
    static byte[] shapes() throws IOException {
        try (InputStream in = InstrumenterWarmUp.class.getResourceAsStream("WarmUpShapes.class")) {
            if (in == null) {
                throw new IOException("WarmUpShapes.class is missing beside " + InstrumenterWarmUp.class);
            }
            return in.readAllBytes();
        }
    }

    /** @return {@link WarmUpShapes} instrumented */
    static byte[] instrument(byte[] shapes) {
        String name = "io/github/jcoro/processor/WarmUpShapes";
        return new CoroutineInstrumenter(new ClassFileHelperResolver(owner -> owner.equals(name) ? shapes : null))
                .instrument(shapes);
    }
}

package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.Generator;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two routes give the same program: AllSamples built by the processor and run with no agent, and
 * the same sources compiled without any processor and run under the agent, print the same lines.
 */
class RoutesTest {
    private static final String MARKER = "Lio/github/jcoro/internal/Instrumented;";

    @Test
    void theProcessorRouteAndTheAgentRoutePrintTheSame() throws Exception {
        Path processorClasses = classesOf(AllSamples.class);
        Path agentClasses = Paths.get(System.getProperty("jcoro.agent.classes"));
        Path runtime = classesOf(Generator.class);
        Path agentJar = Paths.get(System.getProperty("jcoro.agent.jar"));
        assertTrue(Files.isRegularFile(agentJar), "no agent jar at " + agentJar);

        assertTrue(marked(processorClasses.resolve("io/github/jcoro/samples/Fibonacci.class")), "rewritten by javac");
        assertFalse(marked(agentClasses.resolve("io/github/jcoro/samples/Fibonacci.class")), "left for the agent");

        String built = runAllSamples(List.of(), processorClasses, runtime);
        String loaded = runAllSamples(List.of("-javaagent:" + agentJar + "=failfast"), agentClasses, runtime);
        assertTrue(built.lines().count() > 20, built);
        assertTrue(built.contains("== Fibonacci: an infinite generator, taken with a limit =="), built);
        assertEquals(withoutTimings(built), withoutTimings(loaded));
    }

    /** The samples that race the wall clock print how long they took: those figures differ per run. */
    private static String withoutTimings(String output) {
        return output.replaceAll("\\d[\\d.,]*(\\s*)(ms|s|x)\\b", "#$1$2");
    }

    private static boolean marked(Path classFile) throws IOException {
        return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(MARKER);
    }

    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Paths.get(
                type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String runAllSamples(List<String> jvmOptions, Path classes, Path runtime)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classes + File.pathSeparator + runtime);
        command.add(AllSamples.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}

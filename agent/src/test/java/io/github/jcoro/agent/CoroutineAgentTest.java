package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoroutineAgentTest {
    /** An {@link Instrumentation} that records the calls made to it. */
    private static Instrumentation recording(List<String> calls, List<Object> transformers) {
        return (Instrumentation) Proxy.newProxyInstance(
                CoroutineAgentTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class},
                (proxy, method, arguments) -> {
                    calls.add(method.getName() + (arguments == null ? "" : List.of(arguments.length)));
                    if (method.getName().equals("addTransformer")) {
                        transformers.add(arguments[0]);
                        assertEquals(false, arguments[1], "expected a transformer that cannot retransform");
                    }
                    return null;
                });
    }

    /**
     * One test, as the agent installs itself once per JVM: a bad option fails before anything is
     * installed, the first premain installs one transformer, the second installs none.
     */
    @Test
    void premainInstallsOneTransformerOnceAndRejectsUnknownOptions() {
        List<String> calls = new ArrayList<>();
        List<Object> transformers = new ArrayList<>();
        Instrumentation instrumentation = recording(calls, transformers);

        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> CoroutineAgent.premain("verbose,nonsense", instrumentation));
        assertTrue(error.getMessage().contains("unknown option 'nonsense'"), error.getMessage());
        assertEquals(List.of(), calls, "nothing installed for a bad option");

        CoroutineAgent.premain("verify", instrumentation);
        assertEquals(1, transformers.size());
        assertInstanceOf(CoroutineTransformer.class, transformers.get(0));

        CoroutineAgent.premain(null, instrumentation);
        CoroutineAgent.agentmain(null, instrumentation);
        assertEquals(1, transformers.size(), "installed once per JVM");
    }
}

package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs (in {@code src/test/resources/programs}) using {@code Co.yieldAll}, tail delegation and
 * {@code Generator.of} lambdas, compiled at each release, instrumented, checked by ASM, loaded by
 * the JVM verifier, and run: their output is asserted exactly.
 */
class DelegationAndLambdaTest {
    static List<Integer> releases() {
        return FixtureCorpusTest.RELEASES;
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void yieldAll_passesThroughAndReturnsResults_tailsRunInConstantStack(int release) throws Exception {
        assertEquals(
                String.join(
                        "|",
                        "a1",
                        "a2 got S",
                        "a caught thrown in",
                        "outer got a-result",
                        "h1",
                        "h2 got null",
                        "helper returned h:h-result",
                        "empty gives null",
                        "inner finally a",
                        "inner finally h",
                        "outer finally",
                        "closed: [inner finally a, outer finally]",
                        "tail 1000000 500000500000",
                        "f1",
                        "caught inner failure",
                        "2",
                        "1",
                        "countdown result landed"),
                run("Delegation", release));
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void generatorOf_lambdasWithCapturesHelpersAndNesting(int release) throws Exception {
        assertEquals(
                String.join(
                        "|",
                        "1",
                        "2",
                        "1",
                        "lambda finally",
                        "lambda finally",
                        "pa0",
                        "pa1",
                        "pb0",
                        "pb1",
                        "h",
                        "h",
                        "nested p",
                        "x",
                        "threw java.io.IOException: checked"),
                run("Lambdas", release));
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void generatorOf_methodReferencesToHelpersAndPlainMethods(int release) throws Exception {
        assertEquals("0|1|2|bob first|bob second|plain has values: false|plain ran", run("MethodReferences", release));
    }

    private static String run(String name, int release) throws Exception {
        return ProgramRunner.run(name, release);
    }
}

package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentOptionsTest {
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", ",", " , ,"})
    void noOptionGivesTheDefaults(String argument) {
        assertEquals(new AgentOptions(false, false, false), AgentOptions.parse(argument));
        assertEquals(AgentOptions.DEFAULT, AgentOptions.parse(argument));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "verbose;             true;  false; false",
                "verify;              false; true;  false",
                "failfast;            false; false; true",
                "verbose,verify;      true;  true;  false",
                "failfast,verbose;    true;  false; true",
                "verify,failfast,verbose; true; true; true",
                "' verbose , verify ';true;  true;  false",
                "verbose,verbose;     true;  false; false",
                "verify,;             false; true;  false",
            })
    void parsesEachFlagAndCombinations(String argument, boolean verbose, boolean verify, boolean failFast) {
        assertEquals(new AgentOptions(verbose, verify, failFast), AgentOptions.parse(argument));
    }

    @Test
    void unknownOptionIsNamedWithTheAcceptedOnes() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("verbose,bogus"));

        assertEquals(
                "jcoro agent: unknown option 'bogus' in 'verbose,bogus'; expected a comma-separated list of:"
                        + " verbose, verify, failfast",
                error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Verbose", "verbose=true", "fail-fast", "verbose;verify"})
    void namesAreExact(String argument) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(argument));

        assertEquals(true, error.getMessage().contains("unknown option '" + argument + "'"), error.getMessage());
    }
}

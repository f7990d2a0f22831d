package io.github.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
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
                        + " verbose, verify, failfast, dump=<dir>",
                error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "dump=/tmp/classes;                 /tmp/classes",
                "dump=target/dump;                  target/dump",
                "' dump= out ';                     out",
                "verbose,dump=out,verify;           out",
                "dump=out,dump=out;                 out",
                "dump=./a b/c;                      ./a b/c",
            })
    void dumpTakesTheDirectoryUpToTheNextComma(String argument, String directory) {
        AgentOptions options = AgentOptions.parse(argument);

        assertEquals(Path.of(directory), options.dumpDirectory());
        assertEquals(argument.contains("verbose"), options.verbose());
        assertEquals(argument.contains("verify"), options.verify());
    }

    @Test
    void noDumpByDefault() {
        assertEquals(null, AgentOptions.parse("verbose,verify,failfast").dumpDirectory());
        assertEquals(null, AgentOptions.DEFAULT.dumpDirectory());
        assertEquals(new AgentOptions(true, false, true, null), new AgentOptions(true, false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dump=", "dump= ", "verbose,dump=,verify"})
    void dumpWithoutADirectoryIsAnError(String argument) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(argument));

        assertEquals(
                "jcoro agent: option 'dump=' in '" + argument + "' has no directory; expected dump=<dir>, the"
                        + " directory to write instrumented classes to",
                error.getMessage());
    }

    @Test
    void twoDifferentDumpDirectoriesAreAnError() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("dump=a,verbose,dump=b"));

        assertEquals(
                "jcoro agent: two dump directories in 'dump=a,verbose,dump=b': 'a' and 'b'; expected one",
                error.getMessage());
    }

    @Test
    void dumpDirectoryThatIsNoPathIsAnError() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("dump=bad\0name"));

        assertEquals(true, error.getMessage().startsWith("jcoro agent: option 'dump=bad"), error.getMessage());
        assertEquals(true, error.getMessage().contains("does not name a valid directory: "), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Verbose", "verbose=true", "fail-fast", "verbose;verify", "dump", "Dump=x", "dumpdir=x"})
    void namesAreExact(String argument) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(argument));

        assertEquals(true, error.getMessage().contains("unknown option '" + argument + "'"), error.getMessage());
    }
}

package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java -jar samples/target/jcoro-samples.jar <sample>}, run as the README says. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SampleJarIT {
    private static Path jar() {
        Path jar = Paths.get(System.getProperty("jcoro.samples.jar", "target/jcoro-samples.jar"));
        assertTrue(Files.isRegularFile(jar), "expected the packaged samples at " + jar.toAbsolutePath());
        return jar;
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Everything the process writes (standard output and error), until it closes them. */
    private static String outputOf(Process process) throws IOException {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            return out.lines().collect(Collectors.joining("\n"));
        }
    }

    @Test
    void httpServer_listensAndAnswersHello_withoutAnAgent() throws Exception {
        Process server = start("http-server", "--port", "0");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher listening =
                    Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
            assertTrue(listening.find(), "expected a 'listening on 127.0.0.1:<port>' line, found: " + line);
            HttpURLConnection c =
                    (HttpURLConnection) new URL("http://127.0.0.1:" + listening.group(1) + "/hello").openConnection();
            assertEquals(200, c.getResponseCode());
            assertEquals("text/plain", c.getContentType());
            assertEquals("13", c.getHeaderField("Content-Length"));
            assertTrue(c.getHeaderField("Date").endsWith(" GMT"), c.getHeaderField("Date"));
            try (BufferedReader body =
                    new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII))) {
                assertEquals("Hello, world!", body.readLine());
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void timelineDemo_runsTheVirtualClockTrials() throws Exception {
        Process timeline = start("timeline", "--demo");
        String output = outputOf(timeline);
        assertEquals(0, timeline.waitFor(), output);
        assertTrue(output.contains("250 ms  stop signal shown"), output);
        assertTrue(output.contains("Stopped after 2000 cycles!"), output);
    }

    @Test
    void unknownSample_isRefusedWithTheList() throws Exception {
        Process p = start("no-such-sample");
        String output = outputOf(p);
        assertEquals(2, p.waitFor());
        assertTrue(output.startsWith("no sample named 'no-such-sample'; expected one of these:"), output);
        assertTrue(output.contains("http-server"), output);
        assertTrue(output.contains("timeline"), output);
    }

    @Test
    void httpServer_badArguments_areRefusedWithUsage() throws Exception {
        String[][] cases = {
            {"--port", "http"}, {"--loops", "0"}, {"--port"}, {"--colour"},
        };
        String[] expected = {
            "http-server: --port expects a number, found 'http'",
            "http-server: --loops expects a number from 1 to 1024, found 0",
            "http-server: --port expects a number after it, found nothing",
            "http-server: unknown option '--colour'",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "http-server";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            Process p = start(args);
            String output = outputOf(p);
            assertEquals(2, p.waitFor(), output);
            assertEquals(expected[i] + "\n" + HttpServerSample.USAGE, output);
        }
    }

    @Test
    void httpServer_portInUse_saysSo() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process p = start("http-server", "--port", Integer.toString(taken.getLocalPort()));
            String output = outputOf(p);
            assertEquals(1, p.waitFor(), output);
            assertTrue(
                    output.startsWith("http-server: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    output);
        }
    }
}

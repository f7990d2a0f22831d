package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvPipelineTest {
    @TempDir
    Path dir;

    @Test
    void readsOnlyTheLinesItNeedsAndClosesTheReader() {
        assertEquals(
                List.of(
                        "wrote 1101 lines (header, 1000 rows, an empty line every 10 rows)",
                        "pipeline built, lines read so far: 0",
                        "match: id=2 city=Oslo amount=74",
                        "match: id=7 city=Oslo amount=59",
                        "match: id=12 city=Oslo amount=44",
                        "lines read: 14 of 1101",
                        "reader closed before close(): false",
                        "reader closed after close(): true"),
                CsvPipeline.run());
    }

    @Test
    void takingOneMatchReadsThreeLines() {
        List<String> out = CsvPipeline.run(1);
        assertTrue(out.contains("lines read: 3 of 1101"), out::toString);
        assertTrue(out.contains("reader closed after close(): true"), out::toString);
    }

    @Test
    void readingToTheEndClosesTheReaderWithoutClose() throws IOException {
        Path file = dir.resolve("small.csv");
        assertEquals(14, CsvPipeline.writeCsv(file, 12));
        CsvPipeline.Counters counters = new CsvPipeline.Counters();
        Generator<String[]> lima = CsvPipeline.where(
                CsvPipeline.split(CsvPipeline.dropEmpty(CsvPipeline.readLines(file, counters))), 1, "Lima");
        assertArrayEquals(new String[] {"3", "Lima", "11"}, lima.next());
        assertArrayEquals(new String[] {"8", "Lima", "96"}, lima.next());
        assertFalse(counters.readerClosed());
        assertFalse(lima.hasNext());
        assertEquals(14, counters.linesRead());
        assertTrue(counters.readerClosed());
    }

    @Test
    void closingTheReadingStageAloneClosesTheReader() throws IOException {
        Path file = dir.resolve("small.csv");
        CsvPipeline.writeCsv(file, 5);
        CsvPipeline.Counters counters = new CsvPipeline.Counters();
        Generator<String> lines = CsvPipeline.readLines(file, counters);
        assertEquals("id,city,amount", lines.next());
        assertEquals(1, counters.linesRead());
        lines.close();
        assertTrue(counters.readerClosed());
        assertFalse(lines.hasNext());
    }
}

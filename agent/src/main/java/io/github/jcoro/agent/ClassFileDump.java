package io.github.jcoro.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code dump=<dir>} option: writes instrumented class files as {@code <dir>/<internal/name>.class},
 * creating the directories as needed, for inspection with {@code javap -c -p}.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; safe for concurrent class loading. Two loaders defining classes of the same name write
 * the same file, and the last one written stays.
 */
final class ClassFileDump {
    private final Path directory;

    /** @param directory the root of the dump; need not exist yet */
    ClassFileDump(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /**
     * @param internalName a class name with slashes ({@code com/example/Foo})
     * @return the file the class is written to
     */
    Path fileOf(String internalName) {
        return directory.resolve(internalName + ".class").normalize();
    }

    /**
     * Writes one class file, replacing an earlier one.
     *
     * @param internalName the class, with slashes
     * @param classFile its bytes
     * @throws IOException if the file or its directories cannot be written, or if the name would
     *     place it outside the dump directory
     */
    void write(String internalName, byte[] classFile) throws IOException {
        Path file = fileOf(internalName);
        if (!file.startsWith(directory) || file.equals(directory)) {
            throw new IOException(
                    "the class name '" + internalName + "' leads outside the dump directory " + directory);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, classFile);
    }
}

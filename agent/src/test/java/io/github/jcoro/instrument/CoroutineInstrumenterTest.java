package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.agent.JavaSourceCompiler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * What the instrumenter does with a class that carries the {@code @Instrumented} marker: nothing
 * when the marker is of this layout version, a refusal naming the class and both versions
 * otherwise (woven code of another layout would link against this runtime and misbehave).
 */
class CoroutineInstrumenterTest {
    /** A generator that yields from a helper: the shape whose contract layout version 2 changed. */
    private static final byte[] TWICE =
            JavaSourceCompiler.compile(Map.of("demo.Twice", """
                    package demo;
                    public class Twice {
                        @io.github.jcoro.Coroutine
                        static io.github.jcoro.Generator<Integer> of(int value) {
                            emit(value);
                            emit(value);
                            return io.github.jcoro.Generator.empty();
                        }

                        @io.github.jcoro.Coroutine
                        static void emit(int value) {
                            io.github.jcoro.Co.yield(value);
                        }
                    }
                    """)).get("demo.Twice");

    @Test
    void instrument_leavesAClassItRewroteAlone() {
        byte[] rewritten = new CoroutineInstrumenter().instrument(TWICE);

        assertNotNull(rewritten);
        assertNull(new CoroutineInstrumenter().instrument(rewritten));
        assertFalse(ClassFilePrecheck.mayNeedInstrumentation(rewritten));
    }

    @Test
    void instrument_refusesAClassRewrittenForAnotherLayout() {
        byte[] older = withMarker(new CoroutineInstrumenter().instrument(TWICE), List.of("version", 1));

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(older), "the pre-check hands it to the instrumenter");
        InstrumentationException refusal =
                assertThrows(InstrumentationException.class, () -> new CoroutineInstrumenter().instrument(older));
        String message = refusal.getMessage();
        assertTrue(message.contains("demo.Twice"), message);
        assertTrue(message.contains("@Instrumented: layout version 1"), message);
        assertTrue(message.contains("expects layout version " + CoroutineInstrumenter.LAYOUT_VERSION), message);
        assertTrue(message.contains("rebuild it with this jcoro's processor"), message);
    }

    @Test
    void instrument_refusesAMarkerWithoutAVersion() {
        byte[] unversioned = withMarker(new CoroutineInstrumenter().instrument(TWICE), List.of());

        assertTrue(ClassFilePrecheck.mayNeedInstrumentation(unversioned));
        InstrumentationException refusal =
                assertThrows(InstrumentationException.class, () -> new CoroutineInstrumenter().instrument(unversioned));
        assertTrue(refusal.getMessage().contains("a marker without a version"), refusal.getMessage());
    }

    /** The class with its {@code @Instrumented} marker's values replaced by {@code values} (name, value, ...). */
    private static byte[] withMarker(byte[] classFile, List<Object> values) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile)
                .accept(
                        new ClassVisitor(Opcodes.ASM9, writer) {
                            @Override
                            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                                AnnotationVisitor annotation = super.visitAnnotation(descriptor, visible);
                                if (!descriptor.equals(CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR)) {
                                    return annotation;
                                }
                                for (int i = 0; i + 1 < values.size(); i += 2) {
                                    annotation.visit((String) values.get(i), values.get(i + 1));
                                }
                                annotation.visitEnd();
                                return null; // drops the marker's own values
                            }
                        },
                        0);
        return writer.toByteArray();
    }
}

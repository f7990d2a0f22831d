package io.github.jcoro.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jcoro.internal.GeneratorFrame;
import io.github.jcoro.internal.GeneratorFrames;
import io.github.jcoro.internal.HelperFrame;
import io.github.jcoro.internal.Resumer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** The instrumenter's shape table must match the runtime's frame classes exactly. */
class FrameShapeTest {
    @Test
    void sizes_matchTheRuntime() {
        assertArrayEquals(GeneratorFrames.SIZES, FrameShape.SIZES);
    }

    @Test
    void everyShape_existsWithItsSlots() throws Exception {
        for (int longs : FrameShape.SIZES) {
            for (int refs : FrameShape.SIZES) {
                FrameShape shape = FrameShape.forCounts(longs, refs);
                Class<?> type = Class.forName(shape.internalName.replace('/', '.'));
                assertTrue(GeneratorFrame.class.isAssignableFrom(type), type.getName());
                for (int i = 0; i < longs; i++) {
                    assertSlot(type, "l" + i, long.class);
                }
                for (int i = 0; i < refs; i++) {
                    assertSlot(type, "r" + i, Object.class);
                }
            }
        }
    }

    @Test
    void everyHelperShape_existsWithItsSlotsOrNewAndOrFirst() throws Exception {
        for (int longs : FrameShape.SIZES) {
            for (int refs : FrameShape.SIZES) {
                FrameShape shape = FrameShape.forCounts(true, longs, refs);
                Class<?> type = Class.forName(shape.internalName.replace('/', '.'));
                assertTrue(HelperFrame.class.isAssignableFrom(type), type.getName());
                Class<?> declared = Class.forName(shape.declaredName.replace('/', '.'));
                assertTrue(declared.isAssignableFrom(type), declared.getName());
                for (int i = 0; i < longs; i++) {
                    assertSlot(type, "l" + i, long.class);
                }
                for (int i = 0; i < refs; i++) {
                    assertSlot(type, "r" + i, Object.class);
                }
                assertEquals(
                        declared,
                        type.getMethod("orNew", declared, Resumer.class, GeneratorFrame.class)
                                .getReturnType());
                assertEquals(
                        declared,
                        type.getMethod(
                                        "orFirst",
                                        declared,
                                        Resumer.class,
                                        GeneratorFrame.class,
                                        Object.class,
                                        String.class)
                                .getReturnType());
                // Only the small shape is declared as the base class, which holds its two slots.
                assertEquals(longs <= 1 && refs <= 1, declared == HelperFrame.class, shape.internalName);
                assertEquals(!shape.needsCast(), declared == HelperFrame.class, shape.internalName);
            }
        }
        assertTrue(FrameShape.forCounts(true, 9, 0).large);
        Class<?> large =
                Class.forName(FrameShape.forCounts(true, 9, 0).internalName.replace('/', '.'));
        assertEquals(
                large,
                large.getMethod(
                                "orFirst",
                                large,
                                Resumer.class,
                                GeneratorFrame.class,
                                int.class,
                                int.class,
                                Object.class,
                                String.class)
                        .getReturnType());
    }

    @Test
    void forCounts_roundsUpAndFallsBackToArrays() {
        assertEquals("io/github/jcoro/internal/GeneratorFrames$L6R1", FrameShape.forCounts(5, 1).internalName);
        FrameShape large = FrameShape.forCounts(9, 2);
        assertTrue(large.large);
        assertEquals("io/github/jcoro/internal/GeneratorFrames$Large", large.internalName);
    }

    private static void assertSlot(Class<?> type, String name, Class<?> slotType) throws NoSuchFieldException {
        Field field = type.getField(name);
        assertEquals(slotType, field.getType(), type.getName() + "." + name);
        assertTrue(Modifier.isPublic(field.getModifiers()), type.getName() + "." + name);
    }
}

package io.github.jcoro.instrument;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The cheap test the agent runs on every class file before parsing it: does the constant pool name
 * {@code @Coroutine} (or {@code Generator.Body}, the type of the lambdas {@code Generator.of}
 * takes, or {@code Co}, which async lambdas call) at all, and is the class not marked instrumented
 * yet (for this layout version)?
 *
 * <p>Only the constant pool is walked, entry by entry, without parsing fields, methods or
 * attributes and without allocating, unless it names the marker too (below). A class whose code
 * mentions {@code @Coroutine} has the annotation's descriptor as a {@code CONSTANT_Utf8} entry; a
 * class jcoro rewrote has the descriptor of {@code @io.github.jcoro.internal.Instrumented}.
 *
 * <p>The answer errs on the side of {@code true}: the full instrumenter then decides. In
 * particular:
 *
 * <ul>
 *   <li>A class that merely holds the text {@code "Lio/github/jcoro/Coroutine;"} (as a string
 *       literal, say) passes the pre-check; the instrumenter finds no {@code @Coroutine} method and
 *       leaves it alone.
 *   <li>When the pool names the marker too, the class's annotations are read (with ASM, without
 *       the methods' code): the class is skipped only when it carries the marker with this {@link
 *       CoroutineInstrumenter#LAYOUT_VERSION}. A class holding the marker's text as a string
 *       literal is handed to the instrumenter, which reads the real annotations, and so is a class
 *       rewritten for another layout, which the instrumenter refuses.
 *   <li>A malformed or truncated constant pool gives {@code true}, so that the parser reports the
 *       problem instead of the class being skipped silently.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; safe to call from any number of threads.
 */
public final class ClassFilePrecheck {
    private static final byte[] COROUTINE =
            CoroutineInstrumenter.COROUTINE_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);
    /** A class that only makes generators of lambdas ({@code Generator.of}) names this nested type. */
    private static final byte[] GENERATOR_BODY = GeneratorLambdas.BODY.getBytes(StandardCharsets.US_ASCII);
    /**
     * A class whose only coroutines are async lambdas (a lambda returning a future that calls {@code
     * Co.await}) names {@code Co}.
     */
    private static final byte[] CO = CoroutineInstrumenter.CO.getBytes(StandardCharsets.US_ASCII);

    private static final byte[] INSTRUMENTED =
            CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);

    private static final int MAGIC = 0xCAFEBABE;
    /** magic (4), minor_version (2), major_version (2), constant_pool_count (2). */
    private static final int HEADER_SIZE = 10;

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_INTEGER = 3;
    private static final int CONSTANT_FLOAT = 4;
    private static final int CONSTANT_LONG = 5;
    private static final int CONSTANT_DOUBLE = 6;
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_STRING = 8;
    private static final int CONSTANT_FIELDREF = 9;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_NAME_AND_TYPE = 12;
    private static final int CONSTANT_METHOD_HANDLE = 15;
    private static final int CONSTANT_METHOD_TYPE = 16;
    private static final int CONSTANT_DYNAMIC = 17;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;
    private static final int CONSTANT_MODULE = 19;
    private static final int CONSTANT_PACKAGE = 20;

    /** What {@link #findDescriptors} returns when the constant pool is malformed or truncated. */
    private static final int MALFORMED = -1;
    /** What {@link #findDescriptors} returns when the pool has no {@code @Coroutine} descriptor. */
    private static final int NO_COROUTINE = -2;
    /** What {@link #findDescriptors} returns for {@code @Coroutine} and no marker. */
    private static final int COROUTINE_WITHOUT_MARKER = 0;
    /** What {@link #findDescriptors} returns for {@code @Coroutine} and the marker's descriptor. */
    private static final int COROUTINE_AND_MARKER = 1;

    private ClassFilePrecheck() {}

    /**
     * Tells whether a class file may have {@code @Coroutine} methods still to rewrite. Never throws.
     *
     * @param classFile the bytes of a class file; {@code null} and malformed bytes give {@code
     *     true}
     * @return {@code false} when the class certainly needs no instrumentation (no {@code
     *     @Coroutine} in its constant pool, or already marked instrumented for this layout version),
     *     {@code true} otherwise
     */
    public static boolean mayNeedInstrumentation(byte[] classFile) {
        if (classFile == null) {
            return true;
        }
        int found = findDescriptors(classFile);
        if (found == NO_COROUTINE) {
            return false;
        }
        if (found == MALFORMED || found == COROUTINE_WITHOUT_MARKER) {
            return true;
        }
        // Both descriptors are there: a class jcoro rewrote already, or one holding the marker's text
        // (as a string literal, say). Read its annotations: skipped only when it really carries the
        // marker of this layout version; otherwise the instrumenter decides, and refuses a marker
        // of another version.
        return !isMarkedForThisLayout(classFile);
    }

    /**
     * Walks the constant pool looking for the two descriptors.
     *
     * @return {@link #MALFORMED}, {@link #NO_COROUTINE}, {@link #COROUTINE_WITHOUT_MARKER} or {@link
     *     #COROUTINE_AND_MARKER}
     */
    private static int findDescriptors(byte[] classFile) {
        if (classFile.length < HEADER_SIZE || readInt(classFile, 0) != MAGIC) {
            return MALFORMED;
        }
        int count = readUnsignedShort(classFile, 8);
        int offset = HEADER_SIZE;
        boolean coroutine = false;
        boolean marker = false;
        for (int index = 1; index < count; index++) {
            int size = entrySize(classFile, offset);
            if (size < 0) {
                return MALFORMED;
            }
            int tag = classFile[offset];
            if (tag == CONSTANT_UTF8) {
                int textStart = offset + 3;
                int textLength = size - 3;
                if (!coroutine
                        && (equalsAt(classFile, textStart, textLength, COROUTINE)
                                || equalsAt(classFile, textStart, textLength, GENERATOR_BODY)
                                || equalsAt(classFile, textStart, textLength, CO))) {
                    coroutine = true;
                } else if (!marker && equalsAt(classFile, textStart, textLength, INSTRUMENTED)) {
                    marker = true;
                }
            } else if (tag == CONSTANT_LONG || tag == CONSTANT_DOUBLE) {
                index++; // these take two slots of the pool
            }
            offset += size;
        }
        if (!coroutine) {
            return NO_COROUTINE;
        }
        return marker ? COROUTINE_AND_MARKER : COROUTINE_WITHOUT_MARKER;
    }

    /**
     * Tells whether the class carries {@code @Instrumented} with this {@link
     * CoroutineInstrumenter#LAYOUT_VERSION}, read with ASM without the methods' code: the marker's
     * version is an annotation value, which only a parse of the class's attributes finds (a pool
     * constant of the same number may be anything, the woven code's labels included). Runs only for
     * classes whose pool names both descriptors, so the classes jcoro rewrote already; a class ASM
     * cannot read gives {@code false}, so that the instrumenter reports it.
     */
    private static boolean isMarkedForThisLayout(byte[] classFile) {
        Object[] version = new Object[1];
        try {
            new ClassReader(classFile)
                    .accept(
                            new ClassVisitor(Opcodes.ASM9) {
                                @Override
                                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                                    if (!descriptor.equals(CoroutineInstrumenter.INSTRUMENTED_DESCRIPTOR)) {
                                        return null;
                                    }
                                    return new AnnotationVisitor(Opcodes.ASM9) {
                                        @Override
                                        public void visit(String name, Object value) {
                                            if ("version".equals(name)) {
                                                version[0] = value;
                                            }
                                        }
                                    };
                                }
                            },
                            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return false;
        }
        return Integer.valueOf(CoroutineInstrumenter.LAYOUT_VERSION).equals(version[0]);
    }

    /**
     * @return the size in bytes of the constant pool entry at {@code offset}, tag included, or -1
     *     when its tag is unknown or it does not fit in the file
     */
    private static int entrySize(byte[] classFile, int offset) {
        int length = classFile.length;
        if (offset >= length) {
            return -1;
        }
        int size;
        switch (classFile[offset]) {
            case CONSTANT_UTF8:
                if (offset + 3 > length) {
                    return -1;
                }
                size = 3 + readUnsignedShort(classFile, offset + 1);
                break;
            case CONSTANT_CLASS:
            case CONSTANT_STRING:
            case CONSTANT_METHOD_TYPE:
            case CONSTANT_MODULE:
            case CONSTANT_PACKAGE:
                size = 3;
                break;
            case CONSTANT_METHOD_HANDLE:
                size = 4;
                break;
            case CONSTANT_INTEGER:
            case CONSTANT_FLOAT:
            case CONSTANT_FIELDREF:
            case CONSTANT_METHODREF:
            case CONSTANT_INTERFACE_METHODREF:
            case CONSTANT_NAME_AND_TYPE:
            case CONSTANT_DYNAMIC:
            case CONSTANT_INVOKE_DYNAMIC:
                size = 5;
                break;
            case CONSTANT_LONG:
            case CONSTANT_DOUBLE:
                size = 9;
                break;
            default:
                return -1;
        }
        return offset + size <= length ? size : -1;
    }

    private static boolean equalsAt(byte[] classFile, int start, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (classFile[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readUnsignedShort(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24)
                | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8)
                | (bytes[offset + 3] & 0xFF);
    }
}

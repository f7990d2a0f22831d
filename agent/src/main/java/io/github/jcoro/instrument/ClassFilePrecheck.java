package io.github.jcoro.instrument;

import java.nio.charset.StandardCharsets;

/**
 * The cheap test the agent runs on every class file before parsing it: does the constant pool name
 * {@code @Coroutine} (or {@code Generator.Body}, the type of the lambdas {@code Generator.of}
 * takes, or {@code Co}, which async lambdas call) at all, and is the class not marked instrumented
 * yet?
 *
 * <p>Only the constant pool is walked, entry by entry, without parsing fields, methods or
 * attributes and without allocating. A class whose code mentions {@code @Coroutine} has the
 * annotation's descriptor as a {@code CONSTANT_Utf8} entry; a class jcoro rewrote has the
 * descriptor of {@code @io.github.jcoro.internal.Instrumented}.
 *
 * <p>The answer errs on the side of {@code true}: the full instrumenter then decides. In
 * particular:
 *
 * <ul>
 *   <li>A class that merely holds the text {@code "Lio/github/jcoro/Coroutine;"} (as a string
 *       literal, say) passes the pre-check; the instrumenter finds no {@code @Coroutine} method and
 *       leaves it alone.
 *   <li>The marker descriptor counts only when no {@code CONSTANT_String} refers to it, so that a
 *       class holding the marker's text as a string literal is still handed to the instrumenter,
 *       which reads the real annotations; and only when the pool holds the integer of {@link
 *       CoroutineInstrumenter#LAYOUT_VERSION}, so that a class rewritten for another layout
 *       reaches the instrumenter, which refuses it.
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
        // Both descriptors are there (found is the marker's index): a second walk, for classes that
        // jcoro rewrote already. A CONSTANT_String referring to the marker's text may be a string
        // literal rather than the annotation, and a pool without the integer of this layout version
        // cannot hold a marker of this version (an annotation's int is always a pool constant): in
        // either case the instrumenter decides, and refuses a marker of another version.
        return !isMarkerOfThisLayout(classFile, found);
    }

    /**
     * Walks the constant pool looking for the two descriptors.
     *
     * @return {@link #MALFORMED}, {@link #NO_COROUTINE}, {@link #COROUTINE_WITHOUT_MARKER}, or (with
     *     {@code @Coroutine} and the marker both present) the pool index of the marker, at least 1
     */
    private static int findDescriptors(byte[] classFile) {
        if (classFile.length < HEADER_SIZE || readInt(classFile, 0) != MAGIC) {
            return MALFORMED;
        }
        int count = readUnsignedShort(classFile, 8);
        int offset = HEADER_SIZE;
        boolean coroutine = false;
        int markerIndex = 0;
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
                } else if (markerIndex == 0 && equalsAt(classFile, textStart, textLength, INSTRUMENTED)) {
                    markerIndex = index;
                }
            } else if (tag == CONSTANT_LONG || tag == CONSTANT_DOUBLE) {
                index++; // these take two slots of the pool
            }
            offset += size;
        }
        if (!coroutine) {
            return NO_COROUTINE;
        }
        return markerIndex == 0 ? COROUTINE_WITHOUT_MARKER : markerIndex;
    }

    /**
     * Tells whether the {@code CONSTANT_Utf8} at {@code utf8Index} of a pool that {@link
     * #findDescriptors} walked without error may be the marker of this layout version: no {@code
     * CONSTANT_String} refers to it, and some {@code CONSTANT_Integer} is {@link
     * CoroutineInstrumenter#LAYOUT_VERSION}. (The integer may be another constant of the class; the
     * instrumenter then never sees a class with a marker of an older version and that number: it is
     * loaded as it is, as before the check.)
     */
    private static boolean isMarkerOfThisLayout(byte[] classFile, int utf8Index) {
        int count = readUnsignedShort(classFile, 8);
        int offset = HEADER_SIZE;
        boolean version = false;
        for (int index = 1; index < count; index++) {
            int tag = classFile[offset];
            if (tag == CONSTANT_STRING && readUnsignedShort(classFile, offset + 1) == utf8Index) {
                return false;
            }
            if (tag == CONSTANT_INTEGER && readInt(classFile, offset + 1) == CoroutineInstrumenter.LAYOUT_VERSION) {
                version = true;
            }
            if (tag == CONSTANT_LONG || tag == CONSTANT_DOUBLE) {
                index++;
            }
            offset += entrySize(classFile, offset);
        }
        return version;
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

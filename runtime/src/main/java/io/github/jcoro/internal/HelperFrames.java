package io.github.jcoro.internal;

/**
 * The frame shapes of suspendable helpers, as {@link GeneratorFrames} are for generators: {@code
 * LnRm} has {@code n} {@code long} slots {@code l0..} and {@code m} {@code Object} slots {@code
 * r0..}; {@link Large} holds any number in arrays. Each has {@code orNew}, which woven code calls
 * at a suspension: the activation's frame if it has one already, else a new one. Not for users.
 *
 * <p>Generated, like {@link GeneratorFrames}; the instrumenter's shape table is checked against it.
 */
public final class HelperFrames {
    private HelperFrames() {}

    /** 0 primitive and 0 reference slots. */
    public static final class L0R0 extends HelperFrame {

        public L0R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R0 orNew(L0R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R0(resumer, generator);
        }
    }

    /** 0 primitive and 1 reference slots. */
    public static final class L0R1 extends HelperFrame {
        public Object r0;

        public L0R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R1 orNew(L0R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R1(resumer, generator);
        }
    }

    /** 0 primitive and 2 reference slots. */
    public static final class L0R2 extends HelperFrame {
        public Object r0, r1;

        public L0R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R2 orNew(L0R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R2(resumer, generator);
        }
    }

    /** 0 primitive and 3 reference slots. */
    public static final class L0R3 extends HelperFrame {
        public Object r0, r1, r2;

        public L0R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R3 orNew(L0R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R3(resumer, generator);
        }
    }

    /** 0 primitive and 4 reference slots. */
    public static final class L0R4 extends HelperFrame {
        public Object r0, r1, r2, r3;

        public L0R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R4 orNew(L0R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R4(resumer, generator);
        }
    }

    /** 0 primitive and 6 reference slots. */
    public static final class L0R6 extends HelperFrame {
        public Object r0, r1, r2, r3, r4, r5;

        public L0R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R6 orNew(L0R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R6(resumer, generator);
        }
    }

    /** 0 primitive and 8 reference slots. */
    public static final class L0R8 extends HelperFrame {
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L0R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L0R8 orNew(L0R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L0R8(resumer, generator);
        }
    }

    /** 1 primitive and 0 reference slots. */
    public static final class L1R0 extends HelperFrame {
        public long l0;

        public L1R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R0 orNew(L1R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R0(resumer, generator);
        }
    }

    /** 1 primitive and 1 reference slots. */
    public static final class L1R1 extends HelperFrame {
        public long l0;
        public Object r0;

        public L1R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R1 orNew(L1R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R1(resumer, generator);
        }
    }

    /** 1 primitive and 2 reference slots. */
    public static final class L1R2 extends HelperFrame {
        public long l0;
        public Object r0, r1;

        public L1R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R2 orNew(L1R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R2(resumer, generator);
        }
    }

    /** 1 primitive and 3 reference slots. */
    public static final class L1R3 extends HelperFrame {
        public long l0;
        public Object r0, r1, r2;

        public L1R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R3 orNew(L1R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R3(resumer, generator);
        }
    }

    /** 1 primitive and 4 reference slots. */
    public static final class L1R4 extends HelperFrame {
        public long l0;
        public Object r0, r1, r2, r3;

        public L1R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R4 orNew(L1R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R4(resumer, generator);
        }
    }

    /** 1 primitive and 6 reference slots. */
    public static final class L1R6 extends HelperFrame {
        public long l0;
        public Object r0, r1, r2, r3, r4, r5;

        public L1R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R6 orNew(L1R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R6(resumer, generator);
        }
    }

    /** 1 primitive and 8 reference slots. */
    public static final class L1R8 extends HelperFrame {
        public long l0;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L1R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L1R8 orNew(L1R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L1R8(resumer, generator);
        }
    }

    /** 2 primitive and 0 reference slots. */
    public static final class L2R0 extends HelperFrame {
        public long l0, l1;

        public L2R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R0 orNew(L2R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R0(resumer, generator);
        }
    }

    /** 2 primitive and 1 reference slots. */
    public static final class L2R1 extends HelperFrame {
        public long l0, l1;
        public Object r0;

        public L2R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R1 orNew(L2R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R1(resumer, generator);
        }
    }

    /** 2 primitive and 2 reference slots. */
    public static final class L2R2 extends HelperFrame {
        public long l0, l1;
        public Object r0, r1;

        public L2R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R2 orNew(L2R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R2(resumer, generator);
        }
    }

    /** 2 primitive and 3 reference slots. */
    public static final class L2R3 extends HelperFrame {
        public long l0, l1;
        public Object r0, r1, r2;

        public L2R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R3 orNew(L2R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R3(resumer, generator);
        }
    }

    /** 2 primitive and 4 reference slots. */
    public static final class L2R4 extends HelperFrame {
        public long l0, l1;
        public Object r0, r1, r2, r3;

        public L2R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R4 orNew(L2R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R4(resumer, generator);
        }
    }

    /** 2 primitive and 6 reference slots. */
    public static final class L2R6 extends HelperFrame {
        public long l0, l1;
        public Object r0, r1, r2, r3, r4, r5;

        public L2R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R6 orNew(L2R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R6(resumer, generator);
        }
    }

    /** 2 primitive and 8 reference slots. */
    public static final class L2R8 extends HelperFrame {
        public long l0, l1;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L2R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L2R8 orNew(L2R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L2R8(resumer, generator);
        }
    }

    /** 3 primitive and 0 reference slots. */
    public static final class L3R0 extends HelperFrame {
        public long l0, l1, l2;

        public L3R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R0 orNew(L3R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R0(resumer, generator);
        }
    }

    /** 3 primitive and 1 reference slots. */
    public static final class L3R1 extends HelperFrame {
        public long l0, l1, l2;
        public Object r0;

        public L3R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R1 orNew(L3R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R1(resumer, generator);
        }
    }

    /** 3 primitive and 2 reference slots. */
    public static final class L3R2 extends HelperFrame {
        public long l0, l1, l2;
        public Object r0, r1;

        public L3R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R2 orNew(L3R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R2(resumer, generator);
        }
    }

    /** 3 primitive and 3 reference slots. */
    public static final class L3R3 extends HelperFrame {
        public long l0, l1, l2;
        public Object r0, r1, r2;

        public L3R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R3 orNew(L3R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R3(resumer, generator);
        }
    }

    /** 3 primitive and 4 reference slots. */
    public static final class L3R4 extends HelperFrame {
        public long l0, l1, l2;
        public Object r0, r1, r2, r3;

        public L3R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R4 orNew(L3R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R4(resumer, generator);
        }
    }

    /** 3 primitive and 6 reference slots. */
    public static final class L3R6 extends HelperFrame {
        public long l0, l1, l2;
        public Object r0, r1, r2, r3, r4, r5;

        public L3R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R6 orNew(L3R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R6(resumer, generator);
        }
    }

    /** 3 primitive and 8 reference slots. */
    public static final class L3R8 extends HelperFrame {
        public long l0, l1, l2;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L3R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L3R8 orNew(L3R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L3R8(resumer, generator);
        }
    }

    /** 4 primitive and 0 reference slots. */
    public static final class L4R0 extends HelperFrame {
        public long l0, l1, l2, l3;

        public L4R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R0 orNew(L4R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R0(resumer, generator);
        }
    }

    /** 4 primitive and 1 reference slots. */
    public static final class L4R1 extends HelperFrame {
        public long l0, l1, l2, l3;
        public Object r0;

        public L4R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R1 orNew(L4R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R1(resumer, generator);
        }
    }

    /** 4 primitive and 2 reference slots. */
    public static final class L4R2 extends HelperFrame {
        public long l0, l1, l2, l3;
        public Object r0, r1;

        public L4R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R2 orNew(L4R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R2(resumer, generator);
        }
    }

    /** 4 primitive and 3 reference slots. */
    public static final class L4R3 extends HelperFrame {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2;

        public L4R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R3 orNew(L4R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R3(resumer, generator);
        }
    }

    /** 4 primitive and 4 reference slots. */
    public static final class L4R4 extends HelperFrame {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2, r3;

        public L4R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R4 orNew(L4R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R4(resumer, generator);
        }
    }

    /** 4 primitive and 6 reference slots. */
    public static final class L4R6 extends HelperFrame {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2, r3, r4, r5;

        public L4R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R6 orNew(L4R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R6(resumer, generator);
        }
    }

    /** 4 primitive and 8 reference slots. */
    public static final class L4R8 extends HelperFrame {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L4R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L4R8 orNew(L4R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L4R8(resumer, generator);
        }
    }

    /** 6 primitive and 0 reference slots. */
    public static final class L6R0 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;

        public L6R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R0 orNew(L6R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R0(resumer, generator);
        }
    }

    /** 6 primitive and 1 reference slots. */
    public static final class L6R1 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0;

        public L6R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R1 orNew(L6R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R1(resumer, generator);
        }
    }

    /** 6 primitive and 2 reference slots. */
    public static final class L6R2 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1;

        public L6R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R2 orNew(L6R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R2(resumer, generator);
        }
    }

    /** 6 primitive and 3 reference slots. */
    public static final class L6R3 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2;

        public L6R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R3 orNew(L6R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R3(resumer, generator);
        }
    }

    /** 6 primitive and 4 reference slots. */
    public static final class L6R4 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2, r3;

        public L6R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R4 orNew(L6R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R4(resumer, generator);
        }
    }

    /** 6 primitive and 6 reference slots. */
    public static final class L6R6 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2, r3, r4, r5;

        public L6R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R6 orNew(L6R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R6(resumer, generator);
        }
    }

    /** 6 primitive and 8 reference slots. */
    public static final class L6R8 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L6R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L6R8 orNew(L6R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L6R8(resumer, generator);
        }
    }

    /** 8 primitive and 0 reference slots. */
    public static final class L8R0 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;

        public L8R0(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R0 orNew(L8R0 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R0(resumer, generator);
        }
    }

    /** 8 primitive and 1 reference slots. */
    public static final class L8R1 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0;

        public L8R1(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R1 orNew(L8R1 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R1(resumer, generator);
        }
    }

    /** 8 primitive and 2 reference slots. */
    public static final class L8R2 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1;

        public L8R2(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R2 orNew(L8R2 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R2(resumer, generator);
        }
    }

    /** 8 primitive and 3 reference slots. */
    public static final class L8R3 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2;

        public L8R3(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R3 orNew(L8R3 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R3(resumer, generator);
        }
    }

    /** 8 primitive and 4 reference slots. */
    public static final class L8R4 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2, r3;

        public L8R4(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R4 orNew(L8R4 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R4(resumer, generator);
        }
    }

    /** 8 primitive and 6 reference slots. */
    public static final class L8R6 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2, r3, r4, r5;

        public L8R6(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R6 orNew(L8R6 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R6(resumer, generator);
        }
    }

    /** 8 primitive and 8 reference slots. */
    public static final class L8R8 extends HelperFrame {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L8R8(Resumer resumer, GeneratorFrame<?> generator) {
            super(resumer, generator);
        }

        public static L8R8 orNew(L8R8 frame, Resumer resumer, GeneratorFrame<?> generator) {
            return frame != null ? frame : new L8R8(resumer, generator);
        }
    }

    /** Any number of slots, in arrays: for helpers with more live values than the largest shape. */
    public static final class Large extends HelperFrame {
        public final long[] longs;
        public final Object[] refs;

        public Large(Resumer resumer, GeneratorFrame<?> generator, int longCount, int refCount) {
            super(resumer, generator);
            this.longs = new long[longCount];
            this.refs = new Object[refCount];
        }

        public static Large orNew(
                Large frame, Resumer resumer, GeneratorFrame<?> generator, int longCount, int refCount) {
            return frame != null ? frame : new Large(resumer, generator, longCount, refCount);
        }
    }
}

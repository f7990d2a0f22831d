package io.github.jcoro.internal;

import java.util.Arrays;

/**
 * The frame shapes of generators: a generator whose method needs at most {@code n} primitive and
 * {@code m} reference slots at any suspension point is an instance of the smallest {@code LnRm}
 * here ({@code n}, {@code m} rounded up to one of {@link #SIZES}), or of {@link Large} beyond
 * them. Primitives are kept unboxed in {@code long} slots ({@code int}, {@code float} and {@code
 * double} by their bits). Not for users.
 *
 * <p>Generated: each class is its sizes' fields, a constructor and {@code clearSlots}. The
 * instrumenter's shape table is checked against this file by a test.
 */
public final class GeneratorFrames {
    /** The slot counts a shape class exists for, per kind. */
    public static final int[] SIZES = {0, 1, 2, 3, 4, 6, 8};

    private GeneratorFrames() {}

    /** 0 primitive and 0 reference slots. */
    public static final class L0R0 extends GeneratorFrame<Object> {

        public L0R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 0 primitive and 1 reference slots. */
    public static final class L0R1 extends GeneratorFrame<Object> {
        public Object r0;

        public L0R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 0 primitive and 2 reference slots. */
    public static final class L0R2 extends GeneratorFrame<Object> {
        public Object r0, r1;

        public L0R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 0 primitive and 3 reference slots. */
    public static final class L0R3 extends GeneratorFrame<Object> {
        public Object r0, r1, r2;

        public L0R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 0 primitive and 4 reference slots. */
    public static final class L0R4 extends GeneratorFrame<Object> {
        public Object r0, r1, r2, r3;

        public L0R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 0 primitive and 6 reference slots. */
    public static final class L0R6 extends GeneratorFrame<Object> {
        public Object r0, r1, r2, r3, r4, r5;

        public L0R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 0 primitive and 8 reference slots. */
    public static final class L0R8 extends GeneratorFrame<Object> {
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L0R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** 1 primitive and 0 reference slots. */
    public static final class L1R0 extends GeneratorFrame<Object> {
        public long l0;

        public L1R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 1 primitive and 1 reference slots. */
    public static final class L1R1 extends GeneratorFrame<Object> {
        public long l0;
        public Object r0;

        public L1R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 1 primitive and 2 reference slots. */
    public static final class L1R2 extends GeneratorFrame<Object> {
        public long l0;
        public Object r0, r1;

        public L1R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 1 primitive and 3 reference slots. */
    public static final class L1R3 extends GeneratorFrame<Object> {
        public long l0;
        public Object r0, r1, r2;

        public L1R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 1 primitive and 4 reference slots. */
    public static final class L1R4 extends GeneratorFrame<Object> {
        public long l0;
        public Object r0, r1, r2, r3;

        public L1R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 1 primitive and 6 reference slots. */
    public static final class L1R6 extends GeneratorFrame<Object> {
        public long l0;
        public Object r0, r1, r2, r3, r4, r5;

        public L1R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 1 primitive and 8 reference slots. */
    public static final class L1R8 extends GeneratorFrame<Object> {
        public long l0;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L1R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** 2 primitive and 0 reference slots. */
    public static final class L2R0 extends GeneratorFrame<Object> {
        public long l0, l1;

        public L2R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 2 primitive and 1 reference slots. */
    public static final class L2R1 extends GeneratorFrame<Object> {
        public long l0, l1;
        public Object r0;

        public L2R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 2 primitive and 2 reference slots. */
    public static final class L2R2 extends GeneratorFrame<Object> {
        public long l0, l1;
        public Object r0, r1;

        public L2R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 2 primitive and 3 reference slots. */
    public static final class L2R3 extends GeneratorFrame<Object> {
        public long l0, l1;
        public Object r0, r1, r2;

        public L2R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 2 primitive and 4 reference slots. */
    public static final class L2R4 extends GeneratorFrame<Object> {
        public long l0, l1;
        public Object r0, r1, r2, r3;

        public L2R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 2 primitive and 6 reference slots. */
    public static final class L2R6 extends GeneratorFrame<Object> {
        public long l0, l1;
        public Object r0, r1, r2, r3, r4, r5;

        public L2R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 2 primitive and 8 reference slots. */
    public static final class L2R8 extends GeneratorFrame<Object> {
        public long l0, l1;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L2R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** 3 primitive and 0 reference slots. */
    public static final class L3R0 extends GeneratorFrame<Object> {
        public long l0, l1, l2;

        public L3R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 3 primitive and 1 reference slots. */
    public static final class L3R1 extends GeneratorFrame<Object> {
        public long l0, l1, l2;
        public Object r0;

        public L3R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 3 primitive and 2 reference slots. */
    public static final class L3R2 extends GeneratorFrame<Object> {
        public long l0, l1, l2;
        public Object r0, r1;

        public L3R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 3 primitive and 3 reference slots. */
    public static final class L3R3 extends GeneratorFrame<Object> {
        public long l0, l1, l2;
        public Object r0, r1, r2;

        public L3R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 3 primitive and 4 reference slots. */
    public static final class L3R4 extends GeneratorFrame<Object> {
        public long l0, l1, l2;
        public Object r0, r1, r2, r3;

        public L3R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 3 primitive and 6 reference slots. */
    public static final class L3R6 extends GeneratorFrame<Object> {
        public long l0, l1, l2;
        public Object r0, r1, r2, r3, r4, r5;

        public L3R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 3 primitive and 8 reference slots. */
    public static final class L3R8 extends GeneratorFrame<Object> {
        public long l0, l1, l2;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L3R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** 4 primitive and 0 reference slots. */
    public static final class L4R0 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;

        public L4R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 4 primitive and 1 reference slots. */
    public static final class L4R1 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;
        public Object r0;

        public L4R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 4 primitive and 2 reference slots. */
    public static final class L4R2 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;
        public Object r0, r1;

        public L4R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 4 primitive and 3 reference slots. */
    public static final class L4R3 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2;

        public L4R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 4 primitive and 4 reference slots. */
    public static final class L4R4 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2, r3;

        public L4R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 4 primitive and 6 reference slots. */
    public static final class L4R6 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2, r3, r4, r5;

        public L4R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 4 primitive and 8 reference slots. */
    public static final class L4R8 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L4R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** 6 primitive and 0 reference slots. */
    public static final class L6R0 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;

        public L6R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 6 primitive and 1 reference slots. */
    public static final class L6R1 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0;

        public L6R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 6 primitive and 2 reference slots. */
    public static final class L6R2 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1;

        public L6R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 6 primitive and 3 reference slots. */
    public static final class L6R3 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2;

        public L6R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 6 primitive and 4 reference slots. */
    public static final class L6R4 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2, r3;

        public L6R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 6 primitive and 6 reference slots. */
    public static final class L6R6 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2, r3, r4, r5;

        public L6R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 6 primitive and 8 reference slots. */
    public static final class L6R8 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L6R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** 8 primitive and 0 reference slots. */
    public static final class L8R0 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;

        public L8R0(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {}
    }

    /** 8 primitive and 1 reference slots. */
    public static final class L8R1 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0;

        public L8R1(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
        }
    }

    /** 8 primitive and 2 reference slots. */
    public static final class L8R2 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1;

        public L8R2(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
        }
    }

    /** 8 primitive and 3 reference slots. */
    public static final class L8R3 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2;

        public L8R3(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** 8 primitive and 4 reference slots. */
    public static final class L8R4 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2, r3;

        public L8R4(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** 8 primitive and 6 reference slots. */
    public static final class L8R6 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2, r3, r4, r5;

        public L8R6(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** 8 primitive and 8 reference slots. */
    public static final class L8R8 extends GeneratorFrame<Object> {
        public long l0, l1, l2, l3, l4, l5, l6, l7;
        public Object r0, r1, r2, r3, r4, r5, r6, r7;

        public L8R8(Resumer resumer) {
            super(resumer);
        }

        @Override
        protected void clearSlots() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
            r6 = null;
            r7 = null;
        }
    }

    /** Any number of slots, in arrays: for methods with more live values than the largest shape. */
    public static final class Large extends GeneratorFrame<Object> {
        public final long[] longs;
        public final Object[] refs;

        public Large(Resumer resumer, int longCount, int refCount) {
            super(resumer);
            this.longs = new long[longCount];
            this.refs = new Object[refCount];
        }

        @Override
        protected void clearSlots() {
            Arrays.fill(refs, null);
        }
    }
}

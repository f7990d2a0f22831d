package io.github.jcoro.instrument;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * One place where a coroutine may suspend, with what it must save: label 0 is the start of the
 * body (the arguments are saved by the method that creates the frame); labels {@code 1..n} are the
 * suspension calls in instruction order.
 */
final class SuspensionPoint {
    /** One value restored at this point: a local variable or an operand-stack entry. */
    static final class SavedValue {
        final TypedValue type;
        /** The local's index in the original method, or -1 for a stack entry. */
        final int local;
        /** Whether the value is live: dead locals are restored as zero or {@code null}, unsaved. */
        final boolean live;
        /** The slot index within its kind (long or reference), or -1 when nothing is stored. */
        int slot = -1;

        SavedValue(TypedValue type, int local, boolean live) {
            this.type = type;
            this.local = local;
            this.live = live;
        }

        boolean needsSlot() {
            return live && (type.isPrimitive() || type.isReference());
        }
    }

    /** What happens at a suspension point. */
    enum Kind {
        /** The start of the body. */
        START,
        /** {@code Co.yield(value)}: hands the value out. */
        YIELD,
        /** {@code Co.yieldAll(inner)}: another generator yields in the coroutine's place. */
        YIELD_ALL,
        /** {@code Co.await(future)}: goes on at once if the future has completed, else waits for it. */
        AWAIT,
        /** {@code Co.sleep(duration)}: waits on a timer. */
        SLEEP,
        /** {@code Co.pause()}: waits for its turn in the dispatcher's queue. */
        PAUSE,
        /** A call of a suspendable helper, which may suspend the coroutine inside. */
        HELPER_CALL;

        /** Whether only an async task may suspend this way. */
        boolean waits() {
            return this == AWAIT || this == SLEEP || this == PAUSE;
        }

        /** Whether only a generator may suspend this way. */
        boolean yields() {
            return this == YIELD || this == YIELD_ALL;
        }

        /** The kind of a call, or {@code null} when it is not a suspension call of {@code Co}. */
        static Kind ofCall(AbstractInsnNode insn) {
            if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
                return null;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            if (!call.owner.equals(CoroutineInstrumenter.CO)) {
                return null;
            }
            switch (call.name + call.desc) {
                case "yield(Ljava/lang/Object;)Ljava/lang/Object;":
                    return YIELD;
                case "yieldAll(Lio/github/jcoro/Generator;)Ljava/lang/Object;":
                    return YIELD_ALL;
                case "await(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;":
                case "await(Ljava/util/concurrent/CompletionStage;Ljava/time/Duration;)Ljava/lang/Object;":
                    return AWAIT;
                case "sleep(Ljava/time/Duration;)V":
                    return SLEEP;
                case "pause()V":
                    return PAUSE;
                default:
                    return null;
            }
        }
    }

    final int label;
    /** The suspension call; {@code null} for the start of the body. */
    final AbstractInsnNode call;
    /** For a call of a suspendable helper, the helper; {@code null} for {@code Co.yield}. */
    final HelperMethod helper;

    final Kind kind;
    /** Whether this is a {@code Co.yieldAll}: another generator yields in the coroutine's place. */
    final boolean delegates;

    final int line;
    /** The types of all locals before the call (TOP where unset), by original index. */
    final TypedValue[] locals;
    /** The operand stack below the call's arguments, bottom first. */
    final TypedValue[] stack;

    final List<SavedValue> savedLocals = new ArrayList<>();
    final List<SavedValue> savedStack = new ArrayList<>();
    int longSlots;
    int referenceSlots;

    SuspensionPoint(
            int label,
            AbstractInsnNode call,
            HelperMethod helper,
            int line,
            TypedValue[] locals,
            TypedValue[] stack,
            BitSet live) {
        this.label = label;
        this.call = call;
        this.helper = helper;
        this.kind = call == null ? Kind.START : helper != null ? Kind.HELPER_CALL : Kind.ofCall(call);
        this.delegates = kind == Kind.YIELD_ALL;
        this.line = line;
        this.locals = locals;
        this.stack = stack;
        for (int i = 0; i < locals.length; i++) {
            TypedValue value = locals[i];
            if (value.kind != TypedValue.Kind.TOP) {
                savedLocals.add(new SavedValue(value, i, live.get(i)));
            }
        }
        for (TypedValue value : stack) {
            savedStack.add(new SavedValue(value, -1, true));
        }
        for (SavedValue value : savedLocals) {
            assignSlot(value);
        }
        for (SavedValue value : savedStack) {
            assignSlot(value);
        }
    }

    private void assignSlot(SavedValue value) {
        if (!value.needsSlot()) {
            return;
        }
        value.slot = value.type.isReference() ? referenceSlots++ : longSlots++;
    }

    /** The first value that cannot be saved (an uninitialized object), or {@code null}. */
    TypedValue unsaveable() {
        for (TypedValue value : locals) {
            if (value.kind == TypedValue.Kind.UNINITIALIZED) {
                return value;
            }
        }
        for (TypedValue value : stack) {
            if (value.kind == TypedValue.Kind.UNINITIALIZED) {
                return value;
            }
        }
        return null;
    }
}

package io.github.jcoro.instrument;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Which calls of a class reach a suspendable helper: the helpers of the class itself, and those of
 * other classes, or inherited from its supertypes, as a {@link HelperResolver} reports them (asked
 * once per method).
 */
final class HelperLookup {
    private final String owner;
    private final Collection<HelperMethod> local;
    private final HelperResolver resolver;
    private final Map<String, HelperMethod> external = new HashMap<>();

    HelperLookup(String owner, Collection<HelperMethod> local, HelperResolver resolver) {
        this.owner = owner;
        this.local = local;
        this.resolver = resolver;
    }

    /** The helper {@code insn} calls, or {@code null} if it is not a call of a helper. */
    HelperMethod calledBy(AbstractInsnNode insn) {
        if (!(insn instanceof MethodInsnNode)) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (call.name.charAt(0) == '<') {
            return null;
        }
        if (call.owner.equals(owner)) {
            for (HelperMethod helper : local) {
                if (helper.matches(call.owner, call.name, call.desc)) {
                    return helper;
                }
            }
            // else perhaps a helper this class inherits: the resolver walks its supertypes
        }
        if (call.owner.startsWith("java/") || call.owner.startsWith("[")) {
            return null;
        }
        String key = call.owner + '.' + call.name + call.desc;
        if (!external.containsKey(key)) {
            String declaring = resolver.declaringClass(call.owner, call.name, call.desc);
            int access = declaring == null ? -1 : resolver.helperAccess(call.owner, call.name, call.desc);
            external.put(key, access < 0 ? null : new HelperMethod(declaring, call.name, call.desc, access, false));
        }
        return external.get(key);
    }
}

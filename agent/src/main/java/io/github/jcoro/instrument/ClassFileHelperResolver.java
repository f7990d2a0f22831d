package io.github.jcoro.instrument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the suspendable helpers of other classes in their class files, read on demand by a
 * function (the agent reads them through the class loader, the tests from memory), parsed without
 * their code and never loaded. Remembers each class it read; one instance per rewritten class.
 */
public final class ClassFileHelperResolver implements HelperResolver {
    private final Function<String, byte[]> classFiles;
    private final Map<String, Map<String, Integer>> helpersByClass = new HashMap<>();

    /**
     * @param classFiles the class file of an internal class name, or {@code null} if there is none
     */
    public ClassFileHelperResolver(Function<String, byte[]> classFiles) {
        this.classFiles = classFiles;
    }

    @Override
    public int helperAccess(String owner, String name, String descriptor) {
        Integer access =
                helpersByClass.computeIfAbsent(owner, this::readHelpers).get(name + descriptor);
        return access == null ? -1 : access;
    }

    private Map<String, Integer> readHelpers(String owner) {
        byte[] bytes = classFiles.apply(owner);
        if (bytes == null) {
            return Map.of();
        }
        Map<String, Integer> helpers = new HashMap<>();
        try {
            ClassNode type = new ClassNode();
            new ClassReader(bytes)
                    .accept(type, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            int finalClass = type.access & Opcodes.ACC_FINAL;
            for (MethodNode method : type.methods) {
                String returned = Type.getReturnType(method.desc).getDescriptor();
                if ((method.access & Opcodes.ACC_SYNTHETIC) == 0
                        && !returned.equals(CoroutineInstrumenter.GENERATOR_DESCRIPTOR)
                        && !returned.equals("Ljava/util/concurrent/CompletableFuture;")
                        && !returned.equals("Ljava/util/concurrent/CompletionStage;")
                        && (annotated(method.invisibleAnnotations) || annotated(method.visibleAnnotations))) {
                    helpers.put(method.name + method.desc, method.access | finalClass);
                }
            }
        } catch (RuntimeException e) {
            return Map.of(); // an unreadable class: its calls stay plain calls
        }
        return helpers;
    }

    private static boolean annotated(List<AnnotationNode> annotations) {
        if (annotations == null) {
            return false;
        }
        for (AnnotationNode annotation : annotations) {
            if (annotation.desc.equals(CoroutineInstrumenter.COROUTINE_DESCRIPTOR)) {
                return true;
            }
        }
        return false;
    }
}

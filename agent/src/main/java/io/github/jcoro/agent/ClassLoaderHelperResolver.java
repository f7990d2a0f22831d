package io.github.jcoro.agent;

import io.github.jcoro.instrument.CoroutineInstrumenter;
import io.github.jcoro.instrument.HelperResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the suspendable helpers of other classes by reading their class files through the class
 * loader of the class being transformed, without loading them, and without their code. Asked only
 * for the calls a coroutine body makes to classes outside the JDK. One instance per transformed
 * class; it remembers each class it read.
 */
final class ClassLoaderHelperResolver implements HelperResolver {
    private static final String GENERATOR = "Lio/github/jcoro/Generator;";

    private final ClassLoader loader;
    private final Map<String, Map<String, Integer>> helpersByClass = new HashMap<>();

    /**
     * @param loader the loader of the class being transformed; {@code null} for the bootstrap loader
     */
    ClassLoaderHelperResolver(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public int helperAccess(String owner, String name, String descriptor) {
        Integer access =
                helpersByClass.computeIfAbsent(owner, this::readHelpers).get(name + descriptor);
        return access == null ? -1 : access;
    }

    private Map<String, Integer> readHelpers(String owner) {
        byte[] bytes = read(owner + ".class");
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
                        && !returned.equals(GENERATOR)
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

    private byte[] read(String resource) {
        try (InputStream in = loader != null
                ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
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

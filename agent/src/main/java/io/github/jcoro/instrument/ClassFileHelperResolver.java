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
    private final Map<String, Helpers> helpersByClass = new HashMap<>();

    /**
     * @param classFiles the class file of an internal class name, or {@code null} if there is none
     */
    public ClassFileHelperResolver(Function<String, byte[]> classFiles) {
        this.classFiles = classFiles;
    }

    @Override
    public int helperAccess(String owner, String name, String descriptor) {
        String declaring = declaringClass(owner, name, descriptor);
        if (declaring == null) {
            return -1;
        }
        int access = read(declaring).helpers.get(name + descriptor);
        // A call through a final class cannot reach an override either.
        return access | (read(owner).access & Opcodes.ACC_FINAL);
    }

    @Override
    public String declaringClass(String owner, String name, String descriptor) {
        // The JVM's method resolution, over class files: the class, its superclasses, then their
        // interfaces (a default method); classes of the JDK declare no helper.
        String key = name + descriptor;
        for (String type = owner; type != null && !type.startsWith("java/"); type = read(type).superName) {
            if (read(type).helpers.containsKey(key)) {
                return type;
            }
        }
        for (String type = owner; type != null && !type.startsWith("java/"); type = read(type).superName) {
            String found = inInterfaces(read(type).interfaces, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String inInterfaces(List<String> interfaces, String key) {
        for (String type : interfaces) {
            if (!type.startsWith("java/") && read(type).helpers.containsKey(key)) {
                return type;
            }
        }
        for (String type : interfaces) {
            String found = type.startsWith("java/") ? null : inInterfaces(read(type).interfaces, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** What this resolver keeps of a class file: its helpers, its access, its supertypes. */
    private static final class Helpers {
        static final Helpers NONE = new Helpers(Map.of(), 0, null, List.of());

        final Map<String, Integer> helpers;
        final int access;
        final String superName;
        final List<String> interfaces;

        Helpers(Map<String, Integer> helpers, int access, String superName, List<String> interfaces) {
            this.helpers = helpers;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces;
        }
    }

    private Helpers read(String owner) {
        return helpersByClass.computeIfAbsent(owner, this::readHelpers);
    }

    private Helpers readHelpers(String owner) {
        byte[] bytes = classFiles.apply(owner);
        if (bytes == null) {
            return Helpers.NONE;
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
            return new Helpers(helpers, type.access, type.superName, type.interfaces);
        } catch (RuntimeException e) {
            return Helpers.NONE; // an unreadable class: its calls stay plain calls
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

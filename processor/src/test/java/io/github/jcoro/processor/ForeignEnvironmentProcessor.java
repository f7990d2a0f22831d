package io.github.jcoro.processor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs another processor as a compiler other than javac would: its {@link ProcessingEnvironment}
 * is a {@link Proxy} that forwards every call to javac's, but is not javac's environment and holds
 * no field through which javac's could be found (as Eclipse's compiler hands a processor its own).
 * So {@code JavacTask.instance} rejects it, while the processor still gets working elements, types,
 * messager and filer.
 */
final class ForeignEnvironmentProcessor extends AbstractProcessor {
    private final Processor delegate;

    ForeignEnvironmentProcessor(Processor delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void init(ProcessingEnvironment javac) {
        super.init(javac);
        ProcessingEnvironment foreign = (ProcessingEnvironment) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ProcessingEnvironment.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "a foreign ProcessingEnvironment";
                        default:
                            break;
                    }
                    try {
                        return method.invoke(javac, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        delegate.init(foreign);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }
}

package io.github.jcoro.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/** Another processor on the same compilation: writes {@code demo.Generated}, with a generator, in its first round. */
final class GeneratingProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (done) {
            return false;
        }
        done = true;
        try (Writer out =
                processingEnv.getFiler().createSourceFile("demo.Generated").openWriter()) {
            out.write(String.join(
                    "\n",
                    "package demo;",
                    "import io.github.jcoro.Co;",
                    "import io.github.jcoro.Coroutine;",
                    "import io.github.jcoro.Generator;",
                    "public class Generated {",
                    "    @Coroutine",
                    "    public static Generator<String> words() {",
                    "        Co.yield(\"generated\");",
                    "        Co.yield(\"in round 1\");",
                    "        return Generator.empty();",
                    "    }",
                    "}",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }
}

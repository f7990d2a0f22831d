package io.github.jcoro.instrument;

/**
 * One reason a class cannot be instrumented.
 *
 * @param className the class, in Java form ({@code com.example.Foo})
 * @param method the method as {@code name(descriptor)}, or {@code null} for the whole class
 * @param line the source line, or {@code -1} when the class file has no line numbers
 * @param message what was expected and what was found
 */
public record Problem(String className, String method, int line, String message) {
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(className);
        if (method != null) {
            text.append('.').append(method);
        }
        if (line > 0) {
            text.append(" (line ").append(line).append(')');
        }
        return text.append(": ").append(message).toString();
    }
}

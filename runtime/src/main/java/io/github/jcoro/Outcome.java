package io.github.jcoro;

/**
 * How one of the futures given to {@link Tasks#allSettled} completed: with a value, or with a
 * failure.
 *
 * @param value the value, or {@code null} when it failed
 * @param failure the exception, unwrapped, or {@code null} when it succeeded
 * @param <T> the value type
 */
public record Outcome<T>(T value, Throwable failure) {
    /**
     * @return whether it completed with a value
     */
    public boolean isSuccess() {
        return failure == null;
    }

    @Override
    public String toString() {
        return failure == null ? "success(" + value + ")" : "failure(" + failure + ")";
    }
}

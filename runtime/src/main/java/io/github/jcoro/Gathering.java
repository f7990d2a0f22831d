package io.github.jcoro;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The bookkeeping behind {@link Tasks#all}, {@link Tasks#allSettled} and {@link Tasks#any}: waits
 * for every future, cancels the rest when the outcome is decided early, and completes once all have
 * completed.
 */
final class Gathering<T, R> {
    enum Mode {
        ALL,
        SETTLED,
        ANY
    }

    final CompletableFuture<R> result = new CompletableFuture<>();

    private final Mode mode;
    private final List<CompletableFuture<? extends T>> futures = new ArrayList<>();
    private final Object[] values;
    private final Throwable[] failures;
    private int pending;
    private boolean decided;
    private int winner = -1;
    private Throwable firstFailure;

    Gathering(List<? extends CompletionStage<? extends T>> stages, Mode mode) {
        this.mode = mode;
        for (CompletionStage<? extends T> stage : stages) {
            if (stage == null) {
                throw new NullPointerException("Tasks." + mode.name().toLowerCase(java.util.Locale.ROOT)
                        + "(...) was given a null future at index " + futures.size());
            }
            futures.add(stage.toCompletableFuture());
        }
        values = new Object[futures.size()];
        failures = new Throwable[futures.size()];
        pending = futures.size();
        if (pending == 0) {
            finish();
            return;
        }
        for (int i = 0; i < futures.size(); i++) {
            int index = i;
            futures.get(i).whenComplete((value, failure) -> completed(index, value, failure));
        }
    }

    private void completed(int index, Object value, Throwable failure) {
        boolean cancelOthers = false;
        boolean last;
        synchronized (this) {
            if (failure != null) {
                Throwable cause = Tasks.unwrap(failure);
                failures[index] = cause;
                if (firstFailure == null && !(decided && cause instanceof CancellationException)) {
                    firstFailure = cause;
                    cancelOthers = mode == Mode.ALL && !decided;
                    decided |= mode == Mode.ALL;
                } else if (!(cause instanceof CancellationException) && cause != firstFailure) {
                    firstFailure.addSuppressed(cause);
                }
            } else {
                values[index] = value;
                if (mode == Mode.ANY && !decided) {
                    decided = true;
                    winner = index;
                    cancelOthers = true;
                }
            }
            last = --pending == 0;
        }
        if (cancelOthers) {
            for (int i = 0; i < futures.size(); i++) {
                if (i != index) {
                    futures.get(i).cancel(false);
                }
            }
        }
        if (last) {
            finish();
        }
    }

    @SuppressWarnings("unchecked")
    private void finish() {
        switch (mode) {
            case ALL -> {
                if (firstFailure != null) {
                    result.completeExceptionally(firstFailure);
                } else {
                    List<T> list = new ArrayList<>(values.length);
                    for (Object value : values) {
                        list.add((T) value);
                    }
                    result.complete((R) list);
                }
            }
            case SETTLED -> {
                List<Outcome<T>> list = new ArrayList<>(values.length);
                for (int i = 0; i < values.length; i++) {
                    list.add(new Outcome<>((T) values[i], failures[i]));
                }
                result.complete((R) list);
            }
            case ANY -> {
                if (winner >= 0) {
                    result.complete((R) values[winner]);
                } else {
                    result.completeExceptionally(firstFailure);
                }
            }
        }
    }
}

package io.github.jcoro.internal;

/**
 * Marks a future that exists only to wake the one task awaiting it, such as the future of a
 * channel's {@code receive()} or {@code send()}: when that task stops waiting for it (the task is
 * cancelled while suspended on it, or a {@code select} picked another clause), the task's driver
 * cancels the future, so the code that would complete it (a channel handing an item to a waiting
 * receiver) sees {@code complete(...)} return {@code false} and hands the item to the next waiter
 * instead of losing it.
 *
 * <p>Futures without this mark are never cancelled by jcoro when a task stops waiting for them:
 * cancelling a task does not cancel someone else's future.
 *
 * <p>Not for users.
 */
public interface Abandonable {}

package io.github.jcoro;

/**
 * Raised by a {@link Channel} operation that cannot happen because the channel was {@linkplain
 * Channel#close() closed}: a {@code send} after the close, or a {@code receive} once the channel is
 * closed and every item it held has been received. The message names the channel; when the channel
 * was closed with a cause ({@link Channel#close(Throwable)}), that cause is this exception's cause.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String channelName;

    /**
     * @param channelName the name of the channel
     * @param message what could not be done
     * @param cause the cause the channel was closed with, or {@code null}
     */
    public ChannelClosedException(String channelName, String message, Throwable cause) {
        super(message, cause);
        this.channelName = channelName;
    }

    /**
     * @return the name of the closed channel
     */
    public String channelName() {
        return channelName;
    }
}

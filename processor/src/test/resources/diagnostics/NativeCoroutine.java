// A native @Coroutine method has no body to rewrite.
package fixtures;

import io.github.jcoro.Coroutine;

public class NativeCoroutine {
    @Coroutine
    static native int step(); // ERROR [jcoro:native-coroutine]
}

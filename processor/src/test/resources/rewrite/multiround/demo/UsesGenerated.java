// Calls a generator of a class that another processor generates in its first round.
package demo;

import java.util.ArrayList;
import java.util.List;

public class UsesGenerated {
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        Generated.words().forEachRemaining(out::add);
        return out;
    }
}

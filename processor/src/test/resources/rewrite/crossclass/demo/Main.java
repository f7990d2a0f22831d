// Runs the coroutines of the crossclass scenario and returns what they produced.
package demo;

import java.util.ArrayList;
import java.util.List;

public class Main {
    public static List<String> run() {
        List<String> out = new ArrayList<>();
        for (String value : Producer.values(3)) {
            out.add(value);
        }
        return out;
    }
}

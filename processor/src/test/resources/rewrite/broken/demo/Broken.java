// A class javac cannot compile, beside classes with coroutines.
package demo;

public class Broken {
    int broken() {
        return "not an int";
    }
}

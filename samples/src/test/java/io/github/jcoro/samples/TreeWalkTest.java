package io.github.jcoro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TreeWalkTest {
    @Test
    void walksInOrderAndStopsEarly() {
        assertEquals(
                List.of(
                        "inserted: [50, 30, 70, 20, 40, 60, 80, 10, 25, 35, 45, 65, 75, 90, 5]",
                        "in order: [5, 10, 20, 25, 30, 35, 40, 45, 50, 60, 65, 70, 75, 80, 90]",
                        "visited 15 of 15 nodes; deepest yield 5 helper calls down",
                        "first 1: [5], visited 5 of 15 nodes",
                        "first 3: [5, 10, 20], visited 5 of 15 nodes",
                        "first 6: [5, 10, 20, 25, 30, 35], visited 8 of 15 nodes"),
                TreeWalk.run());
    }

    @Test
    void anEmptyTreeYieldsNothing() {
        TreeWalk.Stats stats = new TreeWalk.Stats();
        Generator<Integer> walk = TreeWalk.inOrder(TreeWalk.build(List.of()), stats);
        assertFalse(walk.hasNext());
        assertEquals(0, stats.visited());
    }

    @Test
    void aDegenerateTreeIsWalkedThroughAHundredSuspendedHelpers() {
        // Inserted in descending order, every node is the left child of the previous one: the first
        // key is yielded with all 100 recursive calls suspended above it.
        List<Integer> descending =
                IntStream.rangeClosed(1, 100).map(i -> 101 - i).boxed().collect(Collectors.toList());
        TreeWalk.Stats stats = new TreeWalk.Stats();
        List<Integer> keys = new ArrayList<>();
        for (int key : TreeWalk.inOrder(TreeWalk.build(descending), stats)) {
            keys.add(key);
        }
        assertEquals(IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList()), keys);
        assertEquals(100, stats.visited());
        assertEquals(100, stats.deepest());
    }

    @Test
    void takingMoreThanTheTreeHoldsTakesEverything() {
        TreeWalk.Stats stats = new TreeWalk.Stats();
        List<Integer> keys = TreeWalk.firstInOrder(TreeWalk.build(List.of(2, 1, 3)), 10, stats);
        assertEquals(List.of(1, 2, 3), keys);
        assertEquals(3, stats.visited());
    }
}

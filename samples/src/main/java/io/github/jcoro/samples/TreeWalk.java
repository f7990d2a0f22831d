package io.github.jcoro.samples;

import io.github.jcoro.Co;
import io.github.jcoro.Coroutine;
import io.github.jcoro.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-order walk of a binary search tree, written as the plain recursive method one would write
 * to print the tree, except that it yields each key instead: the recursion is a private static
 * {@code @Coroutine} helper, and a {@code Co.yield} at any depth suspends the whole walk, with every
 * recursive call above it kept as it was.
 *
 * <p>The walk is lazy: taking the first {@code k} keys in order visits only the nodes on the way to
 * them, which the sample shows by counting the nodes the walk entered.
 */
public final class TreeWalk {
    /** The keys, in the order they are inserted into the tree. */
    public static final List<Integer> KEYS = List.of(50, 30, 70, 20, 40, 60, 80, 10, 25, 35, 45, 65, 75, 90, 5);

    private TreeWalk() {}

    /** A node of the binary search tree. */
    public static final class Node {
        final int key;
        Node left;
        Node right;

        Node(int key) {
            this.key = key;
        }
    }

    /** What a walk did: how many nodes it entered, and how deep its deepest yield was. */
    public static final class Stats {
        private int visited;
        private int deepest;

        /** Creates empty statistics. */
        public Stats() {}

        /**
         * @return the number of nodes the walk entered
         */
        public int visited() {
            return visited;
        }

        /**
         * @return the largest number of recursive helper calls suspended at one yield
         */
        public int deepest() {
            return deepest;
        }
    }

    /**
     * Builds a binary search tree by inserting the keys in order (duplicates are dropped).
     *
     * @param keys the keys
     * @return the root, or {@code null} for no keys
     */
    public static Node build(List<Integer> keys) {
        Node root = null;
        for (int key : keys) {
            root = insert(root, key);
        }
        return root;
    }

    private static Node insert(Node node, int key) {
        if (node == null) {
            return new Node(key);
        }
        if (key < node.key) {
            node.left = insert(node.left, key);
        } else if (key > node.key) {
            node.right = insert(node.right, key);
        }
        return node;
    }

    /**
     * Walks the tree in order.
     *
     * @param root the tree
     * @param stats where the walk counts the nodes it enters
     * @return a lazy generator of the keys in ascending order
     */
    @Coroutine
    public static Generator<Integer> inOrder(Node root, Stats stats) {
        walk(root, 1, stats);
        return Generator.empty();
    }

    /** The recursive walk: left subtree, this key, right subtree. */
    @Coroutine
    private static void walk(Node node, int depth, Stats stats) {
        if (node == null) {
            return;
        }
        stats.visited++;
        walk(node.left, depth + 1, stats);
        stats.deepest = Math.max(stats.deepest, depth);
        Co.yield(node.key);
        walk(node.right, depth + 1, stats);
    }

    /**
     * Takes the first {@code k} keys in order, then closes the walk.
     *
     * @param root the tree
     * @param k how many keys to take
     * @param stats where the walk counts the nodes it enters
     * @return the {@code k} smallest keys, ascending (fewer if the tree is smaller)
     */
    public static List<Integer> firstInOrder(Node root, int k, Stats stats) {
        List<Integer> keys = new ArrayList<>();
        try (Generator<Integer> walk = inOrder(root, stats)) {
            while (keys.size() < k && walk.hasNext()) {
                keys.add(walk.next());
            }
        }
        return keys;
    }

    /**
     * Runs the sample.
     *
     * @return the lines the sample prints
     */
    public static List<String> run() {
        Node root = build(KEYS);
        List<String> out = new ArrayList<>();
        out.add("inserted: " + KEYS);

        Stats all = new Stats();
        List<Integer> sorted = new ArrayList<>();
        for (int key : inOrder(root, all)) {
            sorted.add(key);
        }
        out.add("in order: " + sorted);
        out.add("visited " + all.visited() + " of " + KEYS.size() + " nodes; deepest yield " + all.deepest()
                + " helper calls down");

        for (int k : new int[] {1, 3, 6}) {
            Stats some = new Stats();
            List<Integer> first = firstInOrder(root, k, some);
            out.add("first " + k + ": " + first + ", visited " + some.visited() + " of " + KEYS.size() + " nodes");
        }
        return out;
    }

    /**
     * Prints the walk of a small tree, in full and in part.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
